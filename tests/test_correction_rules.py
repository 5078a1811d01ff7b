"""What is a public correction (rounds/desk/admin/publishing.py, rounds/models/base.py): a
source or document added and a typo flagged as minor stay in the history only,
unless the editor says to tell readers; envoy changes are told with the names
before and after, and need a reason, which the form asks for next to each field
readers are told of."""

import pytest
from django.urls import reverse

from rounds.models import Correction, Round

from . import factories as f
from .test_admin import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def change_url(record) -> str:
    return reverse(f"admin:rounds_{record._meta.model_name}_change", args=[record.pk])


def post(client, record, **changes):
    url = change_url(record)
    data = form_data(client.get(url))
    data.update(changes)
    return client.post(url, data)


def test_adding_a_source_is_history_only(editor_client):
    round_ = f.RoundFactory()
    source = f.SourceFactory()
    response = post(editor_client, round_, **{"citations-0-source": source.pk})
    assert response.status_code == 302
    assert round_.citations.get().source == source
    assert not Correction.objects.exists()


def test_adding_a_source_is_told_when_the_editor_says_so(editor_client):
    round_ = f.RoundFactory()
    source = f.SourceFactory()
    response = post(
        editor_client, round_, **{"citations-0-source": source.pk, "tell_readers": "on"}
    )
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert correction.fields == ["citations"]
    assert correction.changes["citations"][1] == str(source)


def test_a_typo_flagged_minor_is_history_only(editor_client):
    round_ = f.RoundFactory(label_en="Geneva VIl")
    f.RoundCitationFactory(round=round_)  # a published round needs a source
    response = post(editor_client, round_, label_en="Geneva VII", minor="on")
    assert response.status_code == 302
    assert Round.objects.get(pk=round_.pk).label_en == "Geneva VII"
    assert not Correction.objects.exists()
    assert round_.history.count() >= 2


def test_a_date_change_cannot_be_minor(editor_client):
    round_ = f.RoundFactory(start="2017-07-10", end="2017-07-14")
    response = post(
        editor_client, round_, start="2017-07-11", minor="on", correction_reason="Moved."
    )
    assert response.status_code == 200
    assert "not a minor fix" in str(response.context["adminform"].form.errors["minor"])


def test_an_envoy_change_needs_a_reason_and_is_told_by_name(editor_client):
    round_ = f.RoundFactory()
    f.RoundCitationFactory(round=round_)  # a published round needs a source
    old = f.RoundEnvoyFactory(round=round_, person__name_en="Staffan de Mistura")
    new = f.PersonFactory(name_en="Geir O. Pedersen")
    changes = {"roundenvoy_set-0-person": new.pk}
    refused = post(editor_client, round_, **changes)
    assert refused.status_code == 200
    assert "envoys" in str(refused.context["error_summary"])
    response = post(editor_client, round_, correction_reason="The envoy had changed.", **changes)
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert correction.changes["roundenvoy_set"] == ["Staffan de Mistura", "Geir O. Pedersen"]
    assert old.person.name_en not in str(correction.changes["roundenvoy_set"][1])


def test_the_form_says_which_fields_readers_are_told_of(editor_client):
    round_ = f.RoundFactory()
    html = editor_client.get(change_url(round_)).content.decode()
    assert "readers are told of a change here" in html
    draft = f.RoundFactory(publication="draft", process=round_.process)
    assert "readers are told" not in editor_client.get(change_url(draft)).content.decode()
