"""The page of a set of competing amendments (its ranked vote, its count), and opening one from an amendment's page."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import policy
from app.amendments.changes import clause_changes
from app.amendments.queries import get_amendment
from app.caching.pages import kept_for_visitors
from app.db_types import utcnow
from app.documents.compare import fold_unchanged
from app.documents.queries import get_document
from app.errors import PalabreError
from app.extensions import db
from app.variants import services
from app.variants.forms import VariantVoteForm
from app.variants.models import VariantSet
from app.votes.closing import close_due_votes, next_deadline
from app.votes.panel import vote_panel

bp = Blueprint("variants", __name__)


def close_if_due(set_id: int) -> None:
    close_due_votes(utcnow())


@bp.route("/variants/<int:set_id>")
@kept_for_visitors(prepare=close_if_due, valid_until=next_deadline)
def show(set_id: int):
    close_if_due(set_id)
    variants = db.session.get(VariantSet, set_id)
    if variants is None or not policy.can_read(current_user):
        abort(404)
    return show_page(variants)


def show_page(variants: VariantSet, ballot_form=None):
    """The options side by side (what each amendment changes), then the vote; `ballot_form` sent back with its
    mistakes."""
    panel = vote_panel("variants", variants, current_user, sent_back=ballot_form)
    changes = [(amendment, fold_unchanged(clause_changes(amendment.base_version, amendment.markdown)))
               for amendment in variants.amendments]
    return render_template("variants/show.html", variants=variants, document=variants.document, changes=changes,
                           panel=panel)


@bp.route("/documents/<slug>/variant-votes", methods=["POST"])
@login_required
def open_vote(slug: str):
    """A facilitator puts competing amendments to one ranked vote, from the page of one of them."""
    document = get_document(slug)
    if not policy.can_open_variant_vote(current_user):
        abort(403)
    form = VariantVoteForm()
    back = get_amendment(form.from_amendment.data) if form.from_amendment.data else None
    if not form.validate_on_submit():
        flash(" ".join(sum(form.errors.values(), [])), "error")
        return redirect(url_for("amendments.show", amendment_id=back.id) if back else
                        url_for("amendments.for_document", slug=document.slug))
    try:
        vote = services.open_variant_vote(document, services.amendment_ids_of(request.form.getlist("amendments")),
                                          by=current_user, now=utcnow(), closes_at=form.closes_at_utc())
    except PalabreError as refusal:
        flash(refusal.message, "error")
        return redirect(url_for("amendments.show", amendment_id=back.id) if back else
                        url_for("amendments.for_document", slug=document.slug))
    flash(_("The ranked vote is open. Delegates of every member organisation can now rank the options."), "success")
    return redirect(url_for("variants.show", set_id=vote.subject_id) + "#vote")
