from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from rounds.views import oembed

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("rounds.api.urls")),
    path("oembed/", oembed, name="oembed"),
]

# Reader pages: English at unprefixed paths, Arabic under /ar/.
urlpatterns += i18n_patterns(path("", include("rounds.urls")), prefix_default_language=False)

# A lost database answers 503 with Retry-After, not 500 (rounds/outages.py).
handler500 = "rounds.outages.server_error"
