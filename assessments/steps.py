"""The questionnaire's steps: which spec items each step asks, in which order, and how to do each
movement self-test safely.

Item ids are the clinical spec's (section 1) exactly; every item of ``programs.engine.Answers``
belongs to exactly one step (checked by the tests), so the forms can never drift from the engine.
The instructions here are how-to guidance for the person testing themselves; what the answers mean
clinically lives in the engine and its data files.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Group:
    """A block of questions on one step, optionally with how-to instructions for a self-test."""

    title: str
    items: tuple[str, ...]
    intro: str = ""
    how_to: tuple[str, ...] = ()
    look_for: str = ""
    safety: str = ""


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    intro: str
    groups: tuple[Group, ...] = field(default_factory=tuple)

    @property
    def items(self) -> tuple[str, ...]:
        return tuple(item for group in self.groups for item in group.items)


STOP_IF_IT_HURTS = (
    "Stop if it hurts more than a mild discomfort, or if you feel unsteady. Skipping a test is "
    'fine: choose "I didn\'t do this test".'
)

STEPS: tuple[Step, ...] = (
    Step(
        slug="about-you",
        title="About you",
        intro="A few facts that change which exercises suit you and how hard they start.",
        groups=(
            Group(
                title="About you",
                items=("age", "sex", "activity_level", "side"),
            ),
        ),
    ),
    Step(
        slug="symptoms",
        title="Symptoms and warning signs",
        intro=(
            "How much it hurts, and a few questions that tell us whether a clinician should see "
            'your knee before you exercise. Answer "Not sure" rather than guess.'
        ),
        groups=(
            Group(
                title="Pain",
                items=(
                    "pain_now",
                    "pain_worst_week",
                    "pain_duration_weeks",
                    "pain_location",
                    "pain_aggravators",
                ),
            ),
            Group(
                title="Warning signs",
                intro=(
                    "These questions look for problems that exercise cannot fix. If any of them "
                    "is true for you, your result will tell you who to see and how soon."
                ),
                items=(
                    "night_pain",
                    "swelling",
                    "recent_injury",
                    "swelling_within_2h_of_injury",
                    "cannot_bear_weight",
                    "locking",
                    "giving_way",
                    "hot_red_knee",
                    "fever_or_unwell",
                    "numbness_or_tingling",
                    "unexplained_weight_loss",
                    "deformity_worsening",
                ),
            ),
        ),
    ),
    Step(
        slug="alignment",
        title="Alignment at rest",
        intro=(
            "How your legs line up when you stand still. This helps tell a movement habit, which "
            "exercise changes well, from the shape of the bones, which it changes less."
        ),
        groups=(
            Group(
                title="Standing with your knees together",
                items=(
                    "ankles_apart_when_knees_touch",
                    "intermalleolar_distance_cm",
                    "one_side_only",
                ),
                how_to=(
                    "Stand barefoot on a firm floor, facing forward, weight on both feet.",
                    "Let your knees gently touch, without pressing them together or bending them.",
                    "Look down, or ask someone to look: do the inner ankle bones touch too?",
                    "If they do not, measure the gap between the inner ankle bones with a ruler or "
                    "tape measure.",
                ),
                look_for="A gap between the inner ankle bones while the knees touch.",
            ),
        ),
    ),
    Step(
        slug="movement",
        title="Movement self-tests",
        intro=(
            "Short tests that show how your hips and knees control movement. Read each one "
            "through before you start, do it slowly, and skip any test you cannot do safely."
        ),
        groups=(
            Group(
                title="Single-leg squat",
                items=("single_leg_squat_left", "single_leg_squat_right"),
                how_to=(
                    "Stand facing a mirror, next to a wall or a sturdy chair you can grab for "
                    "balance.",
                    "Stand on one leg, cross your arms over your chest.",
                    "Do 5 slow squats on that leg, bending the knee to about 60 degrees (a "
                    "quarter to a third of the way down), then the other leg.",
                    "Watch where your knee goes compared with your foot.",
                ),
                look_for=(
                    "None: the knee stays over your 2nd toe. Slight: the knee drifts to the "
                    "inside of your big toe. Marked: the knee clearly collapses inside your big "
                    "toe, or you lose your balance."
                ),
                safety=STOP_IF_IT_HURTS,
            ),
            Group(
                title="Two-leg squat",
                items=("squat_knees_cave",),
                how_to=(
                    "Stand facing a mirror, feet hip-width apart, toes pointing forward or "
                    "slightly out.",
                    "Squat down slowly as if sitting on a chair, as far as is comfortable, and "
                    "stand up again. Repeat 5 times.",
                    "Watch your knees on the way down and up.",
                ),
                look_for=(
                    "The same grades: none, knees stay over the 2nd toes; slight, they drift "
                    "inside the big toes; marked, they clearly collapse inwards."
                ),
                safety=STOP_IF_IT_HURTS,
            ),
            Group(
                title="Standing on one leg (hip drop)",
                items=("hip_drop_left", "hip_drop_right"),
                how_to=(
                    "Stand facing a mirror with your hands on your hips, near a wall for safety.",
                    "Lift one foot just off the floor and stand on the other leg for 30 seconds.",
                    "Watch your hands: do they stay level? Then change legs.",
                ),
                look_for=(
                    "The hip of the lifted leg drops, or you cannot hold the position for 30 "
                    "seconds. Answer for the leg you are standing on."
                ),
                safety=STOP_IF_IT_HURTS,
            ),
            Group(
                title="Front-of-hip stretch test (Thomas test)",
                items=("thomas_thigh_lifts_left", "thomas_thigh_lifts_right"),
                how_to=(
                    "Sit on the very end of a firm bed or table, then lie back.",
                    "Pull one knee to your chest with both hands and hold it there; this keeps "
                    "your lower back flat.",
                    "Let the other leg hang relaxed over the edge. A helper, or a phone camera "
                    "from the side, can see it best.",
                    "Then swap legs.",
                ),
                look_for=(
                    "The relaxed (tested) thigh rises above the level of the bed instead of "
                    "resting flat on it."
                ),
                safety=(
                    "Only do this on a bed or table that is steady, and get up by rolling to your "
                    "side. " + STOP_IF_IT_HURTS
                ),
            ),
            Group(
                title="Inner-thigh stretch test",
                items=("adductor_tight",),
                how_to=(
                    "Sit on the floor, put the soles of your feet together and let your knees "
                    "fall out to the sides.",
                    "Or: stand with your feet wide and shift your weight into a gentle side lunge.",
                ),
                look_for=(
                    "Your knees stay far above your hips when sitting, or the side lunge pulls "
                    "strongly on the inside of the straight leg's thigh."
                ),
                safety=STOP_IF_IT_HURTS,
            ),
            Group(
                title="Knee-to-wall test (ankle bend)",
                items=("knee_to_wall_cm_left", "knee_to_wall_cm_right"),
                how_to=(
                    "Stand facing a wall, the test foot pointing straight at it, the other foot "
                    "behind you.",
                    "Keeping your heel on the floor, bend the knee forward until it touches the "
                    "wall.",
                    "Move the foot back a little at a time, until it is as far back as it can be "
                    "while the knee still touches the wall and the heel stays down.",
                    "Measure from your big toe to the wall, in centimetres. Then the other foot.",
                ),
                look_for="The furthest distance at which your knee still touches the wall.",
                safety=(
                    "Hold on to the wall for balance. Leave the box empty if you didn't measure it."
                ),
            ),
        ),
    ),
    Step(
        slug="feet",
        title="Feet",
        intro="Signs that your arches flatten, which turns the shin and knee inwards.",
        groups=(
            Group(
                title="Your feet",
                items=(
                    "arch_collapses_standing",
                    "footprint",
                    "shoe_wear_inner_edge",
                    "heel_tilts_inward",
                    "uses_orthotics",
                ),
                how_to=(
                    "Stand barefoot with your weight on both feet and look at your inner arches.",
                    "For the footprint: wet the sole of your foot, step onto a piece of paper or "
                    "a dry floor tile, and look at the print.",
                    "For the heel: ask someone to look at your heels from behind while you stand, "
                    "or take a photo.",
                    "For shoe wear: look at the soles of a pair of shoes you wear a lot.",
                ),
            ),
            Group(
                title="Navicular drop (needs a helper)",
                items=("navicular_drop_mm",),
                how_to=(
                    "Sit with your foot flat on the floor. Your helper finds the bony bump on the "
                    "inside of your foot, in front of and below the ankle, and marks it.",
                    "They measure its height from the floor.",
                    "Stand up with your weight evenly on both feet; they measure the height again.",
                    "The drop is the first height minus the second, in millimetres.",
                ),
                look_for="Leave it empty if you had no one to help you measure.",
            ),
        ),
    ),
    Step(
        slug="preferences",
        title="Preferences, function and goals",
        intro=(
            "What you have at hand and how much time you have, so the program fits your week; "
            "then how much your knee gets in the way of everyday things, and what you want to "
            "get back to."
        ),
        groups=(
            Group(
                title="Your program",
                items=("equipment", "sessions_per_week", "minutes_per_session"),
            ),
            Group(
                title="Everyday activities",
                intro=(
                    "How hard are these for you because of your knee? Your answers give a "
                    "function score we can compare when you reassess. Skip any that do not "
                    "apply to you."
                ),
                items=(
                    "difficulty_stairs",
                    "difficulty_squatting",
                    "difficulty_sitting_long",
                    "difficulty_running",
                    "difficulty_kneeling",
                ),
            ),
            Group(
                title="Your own goals (optional)",
                intro=(
                    "The things you most want to do again. You score them now, and again at "
                    "each reassessment, so you can see your own goals move. Your answers here "
                    "never change your exercises."
                ),
                items=("goal_activities",),
            ),
        ),
    ),
)

STEP_SLUGS: tuple[str, ...] = tuple(step.slug for step in STEPS)
STEP_BY_SLUG: dict[str, Step] = {step.slug: step for step in STEPS}
STEP_OF_ITEM: dict[str, str] = {item: step.slug for step in STEPS for item in step.items}
FIRST_STEP = STEPS[0].slug


def step_number(slug: str) -> int:
    """1-based position of a step ("Step 3 of 6")."""
    return STEP_SLUGS.index(slug) + 1


def next_step(slug: str) -> str | None:
    index = STEP_SLUGS.index(slug)
    return STEP_SLUGS[index + 1] if index + 1 < len(STEP_SLUGS) else None


def previous_step(slug: str) -> str | None:
    index = STEP_SLUGS.index(slug)
    return STEP_SLUGS[index - 1] if index > 0 else None


def furthest_step(a: str, b: str) -> str:
    """The later of two steps: going back to edit never loses how far someone had got."""
    return a if step_number(a) >= step_number(b) else b
