"""Template tags that put a figure in a page.

    {% load figures %}
    {% exercise_figure "banded_clamshell" 2 %}               start and end side by side
    {% exercise_figure code level animated=True %}           moving between them (CSS)
    {% exercise_figure code level band=False %}              the level's no-band variant
    {% self_test_figure "single_leg_squat_left" %}           a self-test, by item or test name

Each returns inline SVG (role="img", with <title> and <desc>). The page must link
``illustrations/figures.css`` for the figure's colours, print style and animation.
"""

from __future__ import annotations

import logging

from django import template
from django.utils.safestring import SafeString, mark_safe

from illustrations.book import load_figures
from illustrations.figures import exercise_svg, self_test_svg

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag
def exercise_figure(
    code: str, level: int, animated: bool = False, band: bool = True, cue: bool = True
) -> SafeString:
    """The figure; ``cue=False`` where the page writes the cue beside it, so it is read once."""
    try:
        rendered = exercise_svg(
            str(code), int(level), animated=bool(animated), band=bool(band), cue=bool(cue)
        )
    except (KeyError, ValueError):
        # The system check makes this unreachable for library levels; a page never fails for it.
        logger.warning("no figure for exercise %s level %s", code, level)
        return mark_safe("")
    # The SVG is built by our renderer with every text escaped by ElementTree.
    return mark_safe(rendered.svg)  # noqa: S308


@register.simple_tag
def self_test_figure(test_or_item: str) -> SafeString:
    try:
        rendered = self_test_svg(str(test_or_item))
    except KeyError:
        logger.warning("no figure for self-test %s", test_or_item)
        return mark_safe("")
    return mark_safe(rendered.svg)  # noqa: S308


@register.filter
def has_self_test_figure(test_or_item: str) -> bool:
    """Whether a self-test (by name or questionnaire item) has a figure: a page asks before it
    draws one for a group of questions that may have none."""
    try:
        load_figures().self_test_figure(str(test_or_item))
    except KeyError:
        return False
    return True
