"""A logo someone uploaded, made safe to show: PNG, JPEG or WebP only, bounded, re-encoded by Pillow.

No SVG (it can carry scripts). The file is decoded and drawn again as a fresh PNG of at most MAX_SIDE pixels a
side, so nothing of the upload but its pixels is kept (no metadata, no trailing bytes, no polyglot).
"""
from __future__ import annotations

import hashlib
import io
import warnings

from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError

from app.errors import Invalid

ACCEPTED = ("PNG", "JPEG", "WEBP")
MAX_BYTES = 1024 * 1024
MAX_SIDE = 512
# Pixels decoded at most: a small file may announce an enormous image (a "decompression bomb").
MAX_PIXELS = 25_000_000


def _bad_file() -> Invalid:
    return Invalid(_("The logo must be a PNG, JPEG or WebP image (SVG is not accepted). Choose another file."),
                   code="invalid_logo", status=422)


def _too_large() -> Invalid:
    return Invalid(_("The logo has too many pixels to be read. Give an image of at most 5,000 × 5,000 pixels."),
                   code="logo_too_large", status=422)


def clean_logo(data: bytes) -> tuple[bytes, str]:
    """The logo as a re-encoded PNG, and its version (the start of its SHA-256)."""
    if len(data) > MAX_BYTES:
        raise Invalid(_("The logo weighs %(size)d KB; at most %(max)d KB are accepted.",
                        size=len(data) // 1024, max=MAX_BYTES // 1024), code="logo_too_large", status=422)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=ACCEPTED) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise _too_large()
                image.load()
                picture = image.convert("RGBA")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_large() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _bad_file() from None
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    png = out.getvalue()
    return png, hashlib.sha256(png).hexdigest()[:16]
