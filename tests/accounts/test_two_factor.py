"""Issue 17.4: two-factor authentication (TOTP) from the account page, recovery codes shown once, required of
facilitators by an instance setting; API tokens only after the second factor."""
from __future__ import annotations

import re
from datetime import timedelta

import pyotp
from sqlalchemy import select

from app import policy
from app.audit.models import AuditEntry
from app.auth import second_factor
from app.db_types import utcnow
from app.extensions import db
from app.mail.models import OutboxMail
from app.portability.export import archive_files
from tests.conftest import PASSWORD
from tests.support.forms import csrf_token, post_form

SECRET = re.compile(r"<code class=\"totp-secret\">([A-Z2-7 ]+)</code>")
CODES = re.compile(r"<li><code>([0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4})</code></li>")


def code_at(secret: str, offset_steps: int = 0) -> str:
    return pyotp.TOTP(secret.replace(" ", "")).at(utcnow() + timedelta(seconds=30 * offset_steps))


def turn_on(client) -> tuple[str, list[str]]:
    """Through the account page: the password, the QR page, the first code; (secret, recovery codes)."""
    page = post_form(client, "/account/two-factor/start", {"tf-current_password": PASSWORD}, token_from="/account")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<svg" in html
    secret = SECRET.search(html).group(1)
    done = client.post("/account/two-factor/confirm", data={"csrf_token": csrf_token(client, "/account"),
                                                            "confirm-code": code_at(secret, -1)})
    codes = CODES.findall(done.get_data(as_text=True))
    assert done.status_code == 200 and len(codes) == 10
    return secret, codes


def log_in(client, email: str):
    return post_form(client, "/login", {"email": email, "password": PASSWORD})


def test_turning_it_on_asks_for_the_password_and_a_right_code(client, people, login_as):
    login_as("member_a")
    refused = post_form(client, "/account/two-factor/start", {"tf-current_password": "wrong"}, token_from="/account")
    assert refused.status_code == 422 and people["member_a"].totp_sealed_secret is None
    page = post_form(client, "/account/two-factor/start", {"tf-current_password": PASSWORD}, token_from="/account")
    secret = SECRET.search(page.get_data(as_text=True)).group(1)
    wrong = client.post("/account/two-factor/confirm", data={"csrf_token": csrf_token(client, "/account"),
                                                             "confirm-code": "000000"})
    assert wrong.status_code == 422 and SECRET.search(wrong.get_data(as_text=True)).group(1) == secret
    db.session.expire_all()
    assert not people["member_a"].has_second_factor


def test_logging_in_then_asks_for_a_code_used_once(app, client, people, login_as):
    login_as("member_a")
    secret, _codes = turn_on(client)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "account.two_factor_on"))
    assert entry is not None and entry.public is False
    notice = db.session.scalar(select(OutboxMail).where(OutboxMail.kind == "account_notice"))
    assert notice.to_address == people["member_a"].email and "activée" in notice.text_body
    browser = app.test_client()
    first = log_in(browser, people["member_a"].email)
    assert first.headers["Location"].endswith("/login/two-factor")
    assert browser.get("/account").status_code == 302  # not logged in yet
    code = code_at(secret)
    assert post_form(browser, "/login/two-factor", {"code": "123456" if code != "123456" else "654321"}
                     ).status_code == 401
    assert post_form(browser, "/login/two-factor", {"code": code}).status_code == 302
    assert browser.get("/account").status_code == 200
    again = app.test_client()
    log_in(again, people["member_a"].email)
    assert post_form(again, "/login/two-factor", {"code": code}).status_code == 401  # the same code twice: no


def test_a_recovery_code_logs_in_once(app, client, people, login_as):
    login_as("member_a")
    _secret, codes = turn_on(client)
    for expected in (302, 401):
        browser = app.test_client()
        log_in(browser, people["member_a"].email)
        assert post_form(browser, "/login/two-factor", {"code": codes[0].upper()}).status_code == expected
    assert "9 codes de secours restants" in client.get("/account").get_data(as_text=True)


def test_the_half_logged_in_step_expires(app, client, people, login_as, monkeypatch):
    from app.auth import login_flow

    login_as("member_a")
    secret, _codes = turn_on(client)
    browser = app.test_client()
    log_in(browser, people["member_a"].email)
    monkeypatch.setattr(login_flow, "PENDING_FOR", timedelta(seconds=-1))
    assert post_form(browser, "/login/two-factor", {"code": code_at(secret)}, token_from="/login").headers[
        "Location"].endswith("/login")


def test_api_tokens_need_the_second_factor(client, people, login_as):
    login_as("member_a")
    secret, codes = turn_on(client)
    credentials = {"email": people["member_a"].email, "password": PASSWORD}
    refused = client.post("/api/v1/tokens", json=credentials)
    assert refused.status_code == 401 and refused.get_json()["error"]["code"] == "second_factor_required"
    assert client.post("/api/v1/tokens", json={**credentials, "code": "000000"}).status_code == 401
    assert client.post("/api/v1/tokens", json={**credentials, "code": code_at(secret)}).status_code == 201
    assert client.post("/api/v1/tokens", json={**credentials, "code": codes[1]}).status_code == 201


def test_required_of_facilitators_their_rights_wait_for_it(app, client, people, login_as):
    app.config["FACILITATOR_TWO_FACTOR"] = True
    facilitator = login_as("facilitator")
    assert client.get("/admin/").status_code == 403
    assert "exige l’authentification à deux facteurs" in client.get("/").get_data(as_text=True)
    token = client.post("/api/v1/tokens", json={"email": facilitator.email, "password": PASSWORD})
    assert token.status_code == 403 and token.get_json()["error"]["code"] == "second_factor_missing"
    secret, _codes = turn_on(client)
    assert client.get("/admin/").status_code == 200
    db.session.expire_all()
    assert policy.is_facilitator(facilitator)
    off = post_form(client, "/account/two-factor/off", {"tfoff-current_password": PASSWORD,
                                                        "tfoff-code": code_at(secret, 1)}, token_from="/account")
    assert off.status_code == 422  # required: it stays on
    db.session.expire_all()
    assert facilitator.has_second_factor


def test_turning_it_off_asks_for_the_password_and_a_code(client, people, login_as):
    login_as("member_a")
    secret, _codes = turn_on(client)
    data = {"tfoff-current_password": PASSWORD, "tfoff-code": "000000"}
    assert post_form(client, "/account/two-factor/off", data, token_from="/account").status_code == 422
    data["tfoff-code"] = code_at(secret, 1)
    assert post_form(client, "/account/two-factor/off", data, token_from="/account").status_code == 302
    db.session.expire_all()
    assert not people["member_a"].has_second_factor and people["member_a"].totp_sealed_secret is None


def test_new_recovery_codes_replace_the_old_ones(app, client, people, login_as):
    login_as("member_a")
    _secret, old = turn_on(client)
    page = post_form(client, "/account/two-factor/recovery-codes", {"tf-current_password": PASSWORD},
                     token_from="/account")
    new = CODES.findall(page.get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    browser = app.test_client()
    log_in(browser, people["member_a"].email)
    assert post_form(browser, "/login/two-factor", {"code": old[0]}).status_code == 401


def test_the_expired_session_page_asks_for_the_code_too(app, client, people, login_as):
    login_as("member_a")
    secret, _codes = turn_on(client)
    browser = app.test_client()
    form = {"resume-email": people["member_a"].email, "resume-password": PASSWORD, "resume-next": "/account",
            "resume-resume_token": "x"}
    page = browser.post("/account", data={"name": "Nouveau", "language": "fr", "csrf_token": "stale"})
    token = re.search(r'name="resume-resume_token"[^>]*value="([^"]+)"', page.get_data(as_text=True)).group(1)
    form["resume-resume_token"] = token
    assert browser.post("/login/resume", data=form).status_code == 401
    form["resume-code"] = code_at(secret)
    assert browser.post("/login/resume", data=form).status_code == 307


def test_the_administrator_turns_it_off_for_someone_who_lost_everything(client, runner, people, login_as):
    login_as("member_a")
    turn_on(client)
    result = runner.invoke(args=["two-factor-off", people["member_a"].email])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert not people["member_a"].has_second_factor
    assert runner.invoke(args=["two-factor-off", "nobody@nowhere.example"]).exit_code == 1


def test_the_export_keeps_the_two_factor_secret_out(client, people, login_as):
    login_as("member_a")
    secret, _codes = turn_on(client)
    secret = secret.replace(" ", "")
    db.session.expire_all()
    sealed = people["member_a"].totp_sealed_secret
    assert sealed.encode() not in archive_files()["people.json"]
    backup = archive_files(with_password_hashes=True)["people.json"]
    # A full backup carries it sealed: it opens only where PALABRE_TOTP_KEYS are the same.
    assert sealed.encode() in backup and secret.encode() not in backup
    assert second_factor.secret_of(people["member_a"]) == secret
