"""No lost updates: each save moves a record's version on with a conditional
UPDATE; a save from a stale copy is refused in the model, the admin (with what
changed meanwhile) and the API (412, If-Match / ETag)."""

import threading

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.authtoken.models import Token

from rounds.desk import admin as rounds_admin
from rounds.models import Event, Round, StaleRecord

from . import factories as f
from .test_admin import form_data

pytestmark = pytest.mark.django_db

API = "/api/v1"


def change_url(record) -> str:
    return reverse(f"admin:rounds_{record._meta.model_name}_change", args=[record.pk])


def patch(client, url, data, **headers):
    return client.patch(url, data, content_type="application/json", **headers)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def colleague(django_user_model, editors_group):
    user = django_user_model.objects.create_user("colleague", password="x", is_staff=True)
    user.groups.add(editors_group)
    return user


# --- The model ------------------------------------------------------------------------------


def test_each_save_moves_the_version_on():
    round_ = f.RoundFactory()
    assert round_.version == 1

    round_.label = "Geneva IV (resumed)"
    round_.save()
    round_.save(update_fields=["label_en"])

    assert round_.version == 3
    assert Round.objects.get(pk=round_.pk).version == 3


def test_a_stale_copy_cannot_overwrite_a_newer_save():
    round_ = f.RoundFactory(status="announced", city="Geneva")
    first, second = Round.objects.get(pk=round_.pk), Round.objects.get(pk=round_.pk)
    first.status = "postponed"
    first.correction_reason = "Announced by the envoy."
    first.save()

    second.city = "Vienna"
    with pytest.raises(StaleRecord) as refused:
        second.save()

    stored = Round.objects.get(pk=round_.pk)
    assert (stored.status, stored.city, stored.version) == ("postponed", "Geneva", 2)
    assert (refused.value.loaded_version, refused.value.current_version) == (1, 2)


def test_a_copy_of_a_deleted_record_is_not_silently_recreated():
    event = f.EventFactory()
    stale = Event.objects.get(pk=event.pk)
    event.delete()

    stale.title = "Truce extended"
    with pytest.raises(StaleRecord) as refused:
        stale.save()

    assert refused.value.current_version is None
    assert not Event.objects.exists()


def test_queryset_update_paths_used_by_the_admin_move_the_version_too(client, editor):
    drafts = f.EventFactory.create_batch(2, draft=True, cited=True)
    client.force_login(editor)

    client.post(
        reverse("admin:rounds_event_changelist"),
        {"action": "publish", "_selected_action": [e.pk for e in drafts]},
    )

    assert set(Event.objects.values_list("version", flat=True)) == {2}


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent transactions (PostgreSQL)"
)
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_of_the_same_version_let_exactly_one_through():
    from django.db import connections, transaction

    round_ = f.RoundFactory(label="Geneva IV")
    barrier, outcomes = threading.Barrier(2), []

    def edit(label):
        try:
            with transaction.atomic():
                mine = Round.objects.get(pk=round_.pk)
                barrier.wait(timeout=10)  # both have read version 1
                mine.label = label
                mine.save()
            outcomes.append(label)
        except StaleRecord:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=edit, args=(name,)) for name in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) in (["A", "refused"], ["B", "refused"])
    stored = Round.objects.get(pk=round_.pk)
    assert (stored.label, stored.version) == (next(o for o in outcomes if o != "refused"), 2)


# --- The admin: two editors open the same round ------------------------------------------


def test_two_editors_save_the_same_round_the_second_is_refused_and_told_what_changed(
    client, editor, colleague
):
    round_ = f.RoundFactory(draft=True, status="announced", city="Geneva", venue="")
    url = change_url(round_)
    client.force_login(editor)
    mine = form_data(client.get(url))  # editor opens the round...
    client.force_login(colleague)
    theirs = form_data(client.get(url))  # ...and so does a colleague

    theirs.update(status="postponed", city_en="Vienna")
    assert client.post(url, theirs).status_code == 302  # the colleague saves first
    client.force_login(editor)
    mine.update(venue_en="Palais des Nations")
    response = client.post(url, mine)  # then the editor saves

    assert response.status_code == 200
    message = " ".join(response.context["adminform"].form.non_field_errors())
    assert "colleague saved this record while you were editing it" in message
    assert "status is now “Postponed” (you loaded “Announced”)" in message
    assert "city [en] is now “Vienna” (you loaded “Geneva”)" in message
    stored = Round.objects.get(pk=round_.pk)
    assert (stored.status, stored.city, stored.venue, stored.version) == (
        "postponed",
        "Vienna",
        "",
        2,
    )  # nothing of the first save is lost, nothing of the second is stored


def test_after_the_refusal_saving_again_applies_the_form_deliberately(client, editor, colleague):
    round_ = f.RoundFactory(draft=True, city="Geneva")
    url = change_url(round_)
    client.force_login(editor)
    mine = form_data(client.get(url))
    Round.objects.get(pk=round_.pk).save()  # a colleague's save
    client.force_login(editor)
    mine["city_en"] = "Vienna"
    refused = client.post(url, mine)

    again = client.post(url, form_data(refused))

    assert again.status_code == 302
    assert Round.objects.get(pk=round_.pk).city == "Vienna"


def test_a_save_slipping_past_the_forms_check_is_refused_without_a_500(client, editor, monkeypatch):
    round_ = f.RoundFactory(draft=True, city="Geneva")
    url = change_url(round_)
    client.force_login(editor)
    mine = form_data(client.get(url))
    Round.objects.get(pk=round_.pk).save()  # the colleague's save
    # As if the colleague's save landed between the form's check and the save.
    monkeypatch.setattr(
        rounds_admin.VersionedForm,
        "stored_version",
        lambda form, lock=False: form.cleaned_data["loaded_version"],
    )
    mine["city_en"] = "Vienna"

    response = client.post(url, mine)

    assert response.status_code == 302
    assert response.url == url
    stored = Round.objects.get(pk=round_.pk)
    assert (stored.city, stored.version) == ("Geneva", 2)


def test_the_change_form_carries_the_loaded_version(client, editor):
    round_ = f.RoundFactory(draft=True)
    round_.save()
    client.force_login(editor)

    form = client.get(change_url(round_)).context["adminform"].form

    assert form["loaded_version"].value() == 2
    assert 'type="hidden" name="loaded_version" value="2"' in str(form["loaded_version"])


# --- The API: ETag and If-Match ------------------------------------------------------------


def test_a_round_has_an_etag_that_starts_with_its_version(client):
    round_ = f.RoundFactory()

    response = client.get(f"{API}/rounds/{round_.pk}/")

    assert response["ETag"].startswith('"v1-')
    assert response.json()["version"] == 1
    assert (
        client.get(f"{API}/rounds/{round_.pk}/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code
        == 304
    )


def test_a_round_write_without_if_match_or_version_is_428_and_stores_nothing(editor_client):
    round_ = f.RoundFactory(draft=True, city="Geneva")

    response = patch(editor_client, f"{API}/rounds/{round_.pk}/", {"city": "Vienna"})

    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    stored = Round.objects.get(pk=round_.pk)
    assert (stored.city, stored.version) == ("Geneva", 1)
    assert stored.history.count() == 1


def test_a_write_with_the_current_etag_succeeds_and_returns_the_next_one(editor_client):
    round_ = f.RoundFactory(draft=True)
    url = f"{API}/rounds/{round_.pk}/"
    etag = editor_client.get(url)["ETag"]

    response = patch(editor_client, url, {"city": "Vienna"}, HTTP_IF_MATCH=etag)

    assert response.status_code == 200, response.json()
    assert response["ETag"].startswith('"v2-')
    assert response.json()["version"] == 2
    assert editor_client.get(url)["ETag"] == response["ETag"]


def test_two_api_clients_the_second_stale_write_is_412_with_what_changed(client, editor):
    round_ = f.RoundFactory(draft=True, status="announced", city="Geneva")
    url = f"{API}/rounds/{round_.pk}/"
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=editor).key}"
    etag = client.get(url)["ETag"]  # both callers read version 1

    first = patch(client, url, {"status": "postponed"}, HTTP_IF_MATCH=etag)
    second = patch(client, url, {"city": "Vienna"}, HTTP_IF_MATCH=etag)

    assert first.status_code == 200
    assert second.status_code == 412
    body = second.json()
    assert body["version"] == 2
    assert {"field": "status", "yours": "Announced", "now": "Postponed"} in body["changed"]
    assert body["by"] == ["editor"]
    stored = Round.objects.get(pk=round_.pk)
    assert (stored.status, stored.city) == ("postponed", "Geneva")


def test_the_version_in_the_body_works_like_if_match(editor_client):
    round_ = f.RoundFactory(draft=True, city="Geneva")
    url = f"{API}/rounds/{round_.pk}/"

    stale = patch(editor_client, url, {"city": "Vienna", "version": 7})
    current = patch(editor_client, url, {"city": "Vienna", "version": 1})

    assert (stale.status_code, current.status_code) == (412, 200)
    assert Round.objects.get(pk=round_.pk).city == "Vienna"


@pytest.mark.parametrize("header", ['W/"v1-abc"', '"v1"', '"v0-x", "v1-y"', "*"])
def test_weak_short_listed_and_star_etags_match(editor_client, header):
    round_ = f.RoundFactory(draft=True)

    response = patch(
        editor_client, f"{API}/rounds/{round_.pk}/", {"city": "Vienna"}, HTTP_IF_MATCH=header
    )

    assert response.status_code == 200, response.json()


@pytest.mark.parametrize("body", [{"version": "one"}, {"version": True}])
def test_a_malformed_version_is_a_400(editor_client, body):
    round_ = f.RoundFactory(draft=True)

    response = patch(editor_client, f"{API}/rounds/{round_.pk}/", {"city": "x", **body})

    assert response.status_code == 400
    assert "version" in response.json()


def test_an_unparsable_if_match_is_412(editor_client):
    round_ = f.RoundFactory(draft=True)

    response = patch(
        editor_client, f"{API}/rounds/{round_.pk}/", {"city": "x"}, HTTP_IF_MATCH="nonsense"
    )

    assert response.status_code == 412


def test_invalid_data_gets_its_field_messages_before_the_precondition(editor_client):
    round_ = f.RoundFactory(draft=True)

    response = patch(editor_client, f"{API}/rounds/{round_.pk}/", {"start": "2017-13-01"})

    assert response.status_code == 400
    assert "start" in response.json()


def test_other_records_honour_if_match_when_given_and_do_not_require_it(editor_client):
    event = f.EventFactory(draft=True)
    url = f"{API}/events/{event.pk}/"

    without = patch(editor_client, url, {"place": "Daraa"})
    stale = patch(editor_client, url, {"place": "Quneitra"}, HTTP_IF_MATCH='"v1-x"')

    assert (without.status_code, stale.status_code) == (200, 412)
    assert Event.objects.get(pk=event.pk).place == "Daraa"


def test_a_stale_delete_is_412_and_deletes_nothing(editor_client):
    event = f.EventFactory(draft=True)
    url = f"{API}/events/{event.pk}/"
    etag = editor_client.get(url)["ETag"]
    patch(editor_client, url, {"place": "Daraa"}, HTTP_IF_MATCH=etag)

    response = editor_client.delete(url, HTTP_IF_MATCH=etag)

    assert response.status_code == 412
    assert Event.objects.filter(pk=event.pk).exists()


def test_a_created_record_ignores_a_version_in_the_body(editor_client):
    process = f.ProcessFactory()

    response = editor_client.post(
        f"{API}/events/",
        {"process": process.slug, "kind": "statement", "title": "x", "date": "2017", "version": 9},
        content_type="application/json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["version"] == 1
