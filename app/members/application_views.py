"""Applying to join, the application page members read, and its membership vote."""
from __future__ import annotations

from datetime import timezone

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import policy
from app.db_types import utcnow
from app.errors import PalabreError
from app.extensions import db, limiter
from app.forms import EmptyForm
from app.members import applications, charter
from app.members import services as member_services
from app.members.application_models import Application
from app.members.forms import ApplicationForm, SendLinkAgainForm
from app.votes import membership, rules
from app.votes.closing import close_due_votes
from app.votes.forms import BallotForm, OpenVoteForm, RulesForm
from app.votes.panel import application_panel
from app.votes.services import cancel_vote, cast_ballot
from app.votes.views import rules_as_percent

bp = Blueprint("applications", __name__)


def get_application(application_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None or not policy.can_read(current_user):
        abort(404)
    return application


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config.get("APPLICATION_LIMIT", "5 per hour"), methods=["POST"])
def apply():
    if not policy.can_apply(current_user):
        flash(_("You already belong to an organisation: log out to apply for another one."), "warning")
        return redirect(url_for("members.directory"))
    form = ApplicationForm()
    if form.validate_on_submit():
        try:
            application = applications.submit_application(
                name=form.name.data, website=form.website.data or None, city=form.city.data or None,
                description=form.description.data, services=member_services.parse_services(form.services.data),
                motivation=form.motivation.data, contact_name=form.contact_name.data,
                contact_email=form.contact_email.data, password=form.password.data,
                has_read_charter=form.has_read_charter.data, now=utcnow())
        except PalabreError as error:
            db.session.rollback()
            form.name.errors.append(error.message)
        else:
            # Until the contact opens the e-mailed link, no vote can be opened: say so at once.
            flash(_("Your application is received. We have sent a link to %(email)s: open it to confirm the "
                    "address, as the members can only vote on your application once it is confirmed. Log in "
                    "with this address to follow your application.", email=application.contact.email), "success")
            return redirect(url_for("applications.show", application_id=application.id))
    return render_template("members/apply.html", form=form, charter=charter.charter()), 422 if form.errors else 200


@bp.route("/applications")
def index():
    if not policy.can_read(current_user):
        abort(404)
    return render_template("members/applications.html", applications=applications.applications(
        ("pending", "voting", "accepted", "rejected")))


@bp.route("/applications/<int:application_id>")
def show(application_id: int):
    application = get_application(application_id)
    close_due_votes(utcnow())
    db.session.refresh(application)
    return show_page(application)


def show_page(application: Application, ballot_form: BallotForm | None = None) -> str:
    """The application page; `ballot_form` is a ballot sent back with its mistakes (and what was typed)."""
    panel = application_panel(application, current_user)
    if ballot_form is not None and panel.ballot_form is not None:
        panel.ballot_form = ballot_form
    unconfirmed = application.contact_confirmed_at is None
    send_again = unconfirmed and policy.can_send_confirmation_again(current_user, application)
    return render_template("members/application.html", application=application, panel=panel,
                           send_again_form=SendLinkAgainForm() if send_again else None)


@bp.route("/applications/<int:application_id>/open-vote", methods=["POST"])
@login_required
def open_vote(application_id: int):
    application = get_application(application_id)
    form = OpenVoteForm()
    if not policy.can_open_membership_vote(current_user, application):
        abort(403)
    if not form.validate_on_submit():
        abort(400, description=_("The closing time is not a valid date and time."))
    closes_at = form.closes_at.data.replace(tzinfo=timezone.utc) if form.closes_at.data else None
    try:
        membership.open_membership_vote(application, by=current_user, now=utcnow(), closes_at=closes_at)
    except PalabreError as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("The membership vote is open."), "success")
    return redirect(vote_url(application))


@bp.route("/applications/<int:application_id>/cancel-vote", methods=["POST"], endpoint="cancel_vote")
@login_required
def cancel_vote_view(application_id: int):
    """A facilitator cancels an open membership vote: the application is back in discussion."""
    application = get_application(application_id)
    vote = membership.application_vote(application)
    if not policy.can_cancel_vote(current_user, vote) or not EmptyForm().validate_on_submit():
        abort(403)
    try:
        cancel_vote(vote, by=current_user, now=utcnow())
    except PalabreError as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("The vote is cancelled; the application is back in discussion. The ballots stay on record."),
              "success")
    return redirect(vote_url(application))


def vote_url(application: Application) -> str:
    return url_for("applications.show", application_id=application.id) + "#vote"


@bp.route("/applications/<int:application_id>/ballot", methods=["POST"])
@login_required
def cast(application_id: int):
    application = get_application(application_id)
    vote = membership.application_vote(application)
    if not policy.can_cast_ballot(current_user, vote):
        abort(403)
    form = BallotForm()
    if not form.validate_on_submit():
        # The page again, with the mistakes marked and the choice and justification as typed.
        return show_page(application, ballot_form=form), 422
    cast_ballot(vote, by=current_user, choice=form.choice.data, justification=form.justification.data,
                now=utcnow())
    flash(_("Your organisation’s ballot is recorded. You can change it until the vote closes."), "success")
    return redirect(url_for("applications.show", application_id=application.id) + "#vote")


@bp.route("/applications/rules", methods=["GET", "POST"])
@login_required
def edit_rules():
    """The collective's membership rules, set by a facilitator (open votes keep theirs)."""
    if not policy.can_set_rules(current_user):
        abort(403)
    found = applications.membership_rules()
    form = RulesForm(data=rules_as_percent(found))
    if form.validate_on_submit():
        found = applications.membership_rules(for_update=True)
        rules.set_rules(found, quorum=float(form.quorum.data) / 100, threshold=float(form.threshold.data) / 100,
                        discussion_days=float(form.discussion_days.data), voting_days=float(form.voting_days.data),
                        secret_ballots=form.secret_ballots.data)
        flash(_("The voting rules are saved. Votes already open keep the rules they opened with."), "success")
        return redirect(url_for("applications.index"))
    return render_template("members/membership_rules.html", form=form), 422 if form.errors else 200
