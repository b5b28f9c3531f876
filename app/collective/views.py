"""The set-up page of a first start, the collective's logo, and the facilitators' page to change its identity.

Thin: the form is translated into a `Founding` and `services.set_up` does the rest; a refusal is shown beside its
field with everything typed given back (files cannot be: the sentence says to choose them again).
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app import policy
from app.auth import login_flow
from app.collective import identity, services, setup_code
from app.collective.forms import EditIdentityForm, SetupForm
from app.collective.models import THE_ROW, Collective
from app.db_types import utcnow
from app.extensions import db, limiter, login_manager

bp = Blueprint("collective", __name__)

YEAR = 365 * 24 * 3600


def code_was_wrong(_response=None) -> bool:
    return bool(g.get("setup_code_wrong"))


wrong_codes_per_address = limiter.shared_limit(lambda: current_app.config["SETUP_CODE_LIMIT"], scope="setup-code",
                                               methods=["POST"], deduct_when=code_was_wrong)


def founding_from(form: SetupForm) -> services.Founding:
    texts = []
    for title_name, file_name in SetupForm.TEXT_PAIRS:
        upload = getattr(form, file_name).data
        if upload and getattr(upload, "filename", ""):
            texts.append(services.FirstText(title=getattr(form, title_name).data.strip(), filename=upload.filename,
                                            data=upload.read(8 * 1024 * 1024)))
    return services.Founding(
        name=form.name.data, short_name=form.short_name.data or "", description=form.description.data or "",
        languages=form.chosen_languages(),
        contact_email=form.contact_email.data or "", logo=form.logo_bytes(),
        facilitator_name=form.facilitator_name.data, facilitator_email=form.facilitator_email.data,
        password=form.password.data, organisations=form.organisations.data or "", texts=texts,
        language=str(get_locale() or "fr"))


FIELD_OF_REFUSAL = {"texts": "text_file_1"}


def welcome(person, *, invited: int):
    """The first facilitator, logged in, on the home page."""
    login_flow.finish(person, method="password", remember=False)
    flash(_("%(name)s is set up. Welcome, %(person)s: you are its first facilitator.",
            name=identity.site_name(), person=person.name)
          + (" " + ngettext("%(num)d invitation sent.", "%(num)d invitations sent.", invited) if invited else ""),
          "success")
    return redirect(url_for("main.home"))


@bp.route("/setup", methods=["GET", "POST"])
@wrong_codes_per_address
def setup():
    if not policy.can_set_up(current_user, already_set_up=services.is_set_up()):
        abort(404, description=_("This collective is already set up. Its facilitators change its name and logo "
                                 "from the administration page."))
    form = SetupForm()
    if not form.is_submitted():
        form.main_language.data = str(get_locale() or "fr")
        form.languages.data = [form.main_language.data]
    if form.validate_on_submit():
        if not setup_code.use(form.code.data, now=utcnow()):
            g.setup_code_wrong = True
            form.code.errors.append(_("This is not the code printed on the server's console, or it is older than "
                                      "24 hours (the command “flask setup-code” prints a new one)."))
        else:
            try:
                person, links = services.set_up(founding_from(form), now=utcnow())
            except services.Refused as refusal:
                db.session.rollback()
                identity.rolled_back()
                getattr(form, FIELD_OF_REFUSAL.get(refusal.field, refusal.field)).errors.append(refusal.message)
            else:
                return welcome(person, invited=len(links))
    form.password.data = ""  # never written back into the page
    status = 401 if g.get("setup_code_wrong") else 422 if form.errors else 200
    return render_template("setup/setup.html", form=form), status


@bp.route("/collective/logo/<version>.png")
def logo(version: str):
    """The logo under a name that changes with it: kept by browsers and proxies for a year."""
    row = db.session.execute(select(Collective.logo_png, Collective.logo_version)
                             .where(Collective.id == THE_ROW)).first()
    if not policy.can_see_collective_identity(current_user) or row is None or row.logo_version != version:
        abort(404)
    response = Response(row.logo_png, mimetype="image/png")
    response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response


@bp.route("/admin/collective", methods=["GET", "POST"])
def edit():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not policy.can_edit_collective(current_user):
        abort(403)
    collective = identity.current()
    form = EditIdentityForm(data={"name": collective.name, "short_name": collective.short_name,
                                  "description": collective.description,
                                  "languages": list(collective.languages), "main_language": collective.language,
                                  "contact_email": collective.contact_email})
    if form.validate_on_submit():
        try:
            services.set_identity(name=form.name.data, short_name=form.short_name.data or "",
                                  description=form.description.data or "",
                                  languages=form.chosen_languages(), contact_email=form.contact_email.data or "",
                                  logo=form.logo_bytes(), remove_logo=form.remove_logo.data, by=current_user,
                                  now=utcnow())
        except services.Refused as refusal:
            db.session.rollback()
            identity.rolled_back()
            getattr(form, refusal.field).errors.append(refusal.message)
        else:
            flash(_("The collective's identity is saved."), "success")
            return redirect(url_for("collective.edit"))
    return render_template("setup/edit.html", form=form, collective=identity.current()), 422 if form.errors else 200
