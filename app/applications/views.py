"""Applying to join, the application page members read (its vote is the votes blueprint's), the membership rules."""
from __future__ import annotations


from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import policy
from app.db_types import utcnow
from app.errors import PalabreError
from app.extensions import db, limiter
from app.applications import services as applications
from app.members import charter
from app.members import services as member_services
from app.applications.models import Application
from app.members.forms import ApplicationForm, SendLinkAgainForm
from app.votes import rules
from app.votes.closing import close_due_votes
from app.votes.forms import BallotForm, RulesForm
from app.votes.panel import vote_panel
from app.votes.views import rules_as_percent, rules_from

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
            flash(_("Your application is received. We have sent a message to %(email)s: open its link to confirm "
                    "the address, as the members can only vote on your application once it is confirmed. You can "
                    "then log in with this address to follow your application.", email=application.contact_email),
                  "success")
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
    panel = vote_panel("application", application, current_user, sent_back=ballot_form)
    unconfirmed = application.contact_confirmed_at is None
    send_again = unconfirmed and policy.can_send_confirmation_again(current_user, application)
    return render_template("members/application.html", application=application, panel=panel,
                           send_again_form=SendLinkAgainForm() if send_again else None)


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
        rules.set_rules(found, **rules_from(form))
        flash(_("The voting rules are saved. Votes already open keep the rules they opened with."), "success")
        return redirect(url_for("applications.index"))
    return render_template("members/membership_rules.html", form=form), 422 if form.errors else 200
