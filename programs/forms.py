"""Forms for starting a program, logging a session, the morning check-in and resuming.

Each form validates what a person typed and keeps it on error; the services make the decisions.
"""

from __future__ import annotations

from datetime import date, timedelta

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms

from programs import scheduling
from programs.models import CheckIn, ExerciseLog
from programs.selectors import ExerciseCard

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
        help_text="Leave a rest day between strength days where you can: muscles get "
        "stronger while they recover.",
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
        self.fields["strength_days"].label = f"Strength days ({sessions_per_week} a week)"
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
        try:
            return scheduling.validate_strength_days(
                self.cleaned_data["strength_days"], self.sessions_per_week
            )
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


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
            # A logged exercise can be corrected, not un-logged.
            del self.fields["skipped"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        dose_fields = ["sets_done", "reps_done" if card.by_reps else "hold_seconds_done"]
        self.helper.layout = Layout(
            *(["skipped"] if logged is None else []),
            Div(
                *[Div(Field(name), css_class="col-6") for name in dose_fields],
                css_class="row g-2",
            ),
            InlineRadios("pain_during", wrapper_class="tap-scale"),
            InlineRadios("difficulty", wrapper_class="tap-scale"),
            "band_or_load",
            "note",
        )

    def full_clean(self) -> None:
        # A skipped exercise needs nothing else: don't report missing pain or difficulty.
        if self.is_bound and self.data.get(self.add_prefix("skipped")) in ("on", "true", "1"):
            for name, item in self.fields.items():
                if name != "skipped":
                    item.required = False
        super().full_clean()

    @property
    def is_skipped(self) -> bool:
        return bool(self.cleaned_data.get("skipped")) if hasattr(self, "cleaned_data") else False

    def entry_values(self) -> dict:
        data = self.cleaned_data
        return {
            "code": self.card.code,
            "sets_done": data["sets_done"],
            "reps_done": data.get("reps_done"),
            "hold_seconds_done": data.get("hold_seconds_done"),
            "pain_during": data["pain_during"],
            "difficulty": data["difficulty"],
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


class ResumeForm(forms.Form):
    cleared = forms.BooleanField(
        label="A clinician has examined my knee and cleared me to exercise again",
        error_messages={"required": "Tick this box once a clinician has cleared you."},
    )
    reason = forms.CharField(
        label="Who cleared you, and what did they say?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: my GP examined my knee on Tuesday and said I can carry on.",
        error_messages={"required": "Tell us who cleared you and what they said."},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
