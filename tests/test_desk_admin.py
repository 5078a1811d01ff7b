"""The editors' admin at work: one empty row in the inlines editors fill, an error
summary linking to each field, a duplicate round number naming the clashing
round, the status log dated by the status itself, the import format read from
the file's extension, rounds searchable by number, city and Arabic text, and
"save and add the next round"."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rounds.models import Round

from . import factories as f
from .test_admin import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, editor):
    client.force_login(editor)
    return client


def test_the_round_form_has_one_empty_envoy_and_citation_row(logged_in):
    page = logged_in.get(reverse("admin:rounds_round_add"))
    html = page.content.decode()
    assert 'name="roundenvoy_set-0-person"' in html
    assert 'name="citations-0-source"' in html


def test_a_duplicate_round_number_names_the_clashing_round(logged_in):
    existing = f.RoundFactory(number=7, label_en="Geneva VII", start="2017-07-10")
    data = form_data(logged_in.get(reverse("admin:rounds_round_add")))
    data.update(process=existing.process.pk, number="7", label_en="Another", status="announced")
    page = logged_in.post(reverse("admin:rounds_round_add"), data)
    html = page.content.decode()
    assert "Geneva VII" in html and "already" in html
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    assert "Geneva VII" in summary


def test_the_first_status_of_a_held_round_is_dated_by_the_round():
    round_ = f.RoundFactory(status="concluded", start="2017-05-16", end="2017-05-19")
    entry = round_.status_log.get()
    assert entry.changed_on == date(2017, 5, 19)
    assert entry.recorded_at.date() == date(2017, 5, 19)


def test_the_demo_status_log_is_not_dated_by_the_load():
    from rounds.demo.loader import load_demo

    load_demo()
    sixth = Round.objects.get(label_en="Geneva VI")
    assert sixth.status_log.get().recorded_at.date() == date(2017, 5, 19)


def test_the_first_status_takes_the_source_of_the_round_s_citation(logged_in):
    process = f.ProcessFactory()
    source = f.SourceFactory(published_on=date(2017, 6, 18))
    url = reverse("admin:rounds_round_add")
    data = form_data(logged_in.get(url))
    data.update(
        {
            "process": process.pk,
            "label_en": "Geneva VII",
            "status": "announced",
            "start": "2017-07-10",
            "citations-0-source": source.pk,
            "citations-0-quote": "The seventh round will start on 10 July.",
        }
    )
    response = logged_in.post(url, data)
    assert response.status_code == 302, response.context["error_summary"]
    entry = Round.objects.get(label_en="Geneva VII").status_log.get()
    assert (entry.source, entry.changed_on) == (source, date(2017, 6, 18))


def test_the_import_format_is_read_from_the_file_extension(logged_in):
    upload = SimpleUploadedFile("sources.csv", b"url,publisher\n", content_type="text/csv")
    response = logged_in.post(
        reverse("admin:rounds_source_import"),
        {"resource": "0", "format": "", "import_file": upload},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "format" not in form.errors


@pytest.mark.parametrize("term", ["7", "جنيف", "Lausanne", "سابعة"])
def test_the_rounds_list_searches_number_city_and_arabic(logged_in, term):
    f.RoundFactory(
        number=7, label_en="Geneva VII", label_ar="جنيف 7", city_en="Lausanne",
        summary_ar="الجولة السابعة",
    )  # fmt: skip
    f.RoundFactory(number=3, label_en="Astana 3", city_en="Astana")
    page = logged_in.get(reverse("admin:rounds_round_changelist"), {"q": term})
    assert page.status_code == 200
    assert page.context["cl"].result_count == 1, term


def test_save_and_add_the_next_round_carries_the_round_over(logged_in):
    round_ = f.RoundFactory(
        number=7, label_en="Geneva VII", city_en="Geneva", venue_en="Palais des Nations"
    )
    envoy = f.RoundEnvoyFactory(round=round_)
    f.RoundCitationFactory(round=round_)  # a published round needs a source
    url = reverse("admin:rounds_round_change", args=[round_.pk])
    data = form_data(logged_in.get(url))
    data["_savenext"] = "1"
    data["correction_reason"] = "Checked."
    response = logged_in.post(url, data)
    assert response.status_code == 302, response.context and response.context["error_summary"]
    eighth = Round.objects.get(process=round_.process, number=8)
    assert response["Location"] == reverse("admin:rounds_round_change", args=[eighth.pk])
    assert (eighth.label_en, eighth.venue_en, eighth.publication) == (
        "Geneva VIII",
        "Palais des Nations",
        "draft",
    )
    assert list(eighth.envoys.all()) == [envoy.person]
