"""Editors' pages beside the model admin: the data-quality desk."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from ..models import Process
from . import quality


def quality_view(model_admin, request):
    """What needs attention, per process; ?process=<slug> for one."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    processes = Process.objects.all()
    slug = request.GET.get("process")
    if slug:
        processes = processes.filter(slug=slug)
    issues = quality.run(processes)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Data-quality desk"),
        "opts": model_admin.model._meta,
        "groups": quality.by_process(issues),
        "errors": sum(1 for item in issues if item.severity == quality.ERROR),
        "warnings": sum(1 for item in issues if item.severity == quality.WARNING),
        "processes": Process.objects.order_by("name_en"),
        "selected": slug or "",
    }
    return TemplateResponse(request, "admin/rounds/quality.html", context)
