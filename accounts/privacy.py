"""A person's rights over their own data: a full copy (JSON, or CSV files in a zip) and deletion.

Both act on ``request.user`` only; there is deliberately no function that takes another
person's id, so a physiotherapist can neither export nor delete a client.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from auditlog.context import disable_auditlog
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.audit import audit_anonymise_user, audit_record_access, audit_record_account_deleted
from accounts.consent import HealthDataConsent
from accounts.models import CareLink, Invitation, User

EXPORT_FORMAT_VERSION = 1

# Never exported: secrets, not data about the person.
_ACCOUNT_FIELDS = (
    "id",
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "reminders_enabled",
    "date_joined",
    "last_login",
)


def _rows(queryset: QuerySet) -> list[dict[str, Any]]:
    return list(queryset.order_by("pk").values())


def _tables(user: User) -> dict[str, list[dict[str, Any]]]:
    """Every table that holds data about ``user``, as plain rows keyed by table name."""
    from assessments.models import Assessment
    from programs.models import (
        CheckIn,
        ExerciseLog,
        Flag,
        Message,
        Program,
        ProgramChange,
        ProgramExercise,
        ProgressionDecision,
        ScheduledSession,
    )

    account = User.objects.filter(pk=user.pk).values(*_ACCOUNT_FIELDS)
    tables: dict[str, list[dict[str, Any]]] = {
        "account": list(account),
        "assessments": _rows(Assessment.objects.filter(owner=user)),
        "programs": _rows(Program.objects.filter(client=user)),
        "program_exercises": _rows(ProgramExercise.objects.filter(program__client=user)),
        "scheduled_sessions": _rows(ScheduledSession.objects.filter(program__client=user)),
        "exercise_logs": _rows(ExerciseLog.objects.filter(session__program__client=user)),
        "check_ins": _rows(CheckIn.objects.filter(session__program__client=user)),
        "progression_decisions": _rows(
            ProgressionDecision.objects.filter(program_exercise__program__client=user)
        ),
        "flags": _rows(Flag.objects.filter(client=user)),
        "program_changes": _rows(ProgramChange.objects.filter(program__client=user)),
        "messages_received": _rows(Message.objects.filter(client=user)),
        "care_links": _rows(CareLink.objects.filter(client=user)),
        "invitations_accepted": _rows(Invitation.objects.filter(accepted_by=user)),
        "health_data_consents": _rows(HealthDataConsent.objects.filter(user=user)),
    }
    if user.is_physiotherapist:
        tables["messages_sent"] = _rows(Message.objects.filter(physiotherapist=user))
        tables["caseload_links"] = _rows(CareLink.objects.filter(physiotherapist=user))
        tables["invitations_sent"] = _rows(Invitation.objects.filter(physiotherapist=user))
    return tables


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID | Decimal):
        return str(value)
    raise TypeError(f"Cannot export a {type(value).__name__}")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=_plain)
    if isinstance(value, datetime | date | UUID | Decimal):
        return _plain(value)
    return str(value)


def _csv(rows: Iterable[dict[str, Any]]) -> str:
    rows = list(rows)
    buffer = io.StringIO()
    if not rows:
        return ""
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0].keys()))
    writer.writeheader()
    for row in rows:
        # A leading = + - @ would make a spreadsheet run the cell as a formula.
        writer.writerow(
            {
                k: ("'" + c if c[:1] in ("=", "+", "-", "@") else c)
                for k, c in ((k, _csv_cell(v)) for k, v in row.items())
            }
        )
    return buffer.getvalue()


_NOTE = (
    "This is all the data valgus holds about your account. Your physiotherapist's private "
    "clinical notes are their professional record and are not part of this copy; ask them "
    "directly if you want to see them."
)


@transaction.atomic
def account_export(*, user: User) -> bytes:
    """All of the person's data as one JSON document (UTF-8)."""
    audit_record_access(actor=user, subject_user=user, what="Downloaded a copy of your data (JSON)")
    document = {
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "note": _NOTE,
        "tables": _tables(user),
    }
    return json.dumps(document, ensure_ascii=False, indent=2, default=_plain).encode("utf-8")


@transaction.atomic
def account_export_csv_zip(*, user: User) -> bytes:
    """The same data as :func:`account_export`, one CSV file per table in a zip archive."""
    audit_record_access(
        actor=user, subject_user=user, what="Downloaded a copy of your data (CSV files)"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _NOTE + "\n")
        for name, rows in _tables(user).items():
            # utf-8-sig so that spreadsheet programs read accents and non-Latin names correctly.
            archive.writestr(f"{name}.csv", _csv(rows).encode("utf-8-sig"))
    return buffer.getvalue()


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete the person and everything about them; keep the audit trail, anonymised.

    Goes: answers and assessments, programs with their sessions, logs, check-ins, decisions,
    flags and changes, care links, accepted invitations, messages and physiotherapists' notes
    about them, and the login-attempt records under their username. Stays: audit entries, with
    the person's name, address and the changed values removed.
    """
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from assessments.models import Assessment
    from programs.models import Program

    former_pk = user.pk
    audit_anonymise_user(user=user)
    # The cascade below would otherwise write one audit entry (with the data) per deleted row.
    with disable_auditlog():
        # Programs first: an assessment cannot be deleted while a program still points at it.
        Program.objects.filter(client=user).delete()
        Assessment.objects.filter(owner=user).delete()
        Invitation.objects.filter(accepted_by=user).delete()
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username=user.username).delete()
        user.delete()
    audit_record_account_deleted(former_pk=former_pk)
