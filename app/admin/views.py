"""Facilitators manage organisations and people. Nothing is deleted: people are deactivated."""
from __future__ import annotations

from functools import wraps

from io import BytesIO

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app import policy
from app.admin.forms import OrganisationForm, PersonForm
from app.audit.services import record, record_apart
from app.auth import services as auth_services
from app.db_types import utcnow
from app.errors import PalabreError
from app.extensions import db, login_manager
from app.members import services
from app.applications.services import free_slug
from app.members.models import Organisation, Person
from app.members.views import get_organisation
from app.portability.export import archive_bytes, archive_files

bp = Blueprint("admin", __name__, url_prefix="/admin")


def facilitator_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not policy.can_administer(current_user):
            abort(403)
        return view(*args, **kwargs)
    return wrapper


def organisation_choices() -> list[tuple[int, str]]:
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name))
    return [(0, _("— none —"))] + [(o.id, o.name) for o in organisations]


@bp.route("/")
@facilitator_required
def index():
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    people = db.session.scalars(select(Person).order_by(Person.name)).all()
    return render_template("admin/index.html", organisations=organisations, people=people)


@bp.route("/organisations/new", methods=["GET", "POST"])
@facilitator_required
def new_organisation():
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            organisation = services.create_organisation(
                (form.slug.data or "").strip() or free_slug(form.name.data), form.name.data,
                status=form.status.data, website=form.website.data,
                city=form.city.data, description=form.description.data,
            )
            record("membership.changed", organisation, by=current_user, organisation_id=organisation.id,
                   new=organisation.status, created=True)
        except PalabreError as error:
            form.slug.errors.append(error.message)
        else:
            flash(_("Organisation %(name)s created.", name=organisation.name), "success")
            return redirect(url_for("admin.index"))
    return render_template("admin/organisation_form.html", form=form, organisation=None), 422 if form.errors else 200


@bp.route("/organisations/<slug>", methods=["GET", "POST"])
@facilitator_required
def edit_organisation(slug: str):
    organisation = get_organisation(slug)
    form = OrganisationForm(obj=organisation)
    del form.slug
    if form.validate_on_submit():
        services.update_organisation(
            organisation, by=current_user, name=form.name.data, status=form.status.data, website=form.website.data or None,
            city=form.city.data or None, description=form.description.data or "",
        )
        flash(_("Organisation %(name)s saved.", name=organisation.name), "success")
        return redirect(url_for("admin.index"))
    return render_template("admin/organisation_form.html", form=form, organisation=organisation), 422 if form.errors else 200


def _chosen_organisation(form: PersonForm) -> Organisation | None:
    return db.session.get(Organisation, form.organisation.data) if form.organisation.data else None


@bp.route("/people/new", methods=["GET", "POST"])
@facilitator_required
def new_person():
    form = PersonForm()
    form.organisation.choices = organisation_choices()
    if form.validate_on_submit():
        try:
            person = auth_services.create_person(
                form.email.data, form.name.data, password=form.password.data or None,
                organisation=_chosen_organisation(form), is_delegate=form.is_delegate.data,
                is_facilitator=form.is_facilitator.data,
            )
            record("role.changed", person, by=current_user, organisation_id=person.organisation_id, public=False,
                   email=person.email, name=person.name, roles=person.roles, created=True)
        except PalabreError as error:
            form.email.errors.append(error.message)
        else:
            flash(_("%(name)s can now log in.", name=person.name) if form.password.data else
                  _("%(name)s is registered; invite them to choose a password.", name=person.name), "success")
            return redirect(url_for("admin.index"))
    return render_template("admin/person_form.html", form=form, person=None), 422 if form.errors else 200


@bp.route("/people/<int:person_id>", methods=["GET", "POST"])
@facilitator_required
def edit_person(person_id: int):
    person = db.session.get(Person, person_id) or abort(404)
    # Not obj=person: WTForms would take the `organisation` relationship over its id (no option selected).
    form = PersonForm(data={"name": person.name, "is_delegate": person.is_delegate,
                            "is_facilitator": person.is_facilitator, "is_active": person.is_active_account,
                            "organisation": person.organisation_id or 0})
    form.organisation.choices = organisation_choices()
    del form.email, form.password
    if form.validate_on_submit():
        try:
            services.update_person(
                person, name=form.name.data, organisation=_chosen_organisation(form),
                is_delegate=form.is_delegate.data, is_facilitator=form.is_facilitator.data,
                is_active=form.is_active.data, by=current_user,
            )
        except PalabreError as error:
            form.name.errors.append(error.message)
        else:
            flash(_("%(name)s saved.", name=person.name), "success")
            return redirect(url_for("admin.index"))
    return render_template("admin/person_form.html", form=form, person=person), 422 if form.errors else 200


@bp.route("/export")
@facilitator_required
def export():
    """The whole collective as `flask export` writes it (without password hashes), as a download."""
    data = archive_bytes(archive_files())
    # A download changes nothing: its trace is written apart, so this GET never waits for the write lock.
    record_apart("export.downloaded", actor_id=current_user.id, organisation_id=current_user.organisation_id,
                 public=False, size=len(data))
    return send_file(BytesIO(data), mimetype="application/zip", as_attachment=True,
                     download_name=f"palabre-export-{utcnow():%Y-%m-%d}.zip", max_age=0)
