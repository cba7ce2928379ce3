"""Draw docs/assets/chia-se.png, the picture a link preview shows (Zalo, Facebook: og:image).

Run once when the site's name changes: `python tools/make_share_image.py`. Drawn with Pillow and
DejaVu Sans (Debian's fonts-dejavu-core), at the 1200×630 size link previews expect, and saved
as a small palette PNG; the site itself never loads it, only the preview services do.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONTS = Path("/usr/share/fonts/truetype/dejavu")
OUT = Path(__file__).resolve().parent.parent / "docs" / "assets" / "chia-se.png"
SIZE = (1200, 630)
INDIGO, WHITE, PALE = (40, 53, 147), (255, 255, 255), (197, 202, 233)


def main() -> None:
    image = Image.new("RGB", SIZE, INDIGO)
    draw = ImageDraw.Draw(image)
    title = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 72)
    body = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 40)
    y = 90
    for line in textwrap.wrap("Hướng dẫn thủ tục đất đai và dịch vụ công", 24):
        draw.text((80, y), line, font=title, fill=WHITE)
        y += 92
    y += 30
    for line in textwrap.wrap("Làm sổ đỏ, sang tên, lịch tổ hỗ trợ lưu động: lời dễ hiểu, "
                              "ghi rõ căn cứ pháp luật.", 44):
        draw.text((80, y), line, font=body, fill=PALE)
        y += 54
    draw.rectangle((0, SIZE[1] - 24, SIZE[0], SIZE[1]), fill=(57, 73, 171))
    image.quantize(colors=16).save(OUT, optimize=True)
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
