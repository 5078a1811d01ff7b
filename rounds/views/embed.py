"""Embeds: a light timeline page made for other sites' <iframe>s, the snippet that
embeds it, and oEmbed (https://oembed.com/) so that a CMS turns a pasted process
address into that iframe.

The embed page is the only page any site may frame (it is exempt from
X-Frame-Options: DENY); it loads nothing from elsewhere, and its one script (a
static file, no inline code) tells the framing page its height by postMessage."""

import re
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.http.request import split_domain_port, validate_host
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from .. import timeline
from ..models import Process, Track
from .caching import cached_timeline, with_timeline_version
from .processes import TimelineFilter

# The iframe's size when the embedding site says nothing (it follows its content
# once embed-host.js runs on that page).
DEFAULT_WIDTH, DEFAULT_HEIGHT = 640, 600
# oEmbed's maxwidth/maxheight: whole pixels up to this; anything else is a 400.
MAX_DIMENSION = 10_000
EMBEDDABLE_VIEWS = {"rounds:process", "rounds:process-embed"}


def embed_url(request: HttpRequest, process: Process, query: dict | None = None) -> str:
    """The absolute address of a process's embed, in the active language."""
    url = reverse("rounds:process-embed", args=[process.slug])
    params = {key: value for key, value in (query or {}).items() if value not in (None, "")}
    if params:
        url = f"{url}?{urlencode(params)}"
    return request.build_absolute_uri(url)


def iframe_snippet(
    request: HttpRequest,
    process: Process,
    query: dict | None = None,
    width: int | str = "100%",
    height: int = DEFAULT_HEIGHT,
    with_script: bool = True,
) -> str:
    """The HTML another site pastes: our iframe, and optionally the small script
    that resizes it to its content."""
    title = _("%(name)s: timeline") % {"name": process.name}
    html = format_html(
        '<iframe src="{}" title="{}" width="{}" height="{}" style="border:0;max-width:100%"'
        ' loading="lazy"></iframe>',
        embed_url(request, process, query),
        title,
        width,
        height,
    )
    if with_script:
        script = request.build_absolute_uri(static("rounds/embed-host.js"))
        html += format_html('\n<script src="{}" async></script>', script)
    return html


def chosen_track(request: HttpRequest, process: Process, choice: TimelineFilter) -> Track | None:
    """`?track=<slug>`: only the rounds of that track of the process (one query).
    An unknown track is reported and dropped, like a bad kind or year."""
    slug = request.GET.get("track", "").strip()
    if not slug:
        return None
    track = Track.objects.filter(process=process, slug=slug[:80]).first()
    if track is None:
        choice.problems.append(
            _("“%(value)s” is not a track of this process; showing every track.")
            % {"value": slug[:40]}
        )
    return track


@require_safe
@xframe_options_exempt
def process_embed(request: HttpRequest, slug: str):
    # Queries: 1 the process with its timeline version; on a cache miss 2-7 the
    # timeline (rounds with their tracks, events, resolutions, appointments with
    # their people, documents with their signatories); with ?track=, 1 more.
    process = get_object_or_404(with_timeline_version(Process.objects.published()), slug=slug)
    entries = cached_timeline(process)
    choice = TimelineFilter.from_query(request.GET)
    shown = choice.apply(entries)
    track = chosen_track(request, process, choice)
    if track is not None:
        shown = [e for e in shown if e.kind == timeline.ROUND and e.record.track_id == track.pk]
    context = {
        "track": track,
        "process": process,
        "groups": timeline.by_year(shown),
        "choice": choice,
        "process_url": request.build_absolute_uri(process.get_absolute_url()),
    }
    status = 400 if choice.problems else 200
    response = render(request, "rounds/embed.html", context, status=status)
    # Any site may frame an embed: with django-csp, its per-view override (what
    # csp.decorators.csp_replace sets) lifts a site-wide frame-ancestors 'none'.
    response._csp_replace = {"frame-ancestors": ["*"]}
    return response


class OEmbedError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def _dimension(request: HttpRequest, name: str, default: int) -> int:
    value = request.GET.get(name, "").strip()
    if not value:
        return default
    if not re.fullmatch(r"[0-9]{1,6}", value) or not 0 < int(value) <= MAX_DIMENSION:
        raise OEmbedError(
            400,
            _("%(name)s must be a whole number of pixels from 1 to %(max)s.")
            % {"name": name, "max": MAX_DIMENSION},
        )
    return min(int(value), default)


def _our_host(request: HttpRequest, host: str) -> bool:
    domain, _port = split_domain_port(host)
    return host == request.get_host() or bool(
        domain and validate_host(domain, settings.ALLOWED_HOSTS)
    )


def process_from_url(request: HttpRequest, url: str) -> tuple[Process, str]:
    """The published process a URL of ours names, and the language of that URL."""
    try:
        parts = urlsplit(url)
    except ValueError:
        raise OEmbedError(404, _("This address is not a page of the tracker.")) from None
    if parts.scheme not in ("http", "https") or not _our_host(request, parts.netloc):
        raise OEmbedError(404, _("This address is not a page of the tracker."))
    language = translation.get_language_from_path(parts.path) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            match = resolve(parts.path)
        except Resolver404:
            match = None
    if match is None or match.view_name not in EMBEDDABLE_VIEWS:
        raise OEmbedError(404, _("Only a process's timeline can be embedded."))
    process = Process.objects.published().filter(slug=match.kwargs["slug"]).first()
    if process is None:
        raise OEmbedError(404, _("This address is not a page of the tracker."))
    return process, language


@require_safe
def oembed(request: HttpRequest):
    # Queries: 1 the process.
    try:
        if request.GET.get("format", "json") != "json":
            raise OEmbedError(501, _("Only the json format is offered."))
        url = request.GET.get("url", "").strip()
        if not url:
            raise OEmbedError(400, _("Give the address of a process page in url."))
        width = _dimension(request, "maxwidth", DEFAULT_WIDTH)
        height = _dimension(request, "maxheight", DEFAULT_HEIGHT)
        process, language = process_from_url(request, url)
    except OEmbedError as error:
        return JsonResponse({"detail": str(error)}, status=error.status)
    with translation.override(language):
        body = {
            "version": "1.0",
            "type": "rich",
            "title": process.name,
            "provider_name": _("Peace talks tracker"),
            "provider_url": request.build_absolute_uri(reverse("rounds:home")),
            "html": iframe_snippet(request, process, width=width, height=height),
            "width": width,
            "height": height,
            "cache_age": 3600,
        }
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def oembed_discovery_url(request: HttpRequest, process: Process) -> str:
    """The address of a process page's oEmbed, for its <link rel="alternate">."""
    page = request.build_absolute_uri(process.get_absolute_url())
    query = urlencode({"url": page, "format": "json"})
    return request.build_absolute_uri(f"{reverse('oembed')}?{query}")
