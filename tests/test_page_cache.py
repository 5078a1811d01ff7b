"""The process timeline page is cached whole under its timeline's version: a
repeated view is one query, and any edit shows on the next request."""

import pytest

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    process = f.ProcessFactory(slug="geneva")
    for n in range(3):
        f.RoundFactory(process=process, label=f"Geneva {n}", start=f"2017-0{n + 1}")
        f.EventFactory(process=process, title=f"Truce {n}", date=f"2018-0{n + 1}")
    return process


def test_a_repeated_view_is_one_query_whatever_the_length(
    client, process, django_assert_num_queries
):
    first = client.get("/processes/geneva/")
    # 1: the process with its timeline version; the page comes from the cache.
    with django_assert_num_queries(1):
        again = client.get("/processes/geneva/")

    assert again.content == first.content
    assert again["Last-Modified"] == first["Last-Modified"]


def test_an_edit_is_on_the_page_at_the_next_request(client, process):
    client.get("/processes/geneva/")
    event = process.events.first()
    event.title = "Ceasefire agreed"
    event.save()

    assert "Ceasefire agreed" in client.get("/processes/geneva/").content.decode()


def test_each_filter_and_language_has_its_own_page(client, process):
    rounds = client.get("/processes/geneva/?kind=round").content.decode()
    everything = client.get("/processes/geneva/").content.decode()
    arabic = client.get("/ar/processes/geneva/").content.decode()

    assert "Truce 0" not in rounds and "Truce 0" in everything
    assert 'lang="ar"' in arabic


@pytest.mark.parametrize("query", ["utm_source=x", "kind=round&page=2", "year=" + "9" * 60])
def test_a_query_the_page_does_not_know_gets_no_cache_entry(rf, process, query):
    from rounds.views.caching import with_timeline_version
    from rounds.views.processes import page_cache_key

    process = with_timeline_version(type(process).objects.all()).get(pk=process.pk)

    assert page_cache_key(rf.get(f"/processes/geneva/?{query}"), process) is None
    assert page_cache_key(rf.get("/processes/geneva/?kind=round"), process)
