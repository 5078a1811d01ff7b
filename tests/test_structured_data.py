"""What search engines and social networks read: schema.org JSON-LD (parsed and
checked against each type's required properties), Open Graph and Twitter cards,
the generated share image, sitemap.xml with hreflang alternates, robots.txt."""

import json
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from io import BytesIO

import pytest
from PIL import Image

from rounds import share_image

from . import factories as f

pytestmark = pytest.mark.django_db

# What search engines require of each type (Google's structured-data rules; the
# schema.org types themselves require nothing).
REQUIRED = {
    "Event": {"name", "startDate", "location", "eventStatus"},
    "Legislation": {"name", "legislationPassedBy", "url"},
    "Person": {"name", "url"},
}
STATUSES = {
    f"https://schema.org/{s}"
    for s in (
        "EventScheduled",
        "EventPostponed",
        "EventCancelled",
        "EventRescheduled",
        "EventMovedOnline",
    )
}


class Head(HTMLParser):
    """The JSON-LD scripts and <meta> tags of a page."""

    def __init__(self):
        super().__init__()
        self.scripts, self.meta, self._in_ld = [], {}, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True
            self.scripts.append("")
        if tag == "meta" and "content" in attrs:
            self.meta.setdefault(attrs.get("property") or attrs.get("name"), attrs["content"])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.scripts[-1] += data


def head(client, url: str) -> Head:
    response = client.get(url)
    assert response.status_code == 200
    parser = Head()
    parser.feed(response.content.decode())
    return parser


def json_ld(client, url: str) -> list[dict]:
    documents = [json.loads(script) for script in head(client, url).scripts]
    for document in documents:
        assert document["@context"] == "https://schema.org"
        missing = REQUIRED[document["@type"]] - set(document)
        assert not missing, (document["@type"], missing)
    return documents


@pytest.fixture
def process():
    return f.ProcessFactory(slug="geneva", name="Geneva talks", convener="United Nations")


def test_a_round_page_is_an_event(client, process):
    round_ = f.RoundFactory(
        process=process,
        label="Geneva VII",
        start="2017-07-10",
        end="2017-07-14",
        venue="Palais des Nations",
        city="Geneva",
    )

    (event,) = json_ld(client, round_.get_absolute_url())

    assert event["@type"] == "Event"
    assert event["name"] == "Geneva VII"
    assert (event["startDate"], event["endDate"]) == ("2017-07-10", "2017-07-14")
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["location"]["name"] == "Palais des Nations"
    assert event["location"]["address"]["addressLocality"] == "Geneva"
    assert event["organizer"] == {"@type": "Organization", "name": "United Nations"}
    assert event["url"] == f"http://testserver{round_.get_absolute_url()}"
    assert "previousStartDate" not in event


@pytest.mark.parametrize(
    "fields, status, previous",
    [
        ({"status": "cancelled"}, "EventCancelled", None),
        (
            {"status": "postponed", "start": "", "end": "", "announced_start": "2018-01-21"},
            "EventPostponed",
            None,
        ),
        (
            {"status": "postponed", "start": "2018-02-18", "announced_start": "2018-01-21"},
            "EventRescheduled",
            "2018-01-21",
        ),
        (
            {"status": "concluded", "start": "2017-07-11", "announced_start": "2017-07-10"},
            "EventRescheduled",
            "2017-07-10",
        ),
        ({"status": "announced", "start": "2017-08"}, "EventScheduled", None),
    ],
)
def test_event_status_and_previous_start_follow_the_round(
    client, process, fields, status, previous
):
    round_ = f.RoundFactory(process=process, **{"end": "", **fields})

    (event,) = json_ld(client, round_.get_absolute_url())

    assert event["eventStatus"] == f"https://schema.org/{status}"
    assert event["eventStatus"] in STATUSES
    assert event.get("previousStartDate") == previous


def test_a_round_without_date_or_place_has_no_event(client, process):
    undated = f.RoundFactory(process=process, status="planned", start="", end="")
    nowhere = f.RoundFactory(process=process, city="", venue="")
    assert json_ld(client, undated.get_absolute_url()) == []
    assert json_ld(client, nowhere.get_absolute_url()) == []


def test_json_ld_cannot_be_closed_by_stored_text(client, process):
    hostile = "</script><script>alert(1)</script><!--"
    round_ = f.RoundFactory(process=process, label=hostile, summary=hostile)

    body = client.get(round_.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in body
    (event,) = json_ld(client, round_.get_absolute_url())
    assert event["name"] == hostile and event["description"] == hostile


def test_an_arabic_round_page_gives_arabic_names(client, process):
    round_ = f.RoundFactory(process=process, label="Geneva VII")
    round_.label_ar = "جنيف 7"
    round_.save()

    (event,) = json_ld(client, f"/ar/rounds/{round_.pk}/")

    assert event["name"] == "جنيف 7" and event["inLanguage"] == "ar"
    assert event["url"] == f"http://testserver/ar/rounds/{round_.pk}/"


def test_a_resolution_page_is_legislation(client, process):
    resolution = f.ResolutionFactory(
        symbol="S/RES/2254 (2015)",
        number=2254,
        year=2015,
        adopted_on=date(2015, 12, 18),
        document_url="https://undocs.org/S/RES/2254(2015)",
    )
    vetoed = f.ResolutionFactory(vetoed=True, adopted_on=date(2016, 10, 8))

    (adopted,) = json_ld(client, resolution.get_absolute_url())
    (draft,) = json_ld(client, vetoed.get_absolute_url())

    assert adopted["@type"] == "Legislation"
    assert adopted["legislationIdentifier"] == "S/RES/2254 (2015)"
    assert adopted["legislationDate"] == "2015-12-18"
    assert adopted["legislationPassedBy"]["name"] == "United Nations Security Council"
    assert adopted["sameAs"] == "https://undocs.org/S/RES/2254(2015)"
    assert "legislationLegalForce" not in adopted
    assert draft["legislationLegalForce"] == "https://schema.org/NotInForce"
    assert draft["legislationType"] == "Draft resolution"


def test_a_person_page_is_a_person(client, process):
    envoy = f.PersonFactory(name="Geir Pedersen", wikidata_id="Q1385355")
    appointment = f.AppointmentFactory(
        person=envoy, process=process, role="UN Special Envoy for Syria", start="2019-01-07"
    )
    f.AppointmentOrganisationFactory(appointment=appointment, organisation__name="United Nations")

    (person,) = json_ld(client, envoy.get_absolute_url())

    assert person["@type"] == "Person"
    assert person["name"] == "Geir Pedersen"
    assert person["jobTitle"] == "UN Special Envoy for Syria"
    assert person["sameAs"] == "https://www.wikidata.org/wiki/Q1385355"
    assert person["affiliation"] == [{"@type": "Organization", "name": "United Nations"}]


def test_a_draft_preview_carries_no_structured_data(client, editor, process):
    draft = f.RoundFactory(process=process, draft=True)
    client.force_login(editor)
    parsed = head(client, draft.get_absolute_url())
    assert parsed.scripts == [] and "og:title" not in parsed.meta


# --- Open Graph and Twitter cards -------------------------------------------------


def test_a_process_page_has_cards_with_its_share_image(client, process):
    meta = head(client, process.get_absolute_url()).meta

    assert meta["og:title"] == "Geneva talks"
    assert meta["og:url"] == "http://testserver/processes/geneva/"
    assert meta["og:image"] == "http://testserver/processes/geneva/share.png"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["og:locale"] == "en_GB" and meta["og:locale:alternate"] == "ar_AR"
    assert meta["twitter:card"] == "summary_large_image"
    arabic = head(client, "/ar/processes/geneva/").meta
    assert arabic["og:image"] == "http://testserver/ar/processes/geneva/share.png"
    assert arabic["og:locale"] == "ar_AR"


def test_round_and_event_pages_share_their_process_image(client, process):
    round_ = f.RoundFactory(process=process)
    event = f.EventFactory(process=process)
    for url in (round_.get_absolute_url(), event.get_absolute_url()):
        assert head(client, url).meta["og:image"].endswith("/processes/geneva/share.png")


# --- The share image --------------------------------------------------------------


def share(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    return Image.open(BytesIO(response.content)).convert("L")


def ink_columns(image) -> tuple[int, int]:
    """The leftmost and rightmost columns with dark pixels in the title's band."""
    band = image.crop((0, 110, image.width, 300)).point(lambda v: 255 if v < 128 else 0)
    left, _top, right, _bottom = band.getbbox()
    return left, right


def test_the_share_image_is_a_1200_by_630_png_per_language(client, process):
    process.name_ar = "محادثات جنيف"
    process.save()

    english = share(client, "/processes/geneva/share.png")
    arabic = share(client, "/ar/processes/geneva/share.png")

    assert english.size == arabic.size == (1200, 630)
    left, _right = ink_columns(english)
    _left, right = ink_columns(arabic)
    assert left == pytest.approx(share_image.MARGIN, abs=8)  # English from the left
    assert right == pytest.approx(1200 - share_image.MARGIN, abs=8)  # Arabic from the right


def test_arabic_is_shaped_and_laid_out_right_to_left():
    drawn = share_image.visual("محادثات جنيف")
    # Joined contextual forms (Arabic Presentation Forms-B), in display order: the
    # first word read is drawn last, at the right.
    assert all("\ufe70" <= c <= "\ufeff" or c == " " for c in drawn)
    assert drawn.split(" ")[-1] == share_image.visual("محادثات")
    assert share_image.visual("Geneva talks") == "Geneva talks"


def test_a_long_name_wraps_and_ends_with_an_ellipsis(client):
    name = ("Very long process name " * 8).strip()  # 183 characters, within the 200
    f.ProcessFactory(slug="long", name=name)
    share(client, "/processes/long/share.png")
    face = share_image.font(64, bold=True)
    lines = share_image.wrap(name, face, 1056, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(face.getlength(line) <= 1056 for line in lines)


def test_script_in_the_name_is_drawn_as_text(client):
    f.ProcessFactory(slug="odd", name="<script>alert(1)</script> \u202etalks")
    share(client, "/processes/odd/share.png")


def test_the_share_image_of_a_draft_or_unknown_process_is_404(client):
    draft = f.ProcessFactory(draft=True)
    assert client.get(f"/processes/{draft.slug}/share.png").status_code == 404
    assert client.get("/processes/nowhere/share.png").status_code == 404


def test_an_unchanged_share_image_answers_304(client, process, django_assert_max_num_queries):
    first = client.get("/processes/geneva/share.png")
    # 1 the process with its version (the ETag)
    with django_assert_max_num_queries(1):
        again = client.get("/processes/geneva/share.png", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    f.RoundFactory(process=process)
    assert (
        client.get("/processes/geneva/share.png", HTTP_IF_NONE_MATCH=first["ETag"]).status_code
        == 200
    )


# --- sitemap.xml and robots.txt ---------------------------------------------------

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap(client) -> dict[str, dict[str, str]]:
    """Each URL of the sitemap with its alternates by hreflang."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.findtext("s:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
        for url in root.findall("s:url", NS)
    }


def test_the_sitemap_lists_public_pages_in_both_languages_with_alternates(client, process):
    round_ = f.RoundFactory(process=process)
    envoy = f.AppointmentFactory(process=process).person
    resolution = f.ResolutionFactory()
    event = f.EventFactory(process=process)
    draft = f.RoundFactory(process=process, draft=True)
    f.ProcessFactory(slug="secret", draft=True)
    hidden_person = f.PersonFactory()

    urls = sitemap(client)

    base = "http://testserver"
    for record in (process, round_, envoy, resolution, event):
        english = f"{base}{record.get_absolute_url()}"
        arabic = f"{base}/ar{record.get_absolute_url()}"
        assert urls[english] == {"en": english, "ar": arabic, "x-default": english}
        assert urls[arabic]["en"] == english
    listed = " ".join(urls)
    assert f"/rounds/{draft.pk}/" not in listed and "secret" not in listed
    assert f"/people/{hidden_person.pk}/" not in listed


def test_the_sitemap_costs_a_fixed_number_of_queries(
    client, process, django_assert_max_num_queries
):
    for _ in range(3):
        f.RoundFactory(process=process)
    # per section (5): a count for the paginator and the page of records
    with django_assert_max_num_queries(10):
        client.get("/sitemap.xml")


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert {"Disallow: /admin/", "Disallow: /api/"} <= set(lines)
