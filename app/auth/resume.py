"""A form sent after the session expired: the text comes back in its own form, after logging in if need be.

A form's security token (CSRF) dies with the session. Then nothing may be saved, and nothing
typed may be lost either. For the forms that carry typed text (marked `@resumable`), the view
itself is run again: its form refuses the stale token as any mistake, so the page comes back
with everything in place and nothing saved. When the session is gone too, the person first logs
in again on a page that carries what they typed; after it, the browser is sent (307: the same
POST) back to the form's address, and the form comes back filled. Other forms (buttons) get a
page that shows what was sent, labelled, and sends it again.
"""
from __future__ import annotations

from flask import current_app, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from app.auth.forms import ResumeForm

# Fields a person never typed: they travel hidden, as the form had them.
TECHNICAL = {"action", "base_version", "clause_id", "parent_id", "next", "version", "quote_offset", "language",
             "digest", "kind"}
LABELS = {
    "title": _l("Title"), "markdown": _l("Proposed text"), "rationale": _l("Why this change?"),
    "body": _l("Your comment"), "quote": _l("Quoted passage"), "note": _l("Reason (public)"),
    "reason": _l("Reason"), "name": _l("Name"), "description": _l("Description"), "services": _l("Services"),
    "justification": _l("Justification"), "motivation": _l("Motivation"), "email": _l("E-mail address"),
}
PREFIX = "resume"


def resumable(view):
    """Mark a view whose form gives everything back when it refuses a stale security token."""
    view.resumes_typed_text = True
    return view


def is_resumable(endpoint: str | None) -> bool:
    return bool(getattr(current_app.view_functions.get(endpoint or ""), "resumes_typed_text", False))


def endpoint_of(path: str) -> str | None:
    """The endpoint a form's address posts to, or None."""
    try:
        endpoint, _args = current_app.url_map.bind("").match(path.split("?")[0], method="POST")
    except HTTPException:
        return None
    return endpoint


def typed_fields() -> list[tuple[str, str]]:
    """What was sent, in order, without tokens, passwords, nor the resume page's own fields."""
    return [(name, value) for name, value in request.form.items(multi=True)
            if not name.endswith("csrf_token") and "password" not in name and not name.startswith(PREFIX + "-")]


def label_of(name: str) -> str:
    return str(LABELS.get(name, _l("What you typed")))


def is_technical(name: str) -> bool:
    return name in TECHNICAL or name.endswith("_id")


def sends_to_login(response: Response) -> bool:
    return response.status_code in (301, 302, 303) and \
        response.headers.get("Location", "").split("?")[0] == url_for("auth.login")


def rerun_view() -> Response | None:
    """The form's own page with what was typed, nothing saved; None when the person must log in first."""
    view = current_app.view_functions[request.endpoint]
    response = current_app.make_response(view(**(request.view_args or {})))
    if sends_to_login(response) and not current_user.is_authenticated:
        session.pop("_flashes", None)  # "please log in to see this page": the page says better why
        return None
    if response.status_code in (200, 422):
        response.status_code = 400  # the token was refused and nothing done: as for any stale token
    return response


def after_expiry():
    """The answer to a form whose security token expired (the caller turns refusals into pages)."""
    if is_resumable(request.endpoint):
        response = rerun_view()
        if response is not None:
            return response
    return expired_page(None if current_user.is_authenticated else ResumeForm(prefix=PREFIX, next=form_address()))


def form_address() -> str:
    """Where the form was going: carried through the log-in page."""
    return request.form.get(f"{PREFIX}-next") or request.full_path.rstrip("?")


def expired_page(form=None, status: int = 400):
    """What was sent, labelled, to send again; with log-in fields when the session is gone."""
    return render_template("errors/csrf.html", fields=typed_fields(), action=form_address(), login_form=form,
                           label_of=label_of, is_technical=is_technical), status
