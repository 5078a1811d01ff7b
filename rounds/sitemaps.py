"""sitemap.xml (django.contrib.sitemaps): every published reader page, each in
English and Arabic with hreflang alternates (and x-default, the English page)."""

from django.contrib.sitemaps import Sitemap

from .models import Document, Event, Process, Resolution, Round
from .search import public_people


class ReaderSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 2000  # URLs per page (times two languages), under the 50,000 allowed

    def lastmod(self, record):
        return getattr(record, "updated_at", None)


class ProcessSitemap(ReaderSitemap):
    changefreq = "weekly"
    priority = 1.0

    def items(self):
        return Process.objects.published().order_by("pk")


class RoundSitemap(ReaderSitemap):
    def items(self):
        return Round.objects.published().order_by("pk")


class ResolutionSitemap(ReaderSitemap):
    def items(self):
        return Resolution.objects.published().order_by("pk")


class EventSitemap(ReaderSitemap):
    def items(self):
        return Event.objects.published().order_by("pk")


class DocumentSitemap(ReaderSitemap):
    def items(self):
        return Document.objects.published().order_by("pk")


class PersonSitemap(ReaderSitemap):
    def items(self):
        return public_people().order_by("pk")


SITEMAPS = {
    "processes": ProcessSitemap,
    "rounds": RoundSitemap,
    "resolutions": ResolutionSitemap,
    "events": EventSitemap,
    "documents": DocumentSitemap,
    "people": PersonSitemap,
}
