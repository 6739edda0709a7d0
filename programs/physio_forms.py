"""Forms of the physiotherapist workspace. Every change to a program asks for a reason, because
the client reads it ("Your physiotherapist changed ... because ...")."""

from __future__ import annotations

from collections.abc import Iterable

from crispy_forms.helper import FormHelper
from django import forms

from programs.engine import library
from programs.physio import level_choices
from programs.scheduling import WEEKDAY_NAMES

REASON_HELP = (
    'The client reads it as "Your physiotherapist changed … because <your reason>", so '
    'finish that sentence, for example "your knee settled well at this level".'
)


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


def reason_field(label: str = "Reason") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=1000,
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Give a reason: the client will see it."},
    )


class _Base(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class CaseloadFilterForm(_Base):
    q = forms.CharField(label="Search by name or username", required=False, max_length=100)
    open_flags = forms.BooleanField(label="Open flags only", required=False)
    adherence_below = forms.IntegerField(
        label="Adherence below (%)",
        required=False,
        min_value=1,
        max_value=100,
        help_text="Sessions logged in the last 14 days.",
    )
    paused = forms.BooleanField(label="Paused programs only", required=False)


class FlagAcknowledgeForm(_Base):
    note = forms.CharField(
        label="Note",
        max_length=2000,
        help_text="What you have done or advised, for example 'Phoned: booked a review on Friday'.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write a short note to acknowledge the flag."},
    )


class ReasonForm(_Base):
    reason = reason_field()


class LevelForm(_Base):
    level = forms.TypedChoiceField(label="New level", coerce=int)
    reason = reason_field()

    def __init__(self, *args, code: str, equipment: Iterable[str], current: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [
            (number, label + (" (current)" if number == current else ""))
            for number, label in level_choices(code, equipment)
        ]
        self.fields[
            "level"
        ].help_text = "Only the levels this client can do with their equipment are listed."


class DoseForm(_Base):
    sets = forms.IntegerField(label="Sets", required=False, min_value=1, max_value=10)
    reps = forms.IntegerField(
        label="Repetitions per set", required=False, min_value=1, max_value=50
    )
    hold_seconds = forms.IntegerField(
        label="Hold (seconds)", required=False, min_value=1, max_value=120
    )
    reason = reason_field()

    def __init__(self, *args, usual: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("sets", "reps", "hold_seconds"):
            value = usual.get(name)
            self.fields[name].help_text = (
                f"Usual for this level: {value}. Leave empty for the usual dose."
                if value
                else "None at this level. Leave empty to keep it that way."
            )


class AddExerciseForm(_Base):
    exercise = forms.ChoiceField(label="Exercise and starting level")
    reason = reason_field()

    def __init__(self, *args, equipment: Iterable[str], exclude: Iterable[str], **kwargs):
        super().__init__(*args, **kwargs)
        equipment = list(equipment)
        excluded = set(exclude)
        groups = []
        for item in library.exercises:
            if item.code in excluded:
                continue
            groups.append(
                (
                    item.name,
                    [
                        (f"{item.code}:{number}", label)
                        for number, label in level_choices(item.code, equipment)
                    ],
                )
            )
        self.fields["exercise"].choices = [("", "Choose an exercise and level"), *groups]
        if not groups:
            self.fields["exercise"].help_text = "Every exercise of the library is already in use."

    def clean_exercise(self) -> tuple[str, int]:
        code, _, level = self.cleaned_data["exercise"].partition(":")
        return code, int(level)


class StrengthDaysForm(_Base):
    days = forms.TypedMultipleChoiceField(
        label="Strength days",
        coerce=int,
        choices=list(enumerate(WEEKDAY_NAMES)),
        widget=forms.CheckboxSelectMultiple,
        help_text="2 to 4 days; leave a rest day between strength days where you can.",
        error_messages={"required": "Choose 2 to 4 strength days."},
    )
    reason = reason_field()


class NoteForm(_Base):
    body = forms.CharField(
        label="Private clinical note",
        max_length=8000,
        help_text="Only physiotherapists linked to this client can read notes; the client cannot.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write the note before saving."},
    )


class MessageForm(_Base):
    body = forms.CharField(
        label="Message to the client",
        max_length=4000,
        help_text="Shown on the client's Today page.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write the message before sending."},
    )
