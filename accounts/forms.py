from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import UserCreationForm

from accounts.models import User


class SignUpForm(UserCreationForm):
    """Self sign-up creates a client account; physiotherapists are created by an admin."""

    first_name = forms.CharField(max_length=150, label="First name")
    email = forms.EmailField(
        label="Email", help_text="Used for password resets and, if you want them, reminders."
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Create account"))

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this email already exists.")
        return email


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
