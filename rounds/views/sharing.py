"""For search engines and social networks: a process's share image, robots.txt.
(The sitemap is rounds/sitemaps.py; JSON-LD and cards, templatetags/sharing.py.)"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
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
