"""Template tags for search engines and social networks: schema.org JSON-LD and
Open Graph / Twitter cards (rounds/structured.py builds the data). A draft preview
gets neither: it is not for sharing."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .. import structured
from ..models import Person, Resolution, Round

register = template.Library()

LOCALES = {"en": "en_GB", "ar": "ar_AR"}


@register.simple_tag(takes_context=True)
def json_ld(context, record, extra=None) -> str:
    """<script type="application/ld+json"> for a round, resolution or person (data,
    not code: allowed under a CSP without inline scripts)."""
    if context.get("preview"):
        return ""
    request = context["request"]
    if isinstance(record, Round):
        data = structured.round_event(record, request)
    elif isinstance(record, Resolution):
        data = structured.resolution_legislation(record, request)
    elif isinstance(record, Person):
        data = structured.person(record, extra or [], request)
    else:
        data = None
    if not data:
        return ""
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(structured.to_script(data))
    )


@register.simple_tag(takes_context=True)
def social_card(context, title, description="", process=None) -> str:
    """Open Graph and Twitter card tags; the process's share image when given."""
    if context.get("preview"):
        return ""
    request = context["request"]
    language = get_language()
    tags = [
        ("og:site_name", _("Peace talks tracker")),
        ("og:type", "website"),
        ("og:title", title),
        ("og:url", request.build_absolute_uri(request.path)),
        ("og:locale", LOCALES.get(language, language)),
    ]
    tags += [("og:locale:alternate", code) for lang, code in LOCALES.items() if lang != language]
    if description:
        tags.append(("og:description", description[:300]))
    card = "summary"
    if process is not None:
        image = request.build_absolute_uri(reverse("rounds:share-image", args=[process.slug]))
        tags += [
            ("og:image", image),
            ("og:image:type", "image/png"),
            ("og:image:width", "1200"),
            ("og:image:height", "630"),
            ("og:image:alt", process.name),
        ]
        card = "summary_large_image"
    properties = format_html_join("\n  ", '<meta property="{}" content="{}">', tags)
    twitter = [("twitter:card", card), ("twitter:title", title)]
    if description:
        twitter.append(("twitter:description", description[:200]))
    names = format_html_join("\n  ", '<meta name="{}" content="{}">', twitter)
    return format_html("{}\n  {}", properties, names)
