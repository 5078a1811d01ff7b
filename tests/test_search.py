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
    # processes, rounds (with process), events (with process), people, resolutions
    with django_assert_num_queries(5):
        client.get("/search/", {"q": "geneva"})
    with django_assert_num_queries(0):
        client.get("/search/")
