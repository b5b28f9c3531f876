"""Any HTML print template to a PDF, with one function, and the response that carries it.

WeasyPrint may only read the application's own static files (the print stylesheet and
the fonts): a text's Markdown can hold an image address, and a PDF must never make the
server fetch anything from the network, nor read any other file.
"""
from __future__ import annotations

import base64
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlparse

from flask import current_app, render_template
from sqlalchemy import select
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from app.collective.models import THE_ROW, Collective
from app.extensions import db

PDF_TYPE = "application/pdf"
LOGO_PREFIX = "data:image/png;base64,"


def logo_uri() -> str | None:
    """The collective's logo inline (a data: address), for the title of printed documents."""
    png = db.session.scalar(select(Collective.logo_png).where(Collective.id == THE_ROW))
    return LOGO_PREFIX + base64.b64encode(png).decode() if png else None


def pdf_from_template(template: str, **context) -> bytes:
    """Render `template` (one that extends print/base.html) and lay it out as an A4 PDF."""
    logo = logo_uri()
    return pdf_from_html(render_template(template, logo_uri=logo, **context), logo=logo)


def pdf_from_html(html: str, logo: str | None = None) -> bytes:
    static = Path(current_app.static_folder).resolve()
    document = HTML(string=html, base_url=static.as_uri() + "/", url_fetcher=StaticOnly(static, logo))
    # Presentational hints: <ol start="3">, how a list item that is a clause of its own keeps its number.
    return document.write_pdf(font_config=FontConfiguration(), presentational_hints=True)


class StaticOnly(URLFetcher):
    """Serves the files below the static folder, and the logo given inline, and refuses every other address."""

    def __init__(self, static: Path, logo: str | None = None):
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.static, self.logo = static, logo

    def fetch(self, url, headers=None):
        if self.logo and url == self.logo:  # the collective's logo, re-encoded by app/collective/logo.py
            return URLFetcherResponse(url[:64], base64.b64decode(url[len(LOGO_PREFIX):]), {"Content-Type": "image/png"})
        parsed = urlparse(url)
        path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None
        if path is None or not path.is_relative_to(self.static) or not path.is_file():
            raise ValueError(f"not a static file of the application: {url[:80]}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})


def file_response(body: bytes, content_type: str, filename: str):
    """A file shown inline by browsers that can (PDF), saved under `filename` otherwise."""
    return current_app.response_class(body, headers={
        "Content-Type": content_type,
        "Content-Disposition": f'inline; filename="{filename}"',
    })
