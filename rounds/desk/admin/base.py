"""Shared by the editors' admin pages: the site's titles, the publish actions,
cached choices for inline rows, and the error summary at the top of a change form."""

from django.contrib import admin, messages
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ... import sourcing
from ...models import Publication

admin.site.site_header = _("Peace talks tracker: editors")
admin.site.site_title = _("Peace talks tracker")
admin.site.index_title = _("Records")


class CachedChoicesMixin:
    """Evaluates a foreign key's choices once per formset instead of once per
    inline row (a plain ModelChoiceField queries again for every form)."""

    cached_choice_fields: tuple[str, ...] = ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and db_field.name in self.cached_choice_fields:
            field.choices = list(field.choices)
            field.widget.choices = field.choices
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.name in self.cached_choice_fields:
            field.choices = list(field.choices)
            field.widget.choices = field.choices
        return field


def set_publication(request, queryset, publication: str) -> int:
    """Save each record (not one UPDATE), so that its version moves on and its
    history records who published it, and when. A record that needs a source and
    has none stays a draft, named in an error message."""
    count = 0
    for record in queryset.exclude(publication=publication):
        record.publication = publication
        refusal = sourcing.refusal(record)
        if refusal:
            messages.error(request, refusal)
            continue
        record._history_user = request.user
        record._change_reason = str(Publication(publication).label)
        record.save(update_fields=["publication"])
        count += 1
    return count


@admin.action(description=_("Publish selected records"))
def publish(modeladmin, request, queryset):
    count = set_publication(request, queryset, Publication.PUBLISHED)
    modeladmin.message_user(
        request,
        ngettext("%d record published.", "%d records published.", count) % count,
        messages.SUCCESS,
    )


@admin.action(description=_("Return selected records to draft"))
def unpublish(modeladmin, request, queryset):
    count = set_publication(request, queryset, Publication.DRAFT)
    modeladmin.message_user(
        request,
        ngettext("%d record returned to draft.", "%d records returned to draft.", count) % count,
        messages.SUCCESS,
    )


def error_summary(adminform, inline_formsets) -> list[dict]:
    """Every error of a change form, each linking to its field, for the top of
    the page: a long form's errors are otherwise found by scrolling."""
    if adminform is None:
        return []
    form = adminform.form
    found = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = field.label if field is not None else _("Record")
        anchor = form[name].id_for_label if field is not None else ""
        found += [{"label": label, "message": e, "anchor": anchor} for e in errors]
    for inline in inline_formsets:
        formset = inline.formset
        title = capfirst(str(inline.opts.verbose_name_plural))
        for error in formset.non_form_errors():
            found.append({"label": title, "message": error, "anchor": f"{formset.prefix}-group"})
        for index, row in enumerate(formset.forms):
            for name, errors in row.errors.items():
                field = row.fields.get(name)
                label = f"{title} #{index + 1}" + (f", {field.label}" if field is not None else "")
                anchor = row[name].id_for_label if field is not None else f"{formset.prefix}-group"
                found += [{"label": label, "message": e, "anchor": anchor} for e in errors]
    return found
