"""The renderer: a pose becomes an SVG showing the figure, its band, arrows, cue and text
alternative; the same data always gives the same bytes; nothing in it needs a CSP exception."""

from __future__ import annotations

import math
import shutil
import xml.etree.ElementTree as ET

import pytest

from illustrations.book import FIGURES_PATH, Figure, load_figures
from illustrations.figures import exercise_svg, self_test_svg
from illustrations.pose import Body, Pose, solve
from illustrations.render import render_figure

NS = {"svg": "http://www.w3.org/2000/svg"}
BOOK = load_figures()


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def with_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [el for el in root.iter() if name in el.get("class", "").split()]


def small_figure(**changes) -> Figure:
    data = {
        "exercise": "banded_side_steps",
        "level": 1,
        "camera": {"azimuth": 90},
        "props": [{"kind": "floor"}, {"kind": "band", "on": "ankles"}],
        "frames": [
            {"label": "Start", "says": "Standing tall.", "pose": {}},
            {
                "label": "Step",
                "says": "One foot out to the side.",
                "pose": {"pelvis": [-8, 92, 0], "left_leg": {"out": 20}},
                "arrows": [{"kind": "push", "at": "left_knee", "towards": [-1, 0, 0]}],
            },
        ],
        "cue": "Knees over the second toes",
        "animate": False,
    }
    data.update(changes)
    return Figure.model_validate(data)


def test_a_pose_is_drawn_with_limbs_band_arrows_cue_and_text_alternative():
    figure = small_figure()
    rendered = render_figure(figure, Body(), title="Banded side steps, level 1")
    root = parse(rendered.svg)

    assert root.get("role") == "img"
    assert root.find("svg:title", NS).text == "Banded side steps, level 1"
    desc = root.find("svg:desc", NS).text
    assert "Start: Standing tall." in desc and "Step: One foot out to the side." in desc
    assert "band loops round both ankles" in desc and "Cue: Knees over the second toes." in desc
    # Two figures of thigh, shin, upper arm and forearm for four limbs, plus the neck.
    limbs = [el for el in with_class(root, "fig-body") if el.tag.endswith("line")]
    assert len(limbs) == 2 * (4 * 2 + 1)
    assert len([el for el in with_class(root, "fig-body") if el.tag.endswith("circle")]) == 2 * 3
    assert with_class(root, "fig-band"), "the band is drawn"
    assert len(with_class(root, "fig-arrow-head")) == 1
    labels = [el.text for el in with_class(root, "fig-label")]
    assert labels == ["Start", "Step"]
    cue = with_class(root, "fig-cue")[0]
    assert "".join(cue.itertext()) == "Cue: Knees over the second toes"


def test_the_text_alternative_says_how_the_drawings_are_laid_out():
    lying = exercise_svg("banded_clamshell", 1)  # wide drawings go one under the other
    assert lying.description.startswith("Two drawings one above the other. Start: Lying on")
    standing = self_test_svg("single_leg_squat")
    assert standing.description.startswith("Three drawings side by side. None: ")


def test_the_no_band_variant_has_no_band_in_picture_or_words():
    rendered = render_figure(small_figure(), Body(), title="t", band=False)
    assert not with_class(parse(rendered.svg), "fig-band")
    assert "band" not in rendered.description


def test_the_same_data_gives_byte_identical_svg(tmp_path):
    copy = tmp_path / "figures.toml"
    shutil.copy(FIGURES_PATH, copy)
    fresh = load_figures(copy)  # loaded and validated again from its own file
    for figure, again in zip(BOOK.figures, fresh.figures, strict=True):
        first = render_figure(figure, BOOK.body, title=figure.key)
        second = render_figure(again, fresh.body, title=figure.key)
        assert first.svg == second.svg, figure.key


def test_the_animated_variant_stacks_in_between_poses_start_faint_end_solid():
    rendered = exercise_svg("banded_clamshell", 2, animated=True)
    root = parse(rendered.svg)
    tweens = with_class(root, "fig-tween")
    assert len(tweens) == 6
    assert [t.get("opacity") for t in tweens] == ["0.3", "0", "0", "0", "0", "1"]
    assert rendered.description.startswith("An animation moving between two positions.")


def every_svg() -> list[tuple[str, str]]:
    svgs = []
    for figure in BOOK.figures:
        if figure.test is not None:
            svgs.append((figure.key, self_test_svg(figure.key).svg))
            continue
        assert figure.exercise is not None and figure.level is not None
        svgs.append((figure.key, exercise_svg(figure.exercise, figure.level).svg))
        svgs.append((figure.key, exercise_svg(figure.exercise, figure.level, band=False).svg))
        if figure.animated:
            svgs.append(
                (figure.key, exercise_svg(figure.exercise, figure.level, animated=True).svg)
            )
    return svgs


@pytest.mark.parametrize(("key", "svg"), every_svg())
def test_no_figure_needs_a_policy_exception_or_carries_ids(key, svg):
    root = parse(svg)
    tags = {el.tag.split("}")[-1] for el in root.iter()}
    assert not tags & {"style", "script", "foreignObject", "image", "use"}, key
    for el in root.iter():
        attributes = set(el.attrib)
        assert not attributes & {"style", "id", "href"}, (key, el.tag, el.attrib)
        assert not any(name.startswith("on") for name in attributes), (key, el.attrib)
    assert root.find("svg:title", NS).text and root.find("svg:desc", NS).text


def test_every_body_keeps_its_proportions_in_every_pose():
    """Consistent proportions: however a pose bends, segments keep the body's lengths."""
    body = BOOK.body
    poses = [frame.pose for figure in BOOK.figures for frame in figure.frames if frame.pose]
    assert len(poses) > 50
    for pose in poses:
        sk = solve(pose, body)
        for side in ("right", "left"):
            assert math.dist(sk[f"{side}_hip"], sk[f"{side}_knee"]) == pytest.approx(body.thigh)
            assert math.dist(sk[f"{side}_knee"], sk[f"{side}_ankle"]) == pytest.approx(body.shin)
            assert math.dist(sk[f"{side}_shoulder"], sk[f"{side}_elbow"]) == pytest.approx(
                body.upper_arm
            )
            assert math.dist(sk[f"{side}_elbow"], sk[f"{side}_hand"]) == pytest.approx(body.forearm)


def test_a_leg_reaching_for_a_point_within_reach_puts_its_ankle_there():
    pose = Pose.model_validate(
        {"pelvis": [0, 80, -10], "right_leg": {"to": [12, 7, 0], "foot_pitch": 0}}
    )
    sk = solve(pose, Body())
    assert sk["right_ankle"] == pytest.approx((12, 7, 0))
    assert sk["right_heel"][1] == pytest.approx(0) and sk["right_toe"][1] == pytest.approx(0)
    assert sk["right_knee"][2] > 0, "the knee bends forwards"


def test_a_valgus_knee_moves_towards_the_midline_while_the_foot_stays():
    straight = solve(
        Pose.model_validate({"pelvis": [0, 80, -8], "right_leg": {"to": [9, 7, 0]}}), Body()
    )
    caved = solve(
        Pose.model_validate({"pelvis": [0, 80, -8], "right_leg": {"to": [9, 7, 0], "knee_in": 30}}),
        Body(),
    )
    assert caved["right_knee"][0] < straight["right_knee"][0] - 5  # x: the figure's right
    assert caved["right_ankle"] == pytest.approx(straight["right_ankle"])


def test_self_test_grades_show_the_knee_further_inside_the_foot_grade_by_grade():
    figure = BOOK.self_test_figure("single_leg_squat_right")
    assert [frame.label for frame in figure.frames] == ["None", "Slight", "Marked"]
    inside = []
    for frame in figure.frames:
        sk = solve(frame.pose, BOOK.body)
        inside.append(sk["right_second_toe"][0] - sk["right_knee"][0])
    assert abs(inside[0]) < 2 and 3 < inside[1] < inside[2]
