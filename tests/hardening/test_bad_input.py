"""Bad input through the real routes: always a 4xx with a sentence (the API's JSON error shape), in
bounded time, the next request still served and nothing already saved lost.

Extends tests/api/test_bounds.py (ids and NUL bytes in addresses), tests/text/test_bad_input.py (the
text engine alone) and tests/api/test_openapi.py (schemathesis from the OpenAPI description).
"""
from __future__ import annotations

import json
import re
import socket
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.serving import make_server

from tests.hardening.test_authorisation_matrix import OK, ROUTES, fill
from tests.hardening.world import WRITES
from tests.text.limits import time_limit

LIMIT = 2 * 1024 * 1024


def assert_api_error(response, *statuses):
    assert response.status_code in (statuses or range(400, 500)), (response.status_code, response.get_data()[:300])
    error = response.get_json()["error"]
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and len(error["message"]) > 10


def assert_still_serving(world):
    assert world.page("visitor", "GET", "/healthz").status_code == 200
    assert world.api("visitor", "GET", "/api/v1/documents").status_code == 200


# The body limit, before the body is read ------------------------------------------------------


@pytest.fixture
def server(world):
    """The app behind a real HTTP server on 127.0.0.1 (a thread), for raw-socket requests."""
    httpd = make_server("127.0.0.1", 0, world.app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_port
    httpd.shutdown()
    thread.join(5)


def announce_and_wait(port: int, path: str, content_type: str, length: int) -> bytes:
    """Send headers announcing `length` bytes, never send them, and read whatever answer comes."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall((f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
                      f"Content-Length: {length}\r\nConnection: close\r\n\r\n").encode())
        sock.sendall(b"a=" + b"x" * 1000)  # a little of the body, the rest never comes
        answer = b""
        while b"\r\n\r\n" not in answer:
            answer += sock.recv(65536) or b"<closed>"
            assert not answer.endswith(b"<closed>"), answer
        head, _sep, body = answer.partition(b"\r\n\r\n")
        length = int(re.search(rb"Content-Length: (\d+)", head).group(1))
        while len(body) < length:
            body += sock.recv(65536) or b"<closed>"
            assert not body.endswith(b"<closed>"), body
        return head + b"\r\n\r\n" + body


@pytest.mark.parametrize("path, content_type", [
    ("/login", "application/x-www-form-urlencoded"),
    ("/documents/charte/amendments/new", "application/x-www-form-urlencoded"),
    ("/api/v1/tokens", "application/json"),
    ("/api/v1/amendments/1/comments", "application/json"),
])
def test_a_body_over_the_limit_is_refused_before_it_is_read(world, server, path, content_type):
    with time_limit(15):
        answer = announce_and_wait(server, path, content_type, 5 * 1024 * 1024)
    head, _sep, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413"), head[:200]
    if path.startswith("/api/"):
        assert b'"too_large"' in body
    assert b"too large" in body.lower() or "trop volumineux".encode() in body.lower() or b"trop" in body
    assert_still_serving(world)


def test_a_5_mb_single_line_is_413_and_a_1_9_mb_line_gets_an_answer(world):
    line = ("lorem ipsum dolor sit amet " * 200_000)[:5_000_000]
    url = f"/amendments/{world.ids['own_b']}/comments"
    with time_limit(20):
        too_big = world.page("member_a", "POST", url, {"body": line})
        api_too_big = world.api("member_a", "POST", f"/api/v1{url}", {"body": line})
    assert too_big.status_code == 413 and "text/html" in too_big.content_type
    assert_api_error(api_too_big, 413)
    assert world.changed_tables() == []
    almost = line[:1_900_000]
    with time_limit(30):
        comment = world.page("member_a", "POST", url, {"body": almost})
        api_comment = world.api("member_a", "POST", f"/api/v1{url}", {"body": almost})
        amendment = world.api("member_a", "POST", "/api/v1/documents/charte/amendments", {
            "title": "Une ligne", "rationale": "R", "markdown": "# Charte\n\n" + almost, "base_version": world.ids["head"]})
    assert comment.status_code == 422 and "50000" in comment.get_data(as_text=True)  # at most 50000 characters
    assert_api_error(api_comment, 422)
    assert amendment.status_code in (201, 422), amendment.status_code
    if amendment.status_code == 422:
        assert_api_error(amendment, 422)
    assert_still_serving(world)


# Invalid UTF-8, NUL bytes ---------------------------------------------------------------------


def allowed_role(case) -> str:
    return next(role for role in ("facilitator", "delegate_b", "delegate_a", "member_a", "visitor")
                if case.expect[role] == OK)


WRITE_CASES = [(endpoint, index) for endpoint, cases in sorted(ROUTES.items())
               for index, case in enumerate(cases)
               if case.method in WRITES and case.data and case.expect.get("facilitator") is not None
               and any(case.expect[role] == OK for role in ("facilitator", "delegate_b", "delegate_a", "member_a",
                                                            "visitor"))]


@pytest.mark.parametrize("poison", ["nul", "bad-utf8"])
@pytest.mark.parametrize("item", WRITE_CASES, ids=lambda item: f"{item[0]}#{item[1]}")
def test_nul_bytes_and_invalid_utf8_in_every_field_are_a_4xx_or_harmless(world, item, poison):
    """Every text field of every write, pages and API, with a NUL byte or invalid UTF-8 in it: never a
    500 (PostgreSQL refuses NUL in text: it must be caught before), never a NUL saved."""
    endpoint, index = item
    case = ROUTES[endpoint][index]
    role = allowed_role(case)
    data = fill(case.data, world.ids)
    url = fill(case.url, world.ids)
    for name, value in data.items():
        if not isinstance(value, str) or name == "csrf_token":
            continue
        if case.api:
            if poison == "nul":
                response = world.api(role, case.method, url, {**data, name: value + "\x00x"}, restore=False)
            else:
                raw = json.dumps(data).replace(json.dumps(value), json.dumps(value)[:-1] + '\xff"', 1)
                response = world.api(role, case.method, url, restore=False,
                                     data=raw.encode("latin-1", "replace"), content_type="application/json")
            if response.status_code >= 400:
                assert_api_error(response)
        else:
            fields = {key: str(item) for key, item in data.items()}
            fields["csrf_token"] = world.csrf[role]
            if poison == "nul":
                fields[name] = value + "\x00x"
                response = world.page(role, case.method, url, fields, csrf=False, restore=False)
            else:
                from urllib.parse import urlencode
                body = urlencode({k: v for k, v in fields.items() if k != name}) + f"&{name}=%FF%FEx"
                response = world.client(role).open(url, method=case.method, data=body,
                                                   content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500, (endpoint, name, response.status_code)
        assert_no_nul_saved(world)
        world.restore()
    assert_still_serving(world)


def assert_no_nul_saved(world):
    for table, rows in world.read().items():
        for row in rows.values():
            for column, value in row.items():
                assert not (isinstance(value, str) and "\x00" in value), f"NUL saved in {table}.{column}"


def test_invalid_utf8_and_nul_in_query_strings(world):
    for path in ("/documents?x=%FF%FE", "/api/v1/amendments?document=%FF", "/documents/charte/compare?from=%FF",
                 "/api/v1/documents/charte/compare?from=%FF&to=1", "/amendments?status=%C3%28",
                 "/login?next=%FF%00"):
        response = (world.api if path.startswith("/api/") else world.page)("visitor", "GET", path)
        assert response.status_code < 500, path
        if path.startswith("/api/") and response.status_code >= 400:
            assert_api_error(response)
    assert_still_serving(world)


# Markdown that is slow to parse -----------------------------------------------------------------

HOSTILE = {"10,000 >": ">" * 10_000 + " x", "10,000 [": "[" * 10_000 + "x", "10,000 > spaced": "> " * 10_000}


@pytest.mark.parametrize("name", HOSTILE)
def test_deeply_nested_markdown_in_amendments_comments_and_preview(world, name):
    text = HOSTILE[name]
    ids = world.ids
    with time_limit(20):
        amendment = world.api("member_a", "POST", "/api/v1/documents/charte/amendments", {
            "title": "Imbriqué", "rationale": text, "markdown": "# Charte\n\n" + text, "base_version": ids["head"]},
            restore=False)
        assert amendment.status_code in (201, 422), amendment.status_code
        if amendment.status_code == 201:
            page = world.page("member_a", "GET", f"/amendments/{amendment.get_json()['id']}", restore=False)
            assert page.status_code == 200
            world.restore()
        comment = world.page("member_a", "POST", f"/amendments/{ids['own_b']}/comments", {"body": text},
                             restore=False)
        assert comment.status_code in (302, 422)
        if comment.status_code == 302:
            assert world.page("member_a", "GET", f"/amendments/{ids['own_b']}").status_code == 200
            world.restore()
        preview = world.page("member_a", "POST", "/documents/charte/amendments/preview",
                             {"markdown": "# Charte\n\n" + text, "base_version": str(ids["head"])})
        assert preview.status_code in (200, 422)
    assert_still_serving(world)


# Malformed JSON, wrong types, impossible dates --------------------------------------------------


@pytest.mark.parametrize("raw", [b"{not json", b'{"body": "x"', b"[1, 2]", b'"a string"', b"null", b"",
                                 b'{"body": "x"}{"body": "y"}', b"\xff\xfe{}", b'{"body": NaN}'])
def test_malformed_json_is_a_400_with_the_error_shape(world, raw):
    response = world.api("member_a", "POST", f"/api/v1/amendments/{world.ids['own_b']}/comments", restore=False,
                         data=raw, content_type="application/json")
    assert_api_error(response, 400, 422)
    assert world.changed_tables() == []


@pytest.mark.parametrize("url, body", [
    ("/api/v1/amendments/{own_b}/comments", {"body": 3}),
    ("/api/v1/amendments/{own_b}/comments", {"body": ["x"]}),
    ("/api/v1/amendments/{own_b}/comments", {"body": "x", "parent_id": "1"}),
    ("/api/v1/amendments/{own_b}/comments", {"body": "x", "parent_id": 2**40}),  # was a 500 on PostgreSQL
    ("/api/v1/amendments/{own_b}/comments", {"body": "x", "parent_id": -1}),
    ("/api/v1/documents/{doc}/amendments", {"title": "T", "rationale": "R", "markdown": "x", "base_version": "4"}),
    ("/api/v1/documents/{doc}/amendments", {"title": "T", "rationale": "R", "markdown": "x", "base_version": 2**40}),
    ("/api/v1/documents/{doc}/amendments", {"title": "T", "rationale": "R", "markdown": "x", "base_version": 1.5}),
    ("/api/v1/documents/{doc}/amendments", {"title": None, "rationale": "R", "markdown": "x", "base_version": 4}),
    ("/api/v1/documents/{doc}/amendments", {"title": "T", "rationale": "R", "markdown": "x", "base_version": 4,
                                            "draft": "yes"}),
    ("/api/v1/amendments/{voting}/ballot", {"choice": ["for"]}),
    ("/api/v1/amendments/{voting}/ballot", {"choice": "maybe"}),
    ("/api/v1/amendments/{voting}/ballot", {"choice": "for", "justification": {"a": 1}}),
    ("/api/v1/amendments/{own_b}/vote/open", {"closes_at": "2026-02-30T10:00:00Z"}),
    ("/api/v1/amendments/{own_b}/vote/open", {"closes_at": "2099-13-01T10:00:00+01:00"}),
    ("/api/v1/amendments/{own_b}/vote/open", {"closes_at": 1767225600}),
    ("/api/v1/amendments/{own_b}/vote/open", {"closes_at": "2099-12-01T10:00:00"}),
    ("/api/v1/comments/{comment_a}", {"status": 1}),
    ("/api/v1/comments/{comment_a}", {"status": "deleted"}),
    ("/api/v1/applications", {"name": 1, "description": "d", "contact": "x", "has_read_charter": "true"}),
])
def test_wrong_types_and_impossible_dates_are_a_4xx_with_a_sentence(world, url, body):
    role = {"ballot": "delegate_b", "open-vote": "facilitator"}.get(url.rsplit("/", 1)[-1], "member_a")
    method = "PUT" if url.endswith("ballot") else "PATCH" if "/comments/{" in url else "POST"
    response = world.api(role, method, fill(url, world.ids), fill(body, world.ids), restore=False)
    assert_api_error(response)
    assert world.changed_tables() == []


@pytest.mark.parametrize("value", ["2026-02-30T10:00", "2026-13-01T10:00", "demain", "2026-02-28T25:61",
                                   "99999-01-01T00:00", "\x00"])
def test_impossible_vote_closing_dates_in_the_form_are_a_400_with_a_sentence(world, value):
    response = world.page("facilitator", "POST", f"/amendments/{world.ids['own_b']}/vote/open",
                          {"closes_at": value}, restore=False)
    assert response.status_code == 400
    assert ("date" if value != "\x00" else "NUL") in response.get_data(as_text=True)
    assert world.changed_tables() == []


@pytest.mark.parametrize("value", ["2026-02-30T10:00", "2026-04-31T08:00", "lundi"])
def test_impossible_closing_dates_of_a_membership_vote_are_a_400_not_a_403(world, value):
    """Bug found here: the facilitator was told "not allowed" (403) for a mistyped date."""
    response = world.page("facilitator", "POST", f"/applications/{world.ids['application']}/vote/open",
                          {"closes_at": value}, restore=False)
    assert response.status_code == 400 and "date" in response.get_data(as_text=True)
    assert world.changed_tables() == []


@pytest.mark.parametrize("url", ["/documents/charte/rules", "/applications/rules"])
@pytest.mark.parametrize("value", ["sNaN", "NaN", "-Infinity", "1e999", "abc", "", "2026-02-30"])
def test_numbers_that_are_not_numbers_in_the_rules_forms(world, url, value):
    """Bug found here: "sNaN" in any field of the rules forms was a 500 (the range check could not
    compare it); now every such value is a 422 with the field marked."""
    for field in ("quorum", "threshold", "discussion_days", "voting_days"):
        data = {"quorum": "10", "threshold": "50", "discussion_days": "1", "voting_days": "1", field: value}
        response = world.page("facilitator", "POST", url, data, restore=False)
        assert response.status_code == 422, (field, value, response.status_code)
        assert 'aria-invalid="true"' in response.get_data(as_text=True)
        assert world.changed_tables() == []


@pytest.mark.parametrize("query", ["from=abc&to=1", "from=1&to=99999999999", "from=-1&to=2", "from=1.5&to=2"])
def test_impossible_version_numbers_in_compare(world, query):
    page = world.page("visitor", "GET", f"/documents/charte/compare?{query}")
    api = world.api("visitor", "GET", f"/api/v1/documents/charte/compare?{query}")
    assert page.status_code in (200, 400, 404)
    assert api.status_code in (200, 400, 404, 422)
    if api.status_code >= 400:
        assert_api_error(api)


# Property tests on the API bodies ----------------------------------------------------------------

JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers(min_value=-2**63, max_value=2**63)
                           | st.floats(allow_nan=False) | st.text(max_size=40),
                           lambda children: st.lists(children, max_size=3)
                           | st.dictionaries(st.text(max_size=8), children, max_size=3), max_leaves=6)
PROPERTY_SETTINGS = settings(max_examples=40, deadline=None, database=None,
                             suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def body_of(known: list[str]):
    """A JSON object mixing known fields (any JSON value) and unknown ones."""
    return st.dictionaries(st.sampled_from(known) | st.text(min_size=1, max_size=10), JSON_VALUES, max_size=6)


def sent(world, role, method, url, body):
    response = world.api(role, method, url, body)
    assert response.status_code < 500, (url, body, response.get_data()[:300])
    if response.status_code >= 400:
        assert_api_error(response)
    return response


def test_property_amendment_bodies_never_5xx_and_valid_ones_are_accepted(world):
    url = "/api/v1/documents/charte/amendments"

    @PROPERTY_SETTINGS
    @given(body=body_of(["title", "rationale", "markdown", "base_version", "draft"]))
    def any_body(body):
        sent(world, "member_a", "POST", url, body)

    @PROPERTY_SETTINGS
    @given(title=st.text(min_size=1, max_size=200).filter(lambda s: s.strip() and "\x00" not in s),
           rationale=st.text(max_size=300).filter(lambda s: "\x00" not in s),
           extra=st.text(min_size=1, max_size=300).filter(lambda s: "\x00" not in s and s.strip()),
           draft=st.booleans())
    def valid_body(title, rationale, extra, draft):
        body = {"title": title, "rationale": rationale, "draft": draft, "base_version": world.ids["head"],
                "markdown": world.rows["version"][head_version_id(world)]["markdown"] + "\n\n" + extra + "\n"}
        response = sent(world, "member_a", "POST", url, body)
        assert response.status_code in (201, 422), response.status_code
        if response.status_code == 422:  # a refusal must be about the text, with its reason
            assert response.get_json()["error"]["code"] not in ("unknown_field", "invalid_type", "missing_field")

    any_body()
    valid_body()
    assert_still_serving(world)


def head_version_id(world) -> int:
    document = next(row for row in world.rows["document"].values() if row["slug"] == world.ids["doc"])
    return next(key for key, row in world.rows["version"].items()
                if row["document_id"] == document["id"] and row["number"] == world.ids["head"])


def test_property_comment_bodies_never_5xx_and_valid_ones_are_accepted(world):
    url = f"/api/v1/amendments/{world.ids['own_b']}/comments"
    version_url = f"/api/v1/documents/charte/versions/{world.ids['head']}/comments"

    @PROPERTY_SETTINGS
    @given(body=body_of(["body", "clause_id", "quote", "parent_id"]), on_version=st.booleans())
    def any_body(body, on_version):
        sent(world, "member_a", "POST", version_url if on_version else url, body)

    @PROPERTY_SETTINGS
    @given(text=st.text(min_size=1, max_size=2000).filter(lambda s: s.strip() and "\x00" not in s))
    def valid_body(text):
        assert sent(world, "member_a", "POST", url, {"body": text}).status_code == 201
        assert sent(world, "member_a", "POST", version_url,
                    {"body": text, "clause_id": world.ids["clause"]}).status_code == 201

    any_body()
    valid_body()


def test_property_ballot_bodies_never_5xx_and_valid_ones_are_accepted(world):
    url = f"/api/v1/amendments/{world.ids['voting']}/ballot"

    @PROPERTY_SETTINGS
    @given(body=body_of(["choice", "justification"]))
    def any_body(body):
        sent(world, "delegate_b", "PUT", url, body)

    @PROPERTY_SETTINGS
    @given(choice=st.sampled_from(["for", "against", "abstain"]),
           justification=st.none() | st.text(max_size=500).filter(lambda s: "\x00" not in s))
    def valid_body(choice, justification):
        body = {"choice": choice} if justification is None else {"choice": choice, "justification": justification}
        response = sent(world, "delegate_b", "PUT", url, body)
        assert response.status_code == 200 and response.get_json()["choice"] == choice

    any_body()
    valid_body()


def test_a_reply_to_a_parent_id_beyond_32_bits_is_a_404_not_a_500(world):
    """Bug found here: PostgreSQL's INTEGER overflowed on {"parent_id": 2**40} (a 500)."""
    response = world.api("member_a", "POST", f"/api/v1/amendments/{world.ids['own_b']}/comments",
                         {"body": "x", "parent_id": 2**40})
    assert_api_error(response, 404)


def test_a_nul_byte_in_a_form_field_is_a_400_not_a_database_error(world):
    """Bug found here: a NUL in any form field reached the database (saved on SQLite, a 500 on
    PostgreSQL, which refuses NUL in text)."""
    response = world.page("delegate_a", "POST", f"/organisations/{world.ids['org_a']}/edit",
                          {"name": "La Clède\x00"}, restore=False)
    assert response.status_code == 400 and "NUL" in response.get_data(as_text=True)
    assert world.changed_tables() == []


def test_the_token_limiter_does_not_wait_for_a_body_over_the_limit(world, server):
    """Bug found here: the rate limiter's key function read the JSON body (to key on the e-mail)
    before the size was checked, so the answer waited for a body that never came."""
    with time_limit(15):
        answer = announce_and_wait(server, "/api/v1/tokens", "application/json", 50 * 1024 * 1024)
    assert answer.startswith(b"HTTP/1.1 413") and b'"too_large"' in answer
