"""ODT and DOCX, both ways, through pandoc (the binary that the pypandoc-binary wheel carries).

The Markdown that Palabre stores is Python-Markdown's: headings, lists, pipe tables and
footnotes. Pandoc reads and writes exactly that subset (`markdown_strict` plus pipe
tables and footnotes), so a text exported to LibreOffice and imported back keeps its
clauses. Imports accept .md, .txt, .odt and .docx; anything pandoc cannot read is a
sentence for the person who sent it, never an error page.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pypandoc
from flask_babel import gettext as _

from app.errors import Invalid

MARKDOWN = "markdown_strict+pipe_tables+footnotes"
READ_MARKDOWN = MARKDOWN + "+intraword_underscores"
OFFICE_FORMATS = {"odt": "application/vnd.oasis.opendocument.text",
                  "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
IMPORTABLE = ("md", "markdown", "txt", "odt", "docx")
MAX_IMPORT_BYTES = 4 * 1024 * 1024


def export_office(markdown: str, fmt: str, *, title: str, lang: str) -> bytes:
    """The Markdown of a version as an editable ODT or DOCX file."""
    with tempfile.TemporaryDirectory(prefix="palabre-") as folder:
        target = Path(folder) / f"text.{fmt}"
        pypandoc.convert_text(markdown, fmt, format=READ_MARKDOWN, outputfile=str(target),
                              extra_args=[f"--metadata=title-meta:{title}", f"--metadata=lang:{lang}"])
        return target.read_bytes()


def extension_of(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def import_text(data: bytes, filename: str) -> str:
    """The Markdown of an uploaded .md, .txt, .odt or .docx file; Invalid with a sentence otherwise."""
    extension = extension_of(filename)
    if extension not in IMPORTABLE:
        raise Invalid(_("“%(name)s” is not a file Palabre can read: "
                        "send a .md, .txt, .odt or .docx file.", name=filename), code="unsupported_file")
    if len(data) > MAX_IMPORT_BYTES:
        raise Invalid(_("“%(name)s” is too large (at most 4 MB).", name=filename), code="too_long")
    if extension in ("odt", "docx"):
        return _from_office(data, extension, filename)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise Invalid(_("“%(name)s” is not UTF-8 text: save it as UTF-8 (or as .odt) and send it again.",
                        name=filename), code="not_utf8") from None


def _from_office(data: bytes, extension: str, filename: str) -> str:
    with tempfile.TemporaryDirectory(prefix="palabre-") as folder:
        source = Path(folder) / f"upload.{extension}"
        source.write_bytes(data)
        try:
            markdown = pypandoc.convert_file(str(source), MARKDOWN, format=extension,
                                             extra_args=["--wrap=none", "--markdown-headings=atx"])
        except RuntimeError:
            raise Invalid(_("“%(name)s” could not be read as a %(kind)s document: "
                            "is it damaged, or of another kind?", name=filename, kind=extension.upper()),
                          code="unreadable_file") from None
    if not markdown.strip():
        raise Invalid(_("“%(name)s” holds no text.", name=filename), code="empty_text")
    return markdown
