"""Who may open which URL, for every route of the site: a table.

Each line names a route, builds the object its URL points to (a client's program, a flag, an
invitation...) and says what each kind of stranger gets:

- ``anonymous``: nobody logged in (by default sent to log in);
- ``other_client``: a client who is not the owner (by default 404: another person's object is
  simply not found, whether it exists or not);
- ``unlinked_physio``: a physiotherapist with no care link to the owner (by default 404),

and what the person it belongs to gets (``allowed``: the owner, or for the physiotherapist's
pages the linked physiotherapist), which shows that the URL does reach the object, so a 404 for
the others means something. A line that differs from the defaults says why.

``test_every_route_is_in_the_table`` walks Django's URL resolver: a new URL is one line here,
and a URL missing from the table fails with its name. The admin site is one rule: everything
under ``/admin/`` sends anyone who is not a verified admin to the admin's login.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from demo.answers import TYPICAL_ANSWERS
from programs.services import reassessment_submit
from tests.accounts.helpers import confirmation_link, sign_up
from tests.dates import START
from tests.factories import (
    NOT_ALLOWED_ANSWERS,
    AdminFactory,
    AssessmentFactory,
    CareLinkFactory,
    FlagFactory,
    InvitationFactory,
    PhysiotherapistFactory,
    ProgramFactory,
    ProgramTemplateFactory,
    UserFactory,
)
from tests.routes import Route, site_routes
from tests.two_factor import TwoFactorClient

pytestmark = pytest.mark.django_db

# --- what a person gets ------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """An expected response: a status, and for a redirect where it leads."""

    status: int
    to: str | Callable[[str], str] | None = None  # a path, or a path made from the URL asked
    contains: str = ""

    def problem(self, response, url: str) -> str | None:
        if response.status_code != self.status:
            where = f" to {response['Location']}" if response.has_header("Location") else ""
            return f"expected {self.status}, got {response.status_code}{where}"
        if self.to is not None:
            expected = self.to(url) if callable(self.to) else self.to
            if response["Location"] != expected:
                return f"expected a redirect to {expected}, got one to {response['Location']}"
        if self.contains and self.contains not in response.content.decode():
            return f"expected the page to say {self.contains!r}"
        return None


def redirect(to: str) -> Answer:
    return Answer(302, to=to)


OK = Answer(200)
NOT_FOUND = Answer(404)
NOT_ALLOWED = Answer(405)  # the method: the route only takes the other one
LOGIN = Answer(302, to=lambda url: f"{resolve_url(settings.LOGIN_URL)}?next={quote(url)}")
ADMIN_LOGIN = Answer(302, to=lambda url: f"/admin/login/?next={quote(url)}")
HOME = redirect("/home/")


# --- the people and their things ---------------------------------------------------------------

REASSESSMENT_ANSWERS = {
    "pain_now": 1,
    "pain_worst_week": 2,
    "single_leg_squat_left": "none",
    "single_leg_squat_right": "none",
    "squat_knees_cave": "none",
    "hip_drop_left": False,
    "hip_drop_right": False,
    "global_rating_of_change": "better",
}


class World:
    """A client three weeks into a program, linked to their physiotherapist, and what they
    have; each thing is made when a line of the table first asks for it."""

    @cached_property
    def owner(self):
        return UserFactory()

    @cached_property
    def link(self):
        return CareLinkFactory(client=self.owner)

    @cached_property
    def physio(self):
        """The owner's physiotherapist (linked)."""
        return self.link.physiotherapist

    @cached_property
    def program(self):
        return ProgramFactory(client=self.owner, start_date=START)

    @cached_property
    def day(self):
        """A day of the program before today (the Monday of week 3)."""
        return self.program.start_date + timedelta(days=14)

    @cached_property
    def exercise(self):
        return self.program.exercises.first()

    @cached_property
    def flag(self):
        return FlagFactory(client=self.owner, program=self.program)

    @cached_property
    def draft(self):
        return AssessmentFactory(owner=self.owner, draft=True)

    @cached_property
    def result(self):
        """A submitted self-assessment with no program yet."""
        return AssessmentFactory(owner=self.owner)

    @cached_property
    def withheld(self):
        """A submitted self-assessment that withholds the program until a clinician clears it."""
        return AssessmentFactory(owner=self.owner, answers=NOT_ALLOWED_ANSWERS)

    @cached_property
    def clinic_draft(self):
        """An assessment the owner's physiotherapist is recording in clinic."""
        return AssessmentFactory(owner=self.owner, assessed_by=self.physio, draft=True)

    @cached_property
    def template(self):
        """A program template of the owner's physiotherapist."""
        return ProgramTemplateFactory(physiotherapist=self.physio)

    @cached_property
    def reassessment(self):
        return reassessment_submit(
            client=self.owner, program=self.program, week=3, answers=REASSESSMENT_ANSWERS
        )

    @cached_property
    def invitation(self):
        return InvitationFactory(physiotherapist=self.physio)

    @cached_property
    def signup_token(self) -> str:
        """The token of the link emailed to someone signing up."""
        sign_up(Client(), username="pending", email="pending@example.org")
        return confirmation_link("pending@example.org").rstrip("/").rsplit("/", 1)[1]

    @cached_property
    def password_reset(self) -> dict[str, str]:
        return {
            "uidb64": urlsafe_base64_encode(force_bytes(self.owner.pk)),
            "token": default_token_generator.make_token(self.owner),
        }

    def physio_pages(self, **more: Any) -> dict[str, Any]:
        self.program  # noqa: B018 - the client's review needs their program
        self.physio  # noqa: B018 - and their link
        return {"client_id": self.owner.pk, **more}


# --- the table ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    # The URL's values for the owner's object (nothing for a page without one).
    path: Callable[[World], dict[str, Any]] = lambda world: {}
    # The methods tried; a route that takes only POST says so (a GET is 405 before any lookup).
    methods: tuple[str, ...] = ("GET", "POST")
    anonymous: Answer = LOGIN
    other_client: Answer = NOT_FOUND
    unlinked_physio: Answer = NOT_FOUND
    # Who the object is for ("client": the owner; "physio": the linked physiotherapist;
    # "admin": a verified admin) and what they get with the first method.
    allowed_person: str = "client"
    allowed: Answer | None = OK
    # For a URL whose token is the key (a calendar feed, an emailed link): the same URL with a
    # value nobody was given, and what anyone gets with it.
    guessed: Callable[[World], dict[str, Any]] | None = None
    guessed_answer: Answer = NOT_FOUND
    why: str = ""
    # What a POST sends (a form; JSON with ``json=True``).
    data: dict[str, Any] = field(default_factory=dict)
    json: bool = False


# A page for everyone, logged in or not.
PUBLIC = Access(anonymous=OK, other_client=OK, unlinked_physio=OK)
# A physiotherapist's page about a linked client.
CLIENT_REVIEW = {"allowed_person": "physio"}

TABLE: dict[str, Access] = {
    # --- public pages and logging in ---
    "landing": PUBLIC,
    "web_manifest": Access(methods=("GET",), anonymous=OK, other_client=OK, unlinked_physio=OK),
    "service_worker": Access(methods=("GET",), anonymous=OK, other_client=OK, unlinked_physio=OK),
    "login": PUBLIC,
    "two_factor:login": PUBLIC,
    "signup_sent": PUBLIC,
    "password_reset": PUBLIC,
    "password_reset_done": Access(
        methods=("GET",), anonymous=OK, other_client=OK, unlinked_physio=OK
    ),
    "password_reset_complete": Access(
        methods=("GET",), anonymous=OK, other_client=OK, unlinked_physio=OK
    ),
    "signup": Access(
        anonymous=OK,
        other_client=HOME,
        unlinked_physio=HOME,
        allowed=None,
        why="logged in: nothing to sign up",
    ),
    "assessments:start": Access(
        methods=("GET",), anonymous=OK, other_client=OK, unlinked_physio=OK
    ),
    "logout": Access(
        methods=("POST",),
        anonymous=redirect("/"),
        other_client=redirect("/"),
        unlinked_physio=redirect("/"),
        allowed=redirect("/"),
    ),
    # --- emailed links: the token is the key ---
    "signup_confirm": Access(
        path=lambda w: {"token": w.signup_token},
        methods=("GET",),
        anonymous=OK,
        other_client=OK,
        unlinked_physio=OK,
        why="whoever opens the emailed link is asked to confirm that account",
        allowed=None,
        guessed=lambda w: {"token": "not-a-token"},
    ),
    "password_reset_confirm": Access(
        path=lambda w: w.password_reset,
        methods=("GET",),
        anonymous=Answer(302, to=lambda url: url.rsplit("/", 2)[0] + "/set-password/"),
        other_client=Answer(302, to=lambda url: url.rsplit("/", 2)[0] + "/set-password/"),
        unlinked_physio=Answer(302, to=lambda url: url.rsplit("/", 2)[0] + "/set-password/"),
        why="whoever holds the emailed link may set the password (Django's own view)",
        allowed=None,
        guessed=lambda w: {**w.password_reset, "token": "abc-def"},
        guessed_answer=Answer(200, contains="This link has expired"),
    ),
    "programs:calendar_feed": Access(
        path=lambda w: (w.program, {"token": w.owner.calendar_token})[1],
        methods=("GET",),
        anonymous=OK,
        other_client=OK,
        unlinked_physio=OK,
        why="a calendar app fetches the private link without logging in",
        guessed=lambda w: {"token": "x" * 32},
    ),
    "sharing_invitation": Access(
        path=lambda w: {"code": w.invitation.code},
        other_client=OK,
        unlinked_physio=OK,
        why="any client given the code may accept; the page tells a physiotherapist it is not "
        "for them",
        guessed=lambda w: {"code": "AAAAAAAA"},
        guessed_answer=NOT_FOUND,
    ),
    # --- a person's own account ---
    "home": Access(
        other_client=redirect("/program/"), unlinked_physio=redirect("/physio/"), allowed=None
    ),
    "consent": Access(
        other_client=HOME, unlinked_physio=HOME, allowed=None, why="consented already"
    ),
    "account_settings": Access(other_client=OK, unlinked_physio=OK),
    "account_calendar_revoke": Access(
        methods=("POST",),
        other_client=redirect("/accounts/settings/"),
        unlinked_physio=redirect("/accounts/settings/"),
        allowed=redirect("/accounts/settings/"),
        why="revokes the asker's own link",
    ),
    "password_change": Access(other_client=OK, unlinked_physio=OK),
    "password_change_done": Access(methods=("GET",), other_client=OK, unlinked_physio=OK),
    "privacy": Access(methods=("GET",), other_client=OK, unlinked_physio=OK),
    "privacy_export_json": Access(methods=("POST",), other_client=OK, unlinked_physio=OK),
    "privacy_export_zip": Access(methods=("POST",), other_client=OK, unlinked_physio=OK),
    "privacy_delete": Access(
        methods=("POST",),
        other_client=Answer(400),
        unlinked_physio=Answer(400),
        allowed=Answer(400),
        why="deletes the asker's own account, and only with username, password and the box",
    ),
    "consent_withdraw": Access(methods=("GET",), other_client=OK, unlinked_physio=OK),
    "two_factor:profile": Access(methods=("GET",), other_client=OK, unlinked_physio=OK),
    "two_factor:setup": Access(
        methods=("GET",),
        other_client=OK,
        unlinked_physio=redirect("/accounts/two-factor/setup/complete/"),
        why="a physiotherapist has their authenticator already",
    ),
    "two_factor:qr": Access(
        methods=("GET",),
        other_client=NOT_FOUND,
        unlinked_physio=NOT_FOUND,
        allowed=NOT_FOUND,
        why="only while setting up, for the asker's own new secret",
    ),
    "two_factor:setup_complete": Access(
        methods=("GET",),
        other_client=LOGIN,
        unlinked_physio=OK,
        allowed=LOGIN,
        why="for people with a second factor: clients without one are asked to log in with it",
    ),
    "two_factor:backup_tokens": Access(
        methods=("GET",),
        other_client=LOGIN,
        unlinked_physio=OK,
        allowed=LOGIN,
        why="for people with a second factor: clients without one are asked to log in with it",
    ),
    "two_factor:disable": Access(
        methods=("GET",),
        anonymous=HOME,
        other_client=HOME,
        unlinked_physio=OK,
        allowed=HOME,
        why="django-two-factor-auth sends people without a second factor home",
    ),
    # --- the sharing pages of a client ---
    "sharing": Access(methods=("GET",), other_client=OK, unlinked_physio=OK),
    "sharing_end": Access(
        path=lambda w: {"link_id": w.link.pk},
        methods=("POST",),
        allowed=redirect("/accounts/sharing/"),
    ),
    # --- the client's conversations with their physiotherapists ---
    "conversations": Access(
        path=lambda w: (w.link, {})[1],
        methods=("GET",),
        other_client=OK,
        unlinked_physio=HOME,
        allowed=Answer(302),
        why="lists the asker's own conversations (none: a page saying how to start one); with "
        "one, it opens that conversation",
    ),
    "conversation": Access(path=lambda w: {"physio_id": w.physio.pk}),
    # --- self-assessments ---
    "assessments:list": Access(methods=("GET",), other_client=OK, unlinked_physio=OK),
    "assessments:result": Access(
        path=lambda w: {"uid": w.result.uid},
        methods=("GET",),
        anonymous=NOT_FOUND,
        why="an anonymous browser sees only the results it answered itself",
    ),
    "assessments:clearance": Access(
        path=lambda w: {"uid": w.result.uid},
        allowed=Answer(302, to=lambda url: url.replace("clearance", "result")),
        why="the owner's result needs no clearance, so its page sends them back to it",
    ),
    "assessments:step": Access(
        path=lambda w: {"uid": w.draft.uid, "slug": "about-you"},
        anonymous=NOT_FOUND,
        why="an anonymous browser answers only the drafts it started",
    ),
    # --- the weekly program ---
    "programs:today": Access(methods=("GET",), other_client=OK, unlinked_physio=HOME, allowed=OK),
    "programs:flags": Access(methods=("GET",), other_client=OK, unlinked_physio=OK),
    "programs:print": Access(
        path=lambda w: (w.program, {})[1],
        methods=("GET",),
        why="prints the asker's own current program; nobody else's can be named",
    ),
    "programs:resume": Access(
        path=lambda w: (w.program, {})[1],
        other_client=NOT_FOUND,
        allowed=redirect("/program/"),
        why="nothing to resume without a paused program of one's own",
    ),
    "programs:progress": Access(methods=("GET",), other_client=OK, unlinked_physio=HOME),
    "programs:reassess": Access(
        path=lambda w: (w.program, {})[1],
        other_client=redirect("/program/progress/"),
        unlinked_physio=redirect("/program/progress/"),
        why="reassesses the asker's own program; without one, their progress page",
    ),
    "programs:start": Access(path=lambda w: {"uid": w.result.uid}),
    "programs:session": Access(path=lambda w: {"day": w.day}),
    "programs:checkin": Access(path=lambda w: {"day": w.day}),
    "programs:guided": Access(path=lambda w: {"day": w.day}, methods=("GET",)),
    "programs:session_log_api": Access(
        path=lambda w: {"day": w.day},
        methods=("POST",),
        anonymous=Answer(401),
        json=True,
        data={"entries": []},
        allowed=Answer(422),
        why="a script's endpoint: 401 in JSON rather than the login page; an empty session "
        "is refused field by field",
    ),
    "programs:progress_program": Access(
        path=lambda w: {"program_id": w.program.pk},
        methods=("GET",),
        unlinked_physio=HOME,
        allowed=redirect("/program/progress/"),
        why="the current program's history is the progress page itself",
    ),
    "programs:reassessment_result": Access(
        path=lambda w: {"uid": w.reassessment.uid}, methods=("GET",)
    ),
    # --- the physiotherapist's workspace ---
    "physio:caseload": Access(unlinked_physio=OK, allowed_person="physio"),
    "physio:invitations": Access(methods=("GET",), unlinked_physio=OK, allowed_person="physio"),
    "physio:records": Access(
        methods=("GET",),
        unlinked_physio=OK,
        allowed_person="physio",
        why="the asker's own notes about former clients",
    ),
    "physio:notifications": Access(
        unlinked_physio=OK, allowed_person="physio", why="the asker's own email choices"
    ),
    "physio:invitation_cancel": Access(
        path=lambda w: {"invitation_id": w.invitation.pk},
        methods=("POST",),
        allowed_person="physio",
        allowed=redirect("/physio/invitations/"),
    ),
    "physio:client": Access(path=lambda w: w.physio_pages(), **CLIENT_REVIEW),
    "physio:client_end": Access(
        path=lambda w: w.physio_pages(),
        methods=("POST",),
        allowed=redirect("/physio/"),
        **CLIENT_REVIEW,
    ),
    "physio:flag_acknowledge": Access(
        path=lambda w: w.physio_pages(flag_id=w.flag.pk), **CLIENT_REVIEW
    ),
    "physio:flag_resolve": Access(
        path=lambda w: w.physio_pages(flag_id=w.flag.pk), **CLIENT_REVIEW
    ),
    "physio:program_pause": Access(path=lambda w: w.physio_pages(), **CLIENT_REVIEW),
    "physio:program_resume": Access(path=lambda w: w.physio_pages(), **CLIENT_REVIEW),
    "physio:strength_days": Access(path=lambda w: w.physio_pages(), **CLIENT_REVIEW),
    "physio:exercise_add": Access(path=lambda w: w.physio_pages(), **CLIENT_REVIEW),
    "physio:exercise_level": Access(
        path=lambda w: w.physio_pages(exercise_id=w.exercise.pk), **CLIENT_REVIEW
    ),
    "physio:exercise_dose": Access(
        path=lambda w: w.physio_pages(exercise_id=w.exercise.pk), **CLIENT_REVIEW
    ),
    "physio:exercise_remove": Access(
        path=lambda w: w.physio_pages(exercise_id=w.exercise.pk), **CLIENT_REVIEW
    ),
    "physio:assessment_start": Access(
        path=lambda w: w.physio_pages(),
        methods=("POST",),
        allowed=Answer(302),
        **CLIENT_REVIEW,
    ),
    "physio:assessment_step": Access(
        path=lambda w: w.physio_pages(uid=w.clinic_draft.uid, slug="about-you"), **CLIENT_REVIEW
    ),
    "physio:assessment_result": Access(
        path=lambda w: w.physio_pages(uid=w.result.uid), **CLIENT_REVIEW
    ),
    "physio:assessment_clearance": Access(
        path=lambda w: w.physio_pages(uid=w.withheld.uid), **CLIENT_REVIEW
    ),
    "physio:library": Access(methods=("GET",), unlinked_physio=OK, allowed_person="physio"),
    "physio:client_library": Access(
        path=lambda w: w.physio_pages(), methods=("GET",), **CLIENT_REVIEW
    ),
    "physio:handout": Access(path=lambda w: w.physio_pages(), methods=("GET",), **CLIENT_REVIEW),
    "physio:exercise_frequency": Access(
        path=lambda w: w.physio_pages(exercise_id=w.exercise.pk), **CLIENT_REVIEW
    ),
    "physio:template_save": Access(path=lambda w: w.physio_pages(), **CLIENT_REVIEW),
    "physio:template_apply": Access(path=lambda w: w.physio_pages(), **CLIENT_REVIEW),
    "physio:templates": Access(methods=("GET",), unlinked_physio=OK, allowed_person="physio"),
    "physio:template_detail": Access(
        path=lambda w: {"template_id": w.template.pk},
        methods=("GET",),
        allowed_person="physio",
        why="a template is its physiotherapist's own: any other is not found",
    ),
    "physio:template_delete": Access(
        path=lambda w: {"template_id": w.template.pk},
        methods=("POST",),
        allowed_person="physio",
        allowed=redirect("/physio/templates/"),
    ),
    "physio:note_add": Access(path=lambda w: w.physio_pages(), **CLIENT_REVIEW),
    "physio:message_send": Access(path=lambda w: w.physio_pages(), **CLIENT_REVIEW),
    # --- staff only ---
    "figure_gallery": Access(
        methods=("GET",), allowed_person="admin", why="the figure gallery is for staff"
    ),
    # --- the JSON API: public, answered in JSON ---
    "api:evaluate_answers": Access(
        methods=("POST",),
        anonymous=OK,
        other_client=OK,
        unlinked_physio=OK,
        data={"answers": TYPICAL_ANSWERS},
        json=True,
        why="evaluates answers without storing anything, for anyone",
    ),
    "api:openapi-json": Access(methods=("GET",), anonymous=OK, other_client=OK, unlinked_physio=OK),
    "api:openapi-view": Access(methods=("GET",), anonymous=OK, other_client=OK, unlinked_physio=OK),
    "api:api-root": Access(
        methods=("GET",), anonymous=NOT_FOUND, allowed=NOT_FOUND, why="nothing at the root"
    ),
    # --- the admin site's own entrance (everything else under /admin/ is ADMIN below) ---
    "admin:login": Access(
        methods=("GET",),
        anonymous=redirect("/accounts/login/?next=/home/"),
        other_client=redirect("/accounts/login/?next=/home/"),
        unlinked_physio=redirect("/accounts/login/?next=/home/"),
        allowed=None,
        why="the site's own two-step login page is the admin's",
    ),
    "admin:logout": Access(
        methods=("GET",),
        anonymous=redirect("/admin/"),
        other_client=redirect("/admin/"),
        unlinked_physio=redirect("/admin/"),
        allowed=None,
    ),
}

# Every other route under /admin/: only a verified admin gets in.
ADMIN_PREFIX = "admin/"
ADMIN = Access(
    methods=("GET",),
    anonymous=ADMIN_LOGIN,
    other_client=ADMIN_LOGIN,
    unlinked_physio=ADMIN_LOGIN,
    allowed=None,
)

ROUTES = site_routes()


def _in_table(route: Route) -> bool:
    return route.name in TABLE or route.pattern.startswith(ADMIN_PREFIX)


# --- the tests ---------------------------------------------------------------------------------


def _describe(route: Route) -> str:
    name = route.name if route.name != route.pattern else "a route without a name (give it one)"
    takes = f", takes {', '.join(route.parameters)}" if route.parameters else ""
    return f"{name} (/{route.pattern}{takes})"


def test_every_route_is_in_the_table():
    missing = [route for route in ROUTES if not _in_table(route)]
    assert not missing, (
        "Routes missing from the access table in tests/security/test_access.py (add one line "
        "each: how to build the owner's object and what strangers get): "
        + "; ".join(_describe(route) for route in missing)
    )
    names = {route.name for route in ROUTES}
    gone = sorted(name for name in TABLE if name not in names)
    assert not gone, f"The access table names routes that no longer exist: {', '.join(gone)}"


def _ask(person, method: str, url: str, access: Access) -> Any:
    client = TwoFactorClient(raise_request_exception=False)
    if person is not None:
        client.force_login(person)
    if method == "GET":
        return client.get(url)
    if access.json:
        return client.post(url, access.data, content_type="application/json")
    return client.post(url, access.data)


def _check(access: Access, url: str, strangers: dict) -> list[str]:
    problems = []
    for kind, person in strangers.items():
        for method in access.methods:
            response = _ask(person, method, url, access)
            problem = getattr(access, kind).problem(response, url)
            if problem:
                problems.append(f"{method} {url} as {kind.replace('_', ' ')}: {problem}")
    return problems


@pytest.fixture
def strangers(today):
    return {
        "anonymous": None,
        "other_client": UserFactory(),
        "unlinked_physio": PhysiotherapistFactory(),
    }


@pytest.mark.parametrize("name", sorted(TABLE))
def test_strangers_get_what_the_table_says(name, strangers):
    access, world = TABLE[name], World()
    url = reverse(name, kwargs=access.path(world))
    problems = _check(access, url, strangers)
    if access.guessed is not None:
        # Those whom the real value lets in must get nothing with a value nobody was given.
        guessed = reverse(name, kwargs=access.guessed(world))
        for kind, person in strangers.items():
            if getattr(access, kind) in (LOGIN, NOT_FOUND):
                continue
            response = _ask(person, access.methods[0], guessed, access)
            problem = access.guessed_answer.problem(response, guessed)
            if problem:
                problems.append(f"{guessed} (a guessed value) as {kind}: {problem}")
    if access.allowed is not None:
        person = {
            "client": lambda: world.owner,
            "physio": lambda: world.physio,
            "admin": AdminFactory,
        }[access.allowed_person]()
        response = _ask(person, access.methods[0], url, access)
        problem = access.allowed.problem(response, url)
        if problem:
            problems.append(f"{access.methods[0]} {url} as its {access.allowed_person}: {problem}")
    assert not problems, "\n".join(problems)


ADMIN_ROUTES = [route for route in ROUTES if route.pattern.startswith(ADMIN_PREFIX)]


@pytest.mark.parametrize(
    "route", [r for r in ADMIN_ROUTES if r.name not in TABLE], ids=lambda route: route.name
)
def test_only_verified_admins_get_into_the_admin_site(route, strangers):
    problems = _check(ADMIN, "/" + route.example_path(), strangers)
    assert not problems, "\n".join(problems)
