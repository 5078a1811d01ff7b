"""The site's icons and web app manifest: every reader page links them, the manifest
speaks the page's language (Arabic right to left under /ar/), the Content-Security-
Policy lets the browser load them, and /favicon.ico answers."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from PIL import Image

pytestmark = pytest.mark.django_db

ICONS = {"rounds/icon-32.png": 32, "rounds/apple-touch-icon.png": 180}


def manifest(client, prefix: str = "") -> dict:
    response = client.get(f"{prefix}/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    return json.loads(response.content)


def test_reader_pages_link_the_icons_and_the_manifest_of_their_language(client):
    english = client.get("/").content.decode()
    arabic = client.get("/ar/").content.decode()

    for name in ("rounds/icon.svg", "rounds/icon-32.png", "rounds/apple-touch-icon.png"):
        assert f'href="{static(name)}"' in english
    assert '<link rel="icon" href="/static/rounds/icon.svg" type="image/svg+xml">' in english
    assert '<link rel="manifest" href="/manifest.webmanifest">' in english
    assert '<link rel="manifest" href="/ar/manifest.webmanifest">' in arabic


def test_the_english_manifest_names_the_site_in_english(client, django_assert_num_queries):
    # No query: the manifest is built from settings and translations only.
    with django_assert_num_queries(0):
        data = manifest(client)

    assert data["name"] == "Peace talks tracker"
    assert data["short_name"] == "Peace talks"
    assert (data["lang"], data["dir"], data["start_url"]) == ("en", "ltr", "/")
    assert data["theme_color"] == "#0f2a44"
    assert {icon["sizes"] for icon in data["icons"]} == {"any", "192x192", "512x512"}


def test_the_arabic_manifest_names_the_site_in_arabic_right_to_left(client):
    data = manifest(client, "/ar")

    assert data["name"] == "مرصد محادثات السلام"
    assert data["short_name"] and data["short_name"] != "Peace talks"
    assert (data["lang"], data["dir"], data["start_url"]) == ("ar", "rtl", "/ar/")


def test_every_manifest_icon_is_a_static_file_of_its_stated_size(client):
    for icon in manifest(client)["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon["src"]
        if icon["type"] == "image/png":
            width, height = Image.open(path).size
            assert f"{width}x{height}" == icon["sizes"]


@pytest.mark.parametrize(("name", "size"), ICONS.items())
def test_the_png_icons_have_their_size(name, size):
    assert Image.open(finders.find(name)).size == (size, size)


def test_favicon_ico_leads_to_the_png_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == static("rounds/icon-32.png")
    assert client.get(response["Location"]).status_code == 200


def test_the_policy_allows_this_sites_manifest_only(client):
    policy = client.get("/")["Content-Security-Policy"]

    assert "manifest-src 'self'" in policy


def test_the_manifest_refuses_writes(client):
    assert client.post("/manifest.webmanifest").status_code == 405
