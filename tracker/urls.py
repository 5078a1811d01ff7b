from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from rounds.sitemaps import SITEMAPS
from rounds.views import favicon, oembed, robots_txt

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("rounds.api.urls")),
    path("oembed/", oembed, name="oembed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon, name="favicon"),
]

# Reader pages: English at unprefixed paths, Arabic under /ar/.
urlpatterns += i18n_patterns(path("", include("rounds.urls")), prefix_default_language=False)

# A lost database answers 503 with Retry-After, not 500 (rounds/outages.py).
handler500 = "rounds.outages.server_error"
