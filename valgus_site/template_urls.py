"""The ``{% url %}`` tag, with the address of a URL name that takes no arguments worked out once
per process.

Every page's layout names about a dozen such URLs (the menu, the manifest, the logout form) and
Django's tag reverses each on every render, most of the cost of drawing the menu. An address
without arguments depends only on the URL configuration, the script prefix, the application
namespace the page is in and the active language, so it is kept under those. Everything else
(arguments, a name held in a variable, filters) goes through Django's own tag unchanged.

Installed as a template builtin (``TEMPLATES['OPTIONS']['builtins']`` in the settings), so it
takes the place of Django's tag in every template.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import Library
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = Library()


@lru_cache(maxsize=1024)
def _address(
    view_name: str,
    current_app: str | None,
    urlconf: str | None,
    root_urlconf: str,
    prefix: str,
    language: str | None,
) -> str:
    """``reverse(view_name)`` under these conditions (the last four only key the cache: they
    are the ones ``reverse`` reads for itself)."""
    return reverse(view_name, urlconf=urlconf, current_app=current_app)


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _address.cache_clear()


class FixedURLNode(URLNode):
    def render(self, context):
        view_name = self.view_name
        if self.args or self.kwargs or view_name.filters or not isinstance(view_name.var, str):
            return super().render(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = _address(
                view_name.var,
                current_app,
                get_urlconf(),
                settings.ROOT_URLCONF,
                get_script_prefix(),
                get_language(),
            )
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    """Django's ``{% url %}``; see the module's docstring."""
    node = django_url(parser, token)
    return FixedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
