from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.forms import SignUpForm
from accounts.models import User
from accounts.signals import signed_in


def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "landing.html")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to its own starting page."""
    if request.user.is_physiotherapist:
        return redirect("physio:caseload")
    return redirect("programs:today")


def _signed_in(request: HttpRequest, user: User, *, new_account: bool) -> str | None:
    """Let the apps above act on the sign-in (keep answers given before it); where to go next."""
    answers = signed_in.send(sender=User, request=request, user=user, new_account=new_account)
    return next((answer for _, answer in answers if answer), None)


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        next_page = _signed_in(request, user, new_account=True)
        if next_page:
            return redirect(next_page)
        messages.success(request, "Account created. Welcome!")
        return redirect("home")
    return render(request, "registration/signup.html", {"form": form})


class LoginView(auth_views.LoginView):
    """Logging in also keeps any assessment answered before logging in."""

    def form_valid(self, form):
        response = super().form_valid(form)
        _signed_in(self.request, self.request.user, new_account=False)
        return response
