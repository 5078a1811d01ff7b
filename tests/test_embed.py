"""The embeddable timeline (/embed/processes/<slug>/), its "Share / embed" panel,
oEmbed (/oembed/) and which pages other sites may frame."""

import json
import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest

from . import factories as f
from .reader_data import make_talks

pytestmark = pytest.mark.django_db


def embed(slug: str, language: str = "") -> str:
    prefix = f"/{language}" if language else ""
    return f"{prefix}/embed/processes/{slug}/"


def oembed(client, url: str, **params):
    query = "&".join(f"{key}={quote(str(value))}" for key, value in params.items())
    return client.get(f"/oembed/?url={quote(url)}&{query}")


class Tags(HTMLParser):
    """Every start tag of a page, with its attributes."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(response, name: str) -> list[dict]:
    parser = Tags()
    parser.feed(response.content.decode())
    return [attrs for tag, attrs in parser.tags if tag == name]


def test_embed_shows_the_timeline_with_a_link_to_the_tracker_per_entry(client):
    talks = make_talks(size=2)

    response = client.get(embed(talks.process.slug))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Geneva 1" in page and "Geneva 2" in page
    assert talks.resolution.symbol in page
    opens = [a["href"] for a in tags(response, "a") if a.get("aria-describedby")]
    assert f"http://testserver{talks.rounds[0].get_absolute_url()}" in opens
    assert f"http://testserver{talks.envoy.get_absolute_url()}" in opens
    assert all(a.get("target") == "_blank" for a in tags(response, "a"))


def test_embed_requests_nothing_from_another_site_and_has_no_inline_script(client):
    talks = make_talks()

    response = client.get(embed(talks.process.slug))

    scripts = tags(response, "script")
    assert [s["src"] for s in scripts] == ["/static/rounds/embed.js"]
    assert "<script>" not in response.content.decode()
    for tag in ("link", "img", "iframe", "script"):
        for attrs in tags(response, tag):
            address = attrs.get("src") or attrs.get("href") or ""
            assert not address.startswith(("http", "//")) or address.startswith(
                "http://testserver/"
            ), address


def test_the_height_script_is_served(client):
    response = client.get("/static/rounds/embed.js")
    body = b"".join(response.streaming_content).decode()
    assert "postMessage" in body and "peace-tracker:embed-height" in body


def test_embed_filters_by_kind_and_year_through_its_address(client):
    talks = make_talks(size=2)

    rounds_2017 = client.get(embed(talks.process.slug) + "?kind=round&year=2017").content.decode()

    assert "Geneva 2" in rounds_2017
    assert "Geneva 1" not in rounds_2017 and talks.resolution.symbol not in rounds_2017


def test_embed_reports_a_bad_filter_and_shows_everything(client):
    talks = make_talks()

    response = client.get(embed(talks.process.slug) + "?kind=<script>&year=20x7")

    assert response.status_code == 400
    page = response.content.decode()
    assert "Geneva 1" in page and "<script>" not in page


def test_arabic_embed_reads_right_to_left(client):
    talks = make_talks()
    talks.process.name_ar = "محادثات جنيف"
    talks.process.save()

    response = client.get(embed(talks.process.slug, "ar"))

    page = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "محادثات جنيف" in page
    assert f"http://testserver/ar/rounds/{talks.rounds[0].pk}/" in page


def test_embed_of_a_draft_or_unknown_process_is_404(client):
    draft = f.ProcessFactory(draft=True)
    assert client.get(embed(draft.slug)).status_code == 404
    assert client.get(embed("nowhere")).status_code == 404


def test_script_in_stored_text_is_inert_in_the_embed(client):
    talks = make_talks()
    talks.rounds[0].label = '<img src=x onerror="alert(1)">'
    talks.rounds[0].correction_reason = "test"
    talks.rounds[0].save()

    page = client.get(embed(talks.process.slug)).content.decode()

    assert "<img src=x" not in page and "&lt;img src=x onerror=" in page


def test_any_site_may_frame_the_embed_and_no_other_page(client):
    talks = make_talks()

    framed = client.get(embed(talks.process.slug))
    page = client.get(talks.process.get_absolute_url())

    assert "X-Frame-Options" not in framed
    csp = framed.get("Content-Security-Policy", "")
    assert "frame-ancestors" not in csp or "frame-ancestors *" in csp
    assert page["X-Frame-Options"] == "DENY"
    assert client.get("/admin/login/")["X-Frame-Options"] == "DENY"


def test_embed_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    talks = make_talks(size=1)
    # 1 the process with its timeline version, 2-7 the timeline (cache miss; the
    # documents' signatories only if there are documents)
    with django_assert_max_num_queries(7):
        client.get(embed(talks.process.slug))
    for _ in range(3):
        make_talks_more(talks)
    client.get(embed(talks.process.slug))
    # cached: the process with its version only
    with django_assert_max_num_queries(1):
        assert client.get(embed(talks.process.slug)).status_code == 200


def make_talks_more(talks):
    f.RoundFactory(process=talks.process)
    f.EventFactory(process=talks.process)


# --- The "Share / embed" panel and oEmbed discovery ------------------------------


def test_process_page_offers_the_embed_snippet_and_oembed_discovery(client):
    talks = make_talks()

    response = client.get(talks.process.get_absolute_url() + "?kind=round")

    snippet = re.search(
        r'<textarea id="share-snippet"[^>]*>(.*?)</textarea>', response.content.decode(), re.S
    )
    assert snippet
    assert f"/embed/processes/{talks.process.slug}/?kind=round" in snippet[1]
    assert "&lt;iframe" in snippet[1]  # shown as text to copy, never run
    links = [
        link for link in tags(response, "link") if link.get("type") == "application/json+oembed"
    ]
    assert len(links) == 1
    discovered = client.get(links[0]["href"].removeprefix("http://testserver"))
    assert discovered.status_code == 200 and discovered.json()["type"] == "rich"


def test_a_draft_preview_offers_no_embed(client, editor):
    draft = f.ProcessFactory(draft=True)
    client.force_login(editor)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "share-snippet" not in page and "json+oembed" not in page


# --- oEmbed ---------------------------------------------------------------------


def test_oembed_gives_a_rich_iframe_for_a_process_page(client):
    talks = make_talks()

    response = oembed(client, f"http://testserver{talks.process.get_absolute_url()}")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["version"] == "1.0" and data["type"] == "rich"
    assert data["title"] == talks.process.name
    assert data["provider_name"] == "Peace talks tracker"
    assert data["width"] == 640 and data["height"] == 600
    iframe = re.search(r'<iframe src="([^"]+)"', data["html"])[1]
    assert iframe == f"http://testserver/embed/processes/{talks.process.slug}/"
    assert 'width="640" height="600"' in data["html"]


def test_oembed_of_an_arabic_page_embeds_the_arabic_timeline(client):
    talks = make_talks()
    talks.process.name_ar = "محادثات جنيف"
    talks.process.save()

    data = oembed(client, f"http://testserver/ar{talks.process.get_absolute_url()}").json()

    assert data["title"] == "محادثات جنيف"
    assert f"http://testserver/ar/embed/processes/{talks.process.slug}/" in data["html"]


def test_oembed_respects_maxwidth_and_maxheight(client):
    talks = make_talks()
    url = f"http://testserver{talks.process.get_absolute_url()}"

    data = oembed(client, url, maxwidth=400, maxheight=300).json()
    assert (data["width"], data["height"]) == (400, 300)
    assert oembed(client, url, maxwidth=2000).json()["width"] == 640


@pytest.mark.parametrize(
    "params",
    [{"maxwidth": 10**9}, {"maxwidth": "wide"}, {"maxheight": -5}, {"maxheight": "1e3"}],
)
def test_oembed_refuses_a_bad_size_with_400(client, params):
    talks = make_talks()
    response = oembed(client, f"http://testserver{talks.process.get_absolute_url()}", **params)
    assert response.status_code == 400
    assert "detail" in response.json()


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/processes/{slug}/",
        "javascript:alert(1)//testserver/processes/{slug}/",
        "http://testserver/processes/nowhere/",
        "http://testserver/rounds/1/",
        "http://testserver/admin/",
        "not a url at all",
        "http://[::1/",
    ],
)
def test_oembed_of_an_address_that_is_not_a_process_of_ours_is_404(client, url):
    talks = make_talks()
    response = oembed(client, url.format(slug=talks.process.slug))
    assert response.status_code == 404
    assert "detail" in response.json()


def test_oembed_of_a_draft_process_is_404(client):
    draft = f.ProcessFactory(draft=True)
    assert oembed(client, f"http://testserver{draft.get_absolute_url()}").status_code == 404


def test_oembed_without_url_is_400_and_xml_is_501(client):
    talks = make_talks()
    assert client.get("/oembed/").status_code == 400
    url = f"http://testserver{talks.process.get_absolute_url()}"
    assert oembed(client, url, format="xml").status_code == 501


def test_oembed_escapes_the_process_name_in_its_html(client):
    talks = make_talks(name='Talks "><script>alert(1)</script>')

    data = oembed(client, f"http://testserver{talks.process.get_absolute_url()}").json()

    assert "<script>alert" not in data["html"]
    assert json.dumps(data)  # still well-formed


def test_oembed_costs_one_query(client, django_assert_max_num_queries):
    talks = make_talks()
    # 1 the process
    with django_assert_max_num_queries(1):
        oembed(client, f"http://testserver{talks.process.get_absolute_url()}")


def test_embed_filters_by_track_through_its_address(client):
    talks = make_talks(size=2)
    track = f.TrackFactory(process=talks.process, name="Drafting body", slug="drafting")
    talks.rounds[1].track = track
    talks.rounds[1].correction_reason = "Track recorded."
    talks.rounds[1].save()

    page = client.get(embed(talks.process.slug) + "?track=drafting").content.decode()

    assert "Drafting body" in page and "Geneva 2" in page
    assert "Geneva 1" not in page and talks.resolution.symbol not in page


def test_embed_reports_an_unknown_track_and_shows_everything(client):
    talks = make_talks()
    other = f.TrackFactory(slug="elsewhere")  # a track of another process

    response = client.get(embed(talks.process.slug) + f"?track={other.slug}")

    assert response.status_code == 400
    assert "Geneva 1" in response.content.decode()
