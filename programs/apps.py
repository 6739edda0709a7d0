from importlib.util import find_spec

from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "programs"
    verbose_name = "Programs"

    def ready(self) -> None:
        # Registers the system check that validates the rules and exercise library data files.
        if find_spec("programs.checks") is not None:
            from programs import checks  # noqa: F401
