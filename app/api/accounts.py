"""POST /api/v1/password-reset: the same answer for any address; the link goes by e-mail (app/auth/reset.py)."""
from __future__ import annotations

from app.api import bp
from app.api.helpers import json_body, string_field
from app.auth import reset, reset_limits
from app.auth.reset_views import the_answer


@bp.route("/password-reset", methods=["POST"])
@reset_limits.per_client
@reset_limits.per_address
def request_password_reset():
    data = json_body({"email"}, required={"email"})
    reset.ask(string_field(data, "email", max_length=254))
    return {"message": the_answer()}, 202
