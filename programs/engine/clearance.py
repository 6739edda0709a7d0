"""A clinician's clearance (clinical spec, section 8, version 2): who and when.

A withheld program (section 5) or a paused one waits until a clinician has examined the knee. The
clearance records who cleared the client (a name and a role) and the date they were seen, which is
neither before the referral or flag was raised nor in the future. This module only checks; the
caller stores the clearance and tells the linked physiotherapist.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from programs.engine.wording import day, join, message

# Coded like the referral destinations ("orthopedic_specialist"), so that a clearance can be
# matched with the referral it answers.
ClearanceRole = Literal[
    "doctor", "physiotherapist", "orthopedic_specialist", "emergency_department", "other"
]
CLEARANCE_ROLES: tuple[str, ...] = get_args(ClearanceRole)
CLEARANCE_ROLE_WORDS: dict[str, str] = {
    "doctor": "doctor",
    "physiotherapist": "physiotherapist",
    "orthopedic_specialist": "orthopaedic specialist",
    "emergency_department": "emergency department",
    "other": "other",
}
NAME_MIN, NAME_MAX = 2, 100
ClearanceField = Literal["name", "role", "seen_on"]


class Clearance(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=NAME_MIN, max_length=NAME_MAX)
    role: ClearanceRole
    seen_on: dt.date


class ClearanceCheck(BaseModel):
    """Either a clearance, or one message per field that is wrong."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    clearance: Clearance | None
    problems: dict[ClearanceField, str]

    @property
    def ok(self) -> bool:
        return self.clearance is not None


def check_clearance(
    *,
    name: str | None,
    role: str | None,
    seen_on: dt.date | None,
    raised_on: dt.date,
    today: dt.date,
    raised: Literal["referral", "flag"] = "referral",
    client_name: str | None = None,
) -> ClearanceCheck:
    """Check a clearance against the day the referral (at assessment) or the flag (during the
    program) was raised, and today (the client's local date). The messages speak to the client,
    or about them (``client_name``) to the physiotherapist recording it."""
    problems: dict[ClearanceField, str] = {}
    who = f"{client_name} was" if client_name else "you were"
    whom = "them" if client_name else "you"
    clinician = " ".join((name or "").split())
    if not clinician:
        problems["name"] = message("clearance_name_missing", whom=whom)
    elif not NAME_MIN <= len(clinician) <= NAME_MAX or not any(
        char.isalpha() for char in clinician
    ):
        problems["name"] = message("clearance_name_invalid", min=NAME_MIN, max=NAME_MAX)
    if role not in CLEARANCE_ROLES:
        words = [CLEARANCE_ROLE_WORDS[code] for code in CLEARANCE_ROLES]
        problems["role"] = message("clearance_role_invalid", whom=whom, roles=join(words, "or"))
    if seen_on is None:
        problems["seen_on"] = message("clearance_date_missing", who=who)
    elif seen_on < raised_on:
        problems["seen_on"] = message(
            "clearance_date_before", who=who, raised=day(raised_on, year=True), what=raised
        )
    elif seen_on > today:
        problems["seen_on"] = message("clearance_date_future", who=who, today=day(today, year=True))
    if problems or seen_on is None:
        return ClearanceCheck(clearance=None, problems=problems)
    return ClearanceCheck(
        clearance=Clearance(name=clinician, role=role, seen_on=seen_on),  # type: ignore[arg-type]
        problems={},
    )
