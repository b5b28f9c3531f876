"""The raw Markdown of a version, exactly as stored, for pages and API alike."""
from __future__ import annotations

from flask import Response, current_app

from app.documents.models import Document, Version


def markdown_response(document: Document, version: Version) -> Response:
    """The version's Markdown byte for byte, shown inline, named after the document."""
    return current_app.response_class(version.markdown, headers={
        "Content-Type": "text/markdown; charset=utf-8",
        "Content-Disposition": f'inline; filename="{document.slug}-v{version.number}.md"',
    })
