"""Vote pages, one set for every subject: open, ask for, cast (own or by proxy), give and revoke a proxy,
cancel, close now, extend; the list of votes, a vote's minutes, and a document's rules.

The forms of a vote post to /<prefix>/<id>/vote/<action>, where <prefix> names the kind of subject
("amendments", "applications", "versions"): the subject's page is the vote's page.
"""
from __future__ import annotations

from datetime import timezone

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from app import policy
from app.db_types import utcnow
from app.documents.queries import get_document
from app.errors import PalabreError
from app.caching.pages import kept_for_visitors
from app.forms import EmptyForm
from app.mail.services import external_url
from app.members.services import find_organisation
from app.printing.pdf import PDF_TYPE, file_response, pdf_from_template
from app.record.receipts import receipt_notice
from app.votes import own_part  # noqa: F401  (registers the organisation's ballot, a reader's own part)
from app.votes import proxies, queries, ranked, ranked_words, reminders, rules, services, standing
from app.votes.closing import close_due_votes, next_deadline
from app.votes.forms import ExtendVoteForm, OpenVoteForm, ProxyForm, RulesForm
from app.votes.minutes import closed_vote, minutes_of
from app.votes.minutes_markdown import as_markdown, rules_sentence
from app.votes.panel import ballot_form_for
from app.votes.subjects import about, abouts, by_prefix, handler_of

bp = Blueprint("votes", __name__)
VOTE_PATH = "/<prefix>/<int:subject_id>/vote"


def load_subject(prefix: str, subject_id: int):
    """The kind of subject and the subject this address names, if this reader may see it; 404 otherwise."""
    handler = by_prefix(prefix)
    subject = handler.load(subject_id)
    if subject is None or not handler.can_see(current_user, subject):
        abort(404)
    return handler, subject


def load_vote(prefix: str, subject_id: int):
    """The subject and its latest vote (None when it never had one: the policy refuses then), after
    closing whatever is due."""
    handler, subject = load_subject(prefix, subject_id)
    close_due_votes(utcnow())
    return handler, subject, services.current_vote_on(handler.kind, subject.id)


def back(handler, subject):
    return redirect(handler.page(subject) + "#vote")


def as_utc(moment):
    return moment.replace(tzinfo=timezone.utc) if moment else None


def run(handler, subject, action, success: str):
    """Run a service; its refusal is flashed on the subject's page, as is the success."""
    try:
        action()
    except PalabreError as refusal:
        flash(refusal.message, "error")
    else:
        flash(success, "success")
    return back(handler, subject)


@bp.route(VOTE_PATH + "/open", methods=["POST"])
@login_required
def open_vote(prefix: str, subject_id: int):
    handler, subject = load_subject(prefix, subject_id)
    if not policy.can_open_vote_on(current_user, handler.kind, subject):
        abort(403)
    form = OpenVoteForm()
    if not form.validate_on_submit():
        abort(400, description=_("The closing time is not a valid date and time."))
    return run(handler, subject, lambda: services.open_vote_on(
        handler.kind, subject, by=current_user, now=utcnow(), closes_at=as_utc(form.closes_at.data)),
        _("The vote is open. Delegates of every member organisation can now cast their ballot."))


@bp.route(VOTE_PATH + "/request", methods=["POST"])
@login_required
def request_vote(prefix: str, subject_id: int):
    handler, subject = load_subject(prefix, subject_id)
    if not handler.can_request(current_user, subject) or not EmptyForm().validate_on_submit():
        abort(403)
    services.request_vote(handler.kind, subject, by=current_user, now=utcnow())
    flash(_("Your request is noted: a facilitator will open the vote once the discussion period has passed."),
          "success")
    return back(handler, subject)


@bp.route(VOTE_PATH + "/ballot", methods=["POST"])
@login_required
def cast(prefix: str, subject_id: int):
    handler, subject, vote = load_vote(prefix, subject_id)
    if not policy.can_cast_ballot(current_user, vote):
        abort(403, description=_("Only a delegate of an organisation of this vote’s electorate can cast its ballot, "
                                 "while the vote is open."))
    giver = find_organisation(request.form.get("on_behalf_of", "")) if request.form.get("on_behalf_of") else None
    if request.form.get("on_behalf_of") and giver is None:
        abort(404)
    if giver is not None and not policy.can_cast_by_proxy(current_user, vote, proxies.proxy_of(vote, giver.id)):
        abort(403, description=_("Your organisation does not hold the proxy of %(name)s on this vote.", name=giver.name))
    form = ballot_form_for(vote, None, prefix=f"proxy-{giver.slug}" if giver else "")
    if not form.validate_on_submit():
        # The page again, with the mistakes marked and the choice and justification as typed.
        return handler.render(subject, ballot_form=form), 422
    ranked_vote = vote.method == "ranked"
    try:
        services.cast_ballot(vote, by=current_user, choice=None if ranked_vote else form.choice.data,
                             ranking=form.ranking() if ranked_vote else None,
                             justification=form.justification.data, now=utcnow(), on_behalf_of=giver)
    except PalabreError as refusal:
        flash(refusal.message, "error")
        return back(handler, subject)
    flash(_("The ballot of %(name)s is recorded, by proxy.", name=giver.name) if giver else
          _("Your organisation’s ballot is recorded. You can change it until the vote closes."), "success")
    flash(receipt_notice(vote, giver.id if giver else current_user.organisation_id), "receipt")
    return back(handler, subject)


@bp.route(VOTE_PATH + "/proxy", methods=["POST"])
@login_required
def give_proxy(prefix: str, subject_id: int):
    handler, subject, vote = load_vote(prefix, subject_id)
    if not policy.can_give_proxy(current_user, vote):
        abort(403)
    form = ProxyForm(vote, current_user.organisation_id)
    if not form.validate_on_submit():
        flash(_("Choose the organisation that will hold your proxy."), "error")
        return back(handler, subject)
    holder = find_organisation(form.to.data)
    return run(handler, subject, lambda: proxies.give_proxy(vote, by=current_user, holder=holder, now=utcnow()),
               _("Your organisation’s proxy is given to %(name)s. You can revoke it until they use it.",
                 name=holder.name))


@bp.route(VOTE_PATH + "/proxy/revoke", methods=["POST"])
@login_required
def revoke_proxy(prefix: str, subject_id: int):
    handler, subject, vote = load_vote(prefix, subject_id)
    if not policy.can_give_proxy(current_user, vote) or not EmptyForm().validate_on_submit():
        abort(403)
    return run(handler, subject, lambda: proxies.revoke_proxy(vote, by=current_user, now=utcnow()),
               _("Your organisation’s proxy is revoked."))


@bp.route(VOTE_PATH + "/cancel", methods=["POST"])
@login_required
def cancel(prefix: str, subject_id: int):
    handler, subject, vote = load_vote(prefix, subject_id)
    if not policy.can_cancel_vote(current_user, vote) or not EmptyForm().validate_on_submit():
        abort(403)
    return run(handler, subject, lambda: services.cancel_vote(vote, by=current_user, now=utcnow()),
               _("The vote is cancelled and back in discussion. The ballots stay on record."))


@bp.route(VOTE_PATH + "/close", methods=["POST"])
@login_required
def close_now(prefix: str, subject_id: int):
    handler, subject, vote = load_vote(prefix, subject_id)
    if not policy.can_close_vote_now(current_user, vote) or not EmptyForm().validate_on_submit():
        abort(403)
    return run(handler, subject, lambda: services.close_now(vote, by=current_user, now=utcnow()),
               _("The vote is closed now; its outcome is below."))


@bp.route(VOTE_PATH + "/remind", methods=["POST"])
@login_required
def remind(prefix: str, subject_id: int):
    """A facilitator reminds the delegates of the organisations that have not voted yet."""
    handler, subject, vote = load_vote(prefix, subject_id)
    if not policy.can_remind_voters(current_user, vote) or not EmptyForm().validate_on_submit():
        abort(403)
    try:
        told = reminders.remind_late_voters(vote, by=current_user, now=utcnow())
    except PalabreError as refusal:
        flash(refusal.message, "error")
    else:
        flash(ngettext("%(num)d delegate is reminded, in the app and by e-mail.",
                       "%(num)d delegates are reminded, in the app and by e-mail.", told), "success")
    return back(handler, subject)


@bp.route(VOTE_PATH + "/extend", methods=["POST"])
@login_required
def extend(prefix: str, subject_id: int):
    handler, subject, vote = load_vote(prefix, subject_id)
    if not policy.can_extend_vote(current_user, vote):
        abort(403)
    form = ExtendVoteForm()
    if not form.validate_on_submit():
        flash(_("Give the new closing time as a date and a time."), "error")
        return back(handler, subject)
    return run(handler, subject, lambda: services.extend_vote(vote, by=current_user, now=utcnow(),
                                                              closes_at=as_utc(form.closes_at.data)),
               _("The vote now closes later."))


@bp.route("/votes")
def index():
    close_due_votes(utcnow())
    organisation = getattr(current_user, "organisation", None)
    return render_template("votes/index.html", open_votes=queries.open_votes(),
                           closed_votes=queries.recent_closed_votes(), organisation=organisation,
                           cast_by_mine=queries.ballots_of_organisation(organisation))


def minutes_or_404(vote_id: int):
    """The minutes of a closed vote whose subject this reader may see; 404 otherwise (not yet closed too)."""
    if not policy.can_read(current_user):
        abort(404)
    close_due_votes(utcnow())
    vote = closed_vote(vote_id)
    minutes = minutes_of(vote) if vote is not None else None
    if minutes is None or not handler_of(vote).can_see(current_user, minutes.subject.subject):
        abort(404)
    return minutes


@bp.route("/votes/<int:vote_id>/minutes")
def minutes(vote_id: int):
    return render_template("votes/minutes.html", minutes=minutes_or_404(vote_id), minutes_rules=rules_sentence)


def close_all_due(vote_id: int) -> None:
    close_due_votes(utcnow())


@bp.route("/votes/<int:vote_id>/minutes.pdf")
@kept_for_visitors(prepare=close_all_due, valid_until=next_deadline)
def minutes_pdf(vote_id: int):
    """The minutes on A4, to file with the association's records (the same words as the page)."""
    body = pdf_from_template("print/minutes.html", minutes=minutes_or_404(vote_id), minutes_rules=rules_sentence,
                             address=external_url("votes.minutes", vote_id=vote_id))
    return file_response(body, PDF_TYPE, f"vote-{vote_id}-minutes.pdf")


@bp.route("/votes/<int:vote_id>/minutes.md")
def minutes_markdown(vote_id: int):
    response = make_response(as_markdown(minutes_or_404(vote_id)))
    response.headers["Content-Type"] = "text/markdown; charset=utf-8"
    response.headers["Content-Disposition"] = f'inline; filename="vote-{vote_id}-minutes.md"'
    return response


@bp.route("/documents/<slug>/rules", methods=["GET", "POST"])
@login_required
def edit_rules(slug: str):
    document = get_document(slug)
    if not policy.can_set_rules(current_user):
        abort(403)
    form = RulesForm(data=rules_as_percent(document))
    if form.validate_on_submit():
        rules.set_rules(document, **rules_from(form))
        flash(_("The voting rules are saved. Votes already open keep the rules they opened with."), "success")
        return redirect(url_for("documents.show", slug=document.slug))
    return render_template("votes/rules.html", document=document, form=form), 422 if form.errors else 200


def rules_from(form: RulesForm) -> dict:
    return {"quorum": float(form.quorum.data) / 100, "threshold": float(form.threshold.data) / 100,
            "discussion_days": float(form.discussion_days.data), "voting_days": float(form.voting_days.data),
            "secret_ballots": form.secret_ballots.data, "proxies_per_holder": form.proxies_per_holder.data}


def rules_as_percent(holder) -> dict:
    return {"quorum": round(holder.quorum * 100, 1), "threshold": round(holder.threshold * 100, 2),
            "discussion_days": holder.discussion_days, "voting_days": holder.voting_days,
            "secret_ballots": holder.secret_ballots, "proxies_per_holder": holder.proxies_per_holder}


@bp.app_context_processor
def vote_labels() -> dict:
    return {"vote_outcome_label": services.outcome_label, "ballot_choice_label": choice_label, "vote_about": about, "vote_subjects": abouts,
            "ranking_line": ranked_words.ranking_line, "why_sentence": ranked_words.why_sentence,
            "decision_sentence": ranked_words.decision_sentence, "decode_ranking": ranked.decode,
            "vote_standing": standing.vote_standing, "vote_ballots": standing.vote_ballots}


def choice_label(choice: str) -> str:
    return {"for": _("for"), "against": _("against"), "abstain": _("abstain"),
            "ranked": _("ranked")}.get(choice, choice)
