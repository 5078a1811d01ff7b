"""Language outside the reader pages.

With `i18n_patterns(prefix_default_language=False)` Django's LocaleMiddleware gives
every unprefixed path the default language, which is right for the reader pages
(English at /, Arabic at /ar/) but would make the API and the admin deaf to
Accept-Language and the language cookie. This middleware, placed after
LocaleMiddleware, negotiates the language again for paths outside i18n_patterns."""

from functools import cache

from django.conf import settings
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation


@cache
def unprefixed_roots(urlconf: str) -> tuple[str, ...]:
    """The root URL prefixes mounted outside i18n_patterns, e.g. ("admin/", "api/v1/")."""
    return tuple(
        str(pattern.pattern)
        for pattern in get_resolver(urlconf).url_patterns
        if not is_i18n_patterns(pattern)
    )


def is_i18n_patterns(pattern) -> bool:
    return isinstance(pattern, URLResolver) and isinstance(pattern.pattern, LocalePrefixPattern)


class NegotiatedLanguageOutsideReaderPages:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
        path = request.path_info.lstrip("/")
        roots = unprefixed_roots(urlconf)
        if any(root and path.startswith(root) for root in roots):
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
