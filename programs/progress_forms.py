"""Forms for the reassessment and the client's account settings.

The reassessment asks its items exactly as the questionnaire does: the same fields (wording,
controls, "I didn't do this test" and skip options) and the same how-to and safety texts, taken
from ``assessments.forms`` and ``assessments.steps`` so the two cannot drift apart and a follow-up
answer means what the baseline answer meant. Validation of the clinical content is the engine's
``ReassessmentAnswers``, and its messages are shown next to the item they concern.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from pydantic import ValidationError

from accounts.models import User
from assessments.forms import item_value, questionnaire_field
from assessments.steps import STEP_BY_SLUG, STEPS, Group
from programs.engine.answers import ReassessmentAnswers

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


class ReassessmentForm(forms.Form):
    """The short form of spec section 9, grouped and explained as the questionnaire is."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
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
        return [(group, [self[item] for item in group.items]) for group in GROUPS]

    def answers(self) -> dict[str, Any]:
        """The answers as the engine expects them; untested and unanswered items are left out."""
        answers: dict[str, Any] = {}
        for item in QUESTIONNAIRE_ITEMS:
            value = item_value(item, self.cleaned_data.get(item))
            if value is not None:
                answers[item] = value
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
