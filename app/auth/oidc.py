"""Single sign-on with OpenID Connect (Authlib's Flask client), optional, configured from the environment.

PALABRE_OIDC_ISSUER, PALABRE_OIDC_CLIENT_ID and PALABRE_OIDC_CLIENT_SECRET turn it on (PALABRE_OIDC_NAME is the
provider's name on the button). The provider only proves an e-mail address: a person is matched by a *verified*
address to the existing person who has it; nobody is created here (invitations still decide who belongs to
which organisation). The code flow with PKCE, state and nonce (checked by Authlib) guards the way back.
"""
from __future__ import annotations

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app

from app.auth import services
from app.members.models import Person

CLIENT = "sso"
EXTENSION = "palabre_oidc"


def is_on() -> bool:
    return bool(current_app.config.get("OIDC_ISSUER") and current_app.config.get("OIDC_CLIENT_ID"))


def provider_name() -> str:
    return current_app.config.get("OIDC_NAME") or "SSO"


def client():
    """The provider's client of this app (each app has its own: Authlib keeps a client once made)."""
    return current_app.extensions[EXTENSION].create_client(CLIENT)


def person_for(claims: dict) -> tuple[Person | None, str]:
    """The active person of the claims' verified address, or None and why ("unverified", "unknown")."""
    email = claims.get("email")
    if not isinstance(email, str) or claims.get("email_verified") is not True:
        return None, "unverified"
    person = services.find_person(email)
    if person is None or not person.is_active:
        return None, "unknown"
    return person, ""


def init_app(app: Flask) -> None:
    oauth = app.extensions[EXTENSION] = OAuth(app)
    issuer = (app.config.get("OIDC_ISSUER") or "").rstrip("/")
    if issuer and app.config.get("OIDC_CLIENT_ID"):
        oauth.register(CLIENT, client_id=app.config["OIDC_CLIENT_ID"],
                       client_secret=app.config.get("OIDC_CLIENT_SECRET"),
                       server_metadata_url=f"{issuer}/.well-known/openid-configuration",
                       client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256"})
