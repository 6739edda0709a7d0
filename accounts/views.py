from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "landing.html")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to its own starting page."""
    if request.user.is_physiotherapist:
        return redirect("physio:caseload")
    return redirect("programs:today")
