"""Posting real forms in tests: fetch the page, take its CSRF token, post."""
from __future__ import annotations

import re

CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, url: str = "/login") -> str:
    """The CSRF token of the first form on `url`."""
    html = client.get(url).get_data(as_text=True)
    match = CSRF_PATTERN.search(html)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def post_form(client, url: str, data: dict, *, token_from: str | None = None, **kwargs):
    """POST `data` to `url` with a valid CSRF token taken from `token_from` (default: url)."""
    token = csrf_token(client, token_from or url)
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)


def login(client, email: str, password: str = "correct horse"):
    response = post_form(client, "/login", {"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response
