"""Forms for the reassessment and the client's account settings.

The reassessment form only collects and labels answers; validation of the clinical content is the
engine's ``ReassessmentAnswers`` (the same model the API would use), and its messages are shown
next to the item they concern.
"""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from pydantic import ValidationError

from accounts.models import User
from programs.engine.answers import ReassessmentAnswers

NOT_TESTED = "not_tested"

GRADE_CHOICES = [
    ("none", "Knee stays over the second toe"),
    ("slight", "Knee drifts to the inside of the big toe"),
    ("marked", "Knee clearly collapses inside the big toe, or I lose my balance"),
    (NOT_TESTED, "I did not do this test"),
]
HIP_DROP_CHOICES = [
    ("no", "No: my hips stayed level for 30 seconds"),
    ("yes", "Yes: the other hip dropped, or I could not hold 30 seconds"),
    (NOT_TESTED, "I did not do this test"),
]
DIFFICULTY_CHOICES = [
    ("", "Not answered"),
    ("0", "0: no difficulty"),
    ("1", "1: a little difficulty"),
    ("2", "2: moderate difficulty"),
    ("3", "3: a lot of difficulty"),
    ("4", "4: unable"),
]
GLOBAL_RATING_CHOICES = [
    ("much_better", "Much better"),
    ("better", "Better"),
    ("same", "About the same"),
    ("worse", "Worse"),
    ("much_worse", "Much worse"),
]

GRADE_ITEMS = ("single_leg_squat_left", "single_leg_squat_right", "squat_knees_cave")
HIP_DROP_ITEMS = ("hip_drop_left", "hip_drop_right")
FUNCTION_FIELDS = (
    ("difficulty_stairs", "Going up or down stairs"),
    ("difficulty_squatting", "Squatting"),
    ("difficulty_sitting_long", "Sitting for a long time with the knees bent"),
    ("difficulty_running", "Running"),
    ("difficulty_kneeling", "Kneeling"),
)

SELF_TEST_SAFETY = """
<div class="how-to mb-3">
  <p class="fw-semibold mb-1">Before the movement tests</p>
  <ul class="mb-0 small">
    <li>Stand next to a wall or a sturdy chair you can hold if you lose your balance.</li>
    <li>Do them barefoot on a non-slip floor, facing a mirror if you can.</li>
    <li>Stop a test if it hurts more than 5 out of 10 or feels unsafe, and choose
      "I did not do this test": a test you skip never counts against you.</li>
  </ul>
</div>
"""


def _pain_field(label: str, help_text: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=10,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter a number from 0 to 10.",
            "invalid": "Enter a whole number from 0 to 10.",
            "min_value": "Enter a number from 0 to 10.",
            "max_value": "Enter a number from 0 to 10.",
        },
    )


class ReassessmentForm(forms.Form):
    """The short form of spec section 9, in the order a person does it."""

    pain_now = _pain_field(
        "Pain in your knee right now",
        "0 = no pain, 10 = the worst pain you can imagine.",
    )
    pain_worst_week = _pain_field(
        "Worst knee pain in the last 7 days", "0 = no pain, 10 = the worst pain you can imagine."
    )
    single_leg_squat_left = forms.ChoiceField(
        label="Single-leg squat on your left leg",
        choices=GRADE_CHOICES,
        initial=NOT_TESTED,
        required=False,
        widget=forms.RadioSelect,
        help_text="Arms crossed, 5 slow squats to about a quarter of the way down, watching the "
        "left knee in the mirror.",
    )
    single_leg_squat_right = forms.ChoiceField(
        label="Single-leg squat on your right leg",
        choices=GRADE_CHOICES,
        initial=NOT_TESTED,
        required=False,
        widget=forms.RadioSelect,
        help_text="The same on the right leg.",
    )
    squat_knees_cave = forms.ChoiceField(
        label="Ordinary squat on both legs",
        choices=GRADE_CHOICES,
        initial=NOT_TESTED,
        required=False,
        widget=forms.RadioSelect,
        help_text="Feet hip-width apart, 5 slow squats as if sitting onto a chair.",
    )
    hip_drop_left = forms.ChoiceField(
        label="Standing on your left leg for 30 seconds: did your right hip drop?",
        choices=HIP_DROP_CHOICES,
        initial=NOT_TESTED,
        required=False,
        widget=forms.RadioSelect,
        help_text="Hands on your hips, lift the right foot a little, look at your hands in the "
        "mirror.",
    )
    hip_drop_right = forms.ChoiceField(
        label="Standing on your right leg for 30 seconds: did your left hip drop?",
        choices=HIP_DROP_CHOICES,
        initial=NOT_TESTED,
        required=False,
        widget=forms.RadioSelect,
    )
    global_rating_of_change = forms.ChoiceField(
        label="Overall, how is your knee compared with when you started the program?",
        choices=GLOBAL_RATING_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how your knee is overall compared with the start."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in FUNCTION_FIELDS:
            self.fields[name] = forms.ChoiceField(
                label=label, choices=DIFFICULTY_CHOICES, required=False
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset("Pain", "pain_now", "pain_worst_week"),
            Fieldset(
                "Movement self-tests",
                HTML(SELF_TEST_SAFETY),
                *GRADE_ITEMS,
                *HIP_DROP_ITEMS,
            ),
            Fieldset(
                "Daily activities: how much difficulty did your knee give you this week?",
                *(name for name, _ in FUNCTION_FIELDS),
            ),
            Fieldset("Overall", "global_rating_of_change"),
        )

    def answers(self) -> dict[str, Any]:
        """The answers as the engine expects them; untested and unanswered items are left out."""
        data = self.cleaned_data
        answers: dict[str, Any] = {
            "pain_now": data["pain_now"],
            "pain_worst_week": data["pain_worst_week"],
            "global_rating_of_change": data["global_rating_of_change"],
        }
        for name in GRADE_ITEMS:
            if data.get(name) and data[name] != NOT_TESTED:
                answers[name] = data[name]
        for name in HIP_DROP_ITEMS:
            if data.get(name) in {"yes", "no"}:
                answers[name] = data[name] == "yes"
        for name, _ in FUNCTION_FIELDS:
            if data.get(name) not in (None, ""):
                answers[name] = int(data[name])
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
                self.add_error(item if item in self.fields else None, error["msg"])
        return cleaned


class AccountSettingsForm(forms.ModelForm):
    """Name, email and reminders; the role and the calendar secret are never editable here."""

    email = forms.EmailField(
        label="Email",
        help_text="Used for password resets and, if you want them, reminders.",
    )

    class Meta:
        model = User
        fields = ("first_name", "last_name", "email", "reminders_enabled")
        labels = {
            "first_name": "First name",
            "last_name": "Last name",
            "reminders_enabled": "Email me a reminder when yesterday's exercises were not logged",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not (self.instance and self.instance.is_client):
            del self.fields["reminders_enabled"]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        taken = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists()
        if taken:
            raise forms.ValidationError("Another account already uses this email address.")
        return email
