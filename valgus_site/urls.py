"""Root URL configuration."""

from django.contrib import admin
from django.urls import include, path
from two_factor.admin import AdminSiteOTPRequired

from accounts import views as account_views
from valgus_site import views as site_views
from valgus_site.api import api

# The admin site refuses a session without a verified second factor and logs people in through
# the site's own two-step login page.
admin.site.__class__ = AdminSiteOTPRequired

urlpatterns = [
    # First: the public API is the busiest route, and Django tries the patterns in order.
    path("api/", api.urls),
    path("", account_views.landing, name="landing"),
    path("manifest.webmanifest", site_views.web_manifest, name="web_manifest"),
    path("service-worker.js", site_views.service_worker, name="service_worker"),
    path("home/", account_views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("accounts/sharing/", include("care.sharing_urls")),
    path("messages/", include("care.conversation_urls")),
    path("accounts/privacy/", include("privacy.urls")),
    path("assessment/", include("assessments.urls")),
    path("program/", include("programs.urls")),
    path("physio/", include("care.urls")),
    path("illustrations/", include("illustrations.urls")),
    path("admin/", admin.site.urls),
]
