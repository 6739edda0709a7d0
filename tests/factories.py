"""factory_boy factories for the models tests need most."""

from __future__ import annotations

import factory

from accounts.consent import consent_record
from accounts.models import User

DEFAULT_PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"client{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = User.Role.CLIENT
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy hook signature
        if create:
            obj.save()

    @factory.post_generation
    def consent(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy hook signature
        """Clients consented at sign-up; ``UserFactory(consent=False)`` for one who has not."""
        if create and obj.is_client and extracted is not False:
            consent_record(user=obj)


class PhysiotherapistFactory(UserFactory):
    username = factory.Sequence(lambda n: f"physio{n}")
    role = User.Role.PHYSIOTHERAPIST
