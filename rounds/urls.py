"""The reader pages. Mounted under i18n_patterns: English unprefixed, Arabic at /ar/."""

from django.urls import include, path

from . import views

app_name = "rounds"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("manifest.webmanifest", views.web_manifest, name="manifest"),
    path("processes/<slug:slug>/", views.process_timeline, name="process"),
    path("processes/<slug:slug>/agenda/", views.agenda, name="agenda"),
    path("processes/<slug:slug>/corrections/", views.process_corrections, name="corrections"),
    path("embed/processes/<slug:slug>/", views.process_embed, name="process-embed"),
    path("processes/<slug:slug>/share.png", views.process_share_image, name="share-image"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("resolutions/<int:pk>/", views.resolution_detail, name="resolution"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    # The Atom feeds and iCalendar file of a process: rounds:process-feed,
    # rounds:corrections-feed and rounds:process-calendar.
    path("", include("rounds.feed_urls")),
]
