"""How often a reset link may be asked for: per e-mail address and per client, the page and the API counted
together, whether the address is known or not (the limit itself says nothing of the address)."""
from __future__ import annotations

from flask import current_app, request

from app.extensions import limiter


def reset_email() -> str:
    """The address asked for, from the page's form or the API's JSON body."""
    if request.is_json:
        data = request.get_json(silent=True)
        email = data.get("email") if isinstance(data, dict) else None
    else:
        email = request.form.get("email")
    return "reset:" + (email.strip().lower() if isinstance(email, str) else "")


per_address = limiter.shared_limit(lambda: current_app.config["RESET_LIMIT_PER_EMAIL"], scope="reset-email",
                                   methods=["POST"], key_func=reset_email)
per_client = limiter.shared_limit(lambda: current_app.config["RESET_LIMIT_PER_CLIENT"], scope="reset-client",
                                  methods=["POST"])
