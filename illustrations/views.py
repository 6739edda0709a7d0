from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from illustrations.figures import gallery as all_figures


@login_required
def gallery(request: HttpRequest) -> HttpResponse:
    """Every figure on one page, for staff to review the drawings against their words."""
    if not getattr(request.user, "is_staff", False):
        raise Http404
    exercises, tests = all_figures()
    return render(request, "illustrations/gallery.html", {"exercises": exercises, "tests": tests})
