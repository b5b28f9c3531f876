"""Comment pages and actions: write, reply, edit, withdraw, resolve, hide, the discussion view."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from app import policy
from app.amendments.views import load_visible
from app.auth.resume import resumable
from app.comments import queries, services
from app.comments.discussion import amendment_threads_piece
from app.comments.forms import CommentForm, EditCommentForm, HideForm
from app.comments.notify import tell_about_reply
from app.db_types import utcnow
from app.documents.queries import clause_html, get_document, get_version
from app.errors import PalabreError
from app.extensions import limiter
from app.forms import EmptyForm
from app.applications.views import get_application
from app.text.htmldiff import mark_phrases

bp = Blueprint("comments", __name__)


def comment_limit() -> str:
    return current_app.config["COMMENT_LIMIT"]


def per_person() -> str:
    return f"comment:{getattr(current_user, 'id', request.remote_addr)}"


def require_commenter() -> None:
    if not policy.can_comment(current_user):
        abort(403, description=_("Only people of member organisations can comment."))


def comment_url(comment) -> str:
    """Where a comment is read: its amendment, or the version of the text it stands in."""
    if comment.amendment_id:
        return url_for("amendments.show", amendment_id=comment.amendment_id) + f"#comment-{comment.id}"
    if comment.application_id:
        return url_for("applications.show", application_id=comment.application_id) + f"#comment-{comment.id}"
    # The clause's discussion page: the text's margin only loads threads when opened.
    thread = services.thread_of(comment)
    if thread.clause_id is None:
        return url_for("documents.version", slug=comment.document.slug, number=thread.version.number)
    return url_for("comments.clause_discussion", slug=comment.document.slug, number=thread.version.number,
                   clause_id=thread.clause_id) + f"#comment-{comment.id}"


@bp.route("/documents/<slug>/versions/<int:number>/clauses/<clause_id>/comments", methods=["GET", "POST"])
@resumable
@limiter.limit(comment_limit, key_func=per_person, methods=["POST"])
def clause_discussion(slug: str, number: int, clause_id: str):
    """The threads of one clause with a form: commenting without JavaScript."""
    document = get_document(slug)
    version = get_version(document, number)
    form = CommentForm(clause_id=clause_id, quote=request.args.get("quote", ""))
    if form.is_submitted():
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.path))
        require_commenter()
        if form.validate():
            saved = save_version_comment(version, form)
            if saved is not None:
                return redirect(back_to_text(version, clause_id, saved))
    threads = queries.threads_of_clause(version, clause_id)
    services.clause_text(version, clause_id)  # a 422 when the version has no such clause
    # The clause as it reads, the words its open threads quote highlighted.
    quotes = [t.comment.quote for t in threads if t.comment.quote and t.comment.status == "open"
              and not t.comment.is_hidden and not t.comment.is_withdrawn]
    shown = Markup(mark_phrases(clause_html(version, clause_id), quotes))
    status = 422 if form.errors else 200
    return render_template("comments/clause.html", document=document, version=version, clause_id=clause_id,
                           clause_html=shown, threads=threads, form=form), status


def back_to_text(version, clause_id: str, comment) -> str:
    """Where one comes back after commenting: the live text at the clause, when it is the live version."""
    if version.number != version.document.head_number or comment.parent_id:
        return comment_url(comment)
    return url_for("documents.show", slug=version.document.slug, _anchor=f"clause-{clause_id}")


@bp.route("/documents/<slug>/versions/<int:number>/clauses/<clause_id>/threads")
def clause_threads(slug: str, number: int, clause_id: str):
    """The threads of one clause as a fragment of HTML, for the text's margin (palabre.js)."""
    document = get_document(slug)
    version = get_version(document, number)
    threads = queries.threads_of_clause(version, clause_id)
    return render_template("comments/_clause_threads.html", document=document, version=version,
                           clause_id=clause_id, placed=threads)


def save_version_comment(version, form: CommentForm):
    parent = queries.get_comment(form.parent_id.data) if form.parent_id.data else None
    try:
        comment = services.comment_on_version(
            version, author=current_user, body=form.body.data, now=utcnow(), clause_id=form.clause_id.data,
            quote=form.quote.data, parent=parent)
    except PalabreError as refusal:
        (form.quote if refusal.code == "quote_not_found" else form.body).errors.append(refusal.message)
        return None
    if parent is not None:
        tell_about_reply(parent, comment, url=comment_url(comment))
    flash(_("Your comment is published."), "success")
    return comment


@bp.route("/amendments/<int:amendment_id>/comments", methods=["POST"])
@resumable
@login_required
@limiter.limit(comment_limit, key_func=per_person)
def amendment_comment(amendment_id: int):
    amendment = load_visible(amendment_id)
    require_commenter()
    form = CommentForm()
    return publish_or_retry(form, lambda parent: services.comment_on_amendment(
        amendment, author=current_user, body=form.body.data, now=utcnow(), quote=form.quote.data,
        clause_id=form.clause_id.data, parent=parent), back=url_for("amendments.show", amendment_id=amendment.id))


@bp.route("/applications/<int:application_id>/comments", methods=["POST"])
@resumable
@login_required
@limiter.limit(comment_limit, key_func=per_person)
def application_comment(application_id: int):
    """A comment on an application to join, or a reply: the same discussion as an amendment's."""
    application = get_application(application_id)
    if not policy.can_comment_on_application(current_user, application):
        abort(403, description=_(
            "Only people of member organisations and the candidate's contact can comment."))
    form = CommentForm()
    return publish_or_retry(form, lambda parent: services.comment_on_application(
        application, author=current_user, body=form.body.data, now=utcnow(), parent=parent),
        back=url_for("applications.show", application_id=application.id))


def publish_or_retry(form: CommentForm, publish, *, back: str):
    """Publish a discussion's comment (`publish(parent)`), or give the text back to send again (422)."""
    if form.validate_on_submit():
        parent = queries.get_comment(form.parent_id.data) if form.parent_id.data else None
        try:
            comment = publish(parent)
        except PalabreError as refusal:
            form.body.errors.append(refusal.message)
        else:
            if parent is not None:
                tell_about_reply(parent, comment, url=comment_url(comment))
            flash(_("Your comment is published."), "success")
            return redirect(comment_url(comment))
    return render_template("comments/retry.html", form=form, action=request.path, back=back), 422


@bp.route("/comments/<int:comment_id>")
def permalink(comment_id: int):
    comment = queries.get_comment(comment_id)
    if comment.amendment_id:
        load_visible(comment.amendment_id)
    if comment.application_id:
        get_application(comment.application_id)
    return redirect(comment_url(comment))


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@resumable
@login_required
def edit(comment_id: int):
    comment = queries.get_visible_comment(comment_id, current_user)
    if not policy.can_edit_comment(current_user, comment):
        abort(403, description=_("Only its author can edit a comment."))
    form = EditCommentForm(obj=comment)
    if form.validate_on_submit():
        try:
            services.edit_comment(comment, body=form.body.data, now=utcnow())
        except PalabreError as refusal:
            form.body.errors.append(refusal.message)
        else:
            flash(_("Your comment is updated; its previous text stays visible."), "success")
            return redirect(comment_url(comment))
    return render_template("comments/edit.html", form=form, comment=comment,
                           edits=queries.edits_of(comment)), 422 if form.errors else 200


def comment_action(comment_id: int, allowed, action, message: str, form_class=EmptyForm):
    comment = queries.get_visible_comment(comment_id, current_user)
    if not allowed(current_user, comment):
        abort(403)
    form = form_class()
    if not form.validate_on_submit():
        flash(_("Give the public reason for hiding this comment."), "error")
        return redirect(comment_url(comment))
    action(comment, form)
    flash(message, "success")
    return redirect(comment_url(comment))


@bp.route("/comments/<int:comment_id>/withdraw", methods=["POST"])
@login_required
def withdraw(comment_id: int):
    return comment_action(comment_id, policy.can_withdraw_comment,
                          lambda c, f: services.withdraw_comment(c, now=utcnow()),
                          _("Your comment is withdrawn; the replies stay."))


@bp.route("/comments/<int:comment_id>/resolve", methods=["POST"])
@login_required
def resolve(comment_id: int):
    return comment_action(comment_id, policy.can_resolve_thread,
                          lambda c, f: services.set_thread_status(c, "resolved"), _("The thread is resolved."))


@bp.route("/comments/<int:comment_id>/reopen", methods=["POST"])
@login_required
def reopen(comment_id: int):
    return comment_action(comment_id, policy.can_resolve_thread,
                          lambda c, f: services.set_thread_status(c, "open"), _("The thread is open again."))


@bp.route("/comments/<int:comment_id>/hide", methods=["POST"])
@login_required
def hide(comment_id: int):
    return comment_action(comment_id, policy.can_hide_comment,
                          lambda c, f: services.hide_comment(c, by=current_user, reason=f.reason.data, now=utcnow()),
                          _("The comment is hidden; its reason is shown in its place."), form_class=HideForm)


@bp.route("/documents/<slug>/discussion")
def discussion(slug: str):
    """Open threads of the current text by clause; outdated ones apart."""
    document = get_document(slug)
    version = get_version(document, document.head_number, with_clauses=True)
    grouped = queries.threads_by_clause(version)
    return render_template("comments/discussion.html", document=document, version=version, grouped=grouped)


@bp.app_context_processor
def comment_helpers() -> dict:
    return {"amendment_threads": queries.threads_of_amendment,
            "amendment_threads_piece": amendment_threads_piece,
            "application_threads": queries.threads_of_application}
