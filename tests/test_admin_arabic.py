"""The editors' admin in Arabic: it follows the browser's language (Accept-Language;
the admin is outside the /ar/ reader pages), right to left, with Django's own
translations and ours for the round change form, the rounds list, the index and
our desk pages."""

import re

import pytest

from . import factories as f

pytestmark = pytest.mark.django_db

ARABIC = {"HTTP_ACCEPT_LANGUAGE": "ar"}


@pytest.fixture
def round_(db):
    round_ = f.RoundFactory()
    f.RoundEnvoyFactory(round=round_)
    f.RoundResolutionFactory(round=round_)
    f.RoundCitationFactory(round=round_)
    return round_


@pytest.fixture
def arabic_admin(client, superuser):
    client.force_login(superuser)
    return lambda url: client.get(url, **ARABIC).content.decode()


def labels(page: str) -> dict[str, str]:
    return dict(re.findall(r'<label[^>]*for="id_(\w+)"[^>]*>([^<]*):</label>', page))


def test_the_round_change_form_is_arabic_and_right_to_left(arabic_admin, round_):
    page = arabic_admin(f"/admin/rounds/round/{round_.pk}/change/")
    found = labels(page)

    assert '<html lang="ar" dir="rtl">' in page
    assert {name: found[name] for name in ("process", "number", "status", "start", "end")} == {
        "process": "المسار",
        "number": "الرقم",
        "status": "الحالة",
        "start": "البداية",
        "end": "النهاية",
    }
    assert found["label_ar"] == "التسمية [ar]"
    assert found["correction_reason"] == "سبب التصحيح"
    for arabic in ("الموعد", "المكان", "المبعوثون الداعون", "القرارات المستنَد إليها"):
        assert arabic in page
    assert "حفظ" in page  # Django's own translation of the save buttons
    assert "احفظ وأضف الجولة التالية" in page


def test_the_round_change_form_shows_no_english_label_or_heading(arabic_admin, round_):
    page = arabic_admin(f"/admin/rounds/round/{round_.pk}/change/")
    headings = re.findall(r'<th class="column-[^"]*">\s*([^<\n]*)', page)
    visible_labels = [
        text
        for name, text in labels(page).items()
        if name != "loaded_version"  # hidden
    ]

    english = [t for t in headings + visible_labels if re.search(r"[A-Za-z]{3,}", t)]
    assert english == []
    for gone in ("Resolution", "Created at", "Updated at", "When", "Where"):
        assert f">{gone}" not in page


def test_the_rounds_list_names_models_and_columns_in_arabic(arabic_admin, round_):
    page = arabic_admin("/admin/rounds/round/")

    assert '<html lang="ar" dir="rtl">' in page
    assert "<span>Dates</span>" not in page and "<span>التواريخ</span>" in page
    assert "جديد من خبر" in page  # the intake link
    assert "السجلات المحذوفة" in page
    assert "الاسم أو الرقم أو المدينة" in page  # the search help


def test_the_admin_index_has_no_half_english_plural(arabic_admin):
    page = arabic_admin("/admin/")

    for plural in ("الجولات", "القرارات", "المصادر", "التعيينات", "الوثائق", "الأحداث"):
        assert plural in page
    assert not re.search(r"[\u0621-\u064A]s<", page)  # e.g. "الجولةs"


def test_the_desk_pages_speak_arabic(arabic_admin):
    intake = arabic_admin("/admin/rounds/round/intake/")
    quality = arabic_admin("/admin/rounds/process/quality/")

    assert '<html lang="ar" dir="rtl">' in intake
    assert "الصق خبراً" in intake
    assert '<html lang="ar" dir="rtl">' in quality
    assert "كل المسارات" in quality
    assert "لا شيء يحتاج إلى اهتمام." in quality


def test_english_stays_the_default_for_the_admin(client, superuser, round_):
    client.force_login(superuser)
    page = client.get(f"/admin/rounds/round/{round_.pk}/change/").content.decode()

    assert '<html lang="en" dir="ltr">' in page
    assert labels(page)["process"] == "Process"
