"""“Log in with <provider>”: off to the provider, and back with a verified e-mail address."""
from __future__ import annotations

from authlib.common.errors import AuthlibBaseError
from requests import RequestException
from flask import Blueprint, abort, flash, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth import login_flow, oidc
from app.urls import safe_next

bp = Blueprint("oidc", __name__)
NEXT = "sso_next"


@bp.route("/login/sso")
def start():
    if not oidc.is_on():
        abort(404)
    session[NEXT] = safe_next(request.args.get("next"), url_for("main.home"))
    try:
        return oidc.client().authorize_redirect(url_for("oidc.callback", _external=True))
    except RequestException:
        return unreachable()


def unreachable():
    return refused(_("%(provider)s does not answer right now: try again in a moment, or log in with your "
                     "password.", provider=oidc.provider_name()), 503)


def refused(message: str, status: int):
    return render_template("auth/sso_refused.html", message=message, provider=oidc.provider_name()), status


@bp.route("/login/sso/callback")
def callback():
    if not oidc.is_on():
        abort(404)
    try:
        token = oidc.client().authorize_access_token()
    except RequestException:
        return unreachable()
    except AuthlibBaseError:
        # A wrong or replayed state, a code already used or expired, an ID token that does not check out.
        return refused(_("The log-in with %(provider)s did not go through (it may have been started in another "
                         "tab, or taken too long). Try again.", provider=oidc.provider_name()), 400)
    person, why = oidc.person_for(token.get("userinfo") or {})
    if person is None and why == "unverified":
        return refused(_("%(provider)s did not say that this e-mail address is verified: verify it there, or log "
                         "in with your password.", provider=oidc.provider_name()), 403)
    if person is None:
        return refused(_("No account here has the address that %(provider)s gave. Accounts are created by "
                         "invitation: ask a delegate of your organisation or a facilitator to invite that "
                         "address.", provider=oidc.provider_name()), 403)
    response = login_flow.begin(person, method="oidc", remember=False, next_url=session.pop(NEXT, None))
    if current_user.is_authenticated:  # (else the two-factor step comes first)
        flash(_("Welcome, %(name)s.", name=person.name), "success")
    return response
