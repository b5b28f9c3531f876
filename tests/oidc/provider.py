"""Node's oidc-provider, started by the tests on 127.0.0.1 (tests/oidc/provider.mjs), and a way through its
development log-in form without a browser."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import threading
import time
from contextlib import contextmanager
from html import unescape
from pathlib import Path

import port_for
import requests
from werkzeug.serving import make_server

from tests.support.databases import require_or_skip
from tests.support.live import buffered

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("provider.mjs")
CLIENT_ID, CLIENT_SECRET = "palabre-tests", "a-test-only-client-secret"
ACCOUNTS = {
    "mathilde": {"email": "mathilde@la-clede.example", "email_verified": True, "name": "Mathilde"},
    "unverified": {"email": "bastien@la-clede.example", "email_verified": False, "name": "Bastien"},
    "stranger": {"email": "stranger@elsewhere.example", "email_verified": True, "name": "Stranger"},
}
FORM = re.compile(r'<form[^>]*action="([^"]+)"[^>]*>(.*?)</form>', re.S)
INPUT = re.compile(r"<input[^>]*>")
NAME, VALUE = re.compile(r'name="([^"]+)"'), re.compile(r'value="([^"]*)"')


def available() -> bool:
    return bool(shutil.which("node")) and (ROOT / "node_modules" / "oidc-provider" / "package.json").exists()


@contextmanager
def provider(redirect_uri: str, tmp_path: Path):
    """The provider on a free port of 127.0.0.1; yields its issuer URL."""
    require_or_skip(available(), "node and its oidc-provider package (npm ci)")
    accounts = tmp_path / "accounts.json"
    accounts.write_text(json.dumps(ACCOUNTS))
    port = port_for.select_random()
    log = tmp_path / "provider.log"
    with log.open("w") as output:
        process = subprocess.Popen(["node", str(SCRIPT), str(port), CLIENT_ID, CLIENT_SECRET, redirect_uri,
                                    str(accounts)], cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
    try:
        issuer = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            raise RuntimeError("oidc-provider did not start: " + log.read_text())
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def serve_on(app, port: int):
    server = make_server("127.0.0.1", port, buffered(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def submit_first_form(session: requests.Session, response: requests.Response, **fields) -> requests.Response:
    """Post the page's first form with its own fields, and `fields` over them."""
    found = FORM.search(response.text)
    assert found, (response.status_code, response.url, response.text[:2000])
    action, body = found.groups()
    data = {}
    for tag in INPUT.findall(body):
        name, value = NAME.search(tag), VALUE.search(tag)
        if name:
            data[name.group(1)] = unescape(value.group(1)) if value else ""
    data.update(fields)
    return session.post(requests.compat.urljoin(response.url, unescape(action)), data=data, allow_redirects=False)


def follow(session: requests.Session, response: requests.Response, stop_at: str | None = None) -> requests.Response:
    """Follow redirects by hand; stop before requesting a URL that starts with `stop_at`."""
    while response.is_redirect:
        target = requests.compat.urljoin(response.url, response.headers["Location"])
        if stop_at and target.startswith(stop_at):
            response.stop_url = target
            return response
        response = session.get(target, allow_redirects=False)
    return response


def through_provider(session: requests.Session, base: str, login: str) -> str:
    """From our “log in with” link to the provider's way back: the callback URL (code and state), not opened."""
    page = follow(session, session.get(f"{base}/login/sso", allow_redirects=False))
    page = follow(session, submit_first_form(session, page, login=login, password="any"))
    back = follow(session, submit_first_form(session, page), stop_at=f"{base}/login/sso/callback")
    return back.stop_url
