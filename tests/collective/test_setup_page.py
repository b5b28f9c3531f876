"""The set-up page of a first start (issue 17.2): the one-time code, once; the identity, the facilitator, the
first organisations and texts; closed for ever afterwards."""
from __future__ import annotations

import io
import logging

from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.auth.models import Invitation
from app.collective.models import Collective
from app.documents.models import Document
from app.extensions import db
from app.mail.models import OutboxMail
from app.members.models import Organisation, Person
from tests.collective.conftest import png
from tests.support.forms import csrf_token

CHARTER = "# Charte\n\nNous hébergeons des services libres.\n"


def form(code: str, **overrides) -> dict:
    data = {"code": code, "name": "Les Chatons du Val", "description": "Hébergeurs associatifs du Val.",
            "languages": ["fr", "en"], "main_language": "fr", "contact_email": "contact@val.example",
            "facilitator_name": "Inès Martin", "facilitator_email": "ines@val.example",
            "password": "un mot de passe assez long",
            "organisations": "Le Nuage du Val, sofie@nuage.example\nForge & Bits <erwan@forge.example>\n",
            "text_title_1": "Charte", "text_file_1": (io.BytesIO(CHARTER.encode()), "charte.md"),
            "logo": (io.BytesIO(png()), "logo.png")}
    data.update(overrides)
    return data


def send(client, data):
    data = {"csrf_token": csrf_token(client, "/setup"), **data}
    return client.post("/setup", data=data, content_type="multipart/form-data")


def english(app):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_an_empty_instance_sends_everyone_to_the_setup_page_and_prints_a_code_once(empty_app, caplog):
    client = english(empty_app)
    with caplog.at_level(logging.WARNING, logger="palabre.setup"):
        response = client.get("/documents")
        client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/setup")
    assert caplog.text.count("one-time code") == 1
    assert "/setup" in caplog.text
    stored = db.session.get(Collective, 1)
    assert stored.setup_code_hash and stored.setup_code_hash not in caplog.text  # only its hash is kept
    page = client.get("/setup")
    assert page.status_code == 200 and "one-time code" in page.get_data(as_text=True).lower()


def test_a_wrong_code_is_refused_everything_typed_comes_back_and_attempts_are_limited(empty_app, printed_code):
    client = english(empty_app)
    response = send(client, form("AAAAA-BBBBB-CCCCC-DDDDD"))
    html = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "not the code printed" in html
    assert "Les Chatons du Val" in html and "sofie@nuage.example" in html  # what was typed is given back
    assert "un mot de passe assez long" not in html                          # but never the password
    assert count(Person) == 0 and count(Organisation) == 0
    assert send(client, form("AAAAA-BBBBB-CCCCC-DDDDE")).status_code == 401
    assert send(client, form("AAAAA-BBBBB-CCCCC-DDDDF")).status_code == 401
    limited = send(client, form(printed_code))  # the right one, but after three wrong ones within the minute
    assert limited.status_code == 429
    assert count(Person) == 0


def test_the_code_sets_the_collective_up_once_and_the_page_is_closed_for_ever(empty_app, printed_code):
    client = english(empty_app)
    response = send(client, form(printed_code.lower().replace("-", " ")))  # typed loosely: still the code
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert response.headers["Location"].endswith("/")
    home = client.get("/").get_data(as_text=True)
    assert "Inès Martin" in home                       # logged in, on the home page
    assert "Les Chatons du Val" in home and "Hébergeurs associatifs du Val." in home
    facilitator = db.session.scalar(select(Person).filter_by(email="ines@val.example"))
    assert facilitator.is_facilitator
    assert {o.name for o in db.session.scalars(select(Organisation))} == {"Le Nuage du Val", "Forge & Bits"}
    invitations = db.session.scalars(select(Invitation)).all()
    assert {i.email for i in invitations} == {"sofie@nuage.example", "erwan@forge.example"}
    assert all(i.as_delegate and i.invited_by_id == facilitator.id for i in invitations)
    mails = db.session.scalars(select(OutboxMail).filter_by(kind="invitation")).all()
    assert len(mails) == 2 and all("Les Chatons du Val" in m.subject for m in mails)
    charter = db.session.scalar(select(Document).filter_by(slug="charte"))
    assert charter.title == "Charte" and charter.versions[0].markdown == CHARTER
    entry = db.session.scalar(select(AuditEntry).filter_by(kind="collective.set_up"))
    assert entry.actor_id == facilitator.id and "Les Chatons du Val" in entry.detail_json
    assert "\"documents\": [\"charte\"]" in entry.detail_json
    row = db.session.get(Collective, 1)
    assert row.setup_code_hash is None and row.languages == "fr,en" and row.contact_email == "contact@val.example"
    # Closed: the same code, another browser, any method.
    other = english(empty_app)
    assert other.get("/setup").status_code == 404
    assert "already set up" in other.get("/setup").get_data(as_text=True)
    again = other.post("/setup", data=form(printed_code), content_type="multipart/form-data")
    assert again.status_code in (400, 404) and count(Person) == 1
    assert other.get("/documents").status_code == 200  # no more redirect


def test_a_bad_logo_is_refused_with_a_sentence_and_nothing_is_made(empty_app, printed_code):
    client = english(empty_app)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = send(client, form(printed_code, logo=(io.BytesIO(svg), "logo.svg")))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "PNG, JPEG or WebP" in html and "SVG is not accepted" in html
    assert "Les Chatons du Val" in html and "Inès Martin" in html
    assert count(Person) == 0 and count(Organisation) == 0 and count(Document) == 0
    assert db.session.get(Collective, 1).set_up_at is None
    # The code was right: it still works for the corrected form.
    assert send(client, form(printed_code)).status_code == 302


def test_a_refused_line_of_organisations_names_the_line(empty_app, printed_code):
    response = send(english(empty_app), form(printed_code, organisations="Le Nuage du Val sans adresse"))
    assert response.status_code == 422
    assert "Line 1" in response.get_data(as_text=True)
    assert count(Person) == 0


def test_a_taken_facilitator_address_and_a_short_password_are_said_beside_their_fields(empty_app, printed_code):
    response = send(english(empty_app), form(printed_code, password="court"))
    assert response.status_code == 422 and "at least 8 characters" in response.get_data(as_text=True)
    assert count(Person) == 0


def test_the_set_up_page_in_french(empty_app, printed_code):
    page = empty_app.test_client().get("/setup", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Mettre en place votre collectif" in page
    assert "code à usage unique" in page
