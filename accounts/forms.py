from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm

from accounts.consent import CONSENT_VERSION, CONSENT_WORDINGS
from accounts.models import User
from accounts.rate_limits import email_send_allowed


class SignUpForm(UserCreationForm):
    """Self sign-up creates a client account; physiotherapists are created by an admin."""

    first_name = forms.CharField(max_length=150, label="First name")
    email = forms.EmailField(
        label="Email",
        help_text="We send a link to this address to confirm your account. Also used for "
        "password resets and, if you want them, reminders.",
    )
    # Explicit consent: never ticked in advance, recorded with the version of this wording.
    consent = forms.BooleanField(
        label=CONSENT_WORDINGS[CONSENT_VERSION],
        required=True,
        error_messages={
            "required": "valgus can only keep your answers and logs with your consent: tick "
            "the box to agree, or keep using the self-assessment without an account."
        },
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Create account"))

    def clean_username(self) -> str:
        """A username held by an account still waiting for its link, from the same address, may
        be entered again: the person lost the first email and gets the link again."""
        username = self.cleaned_data.get("username")
        email = str(self.data.get("email", "")).strip()
        if username and email:
            held = User.objects.filter(username__iexact=username).first()
            if (
                held is not None
                and not held.is_active
                and held.email.lower() == email.lower()
                and hasattr(held, "signup_confirmation")
            ):
                self.held_by_pending_account = True
                return username
        return super().clean_username()

    def validate_unique(self) -> None:
        if not getattr(self, "held_by_pending_account", False):
            super().validate_unique()

    def clean_email(self) -> str:
        # Whether the address already has an account is never said here (see accounts/signup.py).
        return self.cleaned_data["email"].strip().lower()


class LimitedPasswordResetForm(PasswordResetForm):
    """Django's password reset, sending at most a few emails an hour to one address."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        if email_send_allowed(to_email, purpose="password_reset"):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )


class AccountSettingsForm(forms.ModelForm):
    """Name, email and reminders; the role and the calendar secret are never editable here."""

    email = forms.EmailField(
        label="Email",
        help_text="Used for password resets and, if you want them, reminders.",
    )

    class Meta:
        model = User
        fields = ("first_name", "last_name", "email", "reminders_enabled")
        labels = {
            "first_name": "First name",
            "last_name": "Last name",
            "reminders_enabled": "Email me a reminder when yesterday's exercises were not logged",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not (self.instance and self.instance.is_client):
            del self.fields["reminders_enabled"]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        taken = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists()
        if taken:
            raise forms.ValidationError("Another account already uses this email address.")
        return email
