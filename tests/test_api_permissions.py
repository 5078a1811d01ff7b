"""Who may read what, and who may write: anonymous callers and plain users read
published records only; editors (by token here) and superusers also see drafts and
write, each write checked against Django's model permissions."""

from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from rounds.models import Party
from tests import factories as f

pytestmark = pytest.mark.django_db

API = "/api/v1"
CALLERS = ["anonymous", "plain_user", "editor_token", "superuser"]
SEES_DRAFTS = {"anonymous": False, "plain_user": False, "editor_token": True, "superuser": True}


@pytest.fixture
def as_caller(client, request):
    """A test client acting as one of CALLERS."""

    def act_as(caller: str):
        if caller == "editor_token":
            token = Token.objects.create(user=request.getfixturevalue("editor"))
            client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
        elif caller != "anonymous":
            client.force_login(request.getfixturevalue(caller))
        return client

    return act_as


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


# --- Reading drafts ----------------------------------------------------------------

DRAFTABLE = {
    "processes": f.ProcessFactory,
    "rounds": f.RoundFactory,
    "resolutions": f.ResolutionFactory,
    "events": f.EventFactory,
    "documents": f.DocumentFactory,
}


def detail_path(endpoint, record):
    return f"{API}/{endpoint}/{record.slug if endpoint == 'processes' else record.pk}/"


@pytest.mark.parametrize("endpoint", DRAFTABLE)
@pytest.mark.parametrize("caller", CALLERS)
def test_drafts_are_listed_only_for_those_allowed_to_view_them(as_caller, caller, endpoint):
    published = DRAFTABLE[endpoint]()
    draft = DRAFTABLE[endpoint](draft=True)

    rows = as_caller(caller).get(f"{API}/{endpoint}/").json()["results"]

    expected = {published.pk, draft.pk} if SEES_DRAFTS[caller] else {published.pk}
    assert {row["id"] for row in rows} == expected


@pytest.mark.parametrize("endpoint", DRAFTABLE)
@pytest.mark.parametrize("caller", CALLERS)
def test_draft_details_are_404_unless_allowed(as_caller, caller, endpoint):
    draft = DRAFTABLE[endpoint](draft=True)

    response = as_caller(caller).get(detail_path(endpoint, draft))

    assert response.status_code == (200 if SEES_DRAFTS[caller] else 404)


def test_published_round_of_a_draft_process_stays_hidden(client):
    round_ = f.RoundFactory(process__draft=True)
    f.AgendaItemFactory(process=round_.process)

    assert client.get(f"{API}/rounds/{round_.pk}/").status_code == 404
    assert client.get(f"{API}/rounds/").json()["count"] == 0
    assert client.get(f"{API}/agenda-items/").json()["count"] == 0


def test_anonymous_never_sees_draft_rounds_in_search_or_csv(client):
    f.RoundFactory(label="Secret channel", draft=True)
    f.RoundFactory(label="Open session")

    search = client.get(f"{API}/rounds/?search=secret").json()
    csv = client.get(f"{API}/rounds/?format=csv").content.decode("utf-8-sig")

    assert search["count"] == 0
    assert "Open session" in csv
    assert "Secret" not in csv


def test_anonymous_never_sees_drafts_nested_in_published_records(client):
    round_ = f.RoundFactory()
    f.RoundResolutionFactory(round=round_, resolution__draft=True)
    appointment = f.AppointmentFactory(draft=True)
    f.EventFactory(person=appointment.person)  # a published record names the person
    resolution = f.ResolutionFactory()
    resolution.processes.add(f.ProcessFactory(draft=True))

    assert client.get(f"{API}/rounds/{round_.pk}/").json()["resolutions"] == []
    person = client.get(f"{API}/people/{appointment.person_id}/").json()
    assert person["appointments"] == []
    assert client.get(f"{API}/resolutions/{resolution.pk}/").json()["processes"] == []


def test_editor_sees_nested_drafts(as_caller):
    appointment = f.AppointmentFactory(draft=True)

    person = as_caller("editor_token").get(f"{API}/people/{appointment.person_id}/").json()

    assert [a["id"] for a in person["appointments"]] == [appointment.pk]


# --- Writing -----------------------------------------------------------------------

WRITE_STATUS = {
    # caller: (create, update, delete)
    "anonymous": (401, 401, 401),
    "plain_user": (403, 403, 403),
    "editor_token": (201, 200, 204),
    "superuser": (201, 200, 204),
}


@pytest.mark.parametrize("caller", CALLERS)
def test_writes_follow_model_permissions(as_caller, caller):
    client = as_caller(caller)
    party = f.PartyFactory(name="Turkey")
    create, update, delete = WRITE_STATUS[caller]

    created = post(client, f"{API}/parties/", {"name": "Iran", "kind": "state"})
    updated = client.patch(
        f"{API}/parties/{party.pk}/", {"short_name": "TR"}, content_type="application/json"
    )
    deleted = client.delete(f"{API}/parties/{party.pk}/")

    assert (created.status_code, updated.status_code, deleted.status_code) == (
        create,
        update,
        delete,
    )
    assert Party.objects.filter(name="Iran").exists() == (create == 201)
    assert Party.objects.filter(pk=party.pk).exists() == (delete != 204)


@pytest.mark.parametrize("caller", CALLERS)
def test_only_editors_and_superusers_create_rounds(as_caller, caller):
    process = f.ProcessFactory()

    response = post(
        as_caller(caller),
        f"{API}/rounds/",
        {"process": process.slug, "label": "Astana 1", "start": "2017-01-23"},
    )

    assert response.status_code == WRITE_STATUS[caller][0]


def test_user_with_only_view_permission_cannot_write(client, plain_user):
    from django.contrib.auth.models import Permission

    plain_user.user_permissions.add(Permission.objects.get(codename="view_round"))
    client.force_login(plain_user)
    draft = f.RoundFactory(draft=True)

    assert client.get(f"{API}/rounds/{draft.pk}/").status_code == 200
    response = client.patch(
        f"{API}/rounds/{draft.pk}/", {"label": "x"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_editor_can_publish_a_draft(as_caller):
    draft = f.RoundFactory(draft=True)

    response = as_caller("editor_token").patch(
        f"{API}/rounds/{draft.pk}/",
        {"publication": "published"},
        content_type="application/json",
        HTTP_IF_MATCH=f'"v{draft.version}"',  # rounds need it (see test_locking.py)
    )

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.is_published


def test_a_bad_token_is_refused(client):
    response = client.get(f"{API}/rounds/", HTTP_AUTHORIZATION="Token not-a-real-token")

    assert response.status_code == 401


def test_drf_create_token_makes_a_working_token(client, editor):
    out = StringIO()

    call_command("drf_create_token", "editor", stdout=out)

    key = Token.objects.get(user=editor).key
    assert key in out.getvalue()
    draft = f.RoundFactory(draft=True)
    response = client.get(f"{API}/rounds/{draft.pk}/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
