"""One count of failed log-ins, whether the password was typed in the page or sent to POST /api/v1/tokens.

Counted per client address and per e-mail address: the page and the API used to count apart, which gave an
attacker twice the guesses. Behind a reverse proxy, the client address is the proxy's unless
PALABRE_PROXY_COUNT says how many proxies to trust (app/__init__.py applies Werkzeug's ProxyFix): otherwise
five failures of anyone would lock everyone out.
"""
from __future__ import annotations

from flask import current_app, g, request

from app.extensions import limiter


def login_failed(_response=None) -> bool:
    """Set by the views when the e-mail and password did not match: only failures are counted."""
    return bool(g.get("login_failed"))


def login_email() -> str:
    """The e-mail address tried, from the page's form or the API's JSON body."""
    if request.is_json:
        data = request.get_json(silent=True)
        email = data.get("email") if isinstance(data, dict) else None
    else:  # the log-in page's field, or the same field of the expired-session page's form (prefixed)
        email = request.form.get("email", request.form.get("resume-email"))
    return "login:" + (email.strip().lower() if isinstance(email, str) else "")


def _failure_limit() -> str:
    return current_app.config["LOGIN_FAILURE_LIMIT"]


failures_per_address = limiter.shared_limit(_failure_limit, scope="login-address", methods=["POST"],
                                            deduct_when=login_failed)
failures_per_email = limiter.shared_limit(_failure_limit, scope="login-email", methods=["POST"],
                                          key_func=login_email, deduct_when=login_failed)
