"""Two-factor login pages, under the names django-two-factor-auth's views and templates use."""

from django.urls import path
from two_factor.views import BackupTokensView, DisableView, ProfileView, SetupCompleteView

from accounts.two_factor import LoginView, TwoFactorQRView, TwoFactorSetupView

app_name = "two_factor"

urlpatterns = [
    path("", ProfileView.as_view(), name="profile"),
    # The library's own views send people here to log in; it is the site's login page.
    path("login/", LoginView.as_view(), name="login"),
    path("setup/", TwoFactorSetupView.as_view(), name="setup"),
    path("setup/qrcode/", TwoFactorQRView.as_view(), name="qr"),
    path("setup/complete/", SetupCompleteView.as_view(), name="setup_complete"),
    path("recovery-codes/", BackupTokensView.as_view(), name="backup_tokens"),
    path("disable/", DisableView.as_view(), name="disable"),
]
