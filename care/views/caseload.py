"""The caseload and the invitations a physiotherapist sends."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_http_methods, require_POST

from assessments import presentation
from assessments.templatetags import presentation as presentation_tags
from care import forms, fragments
from care.errors import CareError
from care.selectors import caseload as caseload_selectors
from care.selectors import sharing
from care.services import linking
from care.views.base import physio_required
from programs.engine import load_rules


@physio_required
def caseload(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = forms.CaseloadFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    filtered = bool(form.is_bound and any(filters.values()))
    clients = caseload_selectors.caseload_clients(
        request.user,
        search=filters.get("q") or "",
        open_flags_only=bool(filters.get("open_flags")),
        adherence_below=filters.get("adherence_below"),
        paused_only=bool(filters.get("paused")),
    )
    sort = caseload_selectors.Sort.parse(request.GET.get("sort"))
    page = caseload_selectors.caseload_page(
        request.user,
        clients,
        sort=sort,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        today=today,
    )
    query = request.GET.copy()
    for name in ("after", "before", "sort"):
        query.pop(name, None)
    adherence_days = load_rules().thresholds.adherence_window_days
    return render(
        request,
        "care/caseload.html",
        {
            "form": form,
            "filters_html": _rendered_filters(form, sort=sort.param, filtered=filtered),
            "page": page,
            "rows_html": _rendered_rows(page, adherence_days=adherence_days),
            "columns": _columns(query, sort),
            "sort_query": _with(query, sort=sort.param),
            "sorted_by": _sorted_by(sort),
            "filtered": filtered,
            "adherence_days": adherence_days,
            "pain_points": caseload_selectors.PAIN_TREND_POINTS,
        },
    )


def _rendered_rows(page: caseload_selectors.CaseloadPage, *, adherence_days: int) -> SafeString:
    """The page's rows, rendered once per change of what any of them shows
    (``care.fragments``): one cache read for the page, and its rows are built only when they
    are rendered."""
    [html] = fragments.render_fragments(
        "care/_caseload_rows.html",
        [
            (
                (page.shown, page.today, adherence_days),
                {"page": page, "adherence_days": adherence_days},
            )
        ],
        includes=("care/_caseload_row.html", "care/_flag_badge.html", "care/_sparkline.html"),
        modules=(presentation, presentation_tags, caseload_selectors),
    )
    return html


def _rendered_filters(form: forms.CaseloadFilterForm, *, sort: str, filtered: bool) -> SafeString:
    """The search and filter form, rendered once per set of typed values (its HTML, errors
    included, follows from them, the sort it keeps and whether any filter applies)."""
    typed = [(name, form.data.getlist(name)) for name in form.fields] if form.is_bound else None
    context = {"form": form, "sort": sort, "filtered": filtered}
    [html] = fragments.render_fragments(
        "care/_caseload_filters.html",
        [((sort, filtered, typed), context)],
        modules=(forms, caseload_selectors),
    )
    return html


def _with(query: QueryDict, **values: str) -> str:
    query = query.copy()
    for name, value in values.items():
        query[name] = value
    return query.urlencode()


# The caseload's columns in page order; ``None`` for one that does not sort.
_COLUMN_ORDER = ("name", "flag", None, "adherence", "pain", "activity")


def _columns(query: QueryDict, sort: caseload_selectors.Sort) -> list[dict]:
    """Each column header: its label, the link that sorts by it (the other way round when it is
    the current order) and ``aria-sort`` on the current one."""
    adherence_days = load_rules().thresholds.adherence_window_days
    labels = {
        "name": "Client",
        "flag": "Flags",
        None: "Program",
        "adherence": f"Adherence, {adherence_days} days",
        "pain": "Pain during",
        "activity": "Last log",
    }
    headers = []
    for key in _COLUMN_ORDER:
        header = {"label": labels[key], "href": None, "aria_sort": None}
        if key is not None:
            current = sort.column.key == key
            target = ("" if sort.reverse else "-") + key if current else key
            header["href"] = "?" + _with(query, sort=target)
            header["aria_sort"] = sort.aria() if current else None
        headers.append(header)
    return headers


def _sorted_by(sort: caseload_selectors.Sort) -> str:
    words = {
        "flag": ("urgency of their flags", "urgency of their flags, least urgent first"),
        "name": ("name", "name, Z to A"),
        "activity": ("last log, latest first", "last log, earliest first"),
        "adherence": ("adherence, lowest first", "adherence, highest first"),
        "pain": ("latest pain, highest first", "latest pain, lowest first"),
    }
    return words[sort.column.key][1 if sort.reverse else 0]


@physio_required
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        invitation = linking.invitation_create(physiotherapist=request.user)
        messages.success(
            request,
            f"Invitation created. Give your client the code {invitation.code} or the link.",
        )
        return redirect(f"{reverse('physio:invitations')}?new={invitation.pk}")
    now = timezone.now()
    items = [
        {
            "invitation": invitation,
            "status": sharing.invitation_status(invitation, now),
            "link": request.build_absolute_uri(
                reverse("sharing_invitation", args=[invitation.code])
            ),
        }
        for invitation in sharing.invitations_for(request.user)[:100]
    ]
    new = request.GET.get("new")
    # An id is at most 18 digits; a longer "number" is someone typing in the address bar.
    new_id = int(new) if new and new.isdigit() and len(new) <= 18 else None
    return render(request, "care/invitations.html", {"items": items, "new_id": new_id})


@physio_required
@require_POST
def invitation_cancel(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = sharing.invitation_for_physio(request.user, invitation_id)
    try:
        linking.invitation_cancel(invitation=invitation, actor=request.user)
    except CareError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"Invitation {invitation.code} cancelled: it can no longer be used."
        )
    return redirect("physio:invitations")
