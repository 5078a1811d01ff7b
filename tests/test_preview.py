"""Draft preview: editors open the reader page of a draft (from the admin's "View
on site") and read it under a banner, never indexed nor kept in a shared cache;
everyone else gets the usual 404, and drafts stay out of every public list. And
the publish action, which records who published and when."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from rounds.models import Process, Round

from . import factories as f

pytestmark = pytest.mark.django_db

BANNER = "Draft preview — not public"
NOINDEX = '<meta name="robots" content="noindex">'


def html(response) -> str:
    return response.content.decode()


def draft_of(kind: str):
    """A draft of each kind of record with a reader page, and the text it shows.
    (A person has no publication state: a "draft" person is one no published
    record names yet.)"""
    if kind == "round":
        return f.RoundFactory(draft=True, label="Geneva X (draft)"), "Geneva X (draft)"
    if kind == "event":
        return f.EventFactory(draft=True, title="Truce in Daraa (draft)"), "Truce in Daraa (draft)"
    if kind == "resolution":
        return f.ResolutionFactory(draft=True, subject="A draft mandate"), "A draft mandate"
    if kind == "person":
        return f.PersonFactory(name="Envoy not yet named"), "Envoy not yet named"
    process = f.ProcessFactory(draft=True, name="Talks in preparation")
    f.RoundFactory(process=process, draft=True, label="First session (draft)")
    return process, "First session (draft)"


KINDS = ["round", "event", "resolution", "person", "process"]


@pytest.fixture
def staff_without_permission(django_user_model):
    return django_user_model.objects.create_user("staffer", password="x", is_staff=True)


@pytest.fixture
def permitted_but_not_staff(django_user_model):
    user = django_user_model.objects.create_user("reader", password="x")
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    return user


# --- What editors see ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_an_editor_previews_a_draft_under_a_banner(client, editor, kind):
    record, text = draft_of(kind)
    client.force_login(editor)

    response = client.get(record.get_absolute_url())

    assert response.status_code == 200
    page = html(response)
    assert text in page
    assert BANNER in page
    assert NOINDEX in page
    assert response["Cache-Control"] == "private, no-store"
    assert "Cookie" in response["Vary"]
    assert "Last-Modified" not in response


@pytest.mark.parametrize("kind", KINDS)
def test_the_admins_view_on_site_leads_to_the_preview(client, editor, kind):
    record, text = draft_of(kind)
    client.force_login(editor)
    content_type = ContentType.objects.get_for_model(record)
    change_url = reverse(f"admin:rounds_{kind}_change", args=[record.pk])
    view_on_site = reverse("admin:view_on_site", args=[content_type.pk, record.pk])

    change_page = html(client.get(change_url))
    response = client.get(view_on_site, follow=True)

    assert f'href="{view_on_site}"' in change_page
    assert response.redirect_chain == [(f"http://testserver{record.get_absolute_url()}", 302)]
    assert response.status_code == 200
    assert text in html(response) and BANNER in html(response)


def test_a_superuser_previews_too(client, superuser):
    round_, text = draft_of("round")
    client.force_login(superuser)

    assert BANNER in html(client.get(round_.get_absolute_url()))


def test_a_published_round_of_a_draft_process_is_a_preview(client, editor):
    round_ = f.RoundFactory(process__draft=True, label="Geneva XI")
    url = round_.get_absolute_url()

    assert client.get(url).status_code == 404
    client.force_login(editor)
    assert BANNER in html(client.get(url))


def entry_with(page: str, text: str) -> str:
    """The timeline entry (<li class="entry ...">) that shows `text`."""
    at = page.index(text)
    return page[page.rindex('<li class="entry', 0, at) : page.index("</li>", at)]


def test_a_draft_process_preview_marks_its_drafts_and_offers_no_subscriptions(client, editor):
    process, _text = draft_of("process")
    f.RoundFactory(process=process, label="Announced session")
    client.force_login(editor)

    page = html(client.get(process.get_absolute_url()))

    assert 'badge--draft">Draft</span>' in entry_with(page, "First session (draft)")
    assert "badge--draft" not in entry_with(page, "Announced session")
    for link in ("/feed/", "rounds.ics", "/corrections/", "/agenda/", "application/atom+xml"):
        assert link not in page


@pytest.mark.parametrize("kind", ["round", "process"])
def test_an_editor_reads_published_records_as_the_public_does(client, editor, kind):
    record = f.RoundFactory() if kind == "round" else f.ProcessFactory()
    client.force_login(editor)

    response = client.get(record.get_absolute_url())

    assert response.status_code == 200
    assert BANNER not in html(response)
    assert NOINDEX not in html(response)
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_arabic_preview_has_its_banner_in_arabic(client, editor):
    round_, text = draft_of("round")
    client.force_login(editor)

    page = html(client.get(f"/ar{round_.get_absolute_url()}"))

    assert "معاينة مسودة — غير منشورة" in page
    assert NOINDEX in page


# --- What everyone else gets ---------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "who", ["anonymous", "plain_user", "staff_without_permission", "permitted_but_not_staff"]
)
def test_drafts_are_not_found_for_anyone_else(client, request, kind, who):
    record, text = draft_of(kind)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(record.get_absolute_url())

    assert response.status_code == 404
    assert "Page not found" in html(response)
    assert text not in html(response) and BANNER not in html(response)


def test_the_preview_needs_the_view_permission_of_that_kind(client, staff_without_permission):
    staff_without_permission.user_permissions.add(Permission.objects.get(codename="view_event"))
    event, _text = draft_of("event")
    round_, _text = draft_of("round")
    client.force_login(staff_without_permission)

    assert client.get(event.get_absolute_url()).status_code == 200
    assert client.get(round_.get_absolute_url()).status_code == 404


def test_a_preview_leaves_drafts_out_of_every_public_list(client, editor):
    process = f.ProcessFactory(slug="geneva")
    draft = f.RoundFactory(process=process, draft=True, label="Secret session")
    client.force_login(editor)
    assert BANNER in html(client.get(draft.get_absolute_url()))
    client.logout()

    for url in (
        "/",
        "/processes/geneva/",
        "/processes/geneva/agenda/",
        "/processes/geneva/feed/",
        "/processes/geneva/rounds.ics",
        "/search/?q=secret",
        "/api/v1/rounds/",
        "/api/v1/processes/geneva/timeline/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"Secret session" not in response.content, url


# --- The shared timeline cache -------------------------------------------------------------


@pytest.fixture
def talks():
    """A process with a published and a draft round."""
    process = f.ProcessFactory(slug="geneva", name="Geneva talks")
    f.RoundFactory(process=process, label="Public session", start="2017-07-10", end="")
    f.RoundFactory(process=process, label="Secret session", start="2017-08-10", end="", draft=True)
    return process


def set_publication(process, publication: str) -> None:
    # As quietly as possible: nothing that the timeline's version notices changes,
    # so only a preview kept apart from the cache explains what each reader sees.
    Process.objects.filter(pk=process.pk).update(publication=publication)


def test_a_public_view_after_a_preview_shows_no_draft(client, editor, talks):
    set_publication(talks, "draft")
    client.force_login(editor)
    preview = html(client.get("/processes/geneva/"))
    client.logout()
    set_publication(talks, "published")

    public = html(client.get("/processes/geneva/"))

    assert "Secret session" in preview and BANNER in preview
    assert "Public session" in public
    assert "Secret session" not in public and BANNER not in public


def test_a_preview_after_a_public_view_shows_the_drafts(client, editor, talks):
    public = html(client.get("/processes/geneva/"))  # cached for the public
    set_publication(talks, "draft")
    client.force_login(editor)

    preview = html(client.get("/processes/geneva/"))

    assert "Secret session" not in public
    assert "Secret session" in preview and BANNER in preview


def test_an_editors_view_of_a_published_process_is_the_cached_public_one(
    client, editor, talks, django_assert_num_queries
):
    client.get("/processes/geneva/")  # an anonymous reader fills the cache
    client.force_login(editor)

    # Only the process with its timeline version: the timeline comes from the
    # cache, and the public path looks at no session or user.
    with django_assert_num_queries(1):
        page = html(client.get("/processes/geneva/"))

    assert "Secret session" not in page and BANNER not in page


# --- Publishing ----------------------------------------------------------------------------


def test_the_publish_action_records_who_published_and_when(client, editor):
    drafts = f.RoundFactory.create_batch(2, draft=True, cited=True)  # publishing needs a source
    client.force_login(editor)
    before = timezone.now()

    response = client.post(
        reverse("admin:rounds_round_changelist"),
        {"action": "publish", "_selected_action": [r.pk for r in drafts]},
        follow=True,
    )

    after = timezone.now()
    assert "2 records published." in html(response)
    for round_ in drafts:
        latest = Round.objects.get(pk=round_.pk).history.latest()
        assert latest.publication == "published"
        assert latest.history_user == editor
        assert before <= latest.history_date <= after
        assert latest.history_date - before < timedelta(minutes=1)
    assert Round.objects.published().count() == 2
