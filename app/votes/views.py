"""Voting pages: open, cast, cancel, the delegate's list of votes, and a document's rules."""
from __future__ import annotations

from datetime import timezone

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import policy
from app.amendments.views import load_visible, show_page
from app.db_types import utcnow
from app.documents.queries import get_document
from app.errors import PalabreError
from app.forms import EmptyForm
from app.record.receipts import receipt_notice
from app.votes import queries, rules, services
from app.votes.closing import close_due_votes
from app.votes.forms import BallotForm, OpenVoteForm, RulesForm
from app.votes.notify import tell_delegates_vote_opened

bp = Blueprint("votes", __name__)


def back(amendment):
    return redirect(url_for("amendments.show", amendment_id=amendment.id) + "#vote")


@bp.route("/amendments/<int:amendment_id>/vote/open", methods=["POST"])
@login_required
def open_vote(amendment_id: int):
    amendment = load_visible(amendment_id)
    if not policy.can_open_vote(current_user, amendment):
        abort(403)
    form = OpenVoteForm()
    if not form.validate_on_submit():
        abort(400, description=_("The closing time is not a valid date and time."))
    closes_at = form.closes_at.data.replace(tzinfo=timezone.utc) if form.closes_at.data else None
    try:
        services.open_vote(amendment, by=current_user, now=utcnow(), closes_at=closes_at)
    except PalabreError as refusal:
        flash(refusal.message, "error")
        return back(amendment)
    tell_delegates_vote_opened(amendment, now=utcnow(),
                               url=url_for("amendments.show", amendment_id=amendment.id) + "#vote")
    flash(_("The vote is open. Delegates of every member organisation can now cast their ballot."), "success")
    return back(amendment)


@bp.route("/amendments/<int:amendment_id>/vote/request", methods=["POST"])
@login_required
def request_vote(amendment_id: int):
    amendment = load_visible(amendment_id)
    if not policy.can_request_vote(current_user, amendment) or not EmptyForm().validate_on_submit():
        abort(403)
    amendment.vote_requested_at = utcnow()
    flash(_("Your request is noted: a facilitator will open the vote once the discussion period has passed."), "success")
    return back(amendment)


@bp.route("/amendments/<int:amendment_id>/vote/ballot", methods=["POST"])
@login_required
def cast(amendment_id: int):
    amendment = load_visible(amendment_id)
    close_due_votes(utcnow(), amendment.id)
    vote = services.current_vote(amendment)
    if not policy.can_cast_ballot(current_user, vote):
        abort(403, description=_("Only a delegate of a member organisation can cast its ballot, while the vote is open."))
    form = BallotForm()
    if not form.validate_on_submit():
        # The page again, with the mistakes marked and the choice and justification as typed.
        return show_page(amendment, ballot_form=form), 422
    services.cast_ballot(vote, by=current_user, choice=form.choice.data, justification=form.justification.data,
                         now=utcnow())
    flash(_("Your organisation’s ballot is recorded. You can change it until the vote closes."), "success")
    flash(receipt_notice(vote, current_user.organisation_id), "receipt")
    return back(amendment)


@bp.route("/amendments/<int:amendment_id>/vote/cancel", methods=["POST"])
@login_required
def cancel(amendment_id: int):
    amendment = load_visible(amendment_id)
    vote = services.current_vote(amendment)
    if not policy.can_cancel_vote(current_user, vote) or not EmptyForm().validate_on_submit():
        abort(403)
    services.cancel_vote(vote, by=current_user, now=utcnow())
    flash(_("The vote is cancelled; the amendment is back in discussion. The ballots stay on record."), "success")
    return back(amendment)


@bp.route("/votes")
def index():
    close_due_votes(utcnow())
    organisation = getattr(current_user, "organisation", None)
    return render_template("votes/index.html", open_votes=queries.open_votes(),
                           closed_votes=queries.recent_closed_votes(), organisation=organisation,
                           cast_by_mine=queries.ballots_of_organisation(organisation))


@bp.route("/documents/<slug>/rules", methods=["GET", "POST"])
@login_required
def edit_rules(slug: str):
    document = get_document(slug)
    if not policy.can_set_rules(current_user):
        abort(403)
    form = RulesForm(data=rules_as_percent(document))
    if form.validate_on_submit():
        rules.set_rules(document, quorum=float(form.quorum.data) / 100, threshold=float(form.threshold.data) / 100,
                        discussion_days=float(form.discussion_days.data), voting_days=float(form.voting_days.data),
                        secret_ballots=form.secret_ballots.data)
        flash(_("The voting rules are saved. Votes already open keep the rules they opened with."), "success")
        return redirect(url_for("documents.show", slug=document.slug))
    return render_template("votes/rules.html", document=document, form=form), 422 if form.errors else 200


def rules_as_percent(document) -> dict:
    return {"quorum": round(document.quorum * 100, 1), "threshold": round(document.threshold * 100, 2),
            "discussion_days": document.discussion_days, "voting_days": document.voting_days,
            "secret_ballots": document.secret_ballots}


@bp.app_context_processor
def vote_labels() -> dict:
    return {"vote_outcome_label": services.outcome_label, "ballot_choice_label": choice_label}


def choice_label(choice: str) -> str:
    return {"for": _("for"), "against": _("against"), "abstain": _("abstain")}.get(choice, choice)
