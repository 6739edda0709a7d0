from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for ``make run``: a physiotherapist and linked clients in varied states, built
    through the same services the app uses (``manage.py load_demo``)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = "Demo data"
