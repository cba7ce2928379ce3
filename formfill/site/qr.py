"""QR codes for pages and posters: an SVG file beside each page, pointing to its public URL.

SVG (segno) rather than PNG: a few hundred bytes, sharp at any print size, and no image
library at build time. Error correction 'M' survives a poster that is folded or stained;
the quiet zone of four modules is what phone scanners need to find the code on a busy wall.
"""

from __future__ import annotations

import io

import segno


def qr_svg(url: str) -> str:
    """The QR code of `url` as a standalone SVG document, dark modules on white."""
    code = segno.make_qr(url, error="m", boost_error=False)
    out = io.BytesIO()
    code.save(out, kind="svg", scale=1, border=4, xmldecl=False, svgns=True, omitsize=True,
              title="Mã QR: " + url, unit=None, svgclass=None, lineclass=None,
              light="#fff", dark="#000")
    return out.getvalue().decode("utf-8")
