"""tests/factories.py has a factory for every model of the app, and each builds a valid row:
a new model without one fails here, so test data always has one place to come from."""

from __future__ import annotations

import inspect
from pathlib import Path

import factory
import pytest
from django.apps import apps
from django.conf import settings

from tests import factories

pytestmark = pytest.mark.django_db

OUR_MODELS = sorted(
    (
        model
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR)
        and ".venv" not in Path(config.path).relative_to(settings.BASE_DIR).parts
        for model in config.get_models()
    ),
    key=lambda model: model._meta.label,
)
FACTORIES = [
    item
    for _, item in inspect.getmembers(factories, inspect.isclass)
    if issubclass(item, factory.django.DjangoModelFactory) and item.__module__ == factories.__name__
]


def test_every_model_of_the_app_has_a_factory():
    assert len(OUR_MODELS) >= 15, [model._meta.label for model in OUR_MODELS]
    covered = {item._meta.model for item in FACTORIES}
    missing = [model._meta.label for model in OUR_MODELS if model not in covered]
    assert missing == [], f"add a factory to tests/factories.py for: {', '.join(missing)}"


@pytest.mark.parametrize("model_factory", FACTORIES, ids=lambda item: item.__name__)
def test_each_factory_builds_a_valid_row(model_factory):
    made = model_factory()
    made.full_clean()
    assert type(made).objects.filter(pk=made.pk).exists()
