"""The public directory of organisations, and inviting people into one."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app import policy
from app.auth import services as auth_services
from app.auth.forms import InviteForm
from app.auth.resume import resumable
from app.db_types import utcnow
from app.errors import PalabreError
from app.extensions import db
from app.mail import services as mail_services
from app.members import charter, queries
from app.members import services as member_services
from app.members.forms import EntryForm, LeaveForm, SignForm
from app.members.models import Organisation

bp = Blueprint("members", __name__)


def get_organisation(slug: str) -> Organisation:
    organisation = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
    if organisation is None:
        abort(404)
    return organisation


@bp.route("/organisations")
def directory():
    service = request.args.get("service", "").strip()[:100] or None
    return render_template("members/directory.html", by_status=queries.directory(service), service=service,
                           service_names=member_services.service_names(), in_force=charter.charter_version_in_force())


@bp.route("/organisations/<slug>")
def organisation(slug: str):
    organisation = get_organisation(slug)
    return render_template(
        "members/organisation.html", organisation=organisation, amendments=queries.amendments_of(organisation),
        ballots=queries.public_ballots_of(organisation), in_force=charter.charter_version_in_force(),
        needs_signature=charter.needs_signature(organisation), sign_form=SignForm(), leave_form=LeaveForm(),
    )


@bp.route("/organisations/<slug>/edit", methods=["GET", "POST"])
@resumable
@login_required
def edit_entry(slug: str):
    organisation = get_organisation(slug)
    if not policy.can_edit_organisation(current_user, organisation):
        abort(403)
    # Not obj=organisation: WTForms would take the `services` relationship (a list) over the text.
    form = EntryForm(data={"name": organisation.name, "website": organisation.website, "city": organisation.city,
                           "description": organisation.description,
                           "services": member_services.format_services(organisation)})
    if form.validate_on_submit():
        try:
            services = member_services.parse_services(form.services.data)
        except PalabreError as error:
            form.services.errors.append(error.message)
        else:
            member_services.update_organisation(
                organisation, name=form.name.data.strip(), website=form.website.data or "",
                city=form.city.data or "", description=form.description.data or "")
            member_services.set_services(organisation, services)
            flash(_("The entry is saved."), "success")
            return redirect(url_for("members.organisation", slug=organisation.slug))
    return render_template("members/edit.html", form=form, organisation=organisation), 422 if form.errors else 200


@bp.route("/organisations/<slug>/sign", methods=["POST"])
@login_required
def sign(slug: str):
    organisation = get_organisation(slug)
    if not policy.can_sign_charter(current_user, organisation):
        abort(403)
    form = SignForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        charter.sign_charter(organisation, by=current_user, version_number=form.version.data, now=utcnow())
    except PalabreError as error:
        flash(error.message, "error")
    else:
        flash(_("Your organisation has signed version %(n)d of the charter.", n=form.version.data), "success")
    return redirect(url_for("members.organisation", slug=organisation.slug))


@bp.route("/organisations/<slug>/leave", methods=["GET", "POST"])
@login_required
def leave(slug: str):
    organisation = get_organisation(slug)
    if not policy.can_leave(current_user, organisation):
        abort(403)
    form = LeaveForm()
    if form.validate_on_submit():
        try:
            member_services.leave_collective(organisation, reason=form.reason.data or "", today=utcnow().date(),
                                             by=current_user)
        except PalabreError as error:
            form.reason.errors.append(error.message)
        else:
            flash(_("%(name)s is now a former member.", name=organisation.name), "success")
            return redirect(url_for("members.organisation", slug=organisation.slug))
    return render_template("members/leave.html", form=form, organisation=organisation), 422 if form.errors else 200


def invitation_form(organisations: list[Organisation]) -> InviteForm:
    form = InviteForm()
    form.organisation.choices = [(o.id, o.name) for o in organisations]
    return form


def invitable_organisations() -> list[Organisation]:
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    return [o for o in organisations if policy.can_invite(current_user, o)]


@bp.route("/invite", methods=["GET", "POST"])
@login_required
def invite():
    organisations = invitable_organisations()
    if not organisations:
        abort(403)
    form = invitation_form(organisations)
    link = None
    if form.validate_on_submit():
        chosen = next(o for o in organisations if o.id == form.organisation.data)
        as_delegate = form.as_delegate.data and policy.can_invite_delegate(current_user)
        try:
            _invitation, secret = auth_services.create_invitation(
                form.email.data, chosen, by=current_user, now=utcnow(),
                days=current_app.config["INVITATION_DAYS"], as_delegate=as_delegate,
            )
        except PalabreError as error:
            form.email.errors.append(error.message)
        else:
            link = url_for("auth.accept_invitation", secret=secret, _external=True)
            mail_services.queue_invitation(form.email.data, organisation=chosen, link=link, now=utcnow(),
                                           days=current_app.config["INVITATION_DAYS"], language=str(get_locale()))
            flash(_("Invitation created and e-mailed to %(email)s. You can also send them this link: it works "
                    "once, for %(days)d days.",
                    email=form.email.data, days=current_app.config["INVITATION_DAYS"]), "success")
    status = 422 if form.errors else 200
    return render_template("members/invite.html", form=form, link=link), status
