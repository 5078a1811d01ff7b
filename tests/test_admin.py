"""The editors' admin: every page answers, costs a fixed number of queries, and bad
input gets a specific form error with nothing stored."""

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rounds.models import (
    AgendaStatus,
    Appointment,
    Event,
    Party,
    Person,
    Process,
    Publication,
    Resolution,
    Round,
    RoundEnvoy,
    RoundResolution,
)

from . import factories as f

pytestmark = pytest.mark.django_db

MODELS = [
    "source",
    "person",
    "party",
    "appointment",
    "process",
    "agendaitem",
    "round",
    "resolution",
    "document",
    "event",
]


def populate(copies: int) -> None:
    """`copies` of every kind of record, linked the way real data is."""
    for _ in range(copies):
        process = f.ProcessFactory()
        item = f.AgendaItemFactory(process=process)
        person = f.PersonFactory()
        party = f.PartyFactory()
        resolution = f.ResolutionFactory()
        resolution.processes.add(process)
        main = f.RoundFactory(process=process)
        f.RoundFactory(process=process, parent=main, number=None)
        f.AgendaStatusFactory(round=main, item=item)
        f.DelegationFactory(round=main, party=party, head=person)
        f.RoundEnvoyFactory(round=main, person=person)
        f.RoundResolutionFactory(round=main, resolution=resolution)
        f.RoundCitationFactory(round=main)
        f.AppointmentFactory(person=person, process=process)
        f.EventFactory(process=process, round=main, person=person)
        f.DocumentFactory(process=process, round=main)


def admin_urls():
    """Changelist, add and change page of every registered model."""
    urls = []
    for name in MODELS:
        model = {m._meta.model_name: m for m in _models()}[name]
        obj = model.objects.order_by("pk").first()
        urls += [
            reverse(f"admin:rounds_{name}_changelist"),
            reverse(f"admin:rounds_{name}_add"),
            reverse(f"admin:rounds_{name}_change", args=[obj.pk]),
        ]
    return urls


def _models():
    from django.apps import apps

    return apps.get_app_config("rounds").get_models()


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_every_admin_page_answers_in_a_fixed_number_of_queries(client, superuser):
    client.force_login(superuser)
    populate(1)
    for url in admin_urls():  # warm per-process caches (content types, permissions)
        count_queries(client, url)
    small = {url: count_queries(client, url) for url in admin_urls()}
    populate(12)
    large = {url: count_queries(client, url) for url in admin_urls()}
    # The same page costs the same whether the database has 1 or 13 of each record.
    assert large == small
    # And no page is expensive: session, user, the object, its inlines, the lists.
    assert max(small.values()) <= 40, small


def test_admin_search_and_filters_answer(client, superuser):
    client.force_login(superuser)
    populate(2)
    url = reverse("admin:rounds_round_changelist")
    for query in ["?q=Geneva", "?status__exact=concluded", "?parent__isempty=1", "?o=3"]:
        assert client.get(url + query).status_code == 200


# --- Form data helpers ----------------------------------------------------------


def form_data(response) -> dict:
    """The data a browser would post back for the page's main form and inlines."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


def post_form(client, url, **changes):
    data = form_data(client.get(url))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return client.post(url, data)


def round_form(process, **changes):
    values = {
        "process": process.pk,
        "label_en": "Geneva IX",
        "status": "announced",
        "publication": "draft",
        "start": "",
        "end": "",
    }
    values.update(changes)
    return values


def errors_of(response) -> dict:
    assert response.status_code == 200, "the form should be shown again with errors"
    return response.context["adminform"].form.errors


# --- Validation through the admin forms ------------------------------------------


def test_round_end_before_start_is_a_form_error(client, superuser):
    client.force_login(superuser)
    process = f.ProcessFactory()
    response = post_form(
        client,
        reverse("admin:rounds_round_add"),
        **round_form(process, start="2017-07-10", end="2017-07-09"),
    )
    assert "before the start" in str(errors_of(response)["end"])
    assert not Round.objects.exists()


def test_unparsable_fuzzy_date_is_a_form_error(client, superuser):
    client.force_login(superuser)
    process = f.ProcessFactory()
    response = post_form(
        client, reverse("admin:rounds_round_add"), **round_form(process, start="10 July 2017")
    )
    assert "EDTF" in str(errors_of(response)["start"])
    assert not Round.objects.exists()


def test_round_with_fuzzy_dates_is_saved_with_its_bounds(client, superuser):
    client.force_login(superuser)
    process = f.ProcessFactory()
    response = post_form(
        client,
        reverse("admin:rounds_round_add"),
        **round_form(process, number="9", start="2017-08", end="2017-09~"),
    )
    assert response.status_code == 302
    saved = Round.objects.get()
    assert (saved.start_earliest.isoformat(), saved.end_latest.isoformat()) == (
        "2017-08-01",
        "2017-09-30",
    )


def test_duplicate_round_number_in_a_process_is_a_form_error(client, superuser):
    client.force_login(superuser)
    existing = f.RoundFactory(number=7)
    response = post_form(
        client,
        reverse("admin:rounds_round_add"),
        **round_form(existing.process, number="7"),
    )
    assert "already has a round with this number" in str(errors_of(response))
    assert Round.objects.count() == 1


def test_same_round_number_in_another_process_is_accepted(client, superuser):
    client.force_login(superuser)
    f.RoundFactory(number=7)
    other = f.ProcessFactory()
    response = post_form(client, reverse("admin:rounds_round_add"), **round_form(other, number="7"))
    assert response.status_code == 302
    assert Round.objects.filter(number=7).count() == 2


def resolution_form(**changes):
    values = {
        "body": "security_council",
        "status": "adopted",
        "symbol": "S/RES/2254 (2015)",
        "subject_en": "Road map for a political settlement",
        "publication": "draft",
    }
    values.update(changes)
    return values


def test_malformed_resolution_symbol_is_a_form_error(client, superuser):
    client.force_login(superuser)
    response = post_form(
        client, reverse("admin:rounds_resolution_add"), **resolution_form(symbol="UNSCR 2254")
    )
    assert "symbol" in errors_of(response)
    assert not Resolution.objects.exists()


def test_draft_symbol_for_an_adopted_resolution_is_a_form_error(client, superuser):
    client.force_login(superuser)
    response = post_form(
        client, reverse("admin:rounds_resolution_add"), **resolution_form(symbol="S/2011/612")
    )
    assert "S/RES/2254 (2015)" in str(errors_of(response)["symbol"])
    assert not Resolution.objects.exists()


def test_security_council_tally_over_fifteen_is_a_form_error(client, superuser):
    client.force_login(superuser)
    response = post_form(
        client,
        reverse("admin:rounds_resolution_add"),
        **resolution_form(votes_for="15", votes_against="1", abstentions="0"),
    )
    assert "15 members" in str(errors_of(response)["votes_for"])
    assert not Resolution.objects.exists()


def test_adopted_resolution_fills_number_and_year_from_its_symbol(client, superuser):
    client.force_login(superuser)
    response = post_form(
        client,
        reverse("admin:rounds_resolution_add"),
        **resolution_form(votes_for="15", votes_against="0", abstentions="0"),
    )
    assert response.status_code == 302
    saved = Resolution.objects.get()
    assert (saved.number, saved.year, saved.tally) == (2254, 2015, "15–0–0")


def test_appointment_ending_before_it_starts_is_a_form_error(client, superuser):
    client.force_login(superuser)
    person, process = f.PersonFactory(), f.ProcessFactory()
    response = post_form(
        client,
        reverse("admin:rounds_appointment_add"),
        person=person.pk,
        process=process.pk,
        role_en="Special Envoy",
        start="2019-01-07",
        end="2018-12",
        publication="draft",
    )
    assert "before the start" in str(errors_of(response)["end"])
    assert not Appointment.objects.exists()


def test_agenda_status_for_another_process_item_is_refused(client, superuser):
    client.force_login(superuser)
    round_ = f.RoundFactory()
    foreign_item = f.AgendaItemFactory()  # another process's agenda
    url = reverse("admin:rounds_round_change", args=[round_.pk])
    response = post_form(
        client,
        url,
        **{
            "agenda-TOTAL_FORMS": "1",
            "agenda-0-item": str(foreign_item.pk),
            "agenda-0-status": "discussed",
        },
    )
    assert response.status_code == 200
    assert not AgendaStatus.objects.exists()


def test_agenda_inline_offers_only_the_round_process_items(client, superuser):
    client.force_login(superuser)
    round_ = f.RoundFactory()
    own = f.AgendaItemFactory(process=round_.process, title="Governance")
    other = f.AgendaItemFactory(title="Somebody else's basket")
    response = client.get(reverse("admin:rounds_round_change", args=[round_.pk]))
    formset = next(
        i.formset for i in response.context["inline_admin_formsets"] if i.formset.prefix == "agenda"
    )
    choices = [value for value, _ in formset.empty_form.fields["item"].choices if value]
    assert [str(c) for c in choices] == [str(own.pk)]
    assert other.pk not in choices


def test_side_session_added_inline_joins_the_parent_process(client, superuser):
    client.force_login(superuser)
    parent = f.RoundFactory(cited=True, number=7)
    url = reverse("admin:rounds_round_change", args=[parent.pk])
    response = post_form(
        client,
        url,
        **{
            "side_sessions-TOTAL_FORMS": "1",
            "side_sessions-0-label_en": "Expert meetings on legal and constitutional issues",
            "side_sessions-0-status": "announced",
            "side_sessions-0-publication": "draft",
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    side = parent.side_sessions.get()
    assert side.process_id == parent.process_id


# --- Deleting what others refer to -----------------------------------------------


def test_deleting_a_resolution_cited_by_a_round_is_refused(client, superuser):
    client.force_login(superuser)
    link = f.RoundResolutionFactory()
    url = reverse("admin:rounds_resolution_delete", args=[link.resolution.pk])
    page = client.get(url)
    assert "protected" in page.content.decode().lower()
    client.post(url, {"post": "yes"})
    assert Resolution.objects.filter(pk=link.resolution.pk).exists()
    assert RoundResolution.objects.filter(pk=link.pk).exists()


def test_deleting_a_person_with_appointments_is_refused(client, superuser):
    client.force_login(superuser)
    appointment = f.AppointmentFactory()
    url = reverse("admin:rounds_person_delete", args=[appointment.person.pk])
    client.post(url, {"post": "yes"})
    assert Person.objects.filter(pk=appointment.person.pk).exists()
    assert Appointment.objects.filter(pk=appointment.pk).exists()


# --- Next round and publishing actions -------------------------------------------


def run_action(client, model, action, pks):
    url = reverse(f"admin:rounds_{model}_changelist")
    return client.post(url, {"action": action, "_selected_action": [str(pk) for pk in pks]})


def test_create_next_round_continues_number_label_venue_and_envoys(client, superuser):
    client.force_login(superuser)
    previous = f.RoundFactory(number=7, label="Geneva VII", city="Geneva", format="indirect")
    envoy = f.RoundEnvoyFactory(round=previous).person
    response = run_action(client, "round", "create_next_round", [previous.pk])
    new = Round.objects.get(number=8)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:rounds_round_change", args=[new.pk])
    assert (new.label, new.city, new.format) == ("Geneva VIII", "Geneva", "indirect")
    assert (new.status, new.publication) == ("planned", Publication.DRAFT)
    assert list(new.envoys.all()) == [envoy]
    assert new.process_id == previous.process_id
    assert (new.start, new.end) == ("", "")


def test_create_next_round_in_the_arabic_admin_keeps_the_english_label_english(client, superuser):
    client.force_login(superuser)
    previous = f.RoundFactory(number=None, label_en="Istanbul meeting", label_ar="")
    url = reverse("admin:rounds_round_changelist")
    data = {"action": "create_next_round", "_selected_action": [str(previous.pk)]}
    client.post(url, data, HTTP_ACCEPT_LANGUAGE="ar")
    new = Round.objects.exclude(pk=previous.pk).get()
    assert new.label_en == "Istanbul meeting, next round"


def test_create_next_round_refuses_a_number_already_taken(client, superuser):
    client.force_login(superuser)
    previous = f.RoundFactory(number=7)
    f.RoundFactory(process=previous.process, number=8)
    response = run_action(client, "round", "create_next_round", [previous.pk])
    assert response.status_code == 302  # back to the list, with an error message
    assert Round.objects.count() == 2
    assert RoundEnvoy.objects.count() == 0


def test_publish_action_publishes_the_selected_drafts(client, superuser):
    client.force_login(superuser)
    drafts = [f.EventFactory(publication=Publication.DRAFT, cited=True) for _ in range(2)]
    untouched = f.EventFactory(publication=Publication.DRAFT)
    run_action(client, "event", "publish", [e.pk for e in drafts])
    assert set(Event.objects.published().values_list("pk", flat=True)) == {e.pk for e in drafts}
    untouched.refresh_from_db()
    assert untouched.publication == Publication.DRAFT


# --- Editors ----------------------------------------------------------------------


def test_editors_group_exists_after_migrate_with_every_tracker_permission():
    editors = Group.objects.get(name="Editors")
    codenames = set(editors.permissions.values_list("codename", flat=True))
    for model in ("round", "process", "resolution", "event", "source", "appointment"):
        for action in ("add", "change", "delete", "view"):
            assert f"{action}_{model}" in codenames


def test_an_editor_can_add_rounds_and_a_plain_staff_user_cannot(client):
    editor = User.objects.create_user("editor-in-chief", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    plain = User.objects.create_user("intern", is_staff=True)
    url = reverse("admin:rounds_round_add")
    client.force_login(editor)
    assert client.get(url).status_code == 200
    client.force_login(plain)
    assert client.get(url).status_code == 403


def test_process_cannot_be_deleted_while_it_has_rounds(client, superuser):
    client.force_login(superuser)
    round_ = f.RoundFactory()
    client.post(reverse("admin:rounds_process_delete", args=[round_.process.pk]), {"post": "yes"})
    assert Process.objects.filter(pk=round_.process.pk).exists()


def test_several_parties_may_be_added_without_an_arabic_name(client, superuser):
    client.force_login(superuser)
    url = reverse("admin:rounds_party_add")
    for name in ("Jordan", "Qatar"):
        response = post_form(client, url, name_en=name, name_ar="", kind="state")
        assert response.status_code == 302, errors_of(response)
    assert Party.objects.filter(name_en__in=["Jordan", "Qatar"]).count() == 2
