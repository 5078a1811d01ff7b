"""The data-quality desk (rounds/desk/quality.py): its admin page and
`manage.py check_record`, and the demo data passing it without errors."""

import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from rounds.desk import quality

from . import factories as f

pytestmark = pytest.mark.django_db


def checks_of(issues, check):
    return [item for item in issues if item.check == check]


def test_a_published_round_without_a_source_is_an_error():
    round_ = f.RoundFactory()
    f.RoundFactory(process=round_.process, publication="draft")  # drafts may wait
    sourced = f.RoundFactory(process=round_.process)
    f.RoundCitationFactory(round=sourced)
    found = checks_of(quality.run(), "unsourced")
    assert [(i.record, i.severity) for i in found] == [(str(round_), "error")]
    assert found[0].url == reverse("admin:rounds_round_change", args=[round_.pk])


def test_an_envoy_out_of_office_is_an_error():
    process = f.ProcessFactory()
    envoy = f.PersonFactory(name_en="Staffan de Mistura")
    appointment = f.AppointmentFactory(person=envoy, start="2014-07", end="2018-12")
    appointment.processes.set([process])
    inside = f.RoundFactory(process=process, start="2017-07-10", end="2017-07-14")
    outside = f.RoundFactory(process=process, start="2019-10-30", end="2019-11-08")
    for round_ in (inside, outside):
        f.RoundEnvoyFactory(round=round_, person=envoy)
    found = checks_of(quality.run(), "envoy_not_in_office")
    assert [i.record for i in found] == [str(outside)]
    assert "Staffan de Mistura" in found[0].message


def test_a_held_round_without_dates_is_an_error_and_a_side_session_a_warning():
    main = f.RoundFactory(status="concluded", start="", end="")
    dated = f.RoundFactory(process=main.process, status="concluded", start="2017-05-16")
    side = f.RoundFactory(
        process=main.process, parent=dated, status="concluded", start="", end="", number=None
    )
    found = {i.record: i.severity for i in checks_of(quality.run(), "held_without_dates")}
    assert found == {str(main): "error", str(side): "warning"}


def test_an_ongoing_process_with_nothing_for_a_year_is_a_warning():
    quiet = f.ProcessFactory(end="")
    f.RoundFactory(process=quiet, start="2018-01-25", end="2018-01-26")
    busy = f.ProcessFactory(end="")
    f.RoundFactory(process=busy, start="2026-10-01", end="2026-10-02")
    found = checks_of(quality.run(today=date(2026, 11, 30)), "dormant")
    assert [i.record for i in found] == [str(quiet)]


def test_missing_arabic_is_a_warning():
    round_ = f.RoundFactory(summary_en="Talks ended.", summary_ar="")
    found = [i for i in checks_of(quality.run(), "missing_arabic") if i.record == str(round_)]
    assert found and found[0].severity == "warning" and "summary" in found[0].message


def test_sources_missing_details_malformed_or_twice_entered():
    f.SourceFactory(url="https://www.example.org/story/", title="", archived_url="")
    f.SourceFactory(url="http://example.org/story")
    bad = f.SourceFactory()
    type(bad).objects.filter(pk=bad.pk).update(url="htp:/nowhere")
    issues = quality.run()
    assert checks_of(issues, "source_duplicate")
    assert [i.severity for i in checks_of(issues, "source_url")] == ["error"]
    assert any("title" in i.message for i in checks_of(issues, "source_details"))
    assert not checks_of(issues, "source_broken")  # no network unless asked


def test_the_admin_page_lists_issues_per_process_with_links(client, editor):
    round_ = f.RoundFactory()
    client.force_login(editor)
    page = client.get(reverse("admin:rounds_process_quality"))
    assert page.status_code == 200
    html = page.content.decode()
    assert str(round_.process) in html
    assert reverse("admin:rounds_round_change", args=[round_.pk]) in html
    one = client.get(reverse("admin:rounds_process_quality"), {"process": round_.process.slug})
    assert one.status_code == 200


def test_the_admin_page_shows_severity_as_a_label_in_the_editors_language(client, editor):
    # Unsourced (an error) and without an Arabic summary (a warning).
    f.RoundFactory(summary_en="Talks ended.", summary_ar="")
    client.force_login(editor)
    url = reverse("admin:rounds_process_quality")

    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    arabic = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert "<td>Error</td>" in english and "<td>Warning</td>" in english
    assert "<td>خطأ</td>" in arabic and "<td>تنبيه</td>" in arabic
    for html in (english, arabic):
        assert "<td>error</td>" not in html and "<td>warning</td>" not in html
        assert 'class="quality-error"' in html  # the machine value stays for styling


def test_the_admin_page_explains_each_issue_in_arabic(client, editor):
    f.RoundFactory(summary_en="Talks ended.", summary_ar="")
    client.force_login(editor)

    arabic = client.get(
        reverse("admin:rounds_process_quality"), HTTP_ACCEPT_LANGUAGE="ar"
    ).content.decode()

    assert "منشور دون مصدر." in arabic
    assert re.search(r"لا نص عربيًا لـ: [^<]*الملخص\.", arabic)  # the field's Arabic name
    assert "Published without a source." not in arabic


def test_check_record_keeps_the_machine_severity_in_arabic():
    f.RoundFactory()
    out = StringIO()
    with translation.override("ar"):
        call_command("check_record", stdout=out)
    assert "[error]" in out.getvalue()


def test_the_admin_page_needs_a_login(client):
    response = client.get(reverse("admin:rounds_process_quality"))
    assert response.status_code == 302


def test_check_record_fails_on_errors_only_when_asked():
    f.RoundFactory()
    out = StringIO()
    call_command("check_record", stdout=out)
    assert "Published without a source" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("check_record", "--fail-on", "error", stdout=StringIO())


def test_the_demo_data_has_no_errors():
    from rounds.demo.loader import load_demo

    load_demo()
    out = StringIO()
    call_command("check_record", "--fail-on", "error", stdout=out)
    assert " 0 errors" in out.getvalue() or out.getvalue().strip().endswith("warnings.")
