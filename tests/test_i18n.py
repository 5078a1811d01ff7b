"""The reader pages in Arabic: right to left, the same record in both languages,
Arabic record text with English fallback, translated interface and dates."""

import ast
import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from rounds import fuzzydates, models

from . import factories as f
from .reader_data import make_talks

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def talks():
    talks = make_talks()
    models.Round.objects.filter(pk=talks.round.pk).update(
        label_ar="جنيف 1", summary="Proximity talks through the envoy."
    )
    models.Process.objects.filter(pk=talks.process.pk).update(name_ar="محادثات جنيف")
    return talks


def urls(talks) -> dict[str, str]:
    return {
        "home": "/",
        "timeline": talks.process.get_absolute_url(),
        "agenda": f"/processes/{talks.process.slug}/agenda/",
        "round": talks.round.get_absolute_url(),
        "person": talks.envoy.get_absolute_url(),
        "resolution": talks.resolution.get_absolute_url(),
        "event": talks.events[0].get_absolute_url(),
        "search": "/search/?q=geneva",
    }


PAGES = ["home", "timeline", "agenda", "round", "person", "resolution", "event", "search"]


@pytest.mark.parametrize("page", PAGES)
def test_arabic_pages_are_right_to_left(client, talks, page):
    response = client.get(f"/ar{urls(talks)[page]}")

    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html(response)
    assert response["Content-Language"] == "ar"


@pytest.mark.parametrize("page", PAGES)
def test_english_pages_are_left_to_right_at_unprefixed_addresses(client, talks, page):
    response = client.get(urls(talks)[page])

    assert '<html lang="en" dir="ltr">' in html(response)


def test_english_pages_ignore_accept_language(client, talks):
    response = client.get(talks.round.get_absolute_url(), headers={"accept-language": "ar"})

    assert '<html lang="en" dir="ltr">' in html(response)


def test_api_still_follows_accept_language(client, talks):
    response = client.get("/api/v1/processes/", headers={"accept-language": "ar"})

    assert response["Content-Language"] == "ar"
    assert response.json()["results"][0]["name"] == "محادثات جنيف"


@pytest.mark.parametrize("page", PAGES)
def test_language_switcher_keeps_the_reader_on_the_same_record(client, talks, page):
    url = urls(talks)[page]

    english = html(client.get(url))
    arabic = html(client.get(f"/ar{url}"))

    arabic_url = f"/ar{url}"
    assert f'href="{arabic_url}" hreflang="ar" lang="ar">العربيّة</a>' in english
    assert f'href="{url}" hreflang="en" lang="en">English</a>' in arabic
    assert f'<link rel="alternate" hreflang="ar" href="{arabic_url}">' in english


def test_switcher_keeps_the_timeline_filters(client, talks):
    url = talks.process.get_absolute_url()

    page = html(client.get(url, {"kind": "round", "year": "2016"}))

    assert f'href="/ar{url}?kind=round&amp;year=2016" hreflang="ar"' in page


def test_switcher_on_a_missing_page_leads_home(client):
    page = html(client.get("/ar/no/such/page/"))

    assert '<html lang="ar" dir="rtl">' in page
    assert 'href="/" hreflang="en"' in page


def test_arabic_pages_show_arabic_record_text_with_english_fallback(client, talks):
    page = html(client.get(f"/ar{talks.round.get_absolute_url()}"))

    assert "<h1>جنيف 1</h1>" in page
    assert "محادثات جنيف" in page
    # No Arabic summary yet: the English one, marked as English.
    assert '<p lang="en" dir="ltr">Proximity talks through the envoy.</p>' in page


def test_arabic_timeline_titles_mark_english_fallbacks(client, talks):
    page = html(client.get(f"/ar{talks.process.get_absolute_url()}"))

    assert ">جنيف 1</a>" in page
    assert '<span lang="en" dir="ltr">UN Special Envoy</span>' in page  # role, no Arabic
    assert f'<bdi dir="ltr">{talks.resolution.symbol}</bdi>' in page


def test_english_pages_show_english_record_text(client, talks):
    page = html(client.get(talks.round.get_absolute_url()))

    assert "<h1>Geneva 1</h1>" in page
    assert "جنيف" not in page.replace("العربيّة", "")
    assert '<span lang="en"' not in page and '<p lang="en"' not in page


@pytest.mark.parametrize(
    ("page", "text"),
    [
        ("timeline", "التسلسل الزمني"),
        ("timeline", "انتقل إلى اليوم"),
        ("timeline", "كل الأنواع"),
        ("timeline", "اختُتمت"),  # the round's status
        ("timeline", "10–14 يوليو 2016"),  # Arabic month names
        ("home", "أين وصلت محادثات السلام"),
        ("round", "بدعوة من"),
        ("round", "غير مباشرة (محادثات تقارب)"),
        ("round", "المصادر"),
        ("agenda", "أبعد ما بلغه"),
        ("resolution", "15 صوتًا مؤيدًا"),
        ("search", "المسارات"),
    ],
)
def test_interface_strings_are_translated(client, talks, page, text):
    assert text in html(client.get(f"/ar{urls(talks)[page]}"))


def test_arabic_404_page(client):
    response = client.get("/ar/processes/nowhere/")

    assert response.status_code == 404
    assert "الصفحة غير موجودة" in html(response)


def test_malformed_filter_message_is_translated(client, talks):
    response = client.get(f"/ar{talks.process.get_absolute_url()}", {"kind": "x"})

    assert response.status_code == 400
    assert "«x» ليس نوعًا من المُدخَلات" in html(response)


@pytest.mark.parametrize(
    ("edtf", "arabic"),
    [
        ("2017-07-10~", "نحو 10 يوليو 2017"),
        ("2017-21", "ربيع 2017"),
        ("2017-24", "شتاء 2017"),
    ],
)
def test_fuzzy_dates_read_in_arabic(edtf, arabic):
    with translation.override("ar"):
        assert fuzzydates.natural(edtf) == arabic


def test_fuzzy_ranges_and_round_statuses_read_in_arabic():
    planned = f.RoundFactory.build(status="planned", start="", end="", announced_start="2017-08")
    postponed = f.RoundFactory.build(status="postponed", start="", end="", announced_start="2022")
    cancelled = f.RoundFactory.build(status="cancelled", start="", end="", announced_start="2017")

    with translation.override("ar"):
        assert fuzzydates.natural_range("", "2018") == "حتى 2018"
        assert planned.dates == "أغسطس 2017 (مقرَّرة)"
        assert postponed.dates == "2022 (مؤجَّلة)"
        assert cancelled.dates == "2017 (لم تُعقد)"


def test_event_durations_are_translated(client, talks):
    event = f.EventFactory(process=talks.process, duration=timedelta(hours=48))

    url = event.get_absolute_url()

    assert "48 ساعة" in html(client.get(f"/ar{url}"))
    assert "48 hours" in html(client.get(url))


# --- The Arabic catalogue is complete --------------------------------------------------

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "ar" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*[sdiXxf]|%[sd]|\{\w+\}")


def po_entries(path: Path) -> list[dict]:
    """The catalogue's live entries (not the header, not obsolete `#~` ones), each with
    its flags, msgctxt, msgid, msgid_plural and msgstr forms ({index: text})."""
    entries, entry, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry and entry.get("msgid"):
                entries.append(entry)
            entry = None
            continue
        entry = entry if entry is not None else {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            text = ast.literal_eval(line)
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += text
            else:
                entry[field[0]] += text
        else:
            keyword, _, value = line.partition(" ")
            text = ast.literal_eval(value)
            if keyword.startswith("msgstr"):
                index = int(keyword[7:-1]) if "[" in keyword else 0
                field = ("msgstr", index)
                entry["msgstr"][index] = text
            else:
                field = (keyword, None)
                entry[keyword] = text
    return entries


def gaps(entries: list[dict]) -> list[str]:
    """English strings with no Arabic, or only a fuzzy (unchecked) one."""
    return [
        ("fuzzy: " if "fuzzy" in entry["flags"] else "untranslated: ") + entry["msgid"]
        for entry in entries
        if "fuzzy" in entry["flags"] or not all(entry["msgstr"].values())
    ]


def test_the_arabic_catalogue_has_no_untranslated_or_fuzzy_entry():
    entries = po_entries(CATALOGUE)

    assert len(entries) > 500  # the parser read the catalogue, not nothing
    assert gaps(entries) == []


def test_the_arabic_plurals_have_all_six_forms_and_keep_the_placeholders():
    for entry in po_entries(CATALOGUE):
        english = set(PLACEHOLDER.findall(entry["msgid"] + entry.get("msgid_plural", "")))
        if "msgid_plural" in entry:
            assert sorted(entry["msgstr"]) == [0, 1, 2, 3, 4, 5], entry["msgid"]
        for index, arabic in entry["msgstr"].items():
            found = set(PLACEHOLDER.findall(arabic))
            assert found <= english, (entry["msgid"], arabic)
            # Forms 0, 1 and 2 name their number in words ("يومان"); the rest show it.
            if "msgid_plural" not in entry or index > 2:
                assert found == english, (entry["msgid"], arabic)


def test_every_string_in_the_code_has_arabic(tmp_path, monkeypatch, settings):
    """makemessages on a copy of the catalogue: a string added or changed in the code
    since the catalogue was last regenerated comes out untranslated or fuzzy."""
    for item in Path(settings.BASE_DIR).iterdir():
        if item.name != "locale" and not item.name.startswith("."):
            (tmp_path / item.name).symlink_to(item)
    copy = tmp_path / "locale" / "ar" / "LC_MESSAGES" / "django.po"
    copy.parent.mkdir(parents=True)
    shutil.copy(CATALOGUE, copy)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)

    call_command("makemessages", locale=["ar"], symlinks=True, no_obsolete=True, verbosity=0)

    assert gaps(po_entries(copy)) == []
