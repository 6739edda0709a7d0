"""Forms for starting a program, logging a session, the morning check-in, resuming and the
reassessment.

Each form validates what a person typed and keeps it on error; the services make the decisions.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from pydantic import ValidationError

from assessments.forms import (
    GOAL_SCORE_HIGH,
    GOAL_SCORE_LOW,
    GOAL_SCORE_WORDS,
    ClinicianClearanceForm,
    item_value,
    questionnaire_field,
)
from assessments.steps import STEP_BY_SLUG, STEPS, Group
from programs import scheduling
from programs.engine.answers import ReassessmentAnswers
from programs.models import CheckIn, ExerciseLog
from programs.policy import strength_days_range, strength_days_refusal
from programs.selectors.cards import ExerciseCard

PAIN_CHOICES = [(value, str(value)) for value in range(11)]


def _whole_number(what: str, low: int, high: int, *, missing: str) -> dict[str, str]:
    """Error messages in the questionnaire's words: say what to enter and the range."""
    within = f"Enter {what} as a whole number from {low} to {high}."
    return {
        "required": missing,
        "invalid": within,
        "min_value": within,
        "max_value": within,
    }


WEEKDAY_CHOICES = [(index, name) for index, name in enumerate(scheduling.WEEKDAY_NAMES)]
# How far ahead a program can be planned.
START_WITHIN_DAYS = 60


def _pain_scale(label: str, what: str) -> forms.TypedChoiceField:
    """A 0-10 pain scale (NPRS) as radio buttons, with messages that say which pain is meant."""
    return forms.TypedChoiceField(
        label=label,
        choices=PAIN_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": f"Enter {what}, 0 to 10.",
            "invalid_choice": f"Choose {what}, from 0 to 10.",
        },
    )


class ProgramStartForm(forms.Form):
    """A start date and a free choice of strength days within the rules' range.

    The assessment's sessions per week only sets which days are ticked at first.
    """

    start_date = forms.DateField(
        label="Start date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Week 1 starts on this day.",
    )
    strength_days = forms.TypedMultipleChoiceField(
        label="Strength days",
        choices=WEEKDAY_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    replace_current = forms.BooleanField(
        label="Replace my current program (it stays in my history)",
        required=False,
    )

    def __init__(
        self,
        *args,
        sessions_per_week: int,
        today: date,
        has_current: bool = False,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sessions_per_week = sessions_per_week
        self.today = today
        fewest, most = strength_days_range()
        self.fields["strength_days"].help_text = (
            f"We ticked {sessions_per_week} days, as you asked. Tick {fewest} to {most} days "
            "that suit you; leave a rest day between them where you can: muscles get stronger "
            "while they recover."
        )
        self.fields["start_date"].widget.attrs.update(
            min=today.isoformat(), max=(today + timedelta(days=START_WITHIN_DAYS)).isoformat()
        )
        if not has_current:
            del self.fields["replace_current"]
        else:
            self.fields["replace_current"].required = True
            self.fields["replace_current"].error_messages["required"] = (
                "Tick this box to replace your current program, or keep following it."
            )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_start_date(self) -> date:
        start = self.cleaned_data["start_date"]
        if start < self.today:
            raise forms.ValidationError("Choose today or a day in the future.")
        if start > self.today + timedelta(days=START_WITHIN_DAYS):
            raise forms.ValidationError(f"Choose a day within the next {START_WITHIN_DAYS} days.")
        return start

    def clean_strength_days(self) -> list[int]:
        chosen, refusal = strength_days_refusal(self.cleaned_data["strength_days"])
        if refusal is not None:
            raise forms.ValidationError(refusal)
        return chosen


class ExerciseLogForm(forms.Form):
    """What was done for one exercise; prefilled with the prescribed dose."""

    skipped = forms.BooleanField(label="I did not do this exercise", required=False)
    sets_done = forms.IntegerField(
        label="Sets done",
        min_value=0,
        max_value=20,
        error_messages=_whole_number(
            "the sets you did", 0, 20, missing="Enter how many sets you did (0 if none)."
        ),
    )
    reps_done = forms.IntegerField(
        label="Reps per set",
        min_value=0,
        max_value=200,
        error_messages=_whole_number(
            "the reps per set", 0, 200, missing="Enter how many reps you did in each set."
        ),
    )
    hold_seconds_done = forms.IntegerField(
        label="Hold per rep (seconds)",
        min_value=0,
        max_value=600,
        error_messages=_whole_number(
            "the hold in seconds", 0, 600, missing="Enter how many seconds you held each one."
        ),
    )
    pain_during = _pain_scale(
        "Pain during (0 = none, 10 = worst imaginable)", "your pain during this exercise"
    )
    difficulty = forms.ChoiceField(
        label="How did it feel?",
        choices=ExerciseLog.Difficulty.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how hard it felt.",
            "invalid_choice": "Choose how hard it felt.",
        },
    )
    band_or_load = forms.CharField(
        label="Band or load (optional)",
        max_length=60,
        required=False,
        help_text="For example: medium band, 4 kg.",
    )
    note = forms.CharField(
        label="Note (optional)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, card: ExerciseCard, logged: ExerciseLog | None = None, **kwargs):
        self.card = card
        self.logged = logged
        if logged is not None:
            initial = {
                "sets_done": logged.sets_done,
                "reps_done": logged.reps_done,
                "hold_seconds_done": logged.hold_seconds_done,
                "pain_during": logged.pain_during,
                "difficulty": logged.difficulty,
                "band_or_load": logged.band_or_load,
                "note": logged.note,
            }
        else:
            initial = {
                "sets_done": card.sets,
                "reps_done": card.reps,
                "hold_seconds_done": card.hold_seconds,
            }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, prefix=card.code, **kwargs)
        if card.by_reps:
            del self.fields["hold_seconds_done"]
            if card.per_side:
                self.fields["reps_done"].label = "Reps per set (each side)"
        else:
            del self.fields["reps_done"]
            self.fields["hold_seconds_done"].label = "Hold (seconds)"
        if logged is not None:
            # Spec section 6: an exercise logged as not done (0 sets) stays "not done"; a logged
            # one can be corrected to "not done" too.
            self.fields["skipped"].initial = not logged.is_done
            if not logged.is_done:
                self.initial.update(
                    sets_done=card.sets, reps_done=card.reps, hold_seconds_done=card.hold_seconds
                )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        dose_fields = ["sets_done", "reps_done" if card.by_reps else "hold_seconds_done"]
        self.helper.layout = Layout(
            "skipped",
            Div(
                *[Div(Field(name), css_class="col-6") for name in dose_fields],
                css_class="row g-2",
            ),
            InlineRadios("pain_during", wrapper_class="tap-scale"),
            InlineRadios("difficulty", wrapper_class="tap-scale"),
            "band_or_load",
            "note",
        )

    def _posted_not_done(self) -> bool:
        """Ticked "I did not do this exercise", or 0 sets (or 0 reps or seconds) entered: not
        done (spec section 6), so nothing else is asked."""
        if self.data.get(self.add_prefix("skipped")) in ("on", "true", "1"):
            return True
        dose = ("sets_done", "reps_done" if self.card.by_reps else "hold_seconds_done")
        return any(str(self.data.get(self.add_prefix(name), "")).strip() == "0" for name in dose)

    def full_clean(self) -> None:
        # An exercise not done needs nothing else: don't report missing pain or difficulty.
        if self.is_bound and self._posted_not_done():
            for name, item in self.fields.items():
                if name != "skipped":
                    item.required = False
        super().full_clean()

    @property
    def is_skipped(self) -> bool:
        return bool(self.cleaned_data.get("skipped")) if hasattr(self, "cleaned_data") else False

    def entry_values(self) -> dict:
        data = self.cleaned_data
        if self.is_skipped:
            # Kept as a log with 0 sets: "not done" for adherence and progression alike.
            return {
                "code": self.card.code,
                "sets_done": 0,
                "reps_done": 0 if self.card.by_reps else None,
                "hold_seconds_done": None if self.card.by_reps else 0,
                "pain_during": data.get("pain_during") or 0,
                "difficulty": data.get("difficulty") or "easy",
                "band_or_load": "",
                "note": data.get("note", ""),
            }
        return {
            "code": self.card.code,
            "sets_done": data.get("sets_done") or 0,
            "reps_done": data.get("reps_done") or (0 if self.card.by_reps else None),
            "hold_seconds_done": data.get("hold_seconds_done")
            or (None if self.card.by_reps else 0),
            # Asked only of an exercise done (0 sets is not done: nothing else is asked).
            "pain_during": data.get("pain_during") or 0,
            "difficulty": data.get("difficulty") or "easy",
            "band_or_load": data.get("band_or_load", ""),
            "note": data.get("note", ""),
        }


class CheckInForm(forms.Form):
    pain_now = _pain_scale(
        "Knee pain right now (0 = none, 10 = worst imaginable)", "your knee pain right now"
    )
    swelling = forms.ChoiceField(
        label="Any new swelling?",
        choices=CheckIn.Swelling.choices,
        initial=CheckIn.Swelling.NONE,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether your knee has any new swelling.",
            "invalid_choice": "Choose whether your knee has any new swelling.",
        },
    )
    giving_way = forms.BooleanField(label="My knee gave way or buckled", required=False)
    locking = forms.BooleanField(
        label="My knee locked (got stuck and would not straighten)", required=False
    )
    hot_red_knee = forms.BooleanField(label="My knee is hot, red and swollen", required=False)
    fever_or_unwell = forms.BooleanField(
        label="I have a fever or feel generally unwell", required=False
    )
    cannot_bear_weight = forms.BooleanField(
        label="I cannot take 4 steps on this leg", required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            InlineRadios("pain_now", wrapper_class="tap-scale"),
            InlineRadios("swelling", wrapper_class="tap-scale"),
            Fieldset(
                "Since the session, has any of this happened?",
                "giving_way",
                "locking",
                "hot_red_knee",
                "fever_or_unwell",
                "cannot_bear_weight",
                css_class="checkin-signs",
            ),
        )


class ResumeForm(ClinicianClearanceForm):
    """Who cleared the client to exercise again, and when (spec section 8)."""

    cleared = forms.BooleanField(
        label="A clinician has examined my knee and cleared me to exercise again",
        error_messages={"required": "Tick this box once a clinician has cleared you."},
    )
    note = forms.CharField(
        label="What did they say? (optional)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: carry on, but stop the lunges if the knee swells again.",
    )


# --- the reassessment --------------------------------------------------------------------------
#
# The reassessment asks its items exactly as the questionnaire does: the same fields (wording,
# controls, "I didn't do this test" and skip options) and the same how-to and safety texts, taken
# from ``assessments.forms`` and ``assessments.steps`` so the two cannot drift apart and a
# follow-up answer means what the baseline answer meant. Validation of the clinical content is
# the engine's ``ReassessmentAnswers``, and its messages are shown next to the item they concern.

GLOBAL_RATING_CHOICES = [
    ("much_better", "Much better"),
    ("better", "Better"),
    ("same", "About the same"),
    ("worse", "Worse"),
    ("much_worse", "Much worse"),
]

# Spec section 9, in the order a person does them; each is asked as in the questionnaire.
QUESTIONNAIRE_ITEMS = (
    "pain_now",
    "pain_worst_week",
    "single_leg_squat_left",
    "single_leg_squat_right",
    "squat_knees_cave",
    "hip_drop_left",
    "hip_drop_right",
    "difficulty_stairs",
    "difficulty_squatting",
    "difficulty_sitting_long",
    "difficulty_running",
    "difficulty_kneeling",
)
GLOBAL_RATING = "global_rating_of_change"


def _questionnaire_group(item: str) -> Group:
    """The questionnaire's group (title, how-to, what to look for, safety) that asks ``item``."""
    for step in STEPS:
        for group in step.groups:
            if item in group.items:
                return group
    raise LookupError(f"No questionnaire step asks {item!r}.")


def _only(group: Group, items: tuple[str, ...], **changes: str) -> Group:
    """A questionnaire group narrowed to the items the reassessment asks."""
    return replace(group, items=tuple(i for i in group.items if i in items), **changes)


GROUPS: tuple[Group, ...] = (
    _only(
        _questionnaire_group("pain_now"),
        QUESTIONNAIRE_ITEMS,
        intro="The same pain questions as when you started, so the two can be compared.",
    ),
    # The movement step's own introduction: read each test first, skip any you cannot do safely.
    replace(_questionnaire_group("single_leg_squat_left"), intro=STEP_BY_SLUG["movement"].intro),
    _questionnaire_group("squat_knees_cave"),
    _questionnaire_group("hip_drop_left"),
    _only(
        _questionnaire_group("difficulty_stairs"),
        QUESTIONNAIRE_ITEMS,
        intro=(
            "How hard are these for you now because of your knee? Skip any that do not apply "
            "to you."
        ),
    ),
    Group(title="Overall", items=(GLOBAL_RATING,)),
)


GOAL = "goal_activities"


def _goal_score_field(activity: str) -> forms.IntegerField:
    within = f"Enter a whole number from {GOAL_SCORE_LOW} to {GOAL_SCORE_HIGH}, or leave it empty."
    return forms.IntegerField(
        label=f"{activity} (score {GOAL_SCORE_LOW} to {GOAL_SCORE_HIGH})",
        required=False,
        min_value=GOAL_SCORE_LOW,
        max_value=GOAL_SCORE_HIGH,
        error_messages={"invalid": within, "min_value": within, "max_value": within},
        widget=forms.NumberInput(
            attrs={"step": 1, "inputmode": "numeric", "class": "input-number"}
        ),
    )


class ReassessmentForm(forms.Form):
    """The short form of spec section 9, grouped and explained as the questionnaire is.

    ``goal_activities`` are the client's own activities from the baseline (their words, read
    only): each is asked a new score, stored under the same words so that the engine compares
    the same activities (spec section 9).
    """

    def __init__(self, *args: Any, goal_activities: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goal_activities = tuple(goal_activities)
        self.goal_fields = tuple(
            f"goal_score_{number}" for number in range(1, len(self.goal_activities) + 1)
        )
        for name, activity in zip(self.goal_fields, self.goal_activities, strict=True):
            self.fields[name] = _goal_score_field(activity)
        for group in GROUPS:
            for item in group.items:
                if item != GLOBAL_RATING:
                    self.fields[item] = questionnaire_field(item)
        self.fields[GLOBAL_RATING] = forms.ChoiceField(
            label="Overall, how is your knee compared with when you started the program?",
            choices=GLOBAL_RATING_CHOICES,
            widget=forms.RadioSelect,
            error_messages={"required": "Choose how your knee is overall compared with the start."},
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def grouped_fields(self) -> list[tuple[Group, list[forms.BoundField]]]:
        """(group, bound fields) pairs for the template, as the questionnaire's steps show them."""
        groups = list(GROUPS)
        if self.goal_fields:
            goals = Group(
                title="Your own goals",
                intro=(
                    "The activities you chose at the start, in your own words. How well can you "
                    f"do each one now? {GOAL_SCORE_WORDS} Leave one empty to skip it."
                ),
                items=self.goal_fields,
            )
            groups.insert(len(groups) - 1, goals)  # before "Overall"
        return [(group, [self[item] for item in group.items]) for group in groups]

    def answers(self) -> dict[str, Any]:
        """The answers as the engine expects them; untested and unanswered items are left out."""
        answers: dict[str, Any] = {}
        for item in QUESTIONNAIRE_ITEMS:
            value = item_value(item, self.cleaned_data.get(item))
            if value is not None:
                answers[item] = value
        goals = [
            {"activity": activity, "score": self.cleaned_data[name]}
            for name, activity in zip(self.goal_fields, self.goal_activities, strict=True)
            if self.cleaned_data.get(name) is not None
        ]
        if goals:
            answers[GOAL] = goals
        answers[GLOBAL_RATING] = self.cleaned_data[GLOBAL_RATING]
        return answers

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            self.validated = ReassessmentAnswers.model_validate(self.answers())
        except ValidationError as exc:
            for error in exc.errors():
                item = str(error["loc"][0]) if error["loc"] else None
                if item == GOAL and len(error["loc"]) > 1 and isinstance(error["loc"][1], int):
                    scored = [name for name in self.goal_fields if cleaned.get(name) is not None]
                    item = scored[error["loc"][1]] if error["loc"][1] < len(scored) else None
                self.add_error(item if item in self.fields else None, error["msg"])
        return cleaned
