"""The client's side of sharing: accept an invitation after seeing what it shares, end links."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts import linking


class InvitationCodeForm(forms.Form):
    code = forms.CharField(
        label="Invitation code",
        max_length=20,
        help_text=(
            "The 8-character code your physiotherapist gave you, for example K7QM3XPA. "
            "Capital or small letters, with or without spaces, are fine."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        try:
            linking.invitation_lookup(code)
        except linking.InvitationError as error:
            raise forms.ValidationError(str(error)) from None
        return linking.normalise_code(code)


class ConsentForm(forms.Form):
    agree = forms.BooleanField(
        required=True,
        label="I agree to share the information listed above with this physiotherapist.",
        error_messages={"required": "Tick this box to confirm that you agree to share."},
    )

    def __init__(self, *args, physio_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if physio_name:
            self.fields[
                "agree"
            ].label = f"I agree to share the information listed above with {physio_name}."
        self.helper = FormHelper()
        self.helper.form_tag = False


@login_required
@require_http_methods(["GET", "POST"])
def sharing(request: HttpRequest) -> HttpResponse:
    """Enter a code, and see (and end) current and past links."""
    form = InvitationCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return redirect("sharing_invitation", code=form.cleaned_data["code"])
    overview = linking.sharing_overview(request.user)
    return render(
        request,
        "accounts/sharing.html",
        {
            "form": form,
            "overview": overview,
            "shared_data": linking.SHARED_DATA,
            "physio_can": linking.PHYSIO_CAN,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def sharing_invitation(request: HttpRequest, code: str) -> HttpResponse:
    """Show exactly what will be shared, then record consent."""
    try:
        invitation = linking.invitation_lookup(code)
    except linking.InvitationError as error:
        return render(request, "accounts/sharing_invalid.html", {"error": str(error)}, status=404)
    physio = invitation.physiotherapist
    form = ConsentForm(
        request.POST if request.method == "POST" else None, physio_name=physio.display_name
    )
    if request.method == "POST" and request.user.is_client and form.is_valid():
        try:
            linking.invitation_accept(code=invitation.code, client=request.user)
        except linking.InvitationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"You now share your data with {physio.display_name}. "
                "You can stop sharing at any time on this page.",
            )
            return redirect("sharing")
    already = linking.active_link_for(physio, request.user) is not None
    return render(
        request,
        "accounts/sharing_invitation.html",
        {
            "invitation": invitation,
            "physio": physio,
            "form": form,
            "already": already,
            "shared_data": linking.SHARED_DATA,
            "physio_can": linking.PHYSIO_CAN,
        },
    )


@login_required
@require_POST
def sharing_end(request: HttpRequest, link_id: int) -> HttpResponse:
    link = linking.care_link_for_client(request.user, link_id)
    linking.care_link_end(link=link, actor=request.user)
    messages.success(
        request,
        f"You stopped sharing with {link.physiotherapist.display_name}. "
        "They can no longer see your data.",
    )
    return redirect("sharing")
