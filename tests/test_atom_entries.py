"""What a feed reader gets from a process's Atom feed entries (read with feedparser):
the organisation as author, `published` as when the record was first published,
and content that starts with the fact's own date."""

from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.utils import timezone

from rounds.models import Publication, Round

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    return f.ProcessFactory(slug="geneva", name="Geneva talks")


def feed(client, path="/processes/geneva/feed/"):
    response = client.get(path)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


def test_the_feed_and_every_entry_name_the_organisation_as_author(client, process, editor):
    f.RoundFactory(process=process)
    f.EventFactory(process=process)
    resolution = f.ResolutionFactory()
    resolution.processes.add(process)
    f.AppointmentFactory(process=process)

    parsed = feed(client)

    assert parsed.feed.author_detail.name == "Peace talks tracker"
    assert parsed.feed.author_detail.href == "http://testserver/"
    assert len(parsed.entries) == 4
    assert {entry.author for entry in parsed.entries} == {"Peace talks tracker"}
    assert editor.username not in client.get("/processes/geneva/feed/").content.decode()


def test_the_arabic_feed_names_the_organisation_in_arabic(client, process):
    f.RoundFactory(process=process)
    parsed = feed(client, "/ar/processes/geneva/feed/")
    assert parsed.entries[0].author == "مرصد محادثات السلام"


def test_published_is_when_the_record_was_first_published(client, process):
    round_ = f.RoundFactory(process=process, draft=True, label="Geneva VII")
    long_ago = timezone.now() - timedelta(days=400)
    Round.objects.filter(pk=round_.pk).update(created_at=long_ago)
    round_.history.filter(publication=Publication.DRAFT).update(history_date=long_ago)
    round_.refresh_from_db()

    round_.publication = Publication.PUBLISHED
    round_.save()
    published_at = round_.history.filter(publication=Publication.PUBLISHED).get().history_date
    round_.summary = "A later correction."
    round_.correction_reason = "Summary added."
    round_.save()

    (entry,) = feed(client).entries
    published = datetime(*entry.published_parsed[:6], tzinfo=UTC)
    updated = datetime(*entry.updated_parsed[:6], tzinfo=UTC)
    assert abs(published - published_at) < timedelta(seconds=1)
    assert published > long_ago + timedelta(days=1)
    assert updated >= published


def test_a_record_without_history_falls_back_to_its_creation(client, process):
    round_ = f.RoundFactory(process=process)
    round_.history.all().delete()

    (entry,) = feed(client).entries

    published = datetime(*entry.published_parsed[:6], tzinfo=UTC)
    assert abs(published - round_.created_at) < timedelta(seconds=1)


def test_entry_content_starts_with_the_facts_own_date(client, process):
    f.RoundFactory(
        process=process,
        label="Geneva VII",
        start="2017-07-10",
        end="2017-07-14",
        summary="Talks on the four baskets.",
        venue="Palais des Nations",
    )
    f.EventFactory(process=process, title="Truce", date="2017-06", place="Aleppo")

    entries = {entry.title: entry for entry in feed(client).entries}

    content = entries["Geneva VII"].content[0]
    assert content.type == "text/html"
    assert content.value.startswith('<p><time datetime="2017-07-10">10–14 July 2017</time></p>')
    assert "Concluded · Palais des Nations, Geneva" in content.value
    assert "Talks on the four baskets." in content.value
    truce = entries["Truce"].content[0].value
    assert truce.startswith('<p><time datetime="2017-06">June 2017</time></p>')


def test_an_undated_entry_says_so_first(client, process):
    f.RoundFactory(process=process, label="Next", status="planned", start="", end="")
    (entry,) = feed(client).entries
    assert entry.content[0].value.startswith("<p>Date not known</p>")


def test_script_in_stored_text_is_inert_in_entries(client, process):
    f.RoundFactory(process=process, label="<script>x</script>", summary="<img src=x onerror=y>")
    body = client.get("/processes/geneva/feed/").content.decode()
    assert "<script>" not in body and "<img" not in body
    (entry,) = feed(client).entries
    assert "&lt;img src=x onerror=y&gt;" in entry.content[0].value


def test_the_corrections_feed_names_the_organisation_too(client, process):
    round_ = f.RoundFactory(process=process)
    round_.start, round_.correction_reason = "2017-07-11", "Opening moved by a day."
    round_.save()

    parsed = feed(client, "/processes/geneva/corrections/feed/")

    assert parsed.feed.author_detail.name == "Peace talks tracker"
    assert [entry.author for entry in parsed.entries] == ["Peace talks tracker"]
