"""A human figure as data: a pose (joint angles, or a target an arm or leg reaches for) solved into
3D joint positions with fixed body proportions.

World coordinates are centimetres in the figure's own frame when it stands with ``turn = 0``:
x towards the figure's right, y up from the floor (y = 0), z forwards. A camera (``render.py``)
then projects the same skeleton to a side, front, back or raised view, so one pose can be drawn
from whichever side shows what its words say.

Angles are degrees, named as a clinician would:

- pelvis: ``lean`` (tips the whole body forwards; -90 lies on the back, 90 face down),
  ``roll`` (tips it onto a side; +90 lies on the right side) and ``turn`` (heading),
- trunk, relative to the pelvis: ``bend`` (forwards), ``side`` (side bend to the right),
  ``twist``,
- each limb, relative to the pelvis (legs) or the chest (arms): ``flex`` (hip or shoulder flexion,
  forwards from hanging straight down), ``out`` (abduction, away from the midline), ``rot``
  (external rotation: turns the knee or elbow and the foot outwards), ``bend`` (knee or elbow),
  ``ankle`` (dorsiflexion), or ``foot_pitch`` (the sole's angle to the floor, heel up positive),
- instead of angles a limb may reach ``to`` a point or another joint (two-bone inverse kinematics);
  ``pole`` says where the knee or elbow points and ``knee_in`` turns the knee towards the midline
  (the valgus the self-tests grade).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

Vec = tuple[float, float, float]

_STRICT = ConfigDict(extra="forbid", frozen=True)

SIDES = ("right", "left")
LEG_JOINTS = ("hip", "knee", "ankle", "heel", "ball", "toe", "big_toe", "second_toe", "little_toe")
ARM_JOINTS = ("shoulder", "elbow", "hand")
BODY_JOINTS = ("pelvis", "chest", "neck", "head")
JOINTS: tuple[str, ...] = BODY_JOINTS + tuple(
    f"{side}_{joint}" for side in SIDES for joint in LEG_JOINTS + ARM_JOINTS
)
LIMBS = ("right_leg", "left_leg", "right_arm", "left_arm")


# --- vector helpers ------------------------------------------------------------------------------


def add(a: Vec, b: Vec) -> Vec:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def sub(a: Vec, b: Vec) -> Vec:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def scale(a: Vec, k: float) -> Vec:
    return (a[0] * k, a[1] * k, a[2] * k)


def dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def cross(a: Vec, b: Vec) -> Vec:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def norm(a: Vec) -> float:
    return math.sqrt(dot(a, a))


def unit(a: Vec) -> Vec:
    length = norm(a)
    return scale(a, 1.0 / length) if length > 1e-9 else (0.0, 0.0, 0.0)


def lerp(a: Vec, b: Vec, t: float) -> Vec:
    return add(a, scale(sub(b, a), t))


def rotate(v: Vec, axis: Vec, degrees: float) -> Vec:
    """Rodrigues' rotation of ``v`` about the unit ``axis`` (right-hand rule)."""
    angle = math.radians(degrees)
    c, s = math.cos(angle), math.sin(angle)
    k = axis
    return add(add(scale(v, c), scale(cross(k, v), s)), scale(k, dot(k, v) * (1 - c)))


def tilt(v: Vec, towards: Vec, degrees: float) -> Vec:
    """Turn unit ``v`` towards the perpendicular unit ``towards`` by ``degrees``."""
    angle = math.radians(degrees)
    return add(scale(v, math.cos(angle)), scale(towards, math.sin(angle)))


class Frame:
    """An orthonormal frame: ``r`` the figure's right, ``u`` up (to the head), ``f`` forwards."""

    __slots__ = ("r", "u", "f")

    def __init__(self, r: Vec, u: Vec, f: Vec) -> None:
        self.r, self.u, self.f = r, u, f

    def turned(self, axis: Vec, degrees: float) -> Frame:
        return Frame(
            rotate(self.r, axis, degrees),
            rotate(self.u, axis, degrees),
            rotate(self.f, axis, degrees),
        )

    def vector(self, local: Vec) -> Vec:
        """A vector given as (right, up, forwards) components in this frame, in world terms."""
        return add(add(scale(self.r, local[0]), scale(self.u, local[1])), scale(self.f, local[2]))


WORLD = Frame((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))


# --- the data -----------------------------------------------------------------------------------


class Body(BaseModel):
    """One set of proportions for every figure (centimetres), so all figures match."""

    model_config = _STRICT

    trunk: float = Field(default=50, gt=0, description="hip centre to the base of the neck")
    belly: float = Field(default=9, gt=0, description="half the body's depth at the hips")
    chest_depth: float = Field(default=10, gt=0, description="half the body's depth at the chest")
    neck: float = Field(default=7, gt=0)
    head_radius: float = Field(default=11, gt=0)
    hip_half_width: float = Field(default=8.5, gt=0)
    shoulder_half_width: float = Field(default=16, gt=0)
    thigh: float = Field(default=44, gt=0)
    shin: float = Field(default=43, gt=0)
    ankle_height: float = Field(default=7, gt=0)
    heel_back: float = Field(default=5, gt=0, description="heel behind the ankle")
    foot_forward: float = Field(default=18, gt=0, description="toe tip in front of the ankle")
    foot_half_width: float = Field(default=4.5, gt=0)
    upper_arm: float = Field(default=30, gt=0)
    forearm: float = Field(default=27, gt=0, description="elbow to the middle of the hand")


class Ref(BaseModel):
    """A place on or near the figure: a joint moved by an offset, or a world point.

    Written in the data as ``"right_knee"``, ``[x, y, z]`` or ``{ joint = "chest",
    offset = [0, -14, 16] }``; offsets are world centimetres (right, up, forwards).
    """

    model_config = _STRICT

    point: Vec | None = None
    joint: str | None = None
    offset: Vec = (0.0, 0.0, 0.0)

    @model_validator(mode="before")
    @classmethod
    def _short_forms(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"joint": data}
        if isinstance(data, list | tuple):
            return {"point": data}
        return data

    @model_validator(mode="after")
    def _one_of(self) -> Ref:
        if (self.point is None) == (self.joint is None):
            raise ValueError("give either a point [x, y, z] or a joint name")
        if self.joint is not None and self.joint not in JOINTS:
            raise ValueError(f"unknown joint {self.joint!r}; joints are {', '.join(JOINTS)}")
        return self

    def locate(self, joints: Mapping[str, Vec]) -> Vec:
        base = self.point if self.point is not None else joints[self.joint or ""]
        return add(base, self.offset)


class Limb(BaseModel):
    """An arm or a leg: joint angles, or a target for its hand or ankle."""

    model_config = _STRICT

    flex: float = 0
    out: float = 0
    rot: float = 0
    bend: float = 0
    ankle: float = 0
    foot_pitch: float | None = None
    world: bool = Field(
        default=False, description="angles measured from the vertical, not the body"
    )
    to: Ref | None = None
    pole: Vec | None = Field(
        default=None, description="(outwards, up, forwards) hint for the knee/elbow"
    )
    knee_in: float = 0


class Trunk(BaseModel):
    model_config = _STRICT

    bend: float = 0
    side: float = 0
    twist: float = 0
    nod: float = 0


_DEFAULT_ARM = {"out": 8, "bend": 10}


class Pose(BaseModel):
    """One position of the whole figure. ``anchor`` (a joint) is put at ``at`` after solving."""

    model_config = _STRICT

    pelvis: Vec = (0.0, 94.0, 0.0)
    lean: float = 0
    roll: float = 0
    turn: float = 0
    trunk: Trunk = Trunk()
    right_leg: Limb = Limb()
    left_leg: Limb = Limb()
    right_arm: Limb = Limb(**_DEFAULT_ARM)
    left_arm: Limb = Limb(**_DEFAULT_ARM)
    anchor: str | None = None
    at: Vec = (0.0, 0.0, 0.0)

    @model_validator(mode="after")
    def _anchor_is_solved_first(self) -> Pose:
        if self.anchor is None:
            return self
        if self.anchor not in JOINTS:
            raise ValueError(f"unknown anchor joint {self.anchor!r}")
        for limb in LIMBS:
            side, kind = limb.split("_")
            joints = LEG_JOINTS if kind == "leg" else ARM_JOINTS
            if (
                self.anchor.startswith(side + "_")
                and self.anchor.removeprefix(side + "_") in joints
            ):
                if getattr(self, limb).to is not None:
                    raise ValueError(
                        f"anchor {self.anchor!r} sits on {limb}, which reaches for a target: "
                        "anchor a joint whose position follows from angles"
                    )
        return self


# --- composing poses (a base pose and small overrides) ------------------------------------------


def expand_pairs(raw: Mapping[str, Any]) -> dict[str, Any]:
    """``legs`` / ``arms`` set both sides at once; a side's own table then overrides them."""
    result = {key: value for key, value in raw.items() if key not in ("legs", "arms", "base")}
    for pair, limbs in (("legs", ("right_leg", "left_leg")), ("arms", ("right_arm", "left_arm"))):
        if pair in raw:
            for limb in limbs:
                result[limb] = deep_merge(raw[pair], raw.get(limb, {}))
    return result


def deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """``override`` on top of ``base``, table by table. ``to = false`` drops a base pose's target
    (the limb goes back to its angles); a new target replaces the old one whole."""
    merged = dict(base)
    for key, value in override.items():
        if key in ("to", "pole") and value is False:
            merged.pop(key, None)
        elif isinstance(value, Mapping) and isinstance(merged.get(key), Mapping) and key != "to":
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def blend(a: Pose, b: Pose, t: float) -> Pose:
    """The pose a fraction ``t`` of the way from ``a`` to ``b``: angles and points move linearly."""
    return Pose.model_validate(_blend_value(a.model_dump(), b.model_dump(), t))


def _blend_value(a: Any, b: Any, t: float) -> Any:
    if isinstance(a, dict) and isinstance(b, dict):
        return {key: _blend_value(a[key], b[key], t) for key in a}
    if isinstance(a, bool) or isinstance(b, bool):
        return a if t < 0.5 else b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a + (b - a) * t
    if isinstance(a, tuple | list) and isinstance(b, tuple | list) and len(a) == len(b):
        return tuple(_blend_value(x, y, t) for x, y in zip(a, b, strict=True))
    return a if t < 0.5 else b


def can_blend(a: Pose, b: Pose) -> str | None:
    """Why two poses cannot be tweened (a limb on angles in one and on a target in the other)."""
    for limb in LIMBS:
        la, lb = getattr(a, limb), getattr(b, limb)
        if (la.to is None) != (lb.to is None):
            return f"{limb} reaches for a target in one pose and not in the other"
        if (
            la.to is not None
            and lb.to is not None
            and (la.to.joint is None) != (lb.to.joint is None)
        ):
            return f"{limb} targets a point in one pose and a joint in the other"
        if (la.foot_pitch is None) != (lb.foot_pitch is None):
            return f"{limb} sets foot_pitch in one pose and not in the other"
    if a.anchor != b.anchor:
        return "the two poses anchor different joints"
    return None


# --- solving a pose ------------------------------------------------------------------------------


class Skeleton:
    """Solved joint positions plus the frames needed to draw feet and props."""

    def __init__(self) -> None:
        self.joints: dict[str, Vec] = {}
        self.outline: list[Vec] = []
        self.pelvis_frame: Frame = WORLD
        self.chest_frame: Frame = WORLD

    def __getitem__(self, name: str) -> Vec:
        return self.joints[name]

    def moved(self, offset: Vec) -> None:
        self.joints = {name: add(point, offset) for name, point in self.joints.items()}
        self.outline = [add(point, offset) for point in self.outline]


def solve(pose: Pose, body: Body) -> Skeleton:
    """Joint positions for ``pose`` with ``body``'s proportions. Deterministic."""
    sk = Skeleton()
    pelvis_frame = WORLD.turned(WORLD.u, pose.turn)
    pelvis_frame = pelvis_frame.turned(pelvis_frame.f, -pose.roll)
    pelvis_frame = pelvis_frame.turned(pelvis_frame.r, pose.lean)
    sk.pelvis_frame = pelvis_frame
    heading = WORLD.turned(WORLD.u, pose.turn)

    chest_frame = pelvis_frame.turned(pelvis_frame.r, pose.trunk.bend)
    chest_frame = chest_frame.turned(chest_frame.f, -pose.trunk.side)
    chest_frame = chest_frame.turned(chest_frame.u, pose.trunk.twist)
    sk.chest_frame = chest_frame

    pelvis = pose.pelvis
    chest = add(pelvis, scale(chest_frame.u, body.trunk))
    head_up = rotate(chest_frame.u, chest_frame.r, pose.trunk.nod)
    sk.joints["pelvis"] = pelvis
    # The torso's outline: a box from hips to shoulders, so it has depth seen from the side.
    sk.outline = [
        add(add(centre, scale(frame.r, side * half)), scale(frame.f, front * depth))
        for centre, frame, half, depth in (
            (pelvis, pelvis_frame, body.hip_half_width + 1.5, body.belly),
            (
                add(chest, scale(chest_frame.u, -4.0)),
                chest_frame,
                body.shoulder_half_width,
                body.chest_depth,
            ),
        )
        for side in (-1.0, 1.0)
        for front in (-1.0, 1.0)
    ]
    sk.joints["chest"] = chest
    sk.joints["neck"] = add(chest, scale(head_up, body.neck * 0.5))
    sk.joints["head"] = add(chest, scale(head_up, body.neck + body.head_radius))
    for side, sign in (("right", 1.0), ("left", -1.0)):
        sk.joints[f"{side}_hip"] = add(pelvis, scale(pelvis_frame.r, sign * body.hip_half_width))
        sk.joints[f"{side}_shoulder"] = add(
            add(chest, scale(chest_frame.r, sign * body.shoulder_half_width)),
            scale(chest_frame.u, -3.0),
        )

    # Limbs on angles first (the anchor sits on one of them), then the figure is placed, then
    # limbs reaching for a target (legs before arms: a hand may hold a knee).
    for limb in LIMBS:
        spec: Limb = getattr(pose, limb)
        if spec.to is None:
            _solve_angles(sk, limb, spec, body, pelvis_frame, chest_frame, heading)
    if pose.anchor is not None:
        sk.moved(sub(pose.at, sk.joints[pose.anchor]))
    for limb in LIMBS:
        spec = getattr(pose, limb)
        if spec.to is not None:
            _solve_target(sk, limb, spec, body, pelvis_frame, chest_frame, heading)
    return sk


def _limb_frames(limb: str, pelvis_frame: Frame, chest_frame: Frame) -> tuple[str, float, Frame]:
    """The limb's side, +1 (right) or -1 (left), and the frame its angles are measured in."""
    side, kind = limb.split("_")
    sign = 1.0 if side == "right" else -1.0
    parent = pelvis_frame if kind == "leg" else chest_frame
    return side, sign, parent


def _solve_angles(
    sk: Skeleton,
    limb: str,
    spec: Limb,
    body: Body,
    pelvis_frame: Frame,
    chest_frame: Frame,
    heading: Frame,
) -> None:
    side, sign, parent = _limb_frames(limb, pelvis_frame, chest_frame)
    if spec.world:
        parent = heading
    kind = limb.split("_")[1]
    frame = parent.turned(parent.r, -spec.flex)
    frame = frame.turned(frame.f, sign * spec.out)
    frame = frame.turned(scale(frame.u, -1.0), -sign * spec.rot)
    down = scale(frame.u, -1.0)
    if kind == "leg":
        root = sk.joints[f"{side}_hip"]
        knee = add(root, scale(down, body.thigh))
        shin_down = tilt(down, scale(frame.f, -1.0), spec.bend)
        shin_forward = tilt(frame.f, down, spec.bend)
        ankle = add(knee, scale(shin_down, body.shin))
        sk.joints[f"{side}_knee"] = knee
        sk.joints[f"{side}_ankle"] = ankle
        _place_foot(sk, side, sign, spec, body, shin_down, shin_forward)
    else:
        root = sk.joints[f"{side}_shoulder"]
        elbow = add(root, scale(down, body.upper_arm))
        forearm = tilt(down, frame.f, spec.bend)
        sk.joints[f"{side}_elbow"] = elbow
        sk.joints[f"{side}_hand"] = add(elbow, scale(forearm, body.forearm))


def _solve_target(
    sk: Skeleton,
    limb: str,
    spec: Limb,
    body: Body,
    pelvis_frame: Frame,
    chest_frame: Frame,
    heading: Frame,
) -> None:
    assert spec.to is not None
    side, sign, parent = _limb_frames(limb, pelvis_frame, chest_frame)
    kind = limb.split("_")[1]
    end = spec.to.locate(sk.joints)
    if kind == "leg":
        root = sk.joints[f"{side}_hip"]
        forward = rotate(pelvis_frame.f, pelvis_frame.u, sign * spec.rot)
        hint = spec.pole or (0.0, 0.0, 1.0)
        pole = parent.vector((sign * hint[0], hint[1], hint[2]))
        pole = rotate(pole, pelvis_frame.u, sign * (spec.rot - spec.knee_in))
        knee, ankle = _two_bone(root, end, body.thigh, body.shin, pole)
        sk.joints[f"{side}_knee"] = knee
        sk.joints[f"{side}_ankle"] = ankle
        shin_down = unit(sub(ankle, knee))
        shin_forward = unit(sub(forward, scale(shin_down, dot(forward, shin_down))))
        _place_foot(sk, side, sign, spec, body, shin_down, shin_forward)
    else:
        root = sk.joints[f"{side}_shoulder"]
        hint = spec.pole or (0.4, -0.3, -1.0)
        pole = parent.vector((sign * hint[0], hint[1], hint[2]))
        elbow, hand = _two_bone(root, end, body.upper_arm, body.forearm, pole)
        sk.joints[f"{side}_elbow"] = elbow
        sk.joints[f"{side}_hand"] = hand


def _two_bone(root: Vec, end: Vec, first: float, second: float, pole: Vec) -> tuple[Vec, Vec]:
    """Middle and end joint of a two-segment limb reaching from ``root`` towards ``end``.

    Out of reach, the limb points straight at the target; the middle joint bends towards ``pole``.
    """
    offset = sub(end, root)
    distance = norm(offset)
    direction = unit(offset) if distance > 1e-9 else (0.0, -1.0, 0.0)
    reach = first + second
    if distance >= reach - 1e-6:
        middle = add(root, scale(direction, first))
        return middle, add(middle, scale(direction, second))
    distance = max(distance, abs(first - second) + 1e-6)
    along = (first**2 + distance**2 - second**2) / (2 * first * distance)
    across = math.sqrt(max(0.0, 1 - along**2))
    side = sub(pole, scale(direction, dot(pole, direction)))
    if norm(side) < 1e-6:
        side = cross(direction, (1.0, 0.0, 0.0))
    side = unit(side)
    middle = add(root, add(scale(direction, first * along), scale(side, first * across)))
    return middle, add(root, scale(direction, distance))


def _place_foot(
    sk: Skeleton, side: str, sign: float, spec: Limb, body: Body, shin_down: Vec, shin_forward: Vec
) -> None:
    ankle = sk.joints[f"{side}_ankle"]
    if spec.foot_pitch is None:
        forward = tilt(shin_forward, scale(shin_down, -1.0), spec.ankle)
        sole_down = tilt(shin_down, shin_forward, spec.ankle)
    else:
        level = unit((shin_forward[0], 0.0, shin_forward[2]))
        if norm(level) < 1e-9:
            level = (0.0, 0.0, 1.0)
        forward = tilt(level, (0.0, -1.0, 0.0), spec.foot_pitch)
        sole_down = tilt((0.0, -1.0, 0.0), scale(level, -1.0), spec.foot_pitch)
    # The foot's inner side points towards the midline: for the right foot, the figure's left.
    medial = unit(cross(sole_down, forward)) if sign > 0 else unit(cross(forward, sole_down))
    sole = add(ankle, scale(sole_down, body.ankle_height))
    half = body.foot_half_width
    length = body.foot_forward
    sk.joints[f"{side}_heel"] = add(sole, scale(forward, -body.heel_back))
    sk.joints[f"{side}_ball"] = add(sole, scale(forward, length * 0.68))
    sk.joints[f"{side}_toe"] = add(sole, scale(forward, length))
    sk.joints[f"{side}_big_toe"] = add(
        add(sole, scale(forward, length)), scale(medial, half * 0.75)
    )
    sk.joints[f"{side}_second_toe"] = add(
        add(sole, scale(forward, length)), scale(medial, half * 0.25)
    )
    sk.joints[f"{side}_little_toe"] = add(
        add(sole, scale(forward, length * 0.8)), scale(medial, -half)
    )
