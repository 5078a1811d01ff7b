"""Draw the site's PNG icons from the same shapes as rounds/static/rounds/icon.svg:
two parties at a table. The PNGs are committed; run this again after changing the SVG."""

from pathlib import Path

from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw

STATIC = Path(__file__).resolve().parents[2] / "static" / "rounds"
NAVY, WHITE, YELLOW = "#0f2a44", "#ffffff", "#ffdd00"
# File name, size in pixels, corner radius (the apple-touch icon is square: iOS
# rounds the corners itself and shows transparency as black).
ICONS = [
    ("icon-32.png", 32, 6),
    ("apple-touch-icon.png", 180, 0),
    ("icon-192.png", 192, 36),
    ("icon-512.png", 512, 96),
]


def draw(size: int, radius: int) -> Image.Image:
    """The SVG's 64-unit drawing scaled to `size`, drawn 4× larger and reduced (anti-aliasing)."""
    big = size * 4
    unit = big / 64
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=radius * 4, fill=NAVY)
    for x, colour in ((18, WHITE), (46, YELLOW)):
        pen.ellipse(((x - 8) * unit, 16 * unit, (x + 8) * unit, 32 * unit), fill=colour)
    pen.rounded_rectangle((8 * unit, 40 * unit, 56 * unit, 48 * unit), radius=3 * unit, fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


class Command(BaseCommand):
    help = "Draw the PNG icons (favicon, apple-touch icon, web manifest icons)."

    def handle(self, *args, **options):
        for name, size, radius in ICONS:
            draw(size, radius).save(STATIC / name, optimize=True)
            self.stdout.write(f"{name} ({size}×{size})")
