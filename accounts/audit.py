"""Audit trail: who viewed or changed whose health data, and when.

Built on django-auditlog: model changes (care links, programs, exercises, flags, messages and
notes; see AUDITLOG_INCLUDE_TRACKING_MODELS in settings) are recorded by the library with the
person who made them; views call :func:`audit_record_access` when a person looks at someone
else's data. Every entry about a client carries ``additional_data["client_id"]`` so that the
client's "who has seen my data" list and the anonymisation on account deletion are one query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.signals import post_log
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import receiver

from accounts.models import User
from accounts.personal_data import declarations, person_id_of

DELETED_USER = "deleted user"
ACCOUNT_DELETED = "Account and all its health data deleted at the person's request"

_VERBS = {
    LogEntry.Action.CREATE: "added",
    LogEntry.Action.UPDATE: "changed",
    LogEntry.Action.DELETE: "removed",
}


def audit_record_access(*, actor: User, subject_user: User, what: str) -> LogEntry:
    """Record that ``actor`` looked at ``subject_user``'s health data.

    ``what`` is one short sentence the client will read, e.g. "Viewed your progress and logs".
    Call it from any view that shows one person's data to another person (physiotherapist review
    pages, exports); a person looking at their own pages is not recorded.
    """
    return LogEntry.objects.log_create(
        subject_user,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        actor=actor,
        actor_email=actor.email or None,
        object_repr=subject_user.display_name,
        changes_text=what,
        additional_data={"client_id": subject_user.pk, "what": what},
    )


@receiver(post_log, dispatch_uid="accounts.audit.tag_client")
def _tag_entry_with_client(sender, instance, log_entry=None, **kwargs) -> None:
    """Stamp automatic change entries with the client they concern (as their app declares)."""
    if log_entry is None or (log_entry.additional_data or {}).get("client_id"):
        return
    client_id = person_id_of(instance)
    if client_id is None:
        return
    log_entry.additional_data = {**(log_entry.additional_data or {}), "client_id": client_id}
    LogEntry.objects.filter(pk=log_entry.pk).update(additional_data=log_entry.additional_data)


@dataclass(frozen=True)
class AuditLine:
    """One line of a client's "who has seen my data" list."""

    when: datetime
    who: str
    role: str
    what: str
    is_self: bool


def _describe(entry: LogEntry) -> str:
    data = entry.additional_data or {}
    if data.get("what"):
        return data["what"]
    thing = entry.content_type.model_class()
    noun = thing._meta.verbose_name if thing else "record"
    verb = _VERBS.get(entry.action, "recorded")
    fields = sorted((entry.changes or {}).keys()) if isinstance(entry.changes, dict) else []
    if entry.action == LogEntry.Action.UPDATE and fields:
        return f"{verb.capitalize()} your {noun} ({', '.join(f.replace('_', ' ') for f in fields)})"
    return f"{verb.capitalize()} your {noun}"


def _hidden_from_person() -> list[ContentType]:
    models = {item.model_class for item in declarations() if item.hidden_from_person}
    return list(ContentType.objects.get_for_models(*models).values())


def audit_entries_for_client(*, user: User, limit: int = 200) -> QuerySet[LogEntry]:
    """Entries about ``user``'s data, newest first (the client's own view of the trail)."""
    return (
        LogEntry.objects.filter(additional_data__client_id=user.pk)
        # A physiotherapist's private clinical notes are theirs: the client is not told of them
        # (the notes stay in the admins' audit trail).
        .exclude(content_type__in=_hidden_from_person())
        .select_related("actor", "content_type")
        .order_by("-timestamp")[:limit]
    )


def audit_lines_for_client(*, user: User, limit: int = 200) -> list[AuditLine]:
    """Plain-language lines for the privacy page: who, when, what."""
    lines = []
    for entry in audit_entries_for_client(user=user, limit=limit):
        actor = entry.actor
        if actor is None:
            who, role = (entry.additional_data or {}).get("actor", "valgus (automatic)"), ""
        elif actor.pk == user.pk:
            who, role = "You", ""
        else:
            who, role = actor.display_name, actor.get_role_display()
        lines.append(
            AuditLine(
                when=entry.timestamp,
                who=who,
                role=role,
                what=_describe(entry),
                is_self=actor is not None and actor.pk == user.pk,
            )
        )
    return lines


@transaction.atomic
def audit_anonymise_user(*, user: User) -> int:
    """Keep the trail (who did what, when) but strip the person it was about or who did it.

    Must run before the user row is deleted: afterwards entries they made can no longer be
    found by actor. Uses update() rather than save(): auditlog's request middleware would
    otherwise put the (deleting) person back in as the actor. Returns how many entries changed.
    """
    changed = 0
    about = LogEntry.objects.filter(additional_data__client_id=user.pk)
    for entry in about.iterator():
        data = {k: v for k, v in (entry.additional_data or {}).items() if k == "what"}
        data["client_id"] = None
        data["client"] = DELETED_USER
        fields: dict[str, Any] = {
            "additional_data": data,
            "object_repr": DELETED_USER,
            "serialized_data": None,
        }
        # Which fields changed stays; the values (which may be health data) go.
        if isinstance(entry.changes, dict):
            fields["changes"] = {field: ["(removed)", "(removed)"] for field in entry.changes}
        if entry.actor_id == user.pk:
            fields.update(actor=None, actor_email=None, remote_addr=None)
        LogEntry.objects.filter(pk=entry.pk).update(**fields)
        changed += 1
    by_them = LogEntry.objects.filter(actor=user)
    for entry in by_them.iterator():
        LogEntry.objects.filter(pk=entry.pk).update(
            additional_data={**(entry.additional_data or {}), "actor": DELETED_USER},
            actor=None,
            actor_email=None,
            remote_addr=None,
        )
        changed += 1
    # Entries whose subject is the user row itself (e.g. recorded before tagging existed).
    changed += (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(User), object_pk=str(user.pk)
        )
        .exclude(object_repr=DELETED_USER)
        .update(object_repr=DELETED_USER, serialized_data=None)
    )
    return changed


def audit_record_account_deleted(*, former_pk: int) -> LogEntry:
    """The last entry about a person: their account was deleted at their own request.

    Written with no actor on purpose (the actor would be the row just deleted).
    """
    with set_actor(None):
        return LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(User),
            object_pk=str(former_pk),
            object_id=former_pk,
            object_repr=DELETED_USER,
            action=LogEntry.Action.DELETE,
            changes_text=ACCOUNT_DELETED,
            additional_data={"client_id": None, "client": DELETED_USER, "what": ACCOUNT_DELETED},
        )
