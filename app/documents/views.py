"""Reading pages: the text, any version, history, comparison, one clause's story, blame."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import BadRequest

from app import policy
from app.caching import pieces
from app.caching.pages import kept_for_visitors
from app.caching.shells import kept_for_readers
from app.comments.margin import margin_class, margin_inputs, reading_margin
from app.db_types import utcnow
from app.documents import fragments, queries, reading, services
from app.documents.download import markdown_response
from app.documents.forms import DocumentForm
from app.errors import PalabreError
from app.extensions import login_manager
from app.votes.closing import close_due_votes
from app.votes.queries import deciding_votes
from app.votes.subjects import kind_of

bp = Blueprint("documents", __name__, url_prefix="/documents")
# Which field of the new-document form a service refusal is about (the slug otherwise).
FIELD_OF_ERROR = {"invalid_title": "title", "empty_text": "markdown", "too_long": "markdown", "invalid_value": "markdown"}


@bp.app_template_global()
def amendment_url(amendment_id: int) -> str | None:
    """The page of an amendment, once the amendments capability exists."""
    if "amendments.show" not in current_app.view_functions:
        return None
    return url_for("amendments.show", amendment_id=amendment_id)


@bp.app_template_global()
def document_header(document, version, heading_suffix=None):
    """The top of a document's page header, kept for everyone (names in it may change: per generation)."""
    key = ("document header", document.id, version.id if version else None, heading_suffix, str(get_locale()))
    return pieces.of_generation(key, lambda: render_template("documents/_header_top.html", document=document,
                                                             version=version, heading_suffix=heading_suffix))


@bp.route("")
def index():
    return render_template("documents/index.html", rows=queries.list_documents())


@bp.route("/new", methods=["GET", "POST"])
def new():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not policy.can_create_document(current_user):
        abort(403)
    form = DocumentForm()
    if form.validate_on_submit():
        if form.imported_from:
            # An imported text is shown for review: nothing is saved until "Create" is pressed again.
            return render_template("documents/new.html", form=form, review=True)
        try:
            document = services.create_document(
                form.slug.data, form.title.data, form.markdown.data, author=current_user, now=utcnow(),
            )
        except PalabreError as error:
            getattr(form, FIELD_OF_ERROR.get(error.code, "slug")).errors.append(error.message)
        else:
            flash(_("“%(title)s” is created: this is its version 1.", title=document.title), "success")
            return redirect(url_for("documents.show", slug=document.slug))
    return render_template("documents/new.html", form=form), 422 if form.errors else 200


@bp.route("/<slug>")
@kept_for_visitors()
@kept_for_readers()
def show(slug: str):
    return _text_page(queries.get_text(slug))


@bp.route("/<slug>/versions/<int:number>")
@kept_for_visitors()
@kept_for_readers()
def version(slug: str, number: int):
    return _text_page(queries.get_text(slug, number))


def _text_page(version):
    """The person's parts rendered here; the contents and the text with its margin are kept pieces."""
    document = version.document
    clauses_html = fragments.text_with_margin(version, margin_class(), lambda: margin_inputs(document, version),
                                              lambda inputs: reading_margin(document, version, inputs))
    return pieces.render_page("documents/show.html", document=document, version=version,
                              toc=fragments.toc_piece(version), clauses_html=clauses_html,
                              is_head=version.number == document.head_number)


@bp.route("/<slug>/versions/<int:number>/ratification")
def ratification(slug: str, number: int):
    """The ratification vote on a version (a facilitator opens it here): the version's vote page."""
    close_due_votes(utcnow())
    version = queries.get_version(queries.get_document(slug), number)
    return kind_of("version").render(version)


@bp.route("/<slug>/versions/<int:number>.md")
def markdown(slug: str, number: int):
    document = queries.get_document(slug)
    version = queries.get_version(document, number)
    return markdown_response(document, version)


@bp.route("/<slug>/history")
@kept_for_visitors()
def history(slug: str):
    document = queries.get_document(slug)
    versions = list(reversed(queries.list_versions(document)))
    votes = deciding_votes([v.amendment_id for v in versions if v.amendment_id])
    return render_template("documents/history.html", document=document, versions=versions, version=None,
                           votes=votes)


@bp.route("/<slug>/compare")
@kept_for_visitors()
@kept_for_readers()
def compare(slug: str):
    document = queries.get_document(slug)
    head = document.head_number
    old_number, new_number = _number_arg("from", max(head - 1, 1)), _number_arg("to", head)
    old, new = queries.get_version(document, old_number, light=True), queries.get_version(document, new_number, light=True)
    mode = "side" if request.args.get("mode") == "side" else "inline"
    context = "full" if request.args.get("context") == "full" else "changes"
    view = "source" if request.args.get("view") == "source" else "text"
    shown = dict(document=document, old=old, new=new, mode=mode, context=context, view=view)
    return pieces.render_page(
        "documents/compare.html", version=None, numbers=queries.version_numbers(document),
        comparison=pieces.fixed(("compare", old.id, new.id, mode, context, view, str(get_locale())),
                                lambda: comparison_html(**shown)), **shown)


def comparison_html(*, old, new, context: str, view: str, **shown) -> str:
    """The changes between two versions (immutable: their clauses are read only to build it)."""
    rows, summary = reading.comparison(old, new, full=context == "full", view=view)
    return render_template("documents/_comparison.html", old=old, new=new, rows=rows, summary=summary,
                           context=context, view=view, **shown)


def _number_arg(name: str, default: int) -> int:
    value = request.args.get(name, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit() and len(value) < 19):
        raise BadRequest(_("“%(name)s” must be a version number.", name=name))
    return int(value)


@bp.route("/<slug>/clauses/<clause_id>")
def clause_history(slug: str, clause_id: str):
    document = queries.get_document(slug)
    entries, removed_in = reading.clause_history(document, clause_id)
    if not entries:
        abort(404)
    return render_template("documents/clause.html", document=document, version=None,
                           clause_id=clause_id, entries=entries, removed_in=removed_in)


@bp.route("/<slug>/versions/<int:number>/blame")
def blame(slug: str, number: int):
    version = queries.get_text(slug, number)
    document = version.document
    origins = reading.blame_origins(document, queries.list_versions(document))
    margin = fragments.blame_margin(origins, reading.clause_url_builder(document))
    clauses_html = fragments.text_fragment(version).html(margin)
    return render_template("documents/blame.html", document=document, version=version, clauses_html=clauses_html)
