"""The public directory of organisations, and inviting people into one."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app import policy
from app.auth import services as auth_services
from app.auth.forms import InviteForm
from app.db_types import utcnow
from app.errors import PalabreError
from app.extensions import db
from app.members.models import Organisation

bp = Blueprint("members", __name__)


def get_organisation(slug: str) -> Organisation:
    organisation = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
    if organisation is None:
        abort(404)
    return organisation


@bp.route("/organisations")
def directory():
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    by_status = {status: [o for o in organisations if o.status == status] for status in ("member", "candidate", "former")}
    return render_template("members/directory.html", by_status=by_status)


@bp.route("/organisations/<slug>")
def organisation(slug: str):
    return render_template("members/organisation.html", organisation=get_organisation(slug))


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
            flash(_("Invitation created. Send this link to %(email)s: it works once, for %(days)d days.",
                    email=form.email.data, days=current_app.config["INVITATION_DAYS"]), "success")
    status = 422 if form.errors else 200
    return render_template("members/invite.html", form=form, link=link), status
