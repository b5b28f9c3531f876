"""Amendment pages: the list, the editor, the amendment itself, and its state changes."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from app import policy
from app.amendments import editor, listing, queries, services
from app.amendments.changes import clause_changes
from app.amendments.forms import AmendmentForm, DecisionForm, PreviewForm
from app.amendments.page_parts import page_parts, readers_alike
from app.amendments.states import status_label
from app.amendments.models import STATUSES, Amendment
from app.auth.resume import resumable
from app.caching import pieces
from app.caching.pages import kept_for_visitors
from app.caching.shells import kept_for_readers
from app.db_types import utcnow
from app.documents.compare import fold_unchanged, reading_order
from app.documents.queries import get_document, get_version
from app.errors import PalabreError
from app.extensions import db, limiter
from app.text.render import render_markdown
from app.urls import page_number
from app.votes.closing import close_due_votes, next_deadline
from app.votes.panel import vote_panel

bp = Blueprint("amendments", __name__)


def load_visible(amendment_id: int, *, light: bool = False):
    amendment = queries.get_amendment(amendment_id, light=light)
    if not policy.can_see_amendment(current_user, amendment):
        abort(404)
    return amendment


@bp.app_context_processor
def amendment_helpers() -> dict:
    return {"amendment_status_label": status_label}


@bp.route("/amendments")
def index():
    return list_page(document=None)


def close_due(**_view_args) -> None:
    close_due_votes(utcnow())


def own_drafts(slug: str):
    """Whose drafts a reader sees in a text's list beside everyone's: theirs, if they have one there."""
    viewer_id = getattr(current_user, "id", None)
    return viewer_id if listing.has_drafts_on(slug, viewer_id) else None


@bp.route("/documents/<slug>/amendments")
@kept_for_readers(prepare=close_due, page_class=own_drafts)
def for_document(slug: str):
    document = get_document(slug)
    outline = listing.outline_of(document)
    filters, page = listing.read_filters(request.args, outline), page_number()
    viewer_id, see_all = getattr(current_user, "id", None), policy.is_facilitator(current_user)
    # Who sees which drafts (all, their own here, none) and may propose: everything else is everyone's.
    reader_class = ("all" if see_all else viewer_id if listing.has_drafts(document, viewer_id) else None,
                    policy.can_propose(current_user))

    def build() -> str:
        found = listing.list_amendments(document, filters, page=page, outline=outline, viewer_id=viewer_id,
                                        see_all_drafts=see_all)
        return render_template("amendments/_listing.html", document=document, listing=found,
                               statuses=("open", *STATUSES, "all"), sorts=listing.SORTS)
    listing_html = pieces.of_generation(("amendment list", document.id, document.head_number, filters, page,
                                         str(get_locale()), reader_class), build)
    return pieces.render_page("amendments/for_document.html", document=document, listing_html=listing_html)


def list_page(document):
    close_due_votes(utcnow())
    status = request.args.get("status") or "open"
    query = queries.amendments_query(
        document=document, status=status, visible=policy.amendment_visibility(current_user, Amendment))
    amendments = db.paginate(query, page=page_number(), per_page=30, error_out=False)
    return render_template("amendments/index.html", document=document, amendments=amendments,
                           status=status, statuses=("open", *STATUSES, "all"))


@bp.route("/documents/<slug>/amendments/new", methods=["GET", "POST"])
@resumable
@login_required
def new(slug: str):
    document = get_document(slug)
    if not policy.can_propose(current_user):
        abort(403, description=_("Only people of member organisations can propose amendments."))
    form = AmendmentForm(base_version=document.head_number, clause_id=request.args.get("clause", ""))
    if request.method == "GET":
        prefill(form, get_version(document, document.head_number))
    return editor_page(document, form, amendment=None)


def prefill(form: AmendmentForm, base) -> None:
    """Start from the whole text, or from the one clause the author chose."""
    text = editor.clause_text(editor.base_pieces(base), form.clause_id.data) if form.clause_id.data else None
    if text is None:
        form.clause_id.data = ""
    form.markdown.data = text if text is not None else base.markdown


def editor_page(document, form: AmendmentForm, amendment):
    """Preview, save as draft or submit; any refusal brings back everything typed."""
    draft, error = None, None
    action = request.form.get("action", "preview")
    if form.is_submitted() and valid_for(form, action):
        base = get_version(document, form.base_version.data)
        draft = editor.resolve(base, form.markdown.data, form.clause_id.data)
        if action in ("submit", "draft"):
            try:
                amendment = save(document, form, draft, amendment, as_draft=action == "draft")
            except PalabreError as refusal:
                error = refusal.message
            else:
                return redirect(url_for("amendments.show", amendment_id=amendment.id))
    status = 422 if (form.errors or error) else 200
    base_number = typed_base(form, document)
    place = editor.clause_place(get_version(document, base_number), form.clause_id.data) \
        if form.clause_id.data else None
    return render_template("amendments/edit.html", document=document, form=form, draft=draft,
                           error=error, amendment=amendment, base_number=base_number, place=place), status


def typed_base(form: AmendmentForm, document) -> int:
    """The version the text is written against, as a number even when what was posted is not one."""
    number = form.base_version.data
    return number if isinstance(number, int) else document.head_number


def valid_for(form: AmendmentForm, action: str) -> bool:
    """The form checked for what was asked: a preview needs only the text, not yet a title or a reason."""
    valid = form.validate()
    if action == "preview":
        for field in (form.title, form.rationale):
            if not (field.data or "").strip():
                field.errors = []
        valid = not any(field.errors for field in form)
    return valid


def create_once(document, form, draft: editor.Draft, *, as_draft: bool, now):
    """A new amendment, unless this form (its submission key) already made one: then that one.

    Two sendings at once both pass the first look-up; the unique key makes the second flush fail, and after
    the rollback the first one's amendment is there to be found.
    """
    key = form.submission_key.data or None
    sent = services.amendment_of_submission(key, author=current_user)
    if sent is None and services.submission_key_taken(key):
        key = None  # someone else's key: not this form's business
    if sent is None:
        try:
            sent = services.create_amendment(
                document, author=current_user, title=form.title.data, rationale=form.rationale.data,
                markdown=draft.full_text, base_number=draft.base.number, now=now, draft=as_draft,
                target_clause_id=draft.clause_id, submission_key=key)
        except IntegrityError:
            db.session.rollback()
            sent = services.amendment_of_submission(key, author=current_user)
            if sent is None:
                raise
        else:
            flash(_("Your amendment is saved.") if as_draft
                  else _("Your amendment is proposed: it is now open for discussion."), "success")
            return sent
    flash(_("This form was already sent: here is the amendment it proposed, once."), "info")
    return sent


def save(document, form, draft: editor.Draft, amendment, *, as_draft: bool):
    now = utcnow()
    if amendment is None:
        return create_once(document, form, draft, as_draft=as_draft, now=now)
    services.edit_amendment(amendment, by=current_user, title=form.title.data, rationale=form.rationale.data,
                            markdown=draft.full_text, now=now, base_number=draft.base.number)
    if not as_draft and amendment.status == "draft":
        services.submit_draft(amendment, by=current_user, now=now)
    flash(_("Your changes are saved."), "success")
    return amendment


@bp.route("/amendments/<int:amendment_id>")
@kept_for_visitors(prepare=close_due, valid_until=next_deadline)
@kept_for_readers(prepare=close_due, page_class=readers_alike)
def show(amendment_id: int):
    return show_page(load_visible(amendment_id, light=True))


def show_page(amendment, ballot_form=None):
    """The amendment page; `ballot_form` is a ballot sent back with its mistakes (and what was typed).

    What every reader who may do the same things sees alike is kept (app/amendments/page_parts.py,
    the changes, the vote's record, the discussion), and the whole page for a class of logged-in readers
    (`readers_alike`); the rest is the reader's own."""
    panel = vote_panel("amendment", amendment, current_user, sent_back=ballot_form)
    shown = dict(amendment=amendment, document=amendment.document, full=request.args.get("context") == "full",
                 mode="side" if request.args.get("mode") == "side" else "inline",
                 view="source" if request.args.get("view") == "source" else "text")
    return pieces.render_page("amendments/show.html", changes=changes_piece(**shown), parts=page_parts(amendment),
                              panel=panel, **shown)


def changes_piece(*, amendment, full: bool, mode: str, view: str, **shown):
    """What the amendment changes: kept per text (each edit moves `updated_at`), base, language and view."""
    def build() -> str:
        rows = clause_changes(amendment.base_version, amendment.markdown)
        return render_template("amendments/_changes_section.html", amendment=amendment, full=full, mode=mode,
                               view=view, rows=reading_order(rows) if full else fold_unchanged(rows), **shown)
    return pieces.fixed(("amendment", amendment.id, amendment.base_version_id, amendment.updated_at, full, mode,
                         view, str(get_locale())), build)


@bp.route("/amendments/<int:amendment_id>/edit", methods=["GET", "POST"])
@resumable
@login_required
def edit(amendment_id: int):
    amendment = load_visible(amendment_id)
    if not policy.can_edit_amendment(current_user, amendment):
        abort(403, description=_("Only its author can edit an amendment, and only before the vote opens."))
    document = amendment.document
    updating = amendment.status == "needs_update"
    form = editing_form(amendment, updating)
    if request.method == "GET" and updating:
        return update_page(amendment, form)
    return editor_page(document, form, amendment)


def editing_form(amendment, updating: bool) -> AmendmentForm:
    """The editor filled from the amendment (what was posted wins on a POST)."""
    if updating:
        return AmendmentForm(title=amendment.title, rationale=amendment.rationale, markdown=amendment.markdown,
                             base_version=amendment.document.head_number, clause_id="")
    markdown, clause_id = editor.editing_start(amendment.base_version, amendment.markdown,
                                               amendment.target_clause_id)
    return AmendmentForm(title=amendment.title, rationale=amendment.rationale, markdown=markdown,
                         base_version=amendment.base_version.number, clause_id=clause_id)


def update_page(amendment, form):
    """Base, current and proposed side by side, to redo the change on the current text."""
    document = amendment.document
    head = get_version(document, document.head_number)
    form.markdown.data = head.markdown  # redo the change on the current text, not on the old one
    return render_template("amendments/update.html", amendment=amendment, document=document, form=form,
                           head=head, base_to_head=fold_unchanged(clause_changes(amendment.base_version, head.markdown)),
                           base_to_proposed=fold_unchanged(clause_changes(amendment.base_version, amendment.markdown)))


def state_change(amendment_id: int, allowed, action, message: str):
    """A POST-only button: check the policy, run the service, say what happened."""
    amendment = load_visible(amendment_id)
    if not allowed(current_user, amendment):
        abort(403)
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    action(amendment, form.note.data or "")
    flash(message, "success")
    return redirect(url_for("amendments.show", amendment_id=amendment.id))


@bp.route("/amendments/<int:amendment_id>/withdraw", methods=["POST"])
@login_required
def withdraw(amendment_id: int):
    return state_change(amendment_id, policy.can_withdraw_amendment,
                        lambda a, note: services.withdraw_amendment(a, by=current_user, now=utcnow()),
                        _("The amendment is withdrawn."))


@bp.route("/documents/<slug>/amendments/preview", methods=["POST"])
@limiter.limit(lambda: current_app.config["PREVIEW_LIMIT"])
def preview(slug: str):
    """The live preview: the proposed text's changes as HTML (rate-limited, CSRF-checked)."""
    document = get_document(slug)
    if not policy.can_propose(current_user):
        abort(403)
    form = PreviewForm()
    if not form.validate():
        return jsonify({"error": {"code": "invalid", "message": " ".join(sum(form.errors.values(), []))}}), 422
    base = get_version(document, form.base_version.data)
    try:
        services.check_size(base, form.markdown.data or "")
    except PalabreError as refusal:
        return jsonify({"error": {"code": refusal.code, "message": refusal.message}}), 422
    draft = editor.resolve(base, form.markdown.data or "", form.clause_id.data)
    diff_html = render_template("amendments/_changes.html", rows=draft.folded_rows, document=document,
                                mode="inline", old_number=draft.base.number, new_number=None, unfold=False)
    return jsonify({"html": render_markdown(draft.markdown), "diff_html": diff_html,
                    "changed": any(row.status != "fold" for row in draft.folded_rows)})
