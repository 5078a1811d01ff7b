"""Search: Arabic however it is spelt (tashkeel, alef/hamza, ta marbuta, alef
maqsura), English regardless of case, published records only, friendly limits."""

import re

import pytest

from rounds import search

from . import factories as f

pytestmark = pytest.mark.django_db


def results(client, query: str, lang: str = "") -> str:
    response = client.get(f"{lang}/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def geneva():
    process = f.ProcessFactory(name="Geneva talks", name_ar="محادثات جنيف", slug="geneva")
    round_ = f.RoundFactory(process=process, label="Geneva VII", label_ar="جنيف 7")
    envoy = f.PersonFactory(name="Staffan de Mistura", name_ar="ستافان دي ميستورا")
    f.RoundEnvoyFactory(round=round_, person=envoy)
    return round_


# --- The normaliser ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("جِنِيف", "جنيف"),  # kasra
        ("مُفَاوَضَاتٌ", "مفاوضات"),  # damma, fatha, tanwin
        ("أحمد", "احمد"),  # hamza above
        ("إبراهيمي", "ابراهيمي"),  # hamza below
        ("آمال", "امال"),  # madda
        ("ٱلأمم", "الامم"),  # wasla
        ("اللجنة الدستورية", "اللجنه الدستوريه"),  # ta marbuta
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("الـمبعوث", "المبعوث"),  # tatweel
        ("٢٢٥٤", "2254"),  # Arabic-Indic digits
        ("Staffan DE  Mistura", "staffan de mistura"),
        ("Genève", "geneve"),
    ],
)
def test_normalise_folds_spelling_variants(written, folded):
    assert search.normalise(written) == folded


@pytest.mark.parametrize("stored", ["ميستورا", "مِيسْتُورَا", "ميستورأ", "ميـستورا", "مىستورا"])
def test_term_pattern_matches_every_spelling(stored):
    pattern = search.term_pattern(search.normalise("ميستورا"))

    assert re.search(pattern, stored)


# --- The page ---------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["جنيف", "جِنِيف", "جَنِيفٌ", "جنـيف"])
def test_arabic_matches_with_or_without_tashkeel(client, geneva, query):
    page = results(client, query, lang="/ar")

    assert "جنيف 7" in page
    assert "محادثات جنيف" in page


@pytest.mark.parametrize(
    "query",
    [
        "ستافان دي ميستورا",
        "ستافان دى ميستورا",  # alef maqsura for ya
        "ستافان دي ميستورأ",  # hamzated alef
        "ستافآن دي ميستورإ",  # madda, hamza below
        "ميستورا ستافان",  # any word order
    ],
)
def test_arabic_matches_whatever_the_alef_and_ya(client, geneva, query):
    assert "ستافان دي ميستورا" in results(client, query, lang="/ar")


def test_stored_variants_are_found_by_the_plain_spelling(client):
    f.RoundFactory(label="Constitutional Committee", label_ar="اللجنة الدستوريّة في جنيف")
    f.EventFactory(title="Truce", title_ar="هُدنة في درعا")
    f.PersonFactory(name="Ahmad Kuzbari", name_ar="أحمد الكزبري")
    f.RoundEnvoyFactory(person__name="Hadi al-Bahra", person__name_ar="هادي البحرة")

    assert "اللجنة الدستوريّة" in results(client, "اللجنه الدستوريه", lang="/ar")  # ة/ه
    assert "هُدنة في درعا" in results(client, "هدنه", lang="/ar")
    assert "هادي البحرة" in results(client, "البحره", lang="/ar")
    assert "Hadi al-Bahra" in results(client, "البحره")  # Arabic query, English page


def test_english_matches_regardless_of_case(client, geneva):
    page = results(client, "STAFFAN de mistura")

    assert "Staffan de Mistura" in page
    assert "1 result" in page or "One result" in page


def test_search_covers_processes_rounds_events_people_and_resolutions(client, geneva):
    f.EventFactory(process=geneva.process, title="Geneva truce announced")
    f.ResolutionFactory(subject="Geneva communiqué endorsed")

    page = results(client, "geneva")

    for heading in ("Processes", "Rounds", "Events", "Resolutions"):
        assert f">{heading}</h2>" in page
    assert "Geneva truce announced" in page
    assert "Geneva communiqué endorsed" in page


def test_resolutions_are_found_by_symbol(client):
    resolution = f.ResolutionFactory(symbol="S/RES/2254 (2015)", number=2254, year=2015)

    page = results(client, "s/res/2254")

    assert resolution.get_absolute_url() in page


def test_search_finds_only_published_records(client, geneva):
    f.RoundFactory(label="Geneva draft round", draft=True)
    f.EventFactory(title="Geneva draft event", draft=True)
    f.ProcessFactory(name="Geneva draft process", draft=True)
    f.ResolutionFactory(subject="Geneva draft resolution", draft=True)
    f.RoundEnvoyFactory(round__draft=True, person__name="Geneva hidden envoy")

    page = results(client, "geneva")

    for hidden in ("round", "event", "process", "resolution"):
        assert f"Geneva draft {hidden}" not in page
    assert "Geneva hidden envoy" not in page
    assert "Geneva VII" in page


def test_best_matches_come_first(client):
    f.RoundFactory(label="Talks after Geneva")
    f.RoundFactory(label="Geneva")

    page = results(client, "geneva")

    assert page.index(">Geneva</a>") < page.index(">Talks after Geneva</a>")


def test_nothing_found_says_so(client, geneva):
    assert "Nothing matches “Kabul”." in results(client, "Kabul")


def test_empty_search_shows_the_form(client):
    page = results(client, "")

    assert '<input id="search-q"' in page
    assert "result" not in page


@pytest.mark.parametrize(
    ("query", "message"),
    [("a", "at least 2 letters"), ("ج", "at least 2 letters"), ("x" * 101, "100 characters")],
)
def test_unsearchable_queries_get_a_friendly_message(client, query, message):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 400
    assert message in response.content.decode()


def test_regex_characters_are_searched_literally(client):
    f.RoundFactory(label="Round (resumed) + more")

    assert "Round (resumed) + more" in results(client, "(resumed) +")
    assert results(client, ".*[")  # no error


@pytest.mark.parametrize("size", [1, 6])
def test_search_runs_one_query_per_kind(client, django_assert_num_queries, size):
    for n in range(size):
        round_ = f.RoundFactory(label=f"Geneva {n}", label_ar=f"جنيف {n}")
        f.RoundEnvoyFactory(round=round_, person__name=f"Geneva envoy {n}")
        f.EventFactory(process=round_.process, title=f"Geneva event {n}")
        f.DocumentFactory(process=round_.process, title=f"Geneva communiqué {n}")
    # processes, rounds (with process), events (with process), documents (with
    # process), people, resolutions, each through the index; on PostgreSQL first the
    # time limit (SET LOCAL).
    from django.db import connection

    with django_assert_num_queries(6 + (connection.vendor == "postgresql")):
        client.get("/search/", {"q": "geneva"})
    with django_assert_num_queries(0):
        client.get("/search/")


# --- The index: resolutions by number, ranking, limits, upkeep --------------------------


@pytest.fixture
def resolution_2254():
    f.ResolutionFactory(
        symbol="S/RES/2118 (2013)", number=2118, year=2013, subject="Recalls resolution 2254"
    )
    return f.ResolutionFactory(
        symbol="S/RES/2254 (2015)",
        number=2254,
        year=2015,
        subject="Political settlement in Syria",
        subject_ar="التسوية السياسية في سوريا",
    )


@pytest.mark.parametrize(
    "query", ["resolution 2254", "2254", "S/RES/2254", "القرار 2254", "Resolution 2254 (2015)"]
)
def test_a_resolution_is_found_by_its_number_and_ranked_first(client, resolution_2254, query):
    page = results(client, query)
    other = page.find("/resolutions/", page.index(resolution_2254.get_absolute_url()) + 1)

    assert resolution_2254.get_absolute_url() in page
    assert other == -1 or page.index(resolution_2254.get_absolute_url()) < other


def test_an_exact_name_comes_before_a_longer_one_in_arabic(client):
    f.RoundFactory(label="Geneva talks resumed", label_ar="استئناف محادثات جنيف")
    f.RoundFactory(label="Geneva talks", label_ar="محادثات جنيف")

    page = results(client, "محادثات جنيف", lang="/ar")

    assert page.index(">محادثات جنيف</a>") < page.index(">استئناف محادثات جنيف</a>")


def test_too_many_words_get_a_friendly_message(client):
    response = client.get("/search/", {"q": " ".join(["word"] * (search.MAX_TERMS + 1))})

    assert response.status_code == 400
    assert f"{search.MAX_TERMS} words or fewer" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [("x" * 101, "100 characters"), (" ".join(["ab"] * 9), "8 words or fewer")],
)
def test_the_api_refuses_a_search_over_the_limits_with_a_400(client, query, message):
    response = client.get("/api/v1/rounds/", {"search": query})

    assert response.status_code == 400
    assert message in response.json()["search"][0]


def test_the_api_finds_a_resolution_by_number(client, resolution_2254):
    found = client.get("/api/v1/resolutions/", {"search": "القرار 2254"}).json()["results"]
    only = client.get("/api/v1/resolutions/", {"search": "S/RES/2118"}).json()["results"]

    assert resolution_2254.pk in [r["id"] for r in found]
    assert [r["symbol"] for r in only] == ["S/RES/2118 (2013)"]


def test_an_edit_is_searchable_at_once_and_the_old_words_are_not(client):
    round_ = f.RoundFactory(label="Astana I")
    round_.label = "Sochi congress"
    round_.save()

    assert "Sochi congress" in results(client, "sochi")
    assert "Sochi congress" not in results(client, "astana")
    round_.delete()
    assert "Sochi congress" not in results(client, "sochi")


def test_rebuilding_the_index_finds_records_saved_without_signals(client):
    from datetime import date

    from rounds.models import Event

    event = Event(process=f.ProcessFactory(), kind="other", title="Bulk truce", date="2020")
    event.date_earliest, event.date_latest = date(2020, 1, 1), date(2020, 12, 31)
    event.publication = "published"
    Event.objects.bulk_create([event])
    assert "Bulk truce" not in results(client, "truce")

    search.rebuild()

    assert "Bulk truce" in results(client, "truce")


def test_words_are_prefixes(client):
    f.RoundFactory(label="Constitutional Committee")

    assert "Constitutional Committee" in results(client, "constitution comm")


def test_an_anonymous_search_on_postgresql_has_a_time_limit(client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        results(client, "geneva")

    limit = [q["sql"] for q in queries if "statement_timeout" in q["sql"]]
    assert len(limit) == (1 if connection.vendor == "postgresql" else 0)


# --- A bounded ranking: only the newest RANKING_WINDOW matches are ranked --------------


@pytest.fixture
def window(monkeypatch):
    monkeypatch.setattr(search, "RANKING_WINDOW", 3)
    return 3


def rounds_found(query: str) -> list[str]:
    return [hit.record.label for hit in search.search(query)["round"]]


@pytest.mark.parametrize(("query", "name"), [("geneva", "Geneva"), ("جنيف", "جنيف")])
def test_an_exact_name_older_than_the_window_is_still_found_first(window, query, name):
    f.RoundFactory(label=name, label_ar=name)
    for n in range(window + 2):  # newer, the word only in their summaries
        f.RoundFactory(label=f"Round {n}", summary=f"Talks in {name}", summary_ar=name)

    found = rounds_found(query)

    assert found[0] == name
    assert len(found) == window + 1  # the name, and the window of newest matches


def test_matches_beyond_the_window_are_left_out_only_when_there_are_more(window):
    for n in range(window):
        f.RoundFactory(label=f"Round {n}", summary="A truce")
    assert sorted(rounds_found("truce")) == ["Round 0", "Round 1", "Round 2"]

    for n in range(window, window + 2):
        f.RoundFactory(label=f"Round {n}", summary="A truce")

    assert sorted(rounds_found("truce")) == ["Round 2", "Round 3", "Round 4"]


def test_the_api_search_still_returns_every_match(client, window):
    for n in range(window + 2):
        f.RoundFactory(label=f"Round {n}", summary="A truce")

    found = client.get("/api/v1/rounds/", {"search": "truce"}).json()["results"]

    assert len(found) == window + 2


@pytest.mark.parametrize("size", [2, 8])
def test_a_search_beyond_the_window_runs_one_query_per_kind(
    client, django_assert_num_queries, window, size
):
    for n in range(size):
        f.EventFactory(title=f"Geneva event {n}", description="Talks in Geneva")
        f.RoundFactory(label=f"Round {n}", summary="Talks in Geneva")
    from django.db import connection

    # processes, rounds, events, documents, people, resolutions, each ranking its
    # window and its names in one query; on PostgreSQL first the time limit.
    with django_assert_num_queries(6 + (connection.vendor == "postgresql")):
        page = results(client, "geneva")

    assert page.count(">Geneva event") == min(size, window)


def test_the_ranked_search_reads_the_full_text_indexes(window):
    """Through the indexes (the plans at 10,000 events: docs/benchmarks.md)."""
    from django.db import connection, transaction

    for n in range(window + 2):
        f.EventFactory(title=f"Geneva event {n}")
    sql, params = search.matching(search.KINDS[2], ["geneva"], 100).query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        text = "\n".join(str(row[-1]) for row in cursor.fetchall())

    if connection.vendor == "postgresql":  # which index depends on the statistics
        assert "Seq Scan on rounds_searchentry" not in text
    else:
        assert "VIRTUAL TABLE INDEX" in text
        assert "SCAN rounds_searchentry" not in text and "SCAN e\n" not in text
