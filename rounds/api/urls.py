"""/api/v1/: the resources, the OpenAPI schema and its interactive docs."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from ..desk.intake.api import IntakeView
from . import views

router = DefaultRouter()
router.register("processes", views.ProcessViewSet, basename="process")
router.register("rounds", views.RoundViewSet, basename="round")
router.register("people", views.PersonViewSet, basename="person")
router.register("appointments", views.AppointmentViewSet, basename="appointment")
router.register("parties", views.PartyViewSet, basename="party")
router.register("tracks", views.TrackViewSet, basename="track")
router.register("agenda-items", views.AgendaItemViewSet, basename="agendaitem")
router.register("resolutions", views.ResolutionViewSet, basename="resolution")
router.register("events", views.EventViewSet, basename="event")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("sources", views.SourceViewSet, basename="source")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI, its start-up script served apart (?script): no inline script.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="rounds/api_docs.html"
        ),
        name="docs",
    ),
    path(
        "processes/<slug:slug>/corrections/",
        views.ProcessCorrectionViewSet.as_view({"get": "list"}),
        name="process-corrections",
    ),
    path("intake/", IntakeView.as_view(), name="intake"),
    path("", include(router.urls)),
    # Anything else under /api/v1/ is a JSON 404, like every other API error.
    re_path(r"", views.not_found),
]
