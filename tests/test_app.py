"""The foundation: configuration, pages, headers, errors, language."""
from __future__ import annotations

import pytest

from app import create_app
from app.security import CONTENT_SECURITY_POLICY
from config import ProductionConfig


def test_home_page_renders_in_french_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="fr">' in response.get_data(as_text=True)


def test_english_is_chosen_from_the_browser(client):
    html = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.8"}).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "How it works" in html


def test_every_page_has_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert policy == CONTENT_SECURITY_POLICY
    assert "'unsafe-inline'" not in policy and "script-src 'self'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_unknown_page_is_a_finished_404_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "n’existe pas" in response.get_data(as_text=True) or "existe pas" in response.get_data(as_text=True)


def test_unknown_api_path_answers_json_error(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"
    assert response.json["error"]["message"]


def test_api_wrong_method_answers_json_405(client):
    response = client.delete("/api/v1/organisations")
    assert response.status_code == 405
    assert response.json["error"]["code"] == "method_not_allowed"


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", None)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig)


def test_too_large_body_is_refused_with_a_sentence(client):
    response = client.post("/api/v1/tokens", data=b"x" * (3 * 1024 * 1024), content_type="application/json")
    assert response.status_code == 413
    assert response.json["error"]["code"] == "too_large"


def test_private_instance_sends_visitors_to_login(app, client):
    app.config["PALABRE_PUBLIC"] = False
    response = client.get("/organisations")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/api/v1/organisations").status_code == 401


def test_a_refused_form_page_says_the_text_is_still_in_the_form(client):
    from tests.support.forms import post_form

    response = post_form(client, "/login", {"email": "a\x00b@example.org", "password": "x"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "caractère NUL" in page
    assert "Ce que vous avez saisi est encore dans le formulaire : revenez-y avec le bouton Retour" in page
    assert "bouton Retour" not in client.get("/nowhere").get_data(as_text=True)  # a lost page: nothing typed
