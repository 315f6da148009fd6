"""Placeholder pictures drawn locally with Pillow: no stock photos, no downloads."""

import hashlib
import io

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    hex_colour = hex_colour.lstrip("#")
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))


def draw_placeholder(seed: str, colour: str, size=(1200, 675)) -> bytes:
    """A calm abstract picture (sky, hills, a skyline) varied by `seed`."""
    digest = hashlib.sha256(seed.encode()).digest()
    base = _rgb(colour)
    width, height = size
    image = PILImage.new("RGB", size, tuple(min(255, c + 150) for c in base))
    draw = ImageDraw.Draw(image)
    horizon = int(height * (0.45 + digest[0] / 255 * 0.2))
    for i in range(4):
        shade = tuple(max(0, min(255, c + 90 - i * 35)) for c in base)
        y = horizon + i * height // 12
        amplitude = 20 + digest[i + 1] % 60
        points = [
            (x, y - amplitude * ((x * (i + 2) + digest[i + 5] * 7) % width) / width) for x in range(0, width + 100, 100)
        ]
        draw.polygon([(0, height), *points, (width, height)], fill=shade)
    x = digest[9] % 200
    while x < width:
        building_width = 30 + digest[(x // 7) % 32] % 70
        building_height = 60 + digest[(x // 11) % 32] % 220
        draw.rectangle(
            [x, horizon - building_height, x + building_width, horizon + 40], fill=tuple(max(0, c - 40) for c in base)
        )
        x += building_width + 10 + digest[(x // 13) % 32] % 60
    radius = 40 + digest[20] % 40
    sun_x, sun_y = width - 150 - digest[21] % 300, 80 + digest[22] % 100
    draw.ellipse([sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius], fill=(255, 236, 170))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def placeholder_image(title: str, slug: str, colour: str):
    """The Wagtail image for `slug`, created once (re-runs reuse it)."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    data = draw_placeholder(slug, colour)
    image = Image(title=title)
    image.file = ImageFile(io.BytesIO(data), name=f"{slug}.png")
    image.save()
    return image
