"""The admin names the product and keeps its breadcrumb links recognisable without colour."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_admin_pages_are_named_for_valgus(admin_client):
    response = admin_client.get(reverse("admin:auditlog_logentry_changelist"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "valgus administration" in page
    assert "Django administration" not in page
    assert "css/admin.css" in page


def test_the_admin_logs_people_in_through_the_two_step_login_page(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    response = client.get(response.url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_breadcrumb_links_are_underlined():
    stylesheet = Path(finders.find("css/admin.css")).read_text()

    assert ".breadcrumbs a" in stylesheet
    assert "text-decoration: underline" in stylesheet
