"""CSRF, methods and the Content-Security-Policy, over every rule of the URL map.

- Every state-changing page route (each POST/PUT/PATCH/DELETE rule outside /api) refuses a request
  without a valid CSRF token with 400 and changes nothing (every row of every table compared).
- The API is CSRF-exempt by design because it authenticates by Bearer token only: a browser's session
  cookie gives it no more power than a visitor's.
- No GET changes the database, as a visitor or as the facilitator, on every GET rule with real ids of the
  seeded demo. Lazy vote closing is the documented exception: the world has no vote due (world.py checks).
  The other one is the export download, whose trace goes to the record (one "export.downloaded" entry
  written apart, GET_TRACES); the contact's confirmation link writes only the first time, and the world's
  contact is already confirmed.
- Every HTML response of that sweep, and the error pages (400, 403, 404, 413, 429), carry a strict CSP.

The URLs come from the authorisation matrix's rows, which test_every_route_has_a_row keeps complete.
"""
from __future__ import annotations

import pytest

from tests.hardening.test_authorisation_matrix import OK, ROUTES, fill, outcome, send
from tests.hardening.world import WRITES, World

PAGE_WRITES = [(endpoint, index) for endpoint, cases in sorted(ROUTES.items())
               for index, case in enumerate(cases) if case.method in WRITES and not case.api]
API_WRITES = [(endpoint, index) for endpoint, cases in sorted(ROUTES.items())
              for index, case in enumerate(cases) if case.method in WRITES and case.api]
GETS = [(endpoint, index) for endpoint, cases in sorted(ROUTES.items())
        for index, case in enumerate(cases) if case.method == "GET"]


# GETs that write by design, and the only rows they may write: (table, kind of audit entry).
GET_TRACES = {"admin.export": ("audit_entry", "export.downloaded")}


def only_its_trace(world: World, endpoint: str, changed: list[str]) -> bool:
    """True when the GET changed nothing but wrote the single audit entry its route is allowed to leave."""
    if endpoint not in GET_TRACES or changed != [GET_TRACES[endpoint][0]]:
        return False
    current = world.read()["audit_entry"]
    new = [row for key, row in current.items() if key not in world.rows["audit_entry"]]
    return [row["kind"] for row in new if row["kind"] != "authorisation.refused"] == [GET_TRACES[endpoint][1]]


def case_id(item) -> str:
    endpoint, index = item
    return f"{endpoint}#{index}"


def test_every_rule_is_swept(world):
    """Each method of each rule has a case above (the matrix's completeness test names what is missing)."""
    covered = {(endpoint, ROUTES[endpoint][index].method) for endpoint, index in PAGE_WRITES + API_WRITES + GETS}
    for rule in world.app.url_map.iter_rules():
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (rule.endpoint, method) in covered, f"{method} {rule.rule} ({rule.endpoint}) is not swept"


def acting_role(case) -> str:
    """Someone the route would let through (a refusal for lack of rights would prove nothing)."""
    return next((role for role in ("facilitator", "delegate_b", "delegate_a", "member_a")
                 if case.expect[role] == OK), "facilitator")


@pytest.mark.parametrize("item", PAGE_WRITES, ids=case_id)
@pytest.mark.parametrize("token", ["missing", "forged"])
def test_page_writes_need_a_valid_csrf_token(world, item, token):
    endpoint, index = item
    case = ROUTES[endpoint][index]
    role = acting_role(case)
    data = {key: str(value) for key, value in (fill(case.data, world.ids) or {}).items()}
    if token == "forged":
        data["csrf_token"] = "IjAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAi.aaaaaa.forgedforgedforged"
    response = world.page(role, case.method, fill(case.url, world.ids), data, csrf=False, restore=False)
    changed = world.changed_tables()
    if changed:
        world.restore()
    assert changed == [], f"{case.method} {case.url} without a valid token changed {changed}"
    assert_strict_csp(response)
    if case.expect[role] != OK:
        # A row no one may send (a comment on someone else's draft): a form that re-runs its view on a stale
        # token (app/auth/resume.py) refuses it for lack of rights first, as with a valid token.
        assert response.status_code in (400, case.expect[role]), f"{case.method} {case.url} as {role}"
        return
    assert response.status_code == 400, f"{case.method} {case.url} as {role}: {response.status_code}"
    assert "security" in response.get_data(as_text=True).lower() or "sécurité" in response.get_data(as_text=True)


@pytest.mark.parametrize("item", API_WRITES, ids=case_id)
def test_a_session_cookie_gives_the_api_no_power(world, item):
    """Bearer tokens only: a logged-in browser's cookie (no token) is answered like a visitor."""
    endpoint, index = item
    case = ROUTES[endpoint][index]
    role = acting_role(case)
    client = world.client(role)
    response = client.open(fill(case.url, world.ids), method=case.method, json=fill(case.data, world.ids),
                           headers={"X-CSRFToken": world.csrf[role]})
    got = outcome(response)
    changed = world.changed_tables()
    if changed:
        world.restore()
    assert got == case.expect["visitor"], f"{case.method} {case.url} with {role}'s cookie: {got}"
    if got != OK:
        assert changed == [], f"{case.method} {case.url} with {role}'s cookie changed {changed}"
        assert response.get_json()["error"]["code"] in ("unauthorized", "conflict", "vote_not_due")


@pytest.mark.parametrize("role", ["visitor", "facilitator"])
def test_no_get_changes_the_database_and_every_page_has_a_strict_csp(world, role):
    changes, lax = [], []
    for endpoint, index in GETS:
        case = ROUTES[endpoint][index]
        response = send(world, role, case)
        response.close()
        changed = world.changed_tables()
        if changed:
            if not only_its_trace(world, endpoint, changed):
                changes.append(f"GET {fill(case.url, world.ids)} as {role} changed {changed}")
            world.restore()
        problem = csp_problem(response)
        if problem:
            lax.append(f"GET {fill(case.url, world.ids)} as {role} ({response.status_code}): {problem}")
    assert not changes, "\n".join(changes)
    assert not lax, "\n".join(lax)


# The Content-Security-Policy ------------------------------------------------------------------

ALLOWED_SOURCES = {"'self'", "'none'"}
REQUIRED = {"default-src", "script-src", "style-src", "object-src", "base-uri", "frame-ancestors"}


def csp_problem(response) -> str | None:
    """Why the response's CSP is not strict, or None."""
    header = response.headers.get("Content-Security-Policy")
    if not header:
        return "no Content-Security-Policy header"
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    missing = REQUIRED - set(directives)
    if missing:
        return f"missing directives {sorted(missing)}"
    for name, sources in directives.items():
        for source in sources:
            allowed = ALLOWED_SOURCES | ({"data:"} if name in ("img-src", "font-src") else set())
            if source not in allowed:
                return f"{name} allows {source}"
    if directives["object-src"] != ["'none'"] or directives["frame-ancestors"] != ["'none'"]:
        return "object-src and frame-ancestors must be 'none'"
    return None


def assert_strict_csp(response) -> None:
    problem = csp_problem(response)
    assert problem is None, f"{response.status_code}: {problem}"


def test_the_csp_check_catches_lax_policies():
    class Fake:
        def __init__(self, header):
            self.headers = {"Content-Security-Policy": header} if header else {}
    strict = ("default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; "
              "frame-ancestors 'none'")
    assert csp_problem(Fake(strict)) is None
    assert "unsafe-inline" in csp_problem(Fake(strict.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")))
    assert "cdn" in csp_problem(Fake(strict.replace("script-src 'self'", "script-src 'self' https://cdn.example")))
    assert csp_problem(Fake(strict.replace("script-src 'self'", "script-src *")))
    assert csp_problem(Fake(None))


@pytest.mark.parametrize("status", [400, 403, 404, 405, 413])
def test_error_pages_have_a_strict_csp(world, status):
    requests = {
        400: lambda: world.page("member_a", "POST", "/account", {"name": "x"}, csrf=False),
        403: lambda: world.page("member_a", "GET", "/admin/"),
        404: lambda: world.page("visitor", "GET", "/no/such/page"),
        405: lambda: world.page("visitor", "DELETE", "/documents"),
        413: lambda: world.page("visitor", "POST", "/login", {"email": "x" * (3 * 1024 * 1024)}),
    }
    response = requests[status]()
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert_strict_csp(response)
    assert world.changed_tables() == []
    if status == 405:  # bug found here: a page's 405 crashed while adding the Allow header (a 500)
        assert response.headers["Allow"] == "GET, HEAD, OPTIONS" or "GET" in response.headers["Allow"]


def test_the_rate_limited_page_has_a_strict_csp(world: World):
    """Log-in failures from an address of their own (so no other test is slowed down) until 429."""
    client = world.client("visitor")
    elsewhere = {"REMOTE_ADDR": "192.0.2.77"}
    for _ in range(8):
        response = client.post("/login", data={"csrf_token": world.csrf["visitor"], "email": "nobody@example.org",
                                               "password": "wrong"}, environ_base=elsewhere)
    assert response.status_code == 429
    assert response.mimetype == "text/html"
    assert_strict_csp(response)
    for _ in range(8):
        api = client.post("/api/v1/tokens", json={"email": "nobody@example.org", "password": "wrong"},
                          environ_base=elsewhere)
    assert api.status_code == 429 and api.get_json()["error"]["code"] == "rate_limited"
    assert_strict_csp(api)


def test_reading_the_membership_rules_writes_nothing(world):
    """Bug found by the sweep: showing an application or the rules form created the rules row (a GET
    that wrote, and two first readers at once could collide on its id)."""
    from app.applications.models import MembershipRules
    from tests.hardening.world import count
    assert count(MembershipRules) == 0
    assert world.page("visitor", "GET", f"/applications/{world.ids['application']}").status_code == 200
    assert world.page("facilitator", "GET", "/applications/rules").status_code == 200
    assert count(MembershipRules) == 0 and world.changed_tables() == []
    saved = world.page("facilitator", "POST", "/applications/rules", {
        "quorum": "60", "threshold": "50", "discussion_days": "2", "voting_days": "3"}, restore=False)
    assert saved.status_code == 302 and count(MembershipRules) == 1
    world.restore()
