"""Bulk import and export in the admin (rounds/desk/imports.py): a preview of every row,
all or nothing, the model's own validation, bad input refused row by row, formula
cells neutralised on export, and the sample files importing cleanly."""

import csv
import io
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rounds.demo.loader import load_demo
from rounds.desk import import_store, imports
from rounds.models import Correction, Event, Person, Publication, Resolution, Round, Source

from . import factories as f

pytestmark = pytest.mark.django_db

SAMPLES = Path(imports.__file__).with_name("samples")
CSV_FORMAT, XLSX_FORMAT = "0", "1"
ROUND_COLUMNS = imports.RoundResource.columns()


def round_row(**values) -> dict:
    """A complete, valid row of a rounds file."""
    row = dict.fromkeys(ROUND_COLUMNS, "")
    row.update(
        process="geneva",
        label_en="Geneva IX",
        number="9",
        status="concluded",
        format="indirect",
        city_en="Vienna",
        start="2018-01-25",
        end="2018-01-26",
        publication="draft",
    )
    row.update(values)
    return row


def csv_file(rows: list[dict], columns: list[str] | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns or list(rows[0]), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_file(rows: list[dict]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, content: bytes, model: str = "round", name: str = "rounds.csv", fmt=CSV_FORMAT):
    """The first step: the file is read and every row tried, then rolled back."""
    return client.post(
        reverse(f"admin:rounds_{model}_import"),
        {"format": fmt, "import_file": SimpleUploadedFile(name, content)},
    )


def confirm(client, preview, model: str = "round"):
    """The second step, offered only when the preview rejected nothing."""
    return client.post(
        reverse(f"admin:rounds_{model}_process_import"), preview.context["confirm_form"].initial
    )


def import_file(client, content: bytes, model: str = "round", **kwargs):
    preview = upload(client, content, model, **kwargs)
    assert "confirm_form" in preview.context, rejected(preview)
    return confirm(client, preview, model)


def rejected(response) -> list[dict]:
    return [row for row in response.context["import_rows"] if row["type"] in ("invalid", "error")]


def row_types(response) -> list[str]:
    return [row["type"] for row in response.context["import_rows"]]


def base_errors(response) -> list[str]:
    return [str(error.error) for error in response.context["result"].base_errors]


def export(client, model: str, fmt=CSV_FORMAT) -> bytes:
    response = client.post(reverse(f"admin:rounds_{model}_export"), {"format": fmt})
    assert response.status_code == 200
    return response.content


def rows_of(csv_bytes: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(csv_bytes.decode("utf-8-sig"))))


@pytest.fixture
def geneva(db):
    return f.ProcessFactory(slug="geneva")


@pytest.fixture
def logged_in(client, editor):
    client.force_login(editor)
    return client


# --- The pages ------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["round", "event", "resolution", "person", "source"])
def test_import_and_export_pages_answer(logged_in, model):
    page = logged_in.get(reverse(f"admin:rounds_{model}_import"))
    assert page.status_code == 200
    assert "<code>version</code>" in page.content.decode() or model in ("person", "source")
    assert logged_in.get(reverse(f"admin:rounds_{model}_export")).status_code == 200
    listing = logged_in.get(reverse(f"admin:rounds_{model}_changelist")).content.decode()
    assert reverse(f"admin:rounds_{model}_import") in listing
    assert reverse(f"admin:rounds_{model}_deleted") in listing  # history admin kept


def test_the_import_page_offers_its_sample_file(logged_in):
    page = logged_in.get(reverse("admin:rounds_event_import")).content.decode()
    sample_url = reverse("admin:rounds_event_import_sample")
    assert sample_url in page

    sample = logged_in.get(sample_url)

    assert sample.status_code == 200
    assert sample["Content-Disposition"] == 'attachment; filename="events.csv"'
    assert b"".join(sample.streaming_content) == (SAMPLES / "events.csv").read_bytes()


def test_staff_without_add_permission_cannot_import(client, django_user_model, geneva):
    clerk = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_round"))
    client.force_login(clerk)

    assert client.get(reverse("admin:rounds_round_import")).status_code == 403
    assert upload(client, csv_file([round_row()])).status_code == 403
    assert client.get(reverse("admin:rounds_round_import_sample")).status_code == 403
    refused = client.post(
        reverse("admin:rounds_round_process_import"),
        {"import_file_name": "x", "original_file_name": "rounds.csv", "format": CSV_FORMAT},
    )
    assert refused.status_code == 403
    assert not Round.objects.exists()
    # Reading is what the view permission allows: exporting too.
    assert client.get(reverse("admin:rounds_round_export")).status_code == 200
    listing = client.get(reverse("admin:rounds_round_changelist")).content.decode()
    assert reverse("admin:rounds_round_import") not in listing


def test_staff_without_view_permission_cannot_export(client, django_user_model):
    outsider = django_user_model.objects.create_user("outsider", password="x", is_staff=True)
    client.force_login(outsider)
    assert client.get(reverse("admin:rounds_round_export")).status_code == 403
    assert client.post(reverse("admin:rounds_round_export"), {"format": "0"}).status_code == 403


# --- Preview, confirm, all or nothing ---------------------------------------------------


def test_preview_lists_new_updated_and_rejected_rows_and_stores_nothing(logged_in, geneva):
    f.RoundFactory(process=geneva, label="Geneva VII", number=7, city="Geneva", draft=True)
    content = csv_file(
        [
            round_row(label_en="Geneva VII", number="7", city_en="Montreux"),
            round_row(label_en="Geneva VIII", number="8"),
            round_row(label_en="Geneva IX", number="9", end="2018-01-01"),
        ]
    )

    preview = upload(logged_in, content)

    assert preview.status_code == 200
    assert row_types(preview) == ["update", "new", "invalid"]
    [bad] = rejected(preview)
    assert bad["number"] == 3
    assert bad["messages"] == ["end: The end (2018-01-01) is before the start (2018-01-25)."]
    assert "confirm_form" not in preview.context
    page = preview.content.decode()
    assert "Confirm import" not in page
    assert "1 new, 1 to update, 0 unchanged, 1 rejected." in page
    assert "The end (2018-01-01) is before the start (2018-01-25)." in page
    assert Round.objects.get().city == "Geneva"
    assert Round.objects.count() == 1


def test_confirm_stores_every_row(logged_in, geneva):
    f.RoundFactory(process=geneva, label="Geneva VII", number=7, city="Geneva", draft=True)
    content = csv_file(
        [
            round_row(label_en="Geneva VII", number="7", city_en="Montreux"),
            round_row(label_en="Geneva VIII", number="8", start="2017-11-28~", end=""),
        ]
    )

    preview = upload(logged_in, content)
    assert row_types(preview) == ["update", "new"]
    response = confirm(logged_in, preview)

    assert response.status_code == 302
    assert response.url == reverse("admin:rounds_round_changelist")
    assert Round.objects.get(label_en="Geneva VII").city_en == "Montreux"
    eighth = Round.objects.get(label_en="Geneva VIII")
    assert (eighth.start, eighth.start_earliest.isoformat()) == ("2017-11-28~", "2017-11-28")
    assert eighth.label_ar is None  # no Arabic yet, as the demo loader stores it
    messages = [str(m) for m in logged_in.get(response.url).context["messages"]]
    assert "Imported: 1 new, 1 updated, 0 unchanged." in messages
    assert LogEntry.objects.filter(object_repr="Geneva VIII").exists()


def test_an_unchanged_row_is_listed_and_left_alone(logged_in, geneva):
    stored = f.RoundFactory(cited=True, process=geneva, label="Geneva VII", number=7)
    content = export(logged_in, "round")

    preview = upload(logged_in, content)

    assert row_types(preview) == ["skip"]
    assert preview.context["import_rows"][0]["action"] == "Unchanged"
    confirm(logged_in, preview)
    stored.refresh_from_db()
    assert stored.version == 1
    assert stored.history.count() == 1


def test_one_bad_date_among_600_rows_stores_nothing(logged_in, editor, geneva):
    rows = [
        round_row(label_en=f"Round {n}", number=str(n), start="2017-07-10", end="2017-07-14")
        for n in range(1, 601)
    ]
    rows[499]["start"] = "2017-13-45"
    content = csv_file(rows)

    preview = upload(logged_in, content)

    assert "confirm_form" not in preview.context
    [bad] = rejected(preview)
    assert bad["number"] == 500
    assert bad["messages"] == ["start: “2017-13-45” is not a real calendar date."]
    assert preview.context["import_counts"] == {
        "new": 599,
        "update": 0,
        "unchanged": 0,
        "rejected": 1,
    }
    assert not Round.objects.exists()

    # Posting the confirmation anyway (or after the records changed) stores nothing.
    with import_store.for_editor(editor):
        storage = import_store.DatabaseStorage(encoding="utf-8-sig", read_mode="r")
        storage.save(content)
    session = logged_in.session  # as if this editor had been shown that preview
    session["import_previews"] = [storage.name]
    session.save()
    response = logged_in.post(
        reverse("admin:rounds_round_process_import"),
        {"import_file_name": storage.name, "original_file_name": "r.csv", "format": CSV_FORMAT},
    )
    assert response.status_code == 200
    assert [row["number"] for row in rejected(response)] == [500]
    assert "Nothing was imported" in response.content.decode()
    assert not Round.objects.exists()
    assert not LogEntry.objects.exists()


def test_an_import_from_the_shell_is_all_or_nothing_too(geneva):
    dataset = imports.RoundResource().export(Round.objects.none())
    dataset.append([round_row(number="1", label_en="A")[c] for c in ROUND_COLUMNS])
    dataset.append([round_row(number="1", label_en="B")[c] for c in ROUND_COLUMNS])

    result = imports.RoundResource().import_data(dataset, use_transactions=False)

    assert result.has_validation_errors()
    assert not Round.objects.exists()


def test_import_is_recorded_in_history_with_the_importing_user(logged_in, editor, geneva):
    import_file(logged_in, csv_file([round_row()]), name="schedule.csv")

    record = Round.objects.get().history.get()
    assert record.history_user == editor
    assert record.history_type == "+"
    assert record.history_change_reason == "Imported from schedule.csv"


# --- Validation as everywhere else -----------------------------------------------------


def test_duplicate_round_numbers_are_rejected(logged_in, geneva):
    f.RoundFactory(process=geneva, label="Geneva VII", number=7)
    content = csv_file(
        [
            round_row(label_en="Geneva VIII", number="8"),
            round_row(label_en="Geneva VIII bis", number="8"),
            round_row(label_en="Geneva VII again", number="7"),
        ]
    )

    preview = upload(logged_in, content)

    assert row_types(preview) == ["new", "invalid", "invalid"]
    # Each rejection names the round that already has the number.
    for row, clash in zip(rejected(preview), ["Geneva VIII", "Geneva VII"], strict=True):
        [message] = row["messages"]
        assert "This process already has a round with this number" in message
        assert f"“{clash}”" in message
    assert Round.objects.count() == 1


def test_a_record_given_twice_in_one_file_is_rejected(logged_in, geneva):
    content = csv_file([round_row(), round_row(city_en="Geneva")])

    [bad] = rejected(upload(logged_in, content))

    assert bad["number"] == 2
    assert "label_en: Row 1 already holds this record (same process, label_en)." in bad["messages"]


def test_unknown_process_and_parent_are_named(logged_in, geneva):
    content = csv_file(
        [round_row(process="genva"), round_row(label_en="Side", number="", parent="Geneva XX")]
    )

    first, second = rejected(upload(logged_in, content))

    assert "process: No process “genva”." in first["messages"]
    assert "parent: No round “Geneva XX” in process “geneva”." in second["messages"]


def test_resolution_symbols_and_tallies_are_checked(logged_in):
    columns = imports.ResolutionResource.columns()
    base = dict.fromkeys(columns, "") | {
        "body": "security_council",
        "status": "adopted",
        "adopted_on": "2015-12-18",
        "subject_en": "The situation in the Middle East",
        "publication": "draft",
    }
    content = csv_file(
        [
            base | {"symbol": "S/RES/2254", "votes_for": "15"},
            base | {"symbol": "S/RES/2254 (2015)", "votes_for": "16", "votes_against": "0"},
            base | {"symbol": "S/2011/612", "votes_for": "15"},
            base | {"symbol": "S/RES/2268 (2016)", "adopted_on": "26/02/2016"},
        ]
    )

    rows = upload(logged_in, content, "resolution", "resolutions.csv").context["import_rows"]

    assert [row["type"] for row in rows] == ["invalid"] * 4
    assert (
        "symbol: “S/RES/2254” is not a UN document symbol such as S/RES/2254 (2015)."
        in (rows[0]["messages"])
    )
    assert (
        "votes_for: 16 votes recorded, but the Security Council has 15 members."
        in (rows[1]["messages"])
    )
    assert (
        "symbol: For a resolution of the Security Council the symbol looks like "
        "S/RES/2254 (2015)." in rows[2]["messages"]
    )
    assert "adopted_on: “26/02/2016” is not a date in the form YYYY-MM-DD." in rows[3]["messages"]
    assert not Resolution.objects.exists()


def test_required_english_text_and_choices_are_checked(logged_in, geneva):
    content = csv_file([round_row(label_en="", status="held", publication="")])

    [bad] = rejected(upload(logged_in, content))

    assert "label_en: This field cannot be blank." in bad["messages"]
    assert "status: Value 'held' is not a valid choice." in bad["messages"]
    assert "publication: This field cannot be blank." in bad["messages"]


def test_a_stale_row_cannot_overwrite_a_colleagues_change(logged_in, geneva):
    stored = f.RoundFactory(cited=True, process=geneva, label="Geneva VII", number=7, city="Geneva")
    content = export(logged_in, "round")
    stored.city = "Lausanne"
    stored.save()  # a colleague's edit after the export
    [row] = rows_of(content)
    row["venue_en"] = "Palais des Nations"

    [bad] = rejected(upload(logged_in, csv_file([row])))

    [message] = bad["messages"]
    assert message.startswith("version: ")
    assert "city [en] is now “Lausanne” (you loaded “Geneva”)" in message
    stored.refresh_from_db()
    assert not stored.venue_en


def test_a_published_date_change_needs_a_correction_reason(logged_in, geneva):
    stored = f.RoundFactory(cited=True, process=geneva, label="Geneva VII", number=7)
    [row] = rows_of(export(logged_in, "round"))
    row["start"] = "2017-07-11"

    [bad] = rejected(upload(logged_in, csv_file([row])))
    assert bad["messages"] == [
        "correction_reason: This record is published: say why you changed start."
    ]

    row["correction_reason"] = "The opening moved by a day."
    import_file(logged_in, csv_file([row]))

    stored.refresh_from_db()
    assert stored.start == "2017-07-11"
    correction = Correction.objects.get()
    assert (correction.reason, correction.fields) == ("The opening moved by a day.", ["start"])
    assert stored.history.first().history_change_reason == "The opening moved by a day."


# --- Bad input --------------------------------------------------------------------------


def test_missing_columns_are_named_and_nothing_is_imported(logged_in, geneva):
    columns = [c for c in ROUND_COLUMNS if c not in ("status", "start")]

    preview = upload(logged_in, csv_file([round_row()], columns))

    assert base_errors(preview) == [
        "Header row: the columns status, start are missing. A file needs every column of "
        "the export, in any order. Only version, correction_reason, sources may be left out."
    ]
    assert "confirm_form" not in preview.context
    assert "the columns status, start are missing" in preview.content.decode()
    assert not Round.objects.exists()


def test_unknown_and_repeated_columns_are_refused(logged_in, geneva):
    row = round_row()
    header = ",".join([*ROUND_COLUMNS, "lable_en", "city_en"])
    content = (header + "\n" + ",".join([*row.values(), "x", "y"]) + "\n").encode()

    errors = base_errors(upload(logged_in, content))

    assert "Header row: unknown columns lable_en. Rename or remove them." in errors
    assert "Header row: the columns city_en appear more than once." in errors


def test_a_latin1_file_is_refused_naming_the_line(logged_in, geneva):
    rows = [
        round_row(label_en="Geneva VIII", number="8", summary_en="Two\nlines"),
        round_row(city_en="Genève"),
    ]
    content = csv_file(rows).decode().encode("latin-1")

    preview = upload(logged_in, content)

    [error] = preview.context["form"].errors["import_file"]
    assert error.startswith("The file is not UTF-8 text: line 4 (row 2 under the header)")
    assert "0xE8" in error
    assert not Round.objects.exists()


def test_a_formula_in_a_text_cell_is_refused(logged_in, geneva):
    content = csv_file(
        [
            round_row(summary_en='=HYPERLINK("http://x","y")'),
            round_row(label_en="Geneva X", number="10", venue_en="'@SUM(A1:A2)"),
        ]
    )

    first, second = rejected(upload(logged_in, content))

    assert first["messages"] == [
        'summary_en: “=HYPERLINK("http://x","y")” starts with “=”: a spreadsheet '
        "would run it as a formula. Remove the leading “=”."
    ]
    assert second["messages"][0].startswith("venue_en: “'@SUM(A1:A2)” starts with “@”")
    assert not Round.objects.exists()


def test_a_formula_cell_in_a_workbook_is_refused(logged_in, geneva):
    content = xlsx_file([round_row(outcome_en='=HYPERLINK("http://x","y")')])

    [bad] = rejected(upload(logged_in, content, name="rounds.xlsx", fmt=XLSX_FORMAT))

    assert bad["messages"][0].startswith("outcome_en: “=HYPERLINK(")
    assert not Round.objects.exists()


# --- Export -------------------------------------------------------------------------------


def test_export_neutralises_formula_cells_and_keeps_dates_and_symbols(logged_in, geneva):
    f.RoundFactory(process=geneva, label="Geneva VII", summary='=HYPERLINK("http://x","y")')
    f.RoundFactory(process=geneva, label="+Geneva", outcome="@SUM(A1)", venue="-1")
    f.ResolutionFactory(symbol="S/RES/2254 (2015)", number=2254, year=2015)

    rows = {row["label_en"]: row for row in rows_of(export(logged_in, "round"))}
    [resolution] = rows_of(export(logged_in, "resolution"))

    assert rows["Geneva VII"]["summary_en"] == '\'=HYPERLINK("http://x","y")'
    assert rows["'+Geneva"]["outcome_en"] == "'@SUM(A1)"
    assert rows["'+Geneva"]["venue_en"] == "'-1"
    assert (rows["Geneva VII"]["start"], rows["Geneva VII"]["end"]) == ("2017-07-10", "2017-07-14")
    assert rows["Geneva VII"]["process"] == "geneva"
    assert resolution["symbol"] == "S/RES/2254 (2015)"
    assert (resolution["votes_for"], resolution["adopted_on"]) == ("15", "2015-12-18")

    sheet = openpyxl.load_workbook(io.BytesIO(export(logged_in, "round", XLSX_FORMAT))).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert '\'=HYPERLINK("http://x","y")' in values
    assert not [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def test_xlsx_export_imports_back(logged_in, geneva):
    main = f.RoundFactory(
        process=geneva, label="Geneva VII", number=7, start="2017-07-10~", cited=True
    )
    f.RoundFactory(process=geneva, parent=main, label="Experts", number=None, cited=True)
    f.EventFactory(
        process=geneva, round=main, duration=timedelta(hours=48), title="Truce", cited=True
    )
    workbook = export(logged_in, "round", XLSX_FORMAT)

    preview = upload(logged_in, workbook, name="rounds.xlsx", fmt=XLSX_FORMAT)
    assert row_types(preview) == ["skip", "skip"]

    book = openpyxl.load_workbook(io.BytesIO(workbook))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=header.index("city_en") + 1, value="Lausanne")
    sheet.append([])  # trailing empty rows are common in workbooks
    out = io.BytesIO()
    book.save(out)
    import_file(logged_in, out.getvalue(), name="rounds.xlsx", fmt=XLSX_FORMAT)
    main.refresh_from_db()
    assert main.city_en == "Lausanne"

    events = export(logged_in, "event", XLSX_FORMAT)
    preview = upload(logged_in, events, "event", name="events.xlsx", fmt=XLSX_FORMAT)
    assert row_types(preview) == ["skip"]


def test_arabic_text_survives_export_and_import(logged_in, geneva):
    f.RoundFactory(cited=True, process=geneva, label="Geneva VII", number=7, label_ar="جنيف 7")
    content = export(logged_in, "round")

    assert content.startswith("\ufeff".encode())  # spreadsheets then read UTF-8
    [row] = rows_of(content)
    assert row["label_ar"] == "جنيف 7"
    assert row_types(upload(logged_in, content)) == ["skip"]

    summary = "جولة محادثات غير مباشرة في جنيف، أعلنها المبعوث الأممي."
    new = round_row(label_ar="جنيف 9", city_ar="فيينا", summary_ar=summary)
    import_file(logged_in, csv_file([new]))
    stored = Round.objects.get(label_en="Geneva IX")
    assert (stored.label_ar, stored.city_ar, stored.summary_ar) == ("جنيف 9", "فيينا", summary)


# --- The samples ---------------------------------------------------------------------------


SAMPLE_ORDER = [
    ("source", "sources.csv", Source),
    ("person", "people.csv", Person),
    ("resolution", "resolutions.csv", Resolution),
    ("round", "rounds.csv", Round),
    ("event", "events.csv", Event),
]


def test_each_sample_imports_cleanly_into_an_empty_database(logged_in):
    for slug in ("geneva", "astana", "constitutional-committee"):
        f.ProcessFactory(slug=slug)

    for model, name, model_class in SAMPLE_ORDER:
        content = (SAMPLES / name).read_bytes()
        preview = upload(logged_in, content, model, name)
        assert set(row_types(preview)) == {"new"}, (name, rejected(preview))
        confirm(logged_in, preview, model)
        assert model_class.objects.count() == len(rows_of(content)), name

    side = Round.objects.get(label_en="Expert meetings on legal and constitutional issues")
    assert side.parent.label_en == "Geneva VII"
    truce = Event.objects.get(title_en__startswith="Syrian army halts combat")
    assert truce.duration.total_seconds() == 48 * 3600
    assert Resolution.objects.filter(symbol__isnull=True).count() == 1


def test_the_samples_hold_the_demo_data(logged_in):
    load_demo()
    for model, name, _model_class in SAMPLE_ORDER:
        preview = upload(logged_in, (SAMPLES / name).read_bytes(), model, name)
        assert set(row_types(preview)) == {"skip"}, (name, preview.context["import_rows"])


def test_samples_have_every_column():
    resources = [
        imports.SourceResource,
        imports.PersonResource,
        imports.ResolutionResource,
        imports.RoundResource,
        imports.EventResource,
    ]
    for resource in resources:
        text = (SAMPLES / f"{resource.file_stem}.csv").read_text(encoding="utf-8-sig")
        assert next(csv.reader(io.StringIO(text))) == resource.columns()


def test_drafts_stay_drafts_unless_the_file_says_otherwise(logged_in, geneva):
    import_file(logged_in, csv_file([round_row(), round_row(label_en="X", number="10")]))
    assert set(Round.objects.values_list("publication", flat=True)) == {Publication.DRAFT}
