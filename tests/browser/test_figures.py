"""The figure gallery at phone size: every figure fits the screen, passes axe, and renders under
the strict Content-Security-Policy with nothing refused."""

from __future__ import annotations

import os

import pytest

from tests.browser.helpers import assert_accessible, log_in
from tests.browser.test_content_security_policy import visit_and_collect_refusals
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("VALGUS_SCREENSHOTS", "")


def test_the_gallery_shows_every_figure_on_a_phone_without_policy_exceptions(live_server, browser):
    staff = UserFactory(is_staff=True)
    context = browser.new_context(viewport={"width": 390, "height": 844}, reduced_motion="reduce")
    phone = context.new_page()
    try:
        log_in(phone, live_server, staff)
        refused = visit_and_collect_refusals(phone, f"{live_server.url}/illustrations/")
        assert refused == []
        figures = phone.locator("svg.fig")
        assert figures.count() > 60
        # Every figure is drawn (the stylesheet applies) and fits the phone's width.
        widths = phone.eval_on_selector_all(
            "svg.fig", "els => els.map(el => el.getBoundingClientRect().width)"
        )
        assert all(100 < width <= 390 for width in widths), widths
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        # Figures follow the page's text colour (currentColor), so they also work in dark mode.
        ink = phone.eval_on_selector("svg.fig .fig-body", "el => getComputedStyle(el).fill")
        page_colour = phone.eval_on_selector("body", "el => getComputedStyle(el).color")
        assert ink == page_colour
        # Asked for no motion, the animated figures keep still.
        animation = phone.eval_on_selector(".fig-tween", "el => getComputedStyle(el).animationName")
        assert animation == "none"
        phone.get_by_role(
            "img", name="Single-leg squat: where the knee goes"
        ).scroll_into_view_if_needed()
        if SCREENSHOTS:
            phone.screenshot(path=f"{SCREENSHOTS}/figures-390.png", full_page=True)
        assert_accessible(phone)
        # Printed, the figures are black on white: band, arrows and guides included.
        phone.emulate_media(media="print")
        colours = phone.evaluate(
            """() => ['.fig-body', '.fig-band', '.fig-arrow-line', '.fig-guide'].map(
                sel => getComputedStyle(document.querySelector('svg.fig ' + sel)).stroke)"""
        )
        assert colours == ["rgb(0, 0, 0)"] * 4
    finally:
        context.close()


def test_animated_figures_move_when_motion_is_welcome(live_server, browser):
    staff = UserFactory(is_staff=True)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        log_in(page, live_server, staff)
        page.goto(f"{live_server.url}/illustrations/")
        names = page.eval_on_selector_all(
            "svg.fig g.fig-tween",
            "els => els.slice(0, 6).map(el => getComputedStyle(el).animationName)",
        )
        assert names == [f"fig-tween-{k}" for k in range(6)]
    finally:
        context.close()
