"""Template filters over ``assessments.presentation``: the same words in templates as in code.

{% load presentation %}
{{ card.dose|dose }}  {{ exercise.code|exercise_name }}  {{ flag.urgency|urgency_title }}
{{ flag|flag_title }}  {{ flag|flag_badge }}  {{ flag|flag_what_to_do }}
{{ flag|flag_cause }}  {{ flag|flag_open_for }}
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from assessments import presentation
from programs.engine import load_rules
from programs.engine.data import RuleSet

register = template.Library()

register.filter("dose", presentation.dose)
register.filter("exercise_name", presentation.exercise_name)
register.filter("level_title", presentation.level_title)
register.filter("destination_title", presentation.destination_title)
register.filter("urgency_title", presentation.urgency_title)
register.filter("finding_title", presentation.finding_title)


@register.filter
def clearance_withheld_for_physiotherapist(client: Any) -> str:
    return presentation.clearance_withheld_for_physiotherapist(client_name=client.display_name)


register.filter("goal_change", presentation.goal_change_text)


@register.filter
def level_change(change: Any) -> str:
    """A level change on Progress (``programs.selectors.progress.LevelChange``) as a sentence."""
    return presentation.level_change(
        from_level=change.from_level, to_level=change.to_level, reason=change.reason or ""
    )


def _flag_parts(flag: Any) -> dict[str, Any]:
    return {"kind": flag.kind, "destination": flag.destination, "urgency": flag.urgency}


@register.filter
def flags_heading(flags: Any) -> str:
    return presentation.flags_heading(flag.status for flag in flags)


@register.filter
def flag_title(flag: Any) -> str:
    return presentation.flag_title(**_flag_parts(flag))


@register.filter
def flag_source(flag: Any) -> str:
    """'your morning check-in': where the flag came from, for "Raised … from …"."""
    return presentation.flag_source(flag.source)


@register.filter
def flag_badge(flag: Any) -> str:
    return presentation.flag_badge(**_flag_parts(flag))


@register.filter
def flag_what_to_do(flag: Any) -> str:
    return presentation.flag_what_to_do(**_flag_parts(flag))


@register.filter
def flag_what_to_do_now(flag: Any) -> str:
    return presentation.flag_what_to_do_now(**_flag_parts(flag), status=flag.status)


@register.filter
def flag_follow_up(flag: Any) -> list[str]:
    """The client's lines about a flag's follow-up (``presentation.flag_follow_up``)."""
    local = timezone.localtime
    return presentation.flag_follow_up(
        status=flag.status,
        acknowledged_on=local(flag.acknowledged_at) if flag.acknowledged_at else None,
        acknowledgement_note=flag.acknowledgement_note,
        acknowledgement_shared=flag.acknowledgement_shared,
        resolved_on=local(flag.resolved_at) if flag.resolved_at else None,
        resolved_by_physiotherapist=flag.resolved_by_id is not None,
        resolution_note=flag.resolution_note,
        resolution_shared=flag.resolution_shared,
    )


@register.simple_tag
def clinical_rules() -> RuleSet:
    """The rules data, for the clinical numbers a page states: ``{% clinical_rules as rules %}``
    then ``{{ rules.program.log_edit_window_days }}`` or
    ``{{ rules.thresholds.reassessment_first_week }}``. Pages never write these numbers out."""
    return load_rules()


@register.filter
def flag_cause(flag: Any) -> str:
    """'Knee giving way': what raised the flag, in a few words."""
    return presentation.flag_cause(rule=flag.rule, source=flag.source)


@register.filter
def flag_open_for(flag: Any) -> str:
    """'3 days': how long the flag has been open, in the site's calendar days."""
    days = (timezone.localdate() - timezone.localdate(flag.created_at)).days
    return presentation.open_for(days)


@register.filter
def answers_to_check(form: Any) -> int:
    """How many answers an error summary lists: one per field, one per goal activity message."""
    count = 0
    for name in form.errors:
        if name not in form.fields:
            count += 1
            continue
        bound = form[name]
        if getattr(bound, "is_goal_activities", False):
            rows = bound.rows
            placed = sum(len(row.activity_errors) + len(row.score_errors) for row in rows)
            count += placed + len(bound.unplaced_errors)
        else:
            count += 1
    return count
