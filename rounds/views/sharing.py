"""For search engines, social networks and browsers: a process's share image,
robots.txt, the web app manifest and /favicon.ico. (The sitemap is
rounds/sitemaps.py; JSON-LD and cards, templatetags/sharing.py.)"""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, get_language_bidi, gettext
from django.views.decorators.http import condition, require_safe

from .. import share_image
from ..models import Process, Round
from .caching import timeline_version, with_timeline_version


def _share_version(request: HttpRequest, slug: str):
    process = with_timeline_version(Process.objects.published()).filter(slug=slug).first()
    if process is None:
        return None
    request.shared_process = process
    return f'"{timeline_version(process).key}-{get_language()}"'


@require_safe
@condition(etag_func=_share_version)
def process_share_image(request: HttpRequest, slug: str) -> HttpResponse:
    # Queries: 1 the process with its timeline version (also the ETag), 2 the
    # number of its published rounds. Drawn again only when something changed.
    process = getattr(request, "shared_process", None) or get_object_or_404(
        Process.objects.published(), slug=slug
    )
    rounds = Round.objects.published().filter(process=process).main().count()
    response = HttpResponse(share_image.render(process, rounds), content_type="image/png")
    patch_cache_control(response, public=True, max_age=3600)
    response["Content-Language"] = get_language()
    return response


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /api/
Disallow: /search/
Disallow: /ar/search/
Disallow: /oembed/

Sitemap: {sitemap}
"""


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    return HttpResponse(ROBOTS.format(sitemap=sitemap), content_type="text/plain; charset=utf-8")


# The site's colours (rounds/static/rounds/site.css): the header and the page.
THEME_COLOUR = "#0f2a44"
BACKGROUND_COLOUR = "#ffffff"
MANIFEST_ICONS = [
    ("rounds/icon.svg", "any", "image/svg+xml"),
    ("rounds/icon-192.png", "192x192", "image/png"),
    ("rounds/icon-512.png", "512x512", "image/png"),
]


@require_safe
def web_manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest in the page's language: /manifest.webmanifest for English,
    /ar/manifest.webmanifest (right to left) for Arabic."""
    manifest = {
        "name": gettext("Peace talks tracker"),
        "short_name": gettext("Peace talks"),
        "description": gettext(
            "A sourced record of peace negotiations: every fact cites where it comes from."
        ),
        "lang": get_language(),
        "dir": "rtl" if get_language_bidi() else "ltr",
        "start_url": reverse("rounds:home"),
        "scope": reverse("rounds:home"),
        "display": "browser",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": static(path), "sizes": sizes, "type": kind}
            for path, sizes, kind in MANIFEST_ICONS
        ],
    }
    response = JsonResponse(
        manifest,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
    patch_cache_control(response, public=True, max_age=86400)
    response["Content-Language"] = get_language()
    return response


@require_safe
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers and crawlers ask for /favicon.ico whatever the page links to. Not a
    permanent redirect: the static file's name changes with its content."""
    return HttpResponseRedirect(static("rounds/icon-32.png"))
