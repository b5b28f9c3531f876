"""The main pages of the demo, as a visitor, a delegate and a facilitator see them, are valid HTML.

Checked by the Nu Html Checker (vnu.jar, from the npm package `vnu-jar`, run with the system's Java),
the validator that found 204 errors on 27 of 41 pages (issue 23.3): every `<time datetime>` carried
microseconds, and a hidden input was `required`. The first test says the same without Java.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path


from app.db_types import utcnow
from app.demo.seed import DEMO_PASSWORD, seed
from app.extensions import db
from tests.support.databases import require_or_skip
from tests.support.forms import login

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"))

VISITOR_PAGES = ["/", "/documents", "/login", "/amendments", "/votes", "/organisations", "/audit",
                 "/documents/charte", "/documents/charte/history", "/documents/charte/amendments",
                 "/documents/charte/discussion", "/documents/charte/versions/2/blame", "/documents/manifeste",
                 "/organisations/la-clede", "/join", "/applications", "/password-reset"]
DELEGATE_PAGES = ["/organisations/la-clede", "/account", "/notifications", "/documents/charte/amendments/new"]
FACILITATOR_PAGES = ["/admin/", "/audit", "/votes", "/amendments"]


def linked(client, page: str, pattern: str, limit: int) -> list[str]:
    """The first `limit` distinct addresses of `page` matching `pattern` (amendments, clauses)."""
    html = client.get(page).get_data(as_text=True)
    return list(dict.fromkeys(re.findall(pattern, html)))[:limit]


def pages_of_the_demo(app) -> dict[str, str]:
    """Address (with who reads it) → HTML, every one answered 200."""
    seed(now=utcnow(), log=lambda _message: None)
    db.session.commit()
    found = {}

    def read(who: str, client, paths):
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (who, path, response.status_code)
            found[f"{who} {path}"] = response.get_data(as_text=True)

    visitor = app.test_client()
    extra = (linked(visitor, "/amendments", r'href="(/amendments/\d+)"', 6)
             + linked(visitor, "/documents/charte", r'href="(/documents/charte/clauses/\w+)"', 2)
             + linked(visitor, "/documents/charte", r'href="(/documents/charte/versions/\d+/clauses/\w+/comments)"', 1))
    read("visitor", visitor, VISITOR_PAGES + extra)
    delegate = app.test_client()
    login(delegate, "mathilde@la-clede.example", DEMO_PASSWORD)
    read("delegate", delegate, DELEGATE_PAGES + extra[:3])
    facilitator = app.test_client()
    login(facilitator, "camille@chls.example", DEMO_PASSWORD)
    read("facilitator", facilitator, FACILITATOR_PAGES)
    return found


def test_no_time_element_carries_more_than_milliseconds_and_no_hidden_input_is_required(app):
    pages = pages_of_the_demo(app)
    times = {name: re.findall(r'<time datetime="([^"]*)"', html) for name, html in pages.items()}
    assert sum(len(found) for found in times.values()) > 20  # the check looks at real dates
    with_fraction = {name: found for name, found in times.items() if any("." in value for value in found)}
    assert with_fraction == {}
    hidden_required = {name for name, html in pages.items()
                       if any("required" in tag for tag in re.findall(r'<input[^>]*type="hidden"[^>]*>', html))}
    assert hidden_required == set()


def test_the_main_pages_pass_the_nu_html_checker(app, tmp_path):
    require_or_skip(VNU_JAR.exists(), f"The Nu Html Checker ({VNU_JAR}, from `npm ci`)")
    require_or_skip(shutil.which("java") is not None, "Java (default-jre-headless)")
    files = {}
    for number, (name, html) in enumerate(pages_of_the_demo(app).items()):
        path = tmp_path / f"page-{number:02d}.html"
        path.write_text(html, encoding="utf-8")
        files[str(path)] = name
    checked = subprocess.run(["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
                             capture_output=True, text=True, timeout=300)
    messages = json.loads(checked.stderr)["messages"]
    errors = [f"{files.get(message.get('url', '').removeprefix('file:'), message.get('url'))}: {message['message']}"
              for message in messages if message["type"] != "info"]
    assert errors == [], "\n".join(errors[:20])
    assert checked.returncode == 0 and len(files) > 25
