"""The printed and office formats of a version, an amendment and a document's amendments.

A version is immutable, so its files are too: each worker keeps the latest ones it made
(by version and language), whoever asks, and visitors are also served them before Flask
like pages. An amendment's PDF shows a vote that may still move: it is kept for visitors
only, under the generation, as its page is.
"""
from __future__ import annotations

from collections import OrderedDict

from flask import Blueprint, current_app, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import BadRequest

from app import policy
from app.amendments.states import status_label
from app.amendments.models import STATUSES, Amendment
from app.amendments.queries import amendments_query
from app.amendments.views import close_due, load_visible
from app.caching.pages import kept_for_visitors
from app.collective import identity
from app.db_types import utcnow
from app.documents import queries
from app.extensions import db
from app.mail.services import absolute
from app.printing import content, office
from app.printing.pdf import PDF_TYPE, file_response, pdf_from_template
from app.votes.closing import close_due_votes, next_deadline

bp = Blueprint("printing", __name__)
KEPT_FILES = 16  # a 100 KB text's PDF is a few hundred KB
DOSSIER_STATUSES = ("open", *STATUSES, "all")


@bp.route("/documents/<slug>/versions/<int:number>.pdf")
@kept_for_visitors()
def version_pdf(slug: str, number: int):
    version = queries.get_text(slug, number)
    body = kept_file(("pdf", version.id), lambda: pdf_from_template(
        "print/version.html", printed=content.printed_version(version),
        address=absolute(request.path.removesuffix(".pdf"))))
    return file_response(body, PDF_TYPE, f"{slug}-v{number}.pdf")


@bp.route("/documents/<slug>/versions/<int:number>.<any(odt, docx):fmt>")
@kept_for_visitors()
def version_office(slug: str, number: int, fmt: str):
    document = queries.get_document(slug)
    version = queries.get_version(document, number)
    body = kept_file((fmt, version.id), lambda: office.export_office(
        version.markdown, fmt, title=f"{document.title} — {_('version %(n)d', n=number)}",
        lang=str(get_locale())))
    return file_response(body, office.OFFICE_FORMATS[fmt], f"{slug}-v{number}.{fmt}")


def kept_file(key: tuple, make) -> bytes:
    """The file of an immutable version, made once per worker, language and identity of the collective (whose
    name and logo it prints; a small LRU)."""
    files = current_app.extensions.setdefault("printed_versions", OrderedDict())
    collective = identity.current()
    key = (*key, str(get_locale()), collective.name, collective.logo_version)
    body = files.get(key)
    if body is None:
        body = files[key] = make()
        while len(files) > KEPT_FILES:
            files.popitem(last=False)
    files.move_to_end(key)
    return body


@bp.route("/amendments/<int:amendment_id>.pdf")
@kept_for_visitors(prepare=close_due, valid_until=next_deadline)
def amendment_pdf(amendment_id: int):
    close_due()
    amendment = load_visible(amendment_id)
    printed = content.printed_amendment(amendment, current_user)
    body = pdf_from_template("print/amendment.html", printed=printed, printed_at=utcnow(),
                             address=absolute(request.path.removesuffix(".pdf")))
    return file_response(body, PDF_TYPE, f"amendment-{amendment.id}.pdf")


def close_all_due(slug: str) -> None:
    close_due_votes(utcnow())


@bp.route("/documents/<slug>/amendments.pdf")
@kept_for_visitors(prepare=close_all_due, valid_until=next_deadline)
def dossier_pdf(slug: str):
    document = queries.get_document(slug)
    status = request.args.get("status") or "open"
    if status not in DOSSIER_STATUSES:
        raise BadRequest(_("“%(status)s” is not a state of amendments: use one of %(choices)s.",
                           status=status, choices=", ".join(DOSSIER_STATUSES)))
    amendments = db.session.scalars(amendments_query(
        document=document, status=status,
        visible=policy.amendment_visibility(current_user, Amendment))).unique().all()
    head = queries.get_version(document, document.head_number)
    label = _("open") if status == "open" else _("all") if status == "all" else status_label(status)
    body = pdf_from_template("print/dossier.html", document=document, status_label=label,
                             printed=content.dossier(head, amendments, current_user), printed_at=utcnow(),
                             address=absolute(request.full_path.rstrip("?")))
    return file_response(body, PDF_TYPE, f"{slug}-amendments-{status}.pdf")
