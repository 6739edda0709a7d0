"""One Django form per questionnaire step; cleaned data maps 1:1 to the spec's item ids.

Ranges and choices are read from ``programs.engine.Answers`` so the browser, the form and the
engine agree on one definition. Optional yes/no items are tri-state: "not sure" or "I didn't do
this test" clean to ``None`` (not answered), never to ``False`` and never to a positive sign.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from annotated_types import Ge, Le
from crispy_forms.helper import FormHelper
from django import forms
from django.utils.datastructures import MultiValueDict

from assessments.models import Clearance
from assessments.presentation import DIFFICULTY_WORDS
from assessments.steps import STEP_BY_SLUG, Step
from programs.engine.answers import (
    ACTIVITY_LEVELS,
    AGGRAVATORS,
    EQUIPMENT,
    FOOTPRINTS,
    GOAL_ACTIVITIES_MAX,
    GRADES,
    PAIN_LOCATIONS,
    SEXES,
    SIDES,
    SWELLINGS,
    Answers,
    GoalActivity,
)

REQUIRED_MESSAGE = "Please answer this question."
NOT_SURE = "not_sure"
NOT_DONE = "not_done"


def _bounds(item: str) -> tuple[float | None, float | None]:
    low = high = None
    for constraint in Answers.model_fields[item].metadata:
        if isinstance(constraint, Ge):
            low = constraint.ge
        elif isinstance(constraint, Le):
            high = constraint.le
    return low, high


def _labelled(values: tuple[str, ...], labels: dict[str, str]) -> list[tuple[str, str]]:
    """Choices in the engine's order; a value the labels forgot fails loudly at import."""
    return [(value, labels[value]) for value in values]


class TriStateField(forms.ChoiceField):
    """Yes / No / not answered, where not answered cleans to ``None``."""

    widget = forms.RadioSelect

    def __init__(self, *, skip_label: str = "Not sure", **kwargs: Any) -> None:
        skip_value = NOT_DONE if skip_label.startswith("I didn't") else NOT_SURE
        kwargs.setdefault("required", False)
        super().__init__(choices=[("yes", "Yes"), ("no", "No"), (skip_value, skip_label)], **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if value is True:
            return "yes"
        if value is False:
            return "no"
        return value

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return value or None

    def clean(self, value: Any) -> bool | None:
        value = super().clean(value)
        if value == "yes":
            return True
        if value == "no":
            return False
        return None


class OptionalChoiceField(forms.ChoiceField):
    """A single choice with an explicit "skip" option that cleans to ``None``."""

    widget = forms.RadioSelect

    def __init__(self, *, choices: list[tuple[str, str]], skip_label: str, **kwargs: Any):
        kwargs.setdefault("required", False)
        super().__init__(choices=[*choices, (NOT_DONE, skip_label)], **kwargs)

    def clean(self, value: Any) -> str | None:
        value = super().clean(value)
        return None if value in ("", NOT_DONE) else value


def _range_messages(low: float | None, high: float | None, kind: str) -> dict[str, str]:
    within = f"{kind} from {low:g} to {high:g}."
    return {"min_value": within, "max_value": within, "invalid": within}


def _integer(item: str, label: str, *, required: bool = False, help_text: str = "") -> Any:
    low, high = _bounds(item)
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=low,
        max_value=high,
        help_text=help_text,
        error_messages=_range_messages(low, high, "Enter a whole number"),
        widget=forms.NumberInput(
            attrs={"step": 1, "inputmode": "numeric", "class": "input-number"}
        ),
    )


def _measure(item: str, label: str, *, unit: str, step: str = "0.5") -> Any:
    low, high = _bounds(item)
    return forms.FloatField(
        label=label,
        required=False,
        min_value=low,
        max_value=high,
        help_text=f"In {unit}, {low:g} to {high:g}. Leave empty if you didn't measure it.",
        error_messages=_range_messages(low, high, "Enter a number"),
        widget=forms.NumberInput(
            attrs={"step": step, "inputmode": "decimal", "class": "input-number"}
        ),
    )


def _pain(item: str, label: str) -> Any:
    return _integer(
        item,
        label,
        required=True,
        help_text="0 = no pain, 10 = the worst pain you can imagine.",
    )


def _grade(label: str) -> Any:
    return OptionalChoiceField(
        label=label,
        choices=_labelled(
            GRADES,
            {
                "none": "None: my knee stays over my 2nd toe",
                "slight": "Slight: my knee drifts to the inside of my big toe",
                "marked": "Marked: my knee clearly collapses inside my big toe, or I lose balance",
            },
        ),
        skip_label="I didn't do this test",
    )


def _test(label: str) -> Any:
    return TriStateField(label=label, skip_label="I didn't do this test")


def _difficulty(label: str) -> Any:
    return OptionalChoiceField(
        label=label,
        choices=[(str(score), f"{score}: {words}") for score, words in enumerate(DIFFICULTY_WORDS)],
        skip_label="Doesn't apply to me / skip",
    )


GOAL_SCORE_LOW, GOAL_SCORE_HIGH = (
    next(c.ge for c in GoalActivity.model_fields["score"].metadata if isinstance(c, Ge)),
    next(c.le for c in GoalActivity.model_fields["score"].metadata if isinstance(c, Le)),
)
GOAL_ACTIVITY_MAX_LENGTH = next(
    c.max_length
    for c in GoalActivity.model_fields["activity"].metadata
    if getattr(c, "max_length", None) is not None
)
GOAL_SCORE_WORDS = (
    f"{GOAL_SCORE_LOW} = unable to do it, {GOAL_SCORE_HIGH} = as well as before your knee problem."
)


@dataclass(frozen=True)
class GoalRow:
    """One row of the goal activities as the page shows it: what was typed, and its messages."""

    number: int
    activity_name: str
    score_name: str
    activity: str
    score: str
    activity_errors: tuple[str, ...]
    score_errors: tuple[str, ...]


def _goal_pairs(value: Any) -> list[tuple[str, str]]:
    """Rows of (activity, score) as text, from a post (pairs) or stored answers (dicts)."""
    pairs: list[tuple[str, str]] = []
    for entry in value or []:
        if isinstance(entry, dict):
            activity, score = entry.get("activity"), entry.get("score")
        elif isinstance(entry, list | tuple) and len(entry) == 2:
            activity, score = entry
        else:
            continue
        pairs.append(
            ("" if activity is None else str(activity), "" if score is None else str(score))
        )
    pairs = pairs[:GOAL_ACTIVITIES_MAX]
    return pairs + [("", "")] * (GOAL_ACTIVITIES_MAX - len(pairs))


class GoalActivitiesWidget(forms.Widget):
    """Up to three rows of an activity in the person's words and its 0-10 score.

    Posted as ``<name>-<n>-activity`` and ``<name>-<n>-score``; drawn by
    ``templates/assessments/_goal_activities_field.html`` (each row with its own labels and
    messages), not by crispy.
    """

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[tuple[str, str]]:
        return [
            (data.get(f"{name}-{n}-activity", ""), data.get(f"{name}-{n}-score", ""))
            for n in range(1, GOAL_ACTIVITIES_MAX + 1)
        ]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return not any(
            f"{name}-{n}-{part}" in data
            for n in range(1, GOAL_ACTIVITIES_MAX + 1)
            for part in ("activity", "score")
        )


class GoalActivitiesBoundField(forms.BoundField):
    """The goal activities with each message next to the box it is about."""

    is_goal_activities = True

    @property
    def rows(self) -> list[GoalRow]:
        placed: dict[tuple[int, str], list[str]] = {}
        for error in self.errors.as_data():
            params = error.params or {}
            if "row" in params:
                placed.setdefault((params["row"], params["part"]), []).extend(error.messages)
        return [
            GoalRow(
                number=n,
                activity_name=f"{self.html_name}-{n}-activity",
                score_name=f"{self.html_name}-{n}-score",
                activity=activity,
                score=score,
                activity_errors=tuple(placed.get((n, "activity"), ())),
                score_errors=tuple(placed.get((n, "score"), ())),
            )
            for n, (activity, score) in enumerate(_goal_pairs(self.value()), start=1)
        ]

    @property
    def unplaced_errors(self) -> list[str]:
        """Messages about the goals as a whole (from the engine at submission)."""
        return [
            message
            for error in self.errors.as_data()
            if "row" not in (error.params or {})
            for message in error.messages
        ]


def _goal_error(number: int, part: str, message: str) -> forms.ValidationError:
    return forms.ValidationError(
        f"Activity {number}: {message}", code=f"goal_{part}", params={"row": number, "part": part}
    )


class GoalActivitiesField(forms.Field):
    """The client's own goals (spec section 1, Patient-Specific Functional Scale): up to three
    activities, each with a score. Optional: left empty it cleans to ``[]`` (no goal score).

    Every problem is told next to the box it is about and nothing typed is dropped: an activity
    without a score, a score without an activity, a text over the length limit, a score that is
    not a whole number from 0 to 10, or an activity listed twice (the engine would count it once,
    silently losing what was typed).
    """

    widget = GoalActivitiesWidget
    score_low = GOAL_SCORE_LOW
    score_high = GOAL_SCORE_HIGH

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> forms.BoundField:
        return GoalActivitiesBoundField(form, self, field_name)

    def clean(self, value: Any) -> list[dict[str, Any]]:
        cleaned: list[dict[str, Any]] = []
        errors: list[forms.ValidationError] = []
        first_row: dict[str, int] = {}
        for number, (raw_activity, raw_score) in enumerate(_goal_pairs(value), start=1):
            activity = " ".join(raw_activity.split())
            score_text = raw_score.strip()
            if not activity and not score_text:
                continue
            score: int | None = None
            if score_text:
                try:
                    score = int(score_text)
                except ValueError:
                    score = None
                if score is None or not GOAL_SCORE_LOW <= score <= GOAL_SCORE_HIGH:
                    errors.append(
                        _goal_error(
                            number,
                            "score",
                            f"enter the score as a whole number from {GOAL_SCORE_LOW} to "
                            f"{GOAL_SCORE_HIGH}.",
                        )
                    )
                    score = None
                    score_text = ""
            if not activity:
                errors.append(
                    _goal_error(
                        number,
                        "activity",
                        "write the activity this score is for, or clear the score.",
                    )
                )
                continue
            if len(activity) > GOAL_ACTIVITY_MAX_LENGTH:
                errors.append(
                    _goal_error(
                        number,
                        "activity",
                        f"keep it to {GOAL_ACTIVITY_MAX_LENGTH} characters (it has "
                        f"{len(activity)}): a few words are enough.",
                    )
                )
            key = activity.casefold()
            if key in first_row:
                errors.append(
                    _goal_error(
                        number,
                        "activity",
                        f"this is the same as activity {first_row[key]}. Write a different "
                        "activity, or clear this one.",
                    )
                )
            first_row.setdefault(key, number)
            if not raw_score.strip():
                errors.append(
                    _goal_error(
                        number,
                        "score",
                        f"how well can you do it now? Enter a score from {GOAL_SCORE_LOW} to "
                        f"{GOAL_SCORE_HIGH}, or clear the activity.",
                    )
                )
            if score is not None:
                cleaned.append({"activity": activity, "score": score})
        if errors:
            raise forms.ValidationError(errors)
        return cleaned

    @staticmethod
    def post_data(name: str, value: Any) -> dict[str, str]:
        """Stored goals as the form posts them (to show the engine's messages on them)."""
        data: dict[str, str] = {}
        for number, (activity, score) in enumerate(_goal_pairs(value), start=1):
            data[f"{name}-{number}-activity"] = activity
            data[f"{name}-{number}-score"] = score
        return data


# Every questionnaire item, keyed by the spec's item id.
FIELDS: dict[str, Any] = {
    # About you
    "age": _integer("age", "How old are you?", required=True, help_text="In years."),
    "sex": forms.ChoiceField(
        label="Sex",
        required=False,
        choices=_labelled(
            SEXES,
            {
                "female": "Female",
                "male": "Male",
                "other": "Other",
                "prefer_not": "Prefer not to say",
            },
        ),
        widget=forms.RadioSelect,
    ),
    "activity_level": forms.ChoiceField(
        label="How active are you usually?",
        choices=_labelled(
            ACTIVITY_LEVELS,
            {
                "sedentary": "Mostly sitting, little exercise",
                "light": "Light: walking, gentle exercise once or twice a week",
                "moderate": "Moderate: sport or training 2 to 3 times a week",
                "vigorous": "Vigorous: hard training 4 or more times a week",
            },
        ),
        initial="light",
        widget=forms.RadioSelect,
    ),
    "side": forms.ChoiceField(
        label="Which knee concerns you?",
        choices=_labelled(SIDES, {"left": "Left", "right": "Right", "both": "Both"}),
        widget=forms.RadioSelect,
    ),
    # Symptoms and warning signs
    "pain_now": _pain("pain_now", "How much does your knee hurt right now?"),
    "pain_worst_week": _pain(
        "pain_worst_week", "At its worst in the last 7 days, how much did it hurt?"
    ),
    "pain_duration_weeks": _integer(
        "pain_duration_weeks",
        "For how many weeks have you had these symptoms?",
        help_text="Roughly is fine (a year is 52 weeks). Leave empty if you have no pain.",
    ),
    "pain_location": forms.MultipleChoiceField(
        label="Where does it hurt?",
        required=False,
        choices=_labelled(
            PAIN_LOCATIONS,
            {
                "front": "At the front, around or behind the kneecap",
                "inner": "On the inner side",
                "outer": "On the outer side",
                "back": "At the back of the knee",
                "diffuse": "All over, hard to point to",
            },
        ),
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick all that apply.",
    ),
    "pain_aggravators": forms.MultipleChoiceField(
        label="What makes it worse?",
        required=False,
        choices=_labelled(
            AGGRAVATORS,
            {
                "stairs": "Stairs",
                "squatting": "Squatting",
                "prolonged_sitting": "Sitting for a long time",
                "running": "Running",
                "jumping": "Jumping",
                "kneeling": "Kneeling",
            },
        ),
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick all that apply.",
    ),
    "night_pain": TriStateField(
        label="Do you have pain at rest or at night that does not settle, whatever position "
        "you are in?"
    ),
    "swelling": OptionalChoiceField(
        label="Is your knee swollen?",
        choices=_labelled(
            SWELLINGS,
            {"none": "No", "mild": "A little", "marked": "Clearly swollen"},
        ),
        skip_label="Not sure",
    ),
    "recent_injury": TriStateField(
        label='In the last 6 weeks, did you injure the knee (a fall, a twist, or a "pop")?'
    ),
    "swelling_within_2h_of_injury": TriStateField(
        label="If you injured it: did the knee swell up within 2 hours of the injury?"
    ),
    "cannot_bear_weight": TriStateField(
        label="Were you unable to take 4 steps on that leg after the injury, or are you unable "
        "to now?"
    ),
    "locking": TriStateField(
        label="Does your knee lock: get stuck so that you cannot straighten it fully?"
    ),
    "giving_way": TriStateField(
        label="Does your knee give way: buckle, or feel as if it will not hold you?"
    ),
    "hot_red_knee": TriStateField(label="Is your knee hot, red and swollen?"),
    "fever_or_unwell": TriStateField(label="Do you have a fever, or do you feel generally unwell?"),
    "numbness_or_tingling": TriStateField(
        label="Do you have numbness or tingling in your leg or foot?"
    ),
    "unexplained_weight_loss": TriStateField(label="Have you lost weight recently without trying?"),
    "deformity_worsening": TriStateField(
        label="Have your knees looked more knock-kneed over the last few months?"
    ),
    # Alignment at rest
    "ankles_apart_when_knees_touch": TriStateField(
        label="With your knees touching, are your inner ankle bones apart?",
        skip_label="I didn't do this test",
    ),
    "intermalleolar_distance_cm": _measure(
        "intermalleolar_distance_cm", "Gap between your inner ankle bones", unit="cm"
    ),
    "one_side_only": TriStateField(
        label="Does only one of your knees turn inwards (the other leg is straight)?"
    ),
    # Movement self-tests
    "single_leg_squat_left": _grade("Standing on your LEFT leg, what did your knee do?"),
    "single_leg_squat_right": _grade("Standing on your RIGHT leg, what did your knee do?"),
    "squat_knees_cave": _grade("In the two-leg squat, what did your knees do?"),
    "hip_drop_left": _test(
        "Standing on your LEFT leg: did the right hip drop, or could you not hold 30 seconds?"
    ),
    "hip_drop_right": _test(
        "Standing on your RIGHT leg: did the left hip drop, or could you not hold 30 seconds?"
    ),
    "thomas_thigh_lifts_left": _test(
        "Testing the LEFT leg (hugging the right knee): did the left thigh rise above the bed?"
    ),
    "thomas_thigh_lifts_right": _test(
        "Testing the RIGHT leg (hugging the left knee): did the right thigh rise above the bed?"
    ),
    "adductor_tight": _test("Did the inside of your thighs feel tight?"),
    "knee_to_wall_cm_left": _measure(
        "knee_to_wall_cm_left", "LEFT foot: furthest toe-to-wall distance", unit="cm"
    ),
    "knee_to_wall_cm_right": _measure(
        "knee_to_wall_cm_right", "RIGHT foot: furthest toe-to-wall distance", unit="cm"
    ),
    # Feet
    "arch_collapses_standing": TriStateField(
        label="When you stand, does your inner arch flatten towards the floor?"
    ),
    "footprint": OptionalChoiceField(
        label="What does your wet footprint look like?",
        choices=_labelled(
            FOOTPRINTS,
            {
                "high": "High arch: heel and ball of the foot, joined by a thin strip or nothing",
                "normal": "Normal: a curve on the inner side, about half the foot's width",
                "flat": "Flat: almost the whole sole shows",
                "unknown": "I did it but can't tell",
            },
        ),
        skip_label="I didn't do this test",
    ),
    "shoe_wear_inner_edge": TriStateField(label="Do your shoes wear down more on the inner edge?"),
    "heel_tilts_inward": TriStateField(
        label="Seen from behind while you stand, does your heel tilt inwards?"
    ),
    "navicular_drop_mm": _measure(
        "navicular_drop_mm", "Navicular drop", unit="millimetres", step="1"
    ),
    "uses_orthotics": TriStateField(label="Do you already wear insoles or orthotics?"),
    # Preferences
    "equipment": forms.MultipleChoiceField(
        label="What equipment do you have?",
        required=False,
        choices=_labelled(
            EQUIPMENT,
            {
                "band_light": "Light resistance band",
                "band_medium": "Medium resistance band",
                "band_heavy": "Heavy resistance band",
                "dumbbell": "A dumbbell or kettlebell",
            },
        ),
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick none if you have nothing: every exercise has a body-weight version.",
    ),
    "sessions_per_week": _integer(
        "sessions_per_week",
        "How many strength sessions a week can you do?",
        required=True,
        help_text="2 to 4. Stretches and foot exercises are done every day.",
    ),
    "minutes_per_session": _integer(
        "minutes_per_session",
        "How many minutes do you have for a session? (optional)",
        required=False,
        help_text="10 to 60 minutes; 20 if you leave it empty. Each day's session shows how long "
        "it takes, and says so when it needs more than this.",
    ),
    # Function
    "difficulty_stairs": _difficulty("Going up and down stairs"),
    "difficulty_squatting": _difficulty("Squatting"),
    "difficulty_sitting_long": _difficulty("Sitting for a long time"),
    "difficulty_running": _difficulty("Running"),
    "difficulty_kneeling": _difficulty("Kneeling"),
    # Goals
    "goal_activities": GoalActivitiesField(
        label="Activities your knee makes hard",
        help_text=(
            "Up to three, in your own words: for example “running 5 km”, “taking the stairs "
            "carrying shopping” or “playing football with my children”. For each, how well can "
            f"you do it now? {GOAL_SCORE_WORDS} Leave this empty if nothing comes to mind."
        ),
    ),
}

# Items the engine gives a default to (not None): a blank form field stores nothing for them.
DEFAULTS: dict[str, Any] = {
    "activity_level": "light",
    "sessions_per_week": 3,
    "minutes_per_session": 20,
}

_INTEGER_CHOICES = {name for name in FIELDS if name.startswith("difficulty_")}


def questionnaire_field(item: str) -> forms.Field:
    """A fresh copy of the questionnaire's field for ``item``.

    The reassessment asks the same items with the same wording, controls and skip options as the
    questionnaire, so a follow-up answer means what the baseline answer meant; both forms build
    their fields here.
    """
    field = FIELDS[item].__deepcopy__({})
    field.error_messages["required"] = REQUIRED_MESSAGE
    return field


def item_value(item: str, value: Any) -> Any:
    """A cleaned field value as the engine types it; ``None`` means not answered."""
    if item in _INTEGER_CHOICES and value not in (None, ""):
        return int(value)
    if value == "" or value == []:
        return [] if isinstance(FIELDS[item], forms.MultipleChoiceField) else None
    return value


class StepForm(forms.Form):
    """The questions of one step. ``cleaned_items()`` gives spec item ids and engine types."""

    def __init__(self, *args: Any, step: Step, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step = step
        for item in step.items:
            self.fields[item] = questionnaire_field(item)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    @classmethod
    def from_answers(cls, *, step: Step, answers: dict[str, Any], data: Any = None) -> StepForm:
        initial: dict[str, Any] = {}
        for item in step.items:
            if item in answers and answers[item] is not None:
                value = answers[item]
                initial[item] = str(value) if item in _INTEGER_CHOICES else value
            elif item in DEFAULTS:
                initial[item] = DEFAULTS[item]
        return cls(data, step=step, initial=initial)

    @classmethod
    def with_errors(
        cls, *, step: Step, answers: dict[str, Any], errors: dict[str, list[str]]
    ) -> StepForm:
        """The saved answers as a submitted form, with the engine's messages on their fields."""
        data = MultiValueDict()
        for item in step.items:
            value = answers.get(item)
            if value is None:
                continue
            if isinstance(FIELDS[item], GoalActivitiesField):
                data.update(GoalActivitiesField.post_data(item, value))
            elif isinstance(value, list):
                data.setlist(item, [str(member) for member in value])
            else:
                data[item] = FIELDS[item].prepare_value(value)
                if not isinstance(data[item], str):
                    data[item] = str(data[item])
        form = cls(data, step=step)
        form.is_valid()
        for item, messages in errors.items():
            if item in form.fields and item not in form.errors:
                for message in messages:
                    form.add_error(item, message)
        return form

    def cleaned_items(self) -> dict[str, Any]:
        """The valid answers on this step, keyed by item id; ``None`` means not answered."""
        items: dict[str, Any] = {}
        for item in self.step.items:
            if item not in self.cleaned_data:
                continue  # invalid: the saved answer is kept
            items[item] = item_value(item, self.cleaned_data[item])
        return items

    def grouped_fields(self) -> list[tuple[Any, list[Any]]]:
        """(group, bound fields) pairs for the template."""
        return [(group, [self[item] for item in group.items]) for group in self.step.groups]


def step_form(slug: str, *, answers: dict[str, Any], data: Any = None) -> StepForm:
    return StepForm.from_answers(step=STEP_BY_SLUG[slug], answers=answers, data=data)


class ClinicianClearanceForm(forms.Form):
    """Who cleared the client and when (spec section 8): a name, a role and the day seen. The
    day is checked against the referral or flag by the service (``clearance_record``), which
    puts its message next to the field."""

    clinician_name = forms.CharField(
        label="Name of the clinician who saw you",
        max_length=100,
        help_text="For example: Dr Patel.",
        error_messages={
            "required": "Enter the name of the clinician who saw you.",
            "max_length": "Keep this to %(limit_value)d characters: the name is enough.",
        },
    )
    clinician_role = forms.ChoiceField(
        label="Their role",
        choices=Clearance.Role.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who saw you: doctor, physiotherapist, orthopaedic "
            "specialist, emergency department or other."
        },
    )
    seen_on = forms.DateField(
        label="Date you were seen",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Enter the date you were seen.",
            "invalid": "Enter the date you were seen as a date, for example 2026-03-14.",
        },
    )

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clinician_name"].widget.attrs["autocomplete"] = "off"
        if today is not None:
            self.fields["seen_on"].widget.attrs["max"] = today.isoformat()
        self.helper = FormHelper()
        self.helper.form_tag = False


class ClearanceForm(ClinicianClearanceForm):
    """The client records that a clinician has examined the knee and cleared them to exercise."""

    confirmed = forms.BooleanField(
        label="I confirm a clinician has examined my knee and told me I can start exercising",
        error_messages={
            "required": "Tick this box only once a clinician has examined your knee and "
            "cleared you."
        },
    )

    def __init__(self, *args: Any, paediatric: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if paediatric:
            self.fields[
                "clinician_name"
            ].help_text = "For example: Dr Patel (a children's orthopaedic specialist)."
