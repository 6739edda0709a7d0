"""Which tables hold data about a person: each app declares its own, in its ``AppConfig``.

A person's copy of their data and the deletion of their account (``privacy``) go through these
declarations, and so does the audit trail when it asks whose data a changed row is. A new model
with personal data is therefore one declaration in its app's ``apps.py``; a test fails when a
model with a foreign key to a user is declared nowhere.

    class ProgramsConfig(AppConfig):
        personal_data = (
            PersonalData("programs.Program", owner="client", export_as="programs"),
            ...
        )

Declarations are read in the order of ``INSTALLED_APPS``: lower layers first.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import Model, QuerySet

if TYPE_CHECKING:  # apps.py files import this module before the models are ready
    from accounts.models import User


@dataclass(frozen=True)
class PersonalData:
    """The rows of one model that are about one person.

    ``owner`` is the lookup from a row to that person (``"client"``, ``"program__client"``;
    ``"pk"`` for the user row itself; ``"username"`` with ``by_username``). ``export_as`` names the
    table in the person's copy, or is ``None`` when the rows are not part of it (``why_not``
    says why). ``role`` limits the declaration to people with that role (a physiotherapist's sent
    messages). ``hidden_from_person``: changes to these rows are left out of the "who has seen
    or changed your data" list (a physiotherapist's private notes). ``fields`` limits what is
    exported (the account row without its secrets). Every declared row is deleted with the
    account, except with ``kept_for``: rows another person must keep as their own record (a
    physiotherapist's clinical notes) stay with that person (``kept_for`` names the field that
    points at them), and only their link to the deleted person is removed (``owner``, a direct
    foreign key that may be null, is emptied).
    """

    model: str
    owner: str
    export_as: str | None
    why_not: str = ""
    role: str | None = None
    hidden_from_person: bool = False
    fields: tuple[str, ...] = ()
    by_username: bool = False
    kept_for: str = ""

    def __post_init__(self) -> None:
        if self.export_as is None and not self.why_not:
            raise ValueError(f"{self.model}: say why it is not exported (why_not)")
        if self.kept_for and ("__" in self.owner or self.by_username):
            raise ValueError(f"{self.model}: rows kept for another need a direct owner key")

    @property
    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)

    def applies_to(self, user: User) -> bool:
        return self.role is None or user.role == self.role

    def rows(self, user: User) -> QuerySet:
        """The rows about ``user``."""
        value: Any = user.username if self.by_username else user.pk
        return self.model_class._default_manager.filter(**{self.owner: value})

    def forget(self, user: User) -> None:
        """What deleting ``user``'s account does to these rows: delete them, or, for rows kept
        for another person, remove only their link to ``user``."""
        if self.kept_for:
            self.rows(user).update(**{self.owner: None})
        else:
            self.rows(user).delete()


def declarations() -> Iterator[PersonalData]:
    """Every app's declarations, lower layers first."""
    for config in apps.get_app_configs():
        yield from getattr(config, "personal_data", ())


def declarations_for(model: type[Model]) -> list[PersonalData]:
    label = model._meta.label
    return [item for item in declarations() if item.model == label]


def person_id_of(instance: Model) -> int | None:
    """The id of the person a row is about: the first declaration of its model that is not
    limited to one role (the client, for a message). ``None`` when its model declares none.

    Works for a row that was just deleted too: only the first step of the lookup is read from
    the row itself (``program_id``), the rest from the database.
    """
    for declaration in declarations_for(type(instance)):
        if declaration.role is not None or declaration.by_username:
            continue
        first, _, rest = declaration.owner.partition("__")
        if first == "pk":
            return instance.pk
        field = instance._meta.get_field(first)
        value = getattr(instance, field.attname)
        if value is None or not rest:
            return value
        related = field.related_model._default_manager
        return related.filter(pk=value).values_list(rest, flat=True).first()
    return None
