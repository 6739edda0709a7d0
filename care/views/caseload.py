"""The caseload and the invitations a physiotherapist sends."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from care import forms
from care.access import clients_of
from care.errors import CareError
from care.selectors import caseload as caseload_selectors
from care.selectors import sharing
from care.services import linking
from care.views.base import physio_required
from programs.engine import load_rules


@physio_required
def caseload(request: HttpRequest) -> HttpResponse:
    form = forms.CaseloadFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    clients = caseload_selectors.caseload_for(
        request.user,
        today=today,
        search=filters.get("q") or "",
        open_flags_only=bool(filters.get("open_flags")),
        adherence_below=filters.get("adherence_below"),
        paused_only=bool(filters.get("paused")),
    )
    page = Paginator(clients, caseload_selectors.CASELOAD_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = caseload_selectors.caseload_rows(page.object_list, today=today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "care/caseload.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "filtered": bool(form.is_bound and any(filters.values())),
            "linked_count": clients_of(request.user).count(),
            "adherence_days": load_rules().thresholds.adherence_window_days,
        },
    )


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
