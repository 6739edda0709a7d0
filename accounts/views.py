from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.forms import SignUpForm
from assessments.services import assessments_claim_for_user


def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "landing.html")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to its own starting page."""
    if request.user.is_physiotherapist:
        return redirect("physio:caseload")
    return redirect("programs:today")


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        claimed = assessments_claim_for_user(user=user, session=request.session)
        if claimed:
            messages.success(request, "Account created. Your answers and result are saved to it.")
            return redirect(reverse("assessments:result", args=[claimed[0].uid]))
        messages.success(request, "Account created. Welcome!")
        return redirect("home")
    return render(request, "registration/signup.html", {"form": form})


class LoginView(auth_views.LoginView):
    """Logging in also keeps any assessment answered before logging in."""

    def form_valid(self, form):
        response = super().form_valid(form)
        claimed = assessments_claim_for_user(user=self.request.user, session=self.request.session)
        if claimed:
            messages.success(self.request, "Your assessment has been saved to your account.")
        return response
