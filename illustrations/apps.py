from django.apps import AppConfig


class IllustrationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "illustrations"
    verbose_name = "Illustrations"

    def ready(self) -> None:
        # Registers the system check: every library level and self-test has a figure.
        from illustrations import checks  # noqa: F401
