"""The admin page "New from a story": paste, read the proposals, tick, edit,
confirm. The proposals travel signed in the page (nothing is stored before the
confirm), the editor's edits on top of them."""

import json

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ...models import Process
from .confirm import ConfirmRefused, confirm
from .proposals import propose
from .text import MAX_CHARS, StoryRefused

SALT = "rounds.intake.proposals"
EDITABLE = {
    "label_en", "label_ar", "number", "status", "start", "end", "announced_start",
    "delegations_arrive_on", "city_en", "city_ar", "date", "duration", "title_en",
    "title_ar", "place_en", "place_ar", "subject_en",
}  # fmt: skip


class StoryForm(forms.Form):
    text = forms.CharField(
        label=_("Story"),
        max_length=MAX_CHARS,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "dir": "auto"}),
        help_text=_("Paste the story's text, English or Arabic."),
    )
    published_on = forms.DateField(
        label=_("Published on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Relative dates (“yesterday”, “next month”) are read from this day."),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("ar", "العربية"), ("en", "English")]
    )
    process = forms.ModelChoiceField(label=_("Process"), queryset=Process.objects.all())
    publisher = forms.CharField(label=_("Publisher"), max_length=200)
    url = forms.URLField(label=_("URL"), max_length=800, assume_scheme="https")
    title = forms.CharField(label=_("Title"), max_length=500, required=False)


def intake_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = StoryForm(request.POST or None)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("New from a story"),
        "opts": model_admin.model._meta,
        "form": form,
    }
    if request.method != "POST" or not form.is_valid():
        return TemplateResponse(request, "admin/rounds/intake.html", context)
    data = form.cleaned_data
    if request.POST.get("action") == "confirm" and request.POST.get("proposals"):
        try:
            proposals = signing.loads(request.POST["proposals"], salt=SALT)
        except signing.BadSignature:
            form.add_error(None, _("The proposals were altered: read the story again."))
            return TemplateResponse(request, "admin/rounds/intake.html", context)
        proposals = [_edited(proposal, request.POST) for proposal in proposals]
        try:
            stored = confirm(
                proposals,
                request.POST.getlist("chosen"),
                process=data["process"],
                source={**data, "published_on": data["published_on"]},
                user=request.user,
                reason=request.POST.get("reason", ""),
            )
        except ConfirmRefused as error:
            context.update(refused=error.messages, **_proposal_context(proposals, request.POST))
            return TemplateResponse(request, "admin/rounds/intake.html", context)
        model_admin.message_user(
            request,
            _("%(count)s records stored as drafts, citing the story: review them below.")
            % {"count": len(stored)},
            messages.SUCCESS,
        )
        context["stored"] = [_stored(item) for item in stored]
        context["drafts_url"] = (
            reverse("admin:rounds_round_changelist")
            + f"?publication__exact=draft&process__id__exact={data['process'].pk}"
        )
        return TemplateResponse(request, "admin/rounds/intake_done.html", context)
    try:
        result = propose(data["text"], data["published_on"], data["process"])
    except StoryRefused as error:
        form.add_error("text", str(error))
        return TemplateResponse(request, "admin/rounds/intake.html", context)
    proposals = result.as_json()["proposals"]
    context.update(result=result, **_proposal_context(proposals, None))
    return TemplateResponse(request, "admin/rounds/intake.html", context)


def _stored(item) -> dict:
    """A stored record and its admin page (a delegation is edited on its round's)."""
    record = item.record
    target = record.round if record._meta.model_name == "delegation" else record
    url = reverse(f"admin:rounds_{target._meta.model_name}_change", args=[target.pk])
    return {"action": item.action, "record": record, "url": url}


def _proposal_context(proposals, posted) -> dict:
    """Each proposal with its editable fields, ticked as proposed or as posted."""
    rows = []
    for proposal in proposals:
        ticked = (
            proposal["id"] in posted.getlist("chosen")
            if posted is not None
            else proposal["action"] in ("create", "update")
        )
        fields = [
            {"name": f"{proposal['id']}-{name}", "label": name.replace("_", " "), "value": value}
            for name, value in proposal["values"].items()
            if name in EDITABLE
        ]
        rows.append({"proposal": proposal, "ticked": ticked, "fields": fields})
    return {
        "rows": rows,
        "signed": signing.dumps(proposals, salt=SALT, compress=True),
        "proposals_json": json.dumps(proposals, ensure_ascii=False, indent=1),
    }


def _edited(proposal: dict, posted) -> dict:
    values = dict(proposal["values"])
    for name in list(values):
        key = f"{proposal['id']}-{name}"
        if name in EDITABLE and key in posted:
            text = posted[key].strip()
            values[name] = int(text) if name == "number" and text.isdigit() else text
    return {**proposal, "values": values}
