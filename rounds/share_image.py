"""The picture a social network shows for a shared process page (og:image): drawn
here with Pillow, 1200×630 PNG, in the page's language, without any outside
service.

Arabic is shaped (arabic-reshaper joins the letters into their contextual forms)
and laid out right to left (python-bidi's reordering) before Pillow draws it with
its basic layout, so the result does not depend on whether Pillow was built with
libraqm. The font is DejaVu Sans (Debian's fonts-dejavu-core, which `.ci/run`
installs), which has Arabic glyphs; `SHARE_IMAGE_FONT_DIR` points elsewhere."""

from functools import cache
from io import BytesIO
from pathlib import Path

import arabic_reshaper
from bidi import get_display  # python-bidi (ours is rounds.bidi, imported below)
from django.conf import settings
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from . import bidi
from .models import Process

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
INK, MUTED, ACCENT, PAPER = "#1b1f24", "#50575f", "#0b4f8a", "#ffffff"


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    path = Path(settings.SHARE_IMAGE_FONT_DIR) / name
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


def visual(text: str) -> str:
    """A line as it must be drawn: Arabic letters joined, runs in display order."""
    text = bidi.clean(text)
    if not bidi.has_rtl(text):
        return text
    return get_display(arabic_reshaper.reshape(text))


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int, lines: int) -> list[str]:
    """Logical lines that fit `width` once drawn (at most `lines`; the last one
    ends with an ellipsis if the text goes on)."""
    words, result, line = bidi.clean(text).split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if face.getlength(visual(candidate)) <= width or not line:
            line = candidate
            continue
        result.append(line)
        line = word
        if len(result) == lines:
            break
    else:
        if line:
            result.append(line)
        return result[:lines]
    last = result[-1]
    while last and face.getlength(visual(last + "…")) > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    result[-1] = last + "…"
    return result


def render(process: Process, rounds_recorded: int) -> bytes:
    """The share image of a process in the active language, as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    rtl = get_language_bidi()
    inner = WIDTH - 2 * MARGIN

    def line(text: str, y: int, face, fill) -> int:
        drawn = visual(text)
        x = WIDTH - MARGIN - face.getlength(drawn) if rtl else MARGIN
        draw.text((x, y), drawn, font=face, fill=fill)
        return y + round(face.size * 1.35)

    draw.rectangle((0, 0, WIDTH, 14), fill=ACCENT)
    y = line(_("Peace talks tracker"), 56, font(30, bold=True), ACCENT)
    y += 24
    title = font(64, bold=True)
    for text in wrap(process.name, title, inner, 3):
        y = line(text, y, title, INK)
    y += 16
    body = font(34)
    facts = " · ".join(part for part in (process.conflict, process.dates) if part)
    for text in wrap(facts, body, inner, 2):
        y = line(text, y, body, MUTED)
    count = _("%(count)s rounds recorded, every fact sourced") % {"count": rounds_recorded}
    line(count, HEIGHT - MARGIN - 40, font(30), INK)
    out = BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
