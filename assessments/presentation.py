"""How things read on the page: the one home of every piece of display text built from codes.

Doses, exercise and level names, answers, referral destinations and urgencies, flag sentences and
"next time" lines are written here and nowhere else, so the client and the physiotherapist read
the same words for the same thing. Everything takes structured data (codes, numbers, stored
values); nothing here parses text back. Templates use the same functions as filters
(``{% load presentation %}``, see ``assessments/templatetags/presentation.py``).

It lives in ``assessments``, the lowest layer that shows these texts (the result page lists
exercises, doses and referrals); ``programs`` and ``care`` use it from above.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, Protocol

from programs.engine import load_texts
from programs.engine.library import get as library_exercise
from programs.engine.wording import band_words

# --- doses -------------------------------------------------------------------------------------


class HasDose(Protocol):
    sets: int
    reps: int | None
    hold_seconds: int | None
    per_side: bool


def dose_text(*, sets: int, reps: int | None, hold_seconds: int | None, per_side: bool) -> str:
    """'3 × 12 per side', '3 × 30 s hold', '3 × 10 with 5 s holds'."""
    if reps is not None:
        text = f"{sets} × {reps}"
        if hold_seconds:
            text += f" with {hold_seconds} s holds"
    else:
        text = f"{sets} × {hold_seconds} s hold"
    return f"{text} per side" if per_side else text


def dose(item: HasDose) -> str:
    """The dose of anything that has one: a prescription, a program exercise's dose, a card."""
    return dose_text(
        sets=item.sets, reps=item.reps, hold_seconds=item.hold_seconds, per_side=item.per_side
    )


# --- exercises and levels ----------------------------------------------------------------------


def exercise_name(code: str) -> str:
    """The library's name; an exercise no longer in the library keeps a readable name."""
    try:
        return library_exercise(code).name
    except KeyError:
        return code.replace("_", " ").capitalize()


def level_title(code: str, level: int) -> str:
    """'Medium band' for level 3 of the clamshell; '' when the library no longer has it."""
    try:
        return library_exercise(code).level(level).title
    except (KeyError, ValueError):
        return ""


def level_label(code: str, level: int) -> str:
    """'Level 3: Medium band', as the level choices read."""
    title = level_title(code, level)
    return f"Level {level}: {title}" if title else f"Level {level}"


def next_time(*, code: str, level: int, because: str) -> str:
    """The reason for an exercise's level as the client reads it next to the exercise:
    'Next time: level 4 — Rear foot raised (couch stretch), because your last 2 sessions …'."""
    title = level_title(code, level)
    head = f"Next time: level {level} — {title}" if title else f"Next time: level {level}"
    return f"{head}, because {because.rstrip('.')}."


def next_time_line(*, code: str, level: int, dose: str) -> str:
    """Next time when nothing has decided a change yet: 'Next time: level 3 — Medium band,
    3 × 15 per side.' (the morning-after check-in may still change it)."""
    title = level_title(code, level)
    head = f"Next time: level {level} — {title}" if title else f"Next time: level {level}"
    return f"{head}, {dose}."


def decision_reason(*, code: str, action: str, to_level: int, reason: str) -> str:
    """Why an exercise is at its level, from a stored progression decision: the rules' reason
    after "Next time: level …", or a physiotherapist's own words for their adjustment."""
    if action == "adjust":
        return reason
    return next_time(code=code, level=to_level, because=reason)


def band_unlock(*, band: str | None, level: int) -> str:
    """'A medium band or a stronger one unlocks level 3.' under an exercise its bands cap (the
    advice get_resistance_band during the program, spec section 3)."""
    words = band_words(band)
    return f"{words[:1].upper()}{words[1:]} unlocks level {level}."


def level_step(*, name: str, code: str, from_level: int, to_level: int) -> str:
    """'Banded clamshell steps up to level 3 — Medium band' after a save changed the level."""
    if to_level > from_level:
        verb = "steps up to"
    elif to_level < from_level:
        verb = "steps down to"
    else:
        verb = "stays at"
    return f"{name} {verb} level {to_level} — {level_title(code, to_level)}"


def level_change(*, from_level: int, to_level: int, reason: str) -> str:
    """One change of level on Progress: 'level 1 to 2. Your last 2 sessions were complete …'.
    The reason is the rules' clause or a physiotherapist's own words; either reads as a sentence."""
    reason = reason.strip()
    if not reason:
        return f"level {from_level} to {to_level}."
    ending = "" if reason.endswith((".", "!", "?")) else "."
    return f"level {from_level} to {to_level}. {reason[:1].upper()}{reason[1:]}{ending}"


# --- answers -----------------------------------------------------------------------------------

# The movement self-tests: a missing answer means the test was not done.
_TEST_ITEMS = (
    "single_leg_squat_left",
    "single_leg_squat_right",
    "squat_knees_cave",
    "hip_drop_left",
    "hip_drop_right",
)
_GRADE_ITEMS = ("single_leg_squat_left", "single_leg_squat_right", "squat_knees_cave")
_GRADE_WORDS = {"none": "knee over the toes", "slight": "slight inward drift", "marked": "marked"}
# The function items' scale (spec section 1), as the questionnaire offers it and tables read it.
DIFFICULTY_WORDS = ("no difficulty", "a little", "moderate", "a lot", "unable")


def item_label(item: str) -> str:
    """A questionnaire item id as a short label: 'Pain worst week', 'Imd (cm)'."""
    return item.replace("_", " ").replace(" cm", " (cm)").replace(" mm", " (mm)").capitalize()


def answer_text(item: str, value: Any) -> str:
    """One stored answer as it reads in a table: '4/10', 'slight inward drift', 'yes'."""
    if value is None or value == "" or value == []:
        return "not tested" if item in _TEST_ITEMS else "not answered"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if item == "goal_activities" and isinstance(value, list):
        return goal_activities_text(value)
    if isinstance(value, list):
        return ", ".join(str(part).replace("_", " ") for part in value)
    if item.startswith("pain_") and isinstance(value, int):
        return f"{value}/10"
    if item.startswith("difficulty_") and isinstance(value, int):
        if 0 <= value < len(DIFFICULTY_WORDS):
            return f"{value}/4 ({DIFFICULTY_WORDS[value]})"
        return f"{value}/4"
    if item in _GRADE_ITEMS:
        return _GRADE_WORDS.get(str(value), str(value))
    return str(value).replace("_", " ")


def function_score_text(score: float | None) -> str:
    """A function score (0-100) as every page writes it: 62.5 reads '63', as the templates'
    ``floatformat:0`` rounds it, never '62' on one page and '63' on another."""
    if score is None:
        return "not answered"
    return str(math.floor(score + 0.5))


def goal_score_text(score: Any) -> str:
    """A goal activity's score as it reads in a table: '4/10'; 'not scored' when missing."""
    return "not scored" if score is None else f"{score}/10"


def goal_change_text(change: int | None) -> str:
    """A goal activity's change since the start: '3 points better', '1 point worse', 'same';
    'not compared' when it was not scored both times (unknown, never better)."""
    if change is None:
        return "not compared"
    if change == 0:
        return "same"
    points = f"{abs(change)} point{'s' if abs(change) != 1 else ''}"
    return f"{points} better" if change > 0 else f"{points} worse"


def goal_activities_text(activities: Iterable[Any]) -> str:
    """Stored goal activities in a line: 'running 5 km: 3/10; stairs with shopping: 5/10'."""
    parts = [
        f"{entry.get('activity', '')}: {goal_score_text(entry.get('score'))}"
        for entry in activities
        if isinstance(entry, dict)
    ]
    return "; ".join(parts) or "not answered"


def answer_rows(answers: dict[str, Any], order: Iterable[str]) -> list[tuple[str, str]]:
    """(label, answer) in ``order`` (the questionnaire's), then any others; unanswered left out."""
    order = list(order)
    keys = [key for key in order if key in answers] + sorted(set(answers) - set(order))
    return [
        (item_label(key), answer_text(key, answers[key]))
        for key in keys
        if answers[key] not in (None, "", [])
    ]


# --- findings, referrals and flags -------------------------------------------------------------

# How to say "go where, how soon" as one instruction; what to do comes from the engine's texts.
_GO_TO = {
    "emergency": "Go to an emergency department",
    "doctor": "See your doctor (GP)",
    "orthopedic_specialist": "See an orthopaedic specialist",
    "physiotherapist": "See a physiotherapist",
    "paediatric_specialist": "See a paediatric specialist",
}
_WHEN = {
    "same_day": "today",
    "within_2_weeks": "within 2 weeks",
    "routine": "at a routine appointment",
}
ATTENTION_TITLE = "Keeping up with your sessions"
ATTENTION_WHAT_TO_DO = (
    "Try to fit in your planned sessions this week: even a short session counts. "
    "If something gets in the way, tell your physiotherapist."
)


def _humanised(code: str | None) -> str:
    return str(code or "").replace("_", " ").capitalize()


def finding_title(code: str) -> str:
    entry = load_texts().findings.get(code)
    return entry.title if entry is not None else _humanised(code)


def destination_title(code: str | None) -> str:
    """'Physiotherapist'; '' for no destination (an attention flag)."""
    entry = load_texts().destinations.get(code) if code else None
    return entry.title if entry is not None else _humanised(code)


def urgency_title(code: str | None) -> str:
    """'Within 2 weeks'; '' for no urgency."""
    entry = load_texts().urgencies.get(code) if code else None
    return entry.title if entry is not None else _humanised(code)


def referral_headline(destination: str, urgency: str) -> str:
    """'See a physiotherapist within 2 weeks'."""
    go = _GO_TO.get(destination, f"See {destination_title(destination).lower()}")
    return f"{go} {_WHEN.get(urgency, urgency_title(urgency).lower())}".strip()


def referrals_in_short(urgencies: list[str], *, cleared: bool) -> str:
    """The result's "In short" line for its referrals. Each referral is said in full once, above
    the summary, so the summary points to them (how many, how soon) instead of naming them again:
    'Act on the 2 referrals above (the soonest within 2 weeks).'"""
    count = len(urgencies)
    if not count:
        return ""
    which = "the referral" if count == 1 else f"the {count} referrals"
    if cleared:
        return f"Look over {which} from your answers, above."
    order = list(_WHEN)
    soonest = min(urgencies, key=lambda code: order.index(code) if code in order else len(order))
    if soonest == "routine":
        when = "a routine appointment" if count == 1 else "none of them urgent"
    else:
        when = _WHEN.get(soonest) or urgency_title(soonest).lower()
        when = when if count == 1 else f"the soonest {when}"
    return f"Act on {which} above ({when})."


def withheld_in_short(*, can_record_here: bool) -> str:
    """The result's "In short" line for a withheld program: the step after the referrals (the
    box above says why the exercises wait)."""
    where = "below" if can_record_here else "from your account"
    return f"No exercises until then: once a clinician has cleared you, record it {where}."


def referral_what_to_do(destination: str | None, urgency: str | None) -> str:
    """What the client should do about a referral: the destination's advice, then the timing."""
    texts = load_texts()
    parts = [
        texts.destinations[destination].what_to_do if destination in texts.destinations else "",
        texts.urgencies[urgency].what_to_do if urgency in texts.urgencies else "",
    ]
    return " ".join(part for part in parts if part)


def flag_title(*, kind: str, destination: str | None, urgency: str | None) -> str:
    """The heading of a flag for the client: 'Physiotherapist: within 2 weeks'."""
    if kind == "attention":
        return ATTENTION_TITLE
    title = destination_title(destination) or "Your physiotherapist"
    when = urgency_title(urgency)
    return f"{title}: {when.lower()}" if when else title


# Where a flag came from, as the client reads it after "Raised 3 March 2026 from …".
FLAG_SOURCE_WORDS = {
    "assessment": "your self-assessment",
    "checkin": "your morning check-in",
    "session": "your session log",
    "reassessment": "your reassessment",
    "adherence": "the sessions you logged",
}


def flag_source(source: str) -> str:
    return FLAG_SOURCE_WORDS.get(source, "your program")


def flag_badge(*, kind: str, destination: str | None, urgency: str | None) -> str:
    """The short label of a flag on the physiotherapist's pages: 'Physiotherapist · routine'."""
    if kind == "attention":
        return "Needs attention"
    title = destination_title(destination) or "Referral"
    return f"{title} · {(urgency_title(urgency) or 'routine').lower()}"


def flag_what_to_do(*, kind: str, destination: str | None, urgency: str | None) -> str:
    if kind == "attention":
        return ATTENTION_WHAT_TO_DO
    return referral_what_to_do(destination, urgency)


# What raised a flag, in a few words for the caseload (the rule's full reason is on the review).
_FLAG_CAUSES = {
    "REF-HOT-FEVER": "Hot, swollen knee with fever",
    "REF-HOT-NOFEVER": "Hot, red, swollen knee",
    "REF-OTTAWA": "Cannot bear weight after an injury",
    "REF-NWB": "Cannot take four steps",
    "REF-NUMB-INJURY": "Numbness after an injury",
    "REF-LOCKING": "Knee locking",
    "REF-GIVING-WAY": "Knee giving way",
    "REF-INJURY-SWELLING": "Swelling after an injury",
    "REF-STRUCT-WORSENING": "Structural knock-knee, worsening",
    "REF-STRUCT": "Suspected structural knock-knee",
    "REF-NIGHT-WEIGHT": "Night pain or weight loss",
    "REF-SEVERE-PAIN": "Severe persistent pain",
    "REF-NUMB": "Numbness or tingling",
    "REF-PAEDIATRIC": "Under 16",
    "FLG-CHECKIN-EMERGENCY": "Check-in: emergency signs",
    "FLG-CHECKIN-HOT": "Check-in: hot, red knee",
    "FLG-CHECKIN-INSTABILITY": "Check-in: giving way, locking or swelling",
    "FLG-SESSION-PAIN-SEVERE": "Severe pain during an exercise",
    "FLG-SESSION-PAIN-REPEATED": "High pain two sessions running",
    "FLG-WEEK6": "Not improved at week 6",
    "FLG-WEEK12": "Not improved at week 12",
    "FLG-ADHERENCE": "Fewer than half of sessions logged",
}
_FLAG_SOURCES = {
    "assessment": "From the self-assessment",
    "checkin": "From a morning check-in",
    "session": "From a session log",
    "reassessment": "From a reassessment",
    "adherence": "Sessions not logged",
}


def flag_cause(*, rule: str | None, source: str | None) -> str:
    """What raised a flag in a few words: 'Knee giving way'. A flag raised by several rules at
    once (an assessment's referral) names the first and how many more."""
    rules = [part.strip() for part in str(rule or "").split(",") if part.strip()]
    known = [_FLAG_CAUSES[part] for part in rules if part in _FLAG_CAUSES]
    if not known:
        return _FLAG_SOURCES.get(source or "", "Flag raised")
    more = len(known) - 1
    return known[0] if not more else f"{known[0]} and {more} more"


def flag_cause_rules() -> set[str]:
    """The rule ids with words in :func:`flag_cause` (checked against the rules data)."""
    return set(_FLAG_CAUSES)


def open_for(days: int) -> str:
    """How long a flag has been open: 'since today', '1 day', '3 days', '2 weeks'."""
    if days <= 0:
        return "since today"
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''}"
    weeks = days // 7
    return f"{weeks} weeks"


# The four measures of "improved" (spec section 8), as the reassessment result names them.
IMPROVEMENT_MEASURE_WORDS = {
    "pain_worst_week": "your worst pain in the week",
    "single_leg_squat": "your single-leg squat",
    "goal_score": "your goal score",
    "global_rating_of_change": "your own rating of the knee",
}


def improvement_measures(measures: list[str]) -> str:
    """'your worst pain in the week and your goal score': which measures made it count."""
    words = [
        IMPROVEMENT_MEASURE_WORDS[code] for code in measures if code in IMPROVEMENT_MEASURE_WORDS
    ]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def flag_follow_up(
    *,
    status: str,
    acknowledged_on: Any = None,
    acknowledgement_note: str = "",
    acknowledgement_shared: bool = False,
    resolved_on: Any = None,
    resolved_by_physiotherapist: bool = False,
    resolution_note: str = "",
    resolution_shared: bool = False,
) -> list[str]:
    """What the client reads about a flag after it was raised: that their physiotherapist has
    seen it (the note only when the physiotherapist chose to show it), or why it was resolved."""
    lines: list[str] = []
    if acknowledged_on is not None:
        lines.append(f"Your physiotherapist has seen this ({acknowledged_on:%-d %B %Y}).")
        if acknowledgement_shared and acknowledgement_note:
            lines.append(f"Their note to you: {acknowledgement_note}")
    if status == "resolved" and resolved_on is not None:
        if resolved_by_physiotherapist:
            lines.append(f"Your physiotherapist marked this resolved ({resolved_on:%-d %B %Y}).")
            if resolution_shared and resolution_note:
                lines.append(f"Their note to you: {resolution_note}")
        elif resolution_note:
            lines.append(f"Resolved ({resolved_on:%-d %B %Y}): {resolution_note}")
    return lines


def flag_what_to_do_now(
    *, kind: str, destination: str | None, urgency: str | None, status: str
) -> str:
    """The action a flag asks of the client, while it still asks one: none once resolved, and
    none for a physiotherapist referral once the linked physiotherapist has seen it (they are
    dealing with it)."""
    if status == "resolved":
        return ""
    if status == "acknowledged" and (kind == "attention" or destination == "physiotherapist"):
        return ""
    return flag_what_to_do(kind=kind, destination=destination, urgency=urgency)


# A paused program (spec section 8): no session is due while it is paused, and the referral that
# paused it is said once, in its flag.
PAUSED_HEADING = "No exercises while your program is paused"
PAUSED_BODY = (
    "Nothing is due until a clinician has cleared you to exercise. Your sessions, and when the "
    "next one is, come back here once the program resumes."
)
PAUSED_BY_FLAG = "a warning sign you reported; who to see, and how soon, is in the flag above."
PAUSED_DAY_LABEL = "On hold"
PAUSED_BY_PHYSIOTHERAPIST = "Your physiotherapist paused it."


def without_sentences(text: str, sentences: Iterable[str]) -> str:
    """``text`` without any of ``sentences`` (each said elsewhere on the page), tidied up."""
    for sentence in sentences:
        if sentence:
            text = text.replace(sentence, "")
    text = " ".join(text.split())
    return text.rstrip(" .:;,") + "." if text.strip(" .:;,") else ""


def paused_why(paused_reason: str, shown_flag_reasons: Iterable[str]) -> str:
    """Why the program is paused: the stored reason, unless it is a flag's reason that the page
    already shows (then a pointer to it, so the referral is said once)."""
    reason = paused_reason.strip()
    if reason and any(reason == shown.strip() for shown in shown_flag_reasons):
        return PAUSED_BY_FLAG
    return reason or PAUSED_BY_PHYSIOTHERAPIST


# The physiotherapist's review of one client: each flag's sentence is said once, in the flags list;
# the pause, the history and the assessment's referrals point to it.
REVIEW_PAUSED_BY_FLAG = "a warning sign the client reported (its flag is above)."
REVIEW_SAID_IN_FLAG = "see the flag above."


def review_paused_why(paused_reason: str, shown_flag_reasons: Iterable[str]) -> str:
    """Why the program is paused, on the review: the physiotherapist's own reason, or a pointer
    to the flag that paused it when the page shows that flag."""
    reason = paused_reason.strip()
    if reason and any(reason == shown.strip() for shown in shown_flag_reasons):
        return REVIEW_PAUSED_BY_FLAG
    return reason or "no reason recorded."


def review_change_reason(reason: str, shown_flag_reasons: Iterable[str]) -> str:
    """A program change's reason on the review, without the flag sentence the page shows above."""
    shown = [flag_reason for flag_reason in shown_flag_reasons if flag_reason.strip()]
    if not any(flag_reason in reason for flag_reason in shown):
        return reason
    return without_sentences(reason, shown) or REVIEW_SAID_IN_FLAG


def review_no_program(*, name: str, in_clinic: bool, on: Any, withheld: bool) -> str:
    """The review of a client without a program, when they have an assessment to start from:
    start it, unless the rules withhold it until a clinician has cleared the client."""
    if withheld:
        which = "assessment in clinic" if in_clinic else "self-assessment"
        return (
            f"{name}'s {which} of {on:%-d %b %Y} withholds the program until a clinician has "
            "examined the knee and cleared them to exercise."
        )
    which = "an assessment recorded in clinic" if in_clinic else "a self-assessment"
    return (
        f"{name} has {which} from {on:%-d %b %Y} without a program. Start the program from it, "
        "or assess again in clinic."
    )


def review_no_flags(*, referrals_at_assessment: int) -> str:
    """The review's flags list when it is empty: the assessment's referrals (raised as flags
    only once a program starts) are listed under Assessment, not forgotten."""
    if not referrals_at_assessment:
        return "No flags."
    which = "referral" if referrals_at_assessment == 1 else f"{referrals_at_assessment} referrals"
    return (
        "No flags yet: flags are raised once a program starts. The assessment's "
        f"{which} {'is' if referrals_at_assessment == 1 else 'are'} listed under Assessment."
    )


def clearance_intro(*, client_name: str, submitted_on: Any) -> str:
    """What the physiotherapist records, and what it does (the form for a withheld program)."""
    return (
        f"The assessment of {submitted_on:%-d %b %Y} withholds {client_name}'s program until a "
        "clinician has examined the knee and cleared them to exercise. Once that is done, by you "
        "or another clinician, record who and when: the program can then start from the same "
        f"answers, and {client_name} reads who cleared them. The day seen cannot be before the "
        "assessment or in the future."
    )


def clearance_withheld_for_physiotherapist(*, client_name: str) -> str:
    """The physiotherapist's evaluation of a withheld assessment: who may record the clearance."""
    return (
        f"The rules withhold the program until a clinician has examined the knee and cleared "
        f"{client_name} to exercise (see the referrals). Either of you can record the clearance: "
        f"{client_name} on their result, or you here."
    )


def flags_heading(statuses: Iterable[str]) -> str:
    """The heading over the client's flags on Today: a call to act while any flag is waiting for
    the physiotherapist, and a plain heading once all of them have been seen (each flag still
    says what to do and what the physiotherapist wrote)."""
    if all(status == "acknowledged" for status in statuses):
        return "Seen by your physiotherapist"
    return "Please act on this"


def clearance_answered_note(*, name: str, role: str, seen_on: Any) -> str:
    """The resolution of an assessment referral that the clearance answered: the client and the
    physiotherapist read who saw the client for it, and when."""
    return (
        f"Seen by {name} ({role.lower()}) on {seen_on:%-d %B %Y}, who cleared the program to start."
    )


def clearance_recorded(*, client_name: str) -> str:
    return f"Clearance recorded: {client_name}'s program can start from this assessment."


def cleared_line(*, on: Any, cleared_by: str, by_physiotherapist: bool) -> str:
    """On the client's cleared result: who recorded the clearance, and who gave it."""
    if by_physiotherapist:
        return (
            f"On {on:%-d %B %Y} your physiotherapist recorded that a clinician examined your "
            f"knee and cleared you to exercise: {cleared_by}."
        )
    return (
        f"On {on:%-d %B %Y} you confirmed that a clinician examined your knee and cleared you "
        f"to exercise: {cleared_by}."
    )


# Why a program cannot start, to the client starting their own or to the physiotherapist
# starting it for them (``client_name``).
_START_REFUSALS = {
    "not_theirs": ("This assessment is not yours.", "This assessment is not {name}'s."),
    "reassessment": (
        "A program is built from a full self-assessment, not a reassessment.",
        "A program is built from a full assessment, not a reassessment.",
    ),
    "unfinished": (
        "Finish the self-assessment first: the program is built from it.",
        "Finish the assessment first: the program is built from it.",
    ),
    "no_result": ("This assessment has no result yet.", "This assessment has no result yet."),
    "withheld": (
        "Your result says to see a clinician first. The program can start once a clinician has "
        "cleared you to exercise.",
        "The rules withhold {name}'s program until a clinician has examined the knee and cleared "
        "them to exercise: record the clearance first.",
    ),
    "no_exercise": (
        "Your result does not call for any corrective exercise.",
        "This assessment does not call for any corrective exercise: there is no program to "
        "start from it.",
    ),
    "just_started": (
        "A program was just started for you (perhaps in another tab). Open Today to see it.",
        "A program was just started for {name} (perhaps in another tab). Open their review to "
        "see it.",
    ),
}


def program_start_refusal(reason: str, *, client_name: str | None = None) -> str:
    """Why the program cannot start, worded for whoever is starting it."""
    for_client, for_physiotherapist = _START_REFUSALS[reason]
    if client_name is None:
        return for_client
    return for_physiotherapist.format(name=client_name)


def clearance_thanks(*, has_exercises: bool) -> str:
    """What the client reads once their clearance is recorded: the exercises only when there
    are some (a clearance can release a result that calls for none)."""
    if has_exercises:
        return "Thank you. Your exercises are below, and your program can start."
    return (
        "Thank you. Your clearance is recorded. Your answers did not point to anything these "
        "exercises address, so there is no program to start."
    )


# Progress of a paused program: that it is paused is said once, at the top.
PROGRESS_PAUSED = (
    "Your program is paused until a clinician has checked your knee. Your history is kept below."
)
PROGRESS_PAUSED_REASSESSMENT = (
    "The reassessment includes movement tests on your knee, so it waits until your program is "
    "resumed."
)


def cleared_exercises_line(*, has_exercises: bool) -> str:
    """On a cleared result: where the exercises are, or that the answers called for none."""
    if has_exercises:
        return "Your exercises below are worked out from the same answers."
    return "Your answers did not point to anything these exercises address, so there are none."
