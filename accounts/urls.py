from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import consent_views, settings_views, signup_views
from accounts.forms import LimitedPasswordResetForm
from accounts.two_factor import LoginView

urlpatterns = [
    path("signup/", signup_views.signup, name="signup"),
    path("signup/sent/", signup_views.signup_sent, name="signup_sent"),
    path("signup/confirm/<str:token>/", signup_views.signup_confirm_view, name="signup_confirm"),
    path("consent/", consent_views.consent, name="consent"),
    path("login/", LoginView.as_view(), name="login"),
    path("two-factor/", include("accounts.two_factor_urls")),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(form_class=LimitedPasswordResetForm),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("settings/", settings_views.account_settings, name="account_settings"),
    path(
        "settings/calendar/revoke/",
        settings_views.account_calendar_revoke,
        name="account_calendar_revoke",
    ),
]
