"""What ``care`` does when a lower layer tells it something happened."""

from __future__ import annotations

from django.dispatch import receiver

from accounts.care_events import CareEvent, care_event_recorded
from care.services.notifications import notification_send_immediate


@receiver(care_event_recorded, dispatch_uid="care_event_immediate_email")
def care_event_email_at_once(sender, event_id: int, **kwargs) -> None:
    """After the event's transaction committed: the physiotherapists who chose "at once" get
    their email now."""
    event = CareEvent.objects.filter(pk=event_id).select_related("physiotherapist").first()
    if event is not None:
        notification_send_immediate(event=event)
