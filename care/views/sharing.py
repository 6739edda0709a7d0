"""The client's side of sharing: accept an invitation after seeing what it shares, end links."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.errors import form_add_service_error
from care.access import active_link
from care.errors import InvitationError
from care.forms import ConsentForm, InvitationCodeForm
from care.selectors import sharing as sharing_selectors
from care.services import linking


@login_required
@require_http_methods(["GET", "POST"])
def sharing(request: HttpRequest) -> HttpResponse:
    """Enter a code, and see (and end) current and past links."""
    form = InvitationCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return redirect("sharing_invitation", code=form.cleaned_data["code"])
    return render(
        request,
        "care/sharing.html",
        {
            "form": form,
            "overview": sharing_selectors.sharing_overview(request.user),
            "shared_data": sharing_selectors.SHARED_DATA,
            "physio_can": sharing_selectors.PHYSIO_CAN,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def sharing_invitation(request: HttpRequest, code: str) -> HttpResponse:
    """Show exactly what will be shared, then record consent."""
    try:
        invitation = sharing_selectors.invitation_lookup(code)
    except InvitationError as error:
        return render(request, "care/sharing_invalid.html", {"error": str(error)}, status=404)
    physio = invitation.physiotherapist
    form = ConsentForm(
        request.POST if request.method == "POST" else None, physio_name=physio.display_name
    )
    if request.method == "POST" and request.user.is_client and form.is_valid():
        try:
            linking.invitation_accept(code=invitation.code, client=request.user)
        except InvitationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request,
                f"You now share your data with {physio.display_name}. "
                "You can stop sharing at any time on this page.",
            )
            return redirect("sharing")
    return render(
        request,
        "care/sharing_invitation.html",
        {
            "invitation": invitation,
            "physio": physio,
            "form": form,
            "already": active_link(physio, request.user) is not None,
            "shared_data": sharing_selectors.SHARED_DATA,
            "physio_can": sharing_selectors.PHYSIO_CAN,
        },
    )


@login_required
@require_POST
def sharing_end(request: HttpRequest, link_id: int) -> HttpResponse:
    link = sharing_selectors.care_link_for_client(request.user, link_id)
    linking.care_link_end(link=link, actor=request.user)
    messages.success(
        request,
        f"You stopped sharing with {link.physiotherapist.display_name}. "
        "They can no longer see your data.",
    )
    return redirect("sharing")
