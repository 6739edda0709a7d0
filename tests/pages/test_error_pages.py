"""Error pages read as part of valgus: a way back for each kind of visitor, nothing technical."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Engine, loader
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_a_missing_page_offers_a_way_back_to_anonymous_visitors(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "We could not find that page" in text
    assert 'href="/accounts/login/"' in text
    assert "Traceback" not in text


@override_settings(DEBUG=False)
def test_a_client_on_a_missing_page_is_sent_to_today(logged_in):
    response = logged_in.get("/program/day/2001-01-01/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "We could not find that page" in text
    assert 'href="/program/"' in text


@override_settings(DEBUG=False)
def test_a_physiotherapist_on_another_clients_page_is_sent_to_the_caseload(client, physio_user):
    client.force_login(physio_user)
    response = client.get("/physio/clients/999999/")
    assert response.status_code == 404
    assert 'href="/physio/"' in response.content.decode()


def test_the_server_error_page_renders_without_any_context():
    # Django renders 500.html with an empty context; it must not depend on template tags.
    source = loader.get_template("500.html").template.source
    assert "{%" not in source and "{{" not in source
    html = Engine().from_string(source).render(Context())
    assert "Something went wrong on our side" in html
    assert html.count("<h1") == 1


@override_settings(DEBUG=False)
def test_a_form_without_its_security_token_explains_what_to_do():
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    text = response.content.decode()
    assert "Please send the form again" in text
    assert "Nothing was saved" in text


@pytest.mark.parametrize("name", ["400.html", "403.html", "404.html"])
def test_each_error_page_has_one_heading(rf, name):
    request = rf.get("/")
    request.user = AnonymousUser()
    html = loader.render_to_string(name, request=request)
    assert html.count("<h1") == 1
