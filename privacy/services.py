"""A person's rights over their own data: a full copy (JSON, or CSV files in a zip) and deletion.

Both go through what every app declares as personal data (``accounts.personal_data``, filled in
each app's ``apps.py``), so a new table of personal data is exported and deleted once declared.
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
from django.utils import timezone

from accounts.audit import audit_anonymise_user, audit_record_access, audit_record_account_deleted
from accounts.models import User
from accounts.personal_data import declarations
from care.fragments import review_pages_forget_for
from care.services.linking import care_links_end_for_deleted_account
from programs.fragments import client_pages_forget

EXPORT_FORMAT_VERSION = 1


def _tables(user: User) -> dict[str, list[dict[str, Any]]]:
    """Every declared table that holds data about ``user``, as plain rows keyed by table name."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for declaration in declarations():
        if declaration.export_as is None or not declaration.applies_to(user):
            continue
        rows = declaration.rows(user).order_by("pk").values(*declaration.fields)
        tables[declaration.export_as] = list(rows)
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
    """Delete the person and every declared row about them; keep the audit trail, anonymised.

    Goes: everything each app declares (answers and assessments, programs with their sessions,
    logs, check-ins, decisions, flags and changes, care links, accepted invitations, messages,
    their login-attempt records) and the account. Apps are emptied from the top layer down,
    because higher layers point at lower ones (a program at the assessment it was built from).
    Stays: audit entries, with the person's name, address and the changed values removed; and a
    physiotherapist's clinical notes about them, which are that clinician's record (declared
    ``kept_for``): they lose their link to the account and name the client only as written in
    their header. Each physiotherapist the client shared with is told of the deletion.
    """
    former_pk = user.pk
    # Before the care links go: they say which reviews were kept of (or for) the account.
    review_pages_forget_for(user=user)
    care_links_end_for_deleted_account(client=user)
    audit_anonymise_user(user=user)
    # The cascade below would otherwise write one audit entry (with the data) per deleted row.
    with disable_auditlog():
        for declaration in reversed(list(declarations())):
            declaration.forget(user)
    audit_record_account_deleted(former_pk=former_pk)
    client_pages_forget(user_pk=former_pk)
