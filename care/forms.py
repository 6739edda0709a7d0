"""Forms of the physiotherapist's workspace and of the client's sharing pages.

Every change to a program asks for a reason, because the client reads it ("Your physiotherapist
changed ... because ...").
"""

from __future__ import annotations

from collections.abc import Iterable

from crispy_forms.helper import FormHelper
from django import forms

from accounts.care_events import CareEvent
from assessments.forms import ClinicianClearanceForm
from care.errors import InvitationError
from care.notification_models import NotificationPreferences
from care.selectors.review import level_choices
from care.selectors.sharing import invitation_lookup, normalise_code
from care.services.adjustments import DOSE_LIMITS
from programs.engine import library, load_rules
from programs.forms import ProgramStartForm
from programs.models import MESSAGE_MAX_LENGTH
from programs.policy import strength_days_range
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
        label="Adherence below (%)", required=False, min_value=1, max_value=100
    )
    paused = forms.BooleanField(label="Paused programs only", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = load_rules().thresholds.adherence_window_days
        self.fields["adherence_below"].help_text = f"Sessions logged in the last {days} days."


def _shared_field() -> forms.BooleanField:
    return forms.BooleanField(
        label="Show this note to the client",
        required=False,
        help_text="Not ticked: only you and other clinicians linked to the client read the note; "
        "the client reads that their physiotherapist has seen the flag. Ticked: the client "
        "also reads the note, word for word.",
    )


class FlagAcknowledgeForm(_Base):
    note = forms.CharField(
        label="Note",
        max_length=2000,
        help_text="What you have done or advised, for example 'Phoned: booked a review on Friday'.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write a short note to acknowledge the flag."},
    )
    shared = _shared_field()


class FlagResolveForm(_Base):
    note = forms.CharField(
        label="Why is it resolved?",
        max_length=2000,
        help_text="A short note for the record, for example 'Reviewed in clinic: knee settled'.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write a short note saying why the flag is resolved."},
    )
    shared = _shared_field()


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
    sets = forms.IntegerField(
        label="Sets", required=False, min_value=1, max_value=DOSE_LIMITS["sets"]
    )
    reps = forms.IntegerField(
        label="Repetitions per set", required=False, min_value=1, max_value=DOSE_LIMITS["reps"]
    )
    hold_seconds = forms.IntegerField(
        label="Hold (seconds)",
        required=False,
        min_value=1,
        max_value=DOSE_LIMITS["hold_seconds"],
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


class FrequencyForm(_Base):
    frequency = forms.ChoiceField(
        label="When the client does it",
        choices=[("strength", "On strength days"), ("daily", "Every day")],
        widget=forms.RadioSelect,
    )
    reason = reason_field()


class LibrarySearchForm(forms.Form):
    q = forms.CharField(
        label="Search the library",
        required=False,
        max_length=100,
        help_text="A name, a muscle or a word of the cue, for example “hip” or “band”.",
    )


class TemplateSaveForm(_Base):
    name = forms.CharField(
        label="Template name",
        max_length=100,
        help_text="Only you see your templates, for example “Hip control, band at home”.",
        error_messages={"required": "Give the template a name."},
    )


class TemplateApplyForm(_Base):
    template = forms.ModelChoiceField(
        label="Template",
        queryset=None,
        empty_label="Choose one of your templates",
        error_messages={
            "required": "Choose one of your templates.",
            "invalid_choice": "Choose one of your templates.",
        },
    )
    reason = reason_field()

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        if not templates.exists():
            self.fields["template"].help_text = (
                "You have no templates yet: open a client's page and choose “Save as a "
                "template” under Program."
            )


class StrengthDaysForm(_Base):
    days = forms.TypedMultipleChoiceField(
        label="Strength days",
        coerce=int,
        choices=list(enumerate(WEEKDAY_NAMES)),
        widget=forms.CheckboxSelectMultiple,
    )
    reason = reason_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fewest, most = strength_days_range()
        field = self.fields["days"]
        field.help_text = (
            f"{fewest} to {most} days; leave a rest day between strength days where you can."
        )
        field.error_messages["required"] = f"Choose {fewest} to {most} strength days."


class NoteForm(_Base):
    body = forms.CharField(
        label="Private clinical note",
        max_length=8000,
        help_text="Only physiotherapists linked to this client can read notes; the client cannot.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write the note before saving."},
    )


MESSAGE_HELP = (
    "Plain text, up to {limit} characters. Only you and {reader} can read the conversation."
)


def message_field(label: str, reader: str) -> forms.CharField:
    """A message box: plain text with a length limit the page counts down (static/js/app.js;
    without JavaScript the help text states the limit and the server refuses a longer one)."""
    return forms.CharField(
        label=label,
        max_length=MESSAGE_MAX_LENGTH,
        help_text=MESSAGE_HELP.format(limit=f"{MESSAGE_MAX_LENGTH:,}", reader=reader),
        widget=forms.Textarea(attrs={"rows": 3, "data-counter": ""}),
        error_messages={"required": "Write the message before sending."},
    )


class MessageForm(_Base):
    body = message_field("Message to the client", "the client")

    def __init__(self, *args, client_name: str = "the client", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["body"]
        field.label = f"Message to {client_name}"
        field.help_text = (
            MESSAGE_HELP.format(limit=f"{MESSAGE_MAX_LENGTH:,}", reader=client_name)
            + " They also see your latest messages on their Today page."
        )


class ReplyForm(forms.Form):
    body = message_field("Your message", "your physiotherapist")

    def __init__(self, *args, physio_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["body"]
        field.label = f"Your message to {physio_name}"
        field.help_text = (
            MESSAGE_HELP.format(limit=f"{MESSAGE_MAX_LENGTH:,}", reader=physio_name)
            + " For anything urgent, phone them or seek care: messages may not be read at once."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False


class ClinicProgramStartForm(ProgramStartForm):
    """The client's own start form, worded for the physiotherapist starting it with them."""

    def __init__(self, *args, client_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        fewest, most = strength_days_range()
        self.fields["strength_days"].help_text = (
            f"{self.sessions_per_week} days ticked, as answered. Tick {fewest} to {most} days "
            "that suit the client, with a rest day between them where possible."
        )
        if "replace_current" in self.fields:
            field = self.fields["replace_current"]
            field.label = f"Replace {client_name}'s current program (it stays in their history)"
            field.error_messages["required"] = (
                "Tick this box to replace the current program, or keep it."
            )


class NotificationPreferencesForm(forms.ModelForm):
    """One choice per kind of event: at once, in the daily digest, or off."""

    class Meta:
        model = NotificationPreferences
        fields = [kind.value for kind in CareEvent.Kind]
        widgets = {kind.value: forms.RadioSelect for kind in CareEvent.Kind}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.label = CareEvent.Kind(name).label
            field.choices = [choice for choice in field.choices if choice[0]]
        self.helper = _helper()


# --- the client's sharing pages ----------------------------------------------------------------


class InvitationCodeForm(forms.Form):
    code = forms.CharField(
        label="Invitation code",
        max_length=20,
        help_text=(
            "The 8-character code your physiotherapist gave you, for example K7QM3XPA. "
            "Capital or small letters, with or without spaces, are fine."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        try:
            invitation_lookup(code)
        except InvitationError as error:
            raise forms.ValidationError(str(error)) from None
        return normalise_code(code)


class ConsentForm(forms.Form):
    agree = forms.BooleanField(
        required=True,
        label="I agree to share the information listed above with this physiotherapist.",
        error_messages={"required": "Tick this box to confirm that you agree to share."},
    )

    def __init__(self, *args, physio_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if physio_name:
            self.fields[
                "agree"
            ].label = f"I agree to share the information listed above with {physio_name}."
        self.helper = FormHelper()
        self.helper.form_tag = False


class ClinicClearanceForm(ClinicianClearanceForm):
    """The physiotherapist records who cleared their client to exercise, and when (the same
    rules as the client's own record, worded for the physiotherapist)."""

    confirmed = forms.BooleanField(
        label="I confirm a clinician has examined the knee and cleared the client to exercise",
        error_messages={
            "required": "Tick this box only once a clinician has examined the knee and "
            "cleared the client to exercise."
        },
    )

    def __init__(self, *args, client_name: str = "the client", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clinician_name"].label = "Name of the clinician who cleared them"
        self.fields["clinician_name"].help_text = "You, or the clinician who examined the knee."
        self.fields["clinician_name"].error_messages["required"] = (
            "Enter the name of the clinician who cleared them."
        )
        self.fields["clinician_role"].error_messages["required"] = (
            "Choose the clinician's role: doctor, physiotherapist, orthopaedic specialist, "
            "emergency department or other."
        )
        self.fields["seen_on"].label = f"Date {client_name} was seen"
        self.fields["seen_on"].error_messages.update(
            {
                "required": f"Enter the date {client_name} was seen.",
                "invalid": "Enter the date as a date, for example 2026-03-14.",
            }
        )
