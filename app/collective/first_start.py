"""An empty instance sends its visitors to the set-up page, and prints the page's one-time code on the console.

Checked until this process finds the instance set up, then never again: once set up, an instance stays so, and
the visitors' path gains nothing (not even a query). The API answers as usual (with nothing in it).
"""
from __future__ import annotations

from flask import Flask, redirect, request, url_for

from app.collective import services, setup_code
from app.db_types import utcnow
from app.extensions import db

DONE = "palabre_set_up"
ANNOUNCED = "palabre_setup_code_announced"
# What an empty instance still answers: the page itself, the logo and the style sheets
# (and the liveness check of the hosting, which must say "ok" before the set-up too).
OPEN_ENDPOINTS = frozenset({"collective.setup", "collective.logo", "static", "auth.set_language", "main.healthz"})


def init_app(app: Flask) -> None:
    if not app.config.get("SETUP_PAGE", True):
        return

    @app.before_request
    def send_to_setup():
        if app.extensions.get(DONE) or request.endpoint in OPEN_ENDPOINTS - {"collective.setup"}:
            return None
        if request.routing_exception is not None:  # no such page, or a host not served: answered as usual
            return None
        if services.is_set_up():
            app.extensions[DONE] = True
            return None
        db.session.rollback()  # the code is stored on a connection of its own: hold no lock meanwhile
        if not app.extensions.get(ANNOUNCED):
            app.extensions[ANNOUNCED] = True
            setup_code.announce(url_for("collective.setup", _external=True), now=utcnow())
        if request.endpoint in OPEN_ENDPOINTS or request.path.startswith("/api/"):
            return None
        return redirect(url_for("collective.setup"))
