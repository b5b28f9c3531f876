"""The collective's name and logo instead of fixed words: pages, feeds, mails, PDFs, exports; and its logo."""
from __future__ import annotations

import io
import json
from xml.etree import ElementTree as ET

import pytest
from flask_babel import force_locale
from PIL import Image, PngImagePlugin

from app.auth import notices, second_factor
from app.collective import identity, services
from app.collective.logo import MAX_SIDE, clean_logo
from app.collective.models import Collective
from app.db_types import utcnow
from app.documents import services as document_services
from app.errors import Invalid
from app.extensions import db
from app.mail.models import OutboxMail
from app.portability.export import archive_files
from tests.collective.conftest import png
from tests.support.forms import csrf_token

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def named(app, people):
    """The test world, then its collective named and given a logo (by a facilitator, from the admin page)."""
    services.set_identity(name="Les Chatons du Val", description="Hébergeurs du Val.", languages=["fr", "en"],
                          contact_email="contact@val.example", logo=png(), by=people["facilitator"], now=utcnow())
    document_services.create_document("charte", "Charte", "# Charte\n\nUn.\n", author=people["facilitator"],
                                      now=utcnow())
    db.session.commit()
    identity.rolled_back()
    return identity.current()


def test_before_set_up_the_configured_name_is_used(app, client):
    assert identity.site_name() == app.config["PALABRE_NAME"]
    assert f"· {app.config['PALABRE_NAME']}</title>" in client.get("/").get_data(as_text=True)


def test_pages_show_the_name_the_logo_and_the_contact(named, client):
    html = client.get("/").get_data(as_text=True)
    assert "Les Chatons du Val" in html and "Hébergeurs du Val." in html
    assert f'src="/collective/logo/{named.logo_version}.png"' in html
    assert 'href="mailto:contact@val.example"' in html
    assert "Palabre</title>" not in html


def test_a_change_of_name_shows_at_once_on_kept_pages(named, client, people):
    assert "Les Chatons du Val" in client.get("/documents/charte").get_data(as_text=True)
    services.set_identity(name="Chatons Réunis", description="", languages=["fr"], contact_email="", logo=None,
                          by=people["facilitator"], now=utcnow())
    db.session.commit()
    html = client.get("/documents/charte").get_data(as_text=True)
    assert "Chatons Réunis" in html and "Les Chatons du Val" not in html
    assert named.logo_version in html  # no new logo given: the old one stays


def test_the_logo_is_served_as_png_with_a_long_cache_and_an_old_one_is_gone(named, client):
    response = client.get(f"/collective/logo/{named.logo_version}.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert "immutable" in response.headers["Cache-Control"] and "max-age=31536000" in response.headers["Cache-Control"]
    assert Image.open(io.BytesIO(response.data)).format == "PNG"
    assert client.get("/collective/logo/0000000000000000.png").status_code == 404


def test_feeds_name_the_collective_and_carry_its_logo(named, client):
    feed = ET.fromstring(client.get("/feeds/activity.atom").data)
    assert feed.find(f"{ATOM}title").text.startswith("Les Chatons du Val")
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Les Chatons du Val"
    assert feed.find(f"{ATOM}logo").text.endswith(f"/collective/logo/{named.logo_version}.png")
    assert feed.find(f"{ATOM}icon").text == feed.find(f"{ATOM}logo").text


def test_mails_and_the_second_factor_name_the_collective(named, people):
    row = notices.tell(people["member_a"], "password_changed", now=utcnow())
    assert "Les Chatons du Val" in row.subject
    second_factor.start(people["member_a"])
    assert "issuer=Les%20Chatons%20du%20Val" in second_factor.provisioning_uri(people["member_a"])


def test_the_export_carries_the_identity_and_the_logo(named):
    files = archive_files()
    data = json.loads(files["collective.json"])
    assert data["name"] == "Les Chatons du Val" and data["languages"] == ["fr", "en"]
    assert files["collective_logo.png"] == db.session.get(Collective, 1).logo_png
    assert "collective.json" in files["SHA256SUMS"].decode()
    assert "setup_code" not in files["collective.json"].decode()


def test_printed_texts_carry_the_name_and_the_logo(named, client):
    response = client.get("/documents/charte/versions/1.pdf")
    assert response.status_code == 200
    assert b"/Subtype /Image" in response.data or b"/Subtype/Image" in response.data


def test_the_facilitator_changes_the_identity_from_the_administration(named, client, login_as):
    login_as("facilitator")
    token = csrf_token(client, "/admin/collective")
    response = client.post("/admin/collective", data={
        "csrf_token": token, "name": "Chatons Réunis", "languages": ["fr"], "main_language": "fr",
        "logo": (io.BytesIO(b"GIF89a not really"), "logo.gif")}, content_type="multipart/form-data")
    assert response.status_code == 422 and "PNG, JPEG ou WebP" in response.get_data(as_text=True)
    assert "Chatons Réunis" in response.get_data(as_text=True)  # given back
    assert identity.current().name == "Les Chatons du Val"
    response = client.post("/admin/collective", data={
        "csrf_token": token, "name": "Chatons Réunis", "languages": ["fr"], "main_language": "fr",
        "remove_logo": "y"}, content_type="multipart/form-data")
    assert response.status_code == 302
    identity.rolled_back()
    assert identity.current().name == "Chatons Réunis" and identity.current().logo_version is None


@pytest.mark.parametrize("make, sentence", [
    (lambda: b"<svg xmlns='http://www.w3.org/2000/svg'/>", "SVG is not accepted"),
    (lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "SVG is not accepted"),
    (lambda: png(fmt="PNG") + b"\0" * (1024 * 1024), "at most 1024 KB"),
])
def test_a_bad_logo_is_refused_with_a_sentence(app, make, sentence):
    with force_locale("en"), pytest.raises(Invalid) as refused:
        clean_logo(make())
    assert sentence in refused.value.message and refused.value.status == 422


def test_an_enormous_image_in_a_small_file_is_refused_before_it_is_decoded(app):
    big = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(big, "PNG")
    assert len(big.getvalue()) < 1024 * 1024
    with force_locale("en"), pytest.raises(Invalid) as refused:
        clean_logo(big.getvalue())
    assert "too many pixels" in refused.value.message


def test_a_jpeg_or_webp_logo_becomes_a_bounded_png_without_its_metadata(app):
    for fmt in ("JPEG", "WEBP"):
        cleaned, version = clean_logo(png(2000, 1000, fmt=fmt))
        image = Image.open(io.BytesIO(cleaned))
        assert image.format == "PNG" and max(image.size) == MAX_SIDE and len(version) == 16
    with_text = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    Image.new("RGB", (10, 10)).save(with_text, "PNG", pnginfo=info)
    assert b"script" not in clean_logo(with_text.getvalue())[0]


def test_invitation_mails_are_named_after_the_collective(named, people):
    services.invite_organisations([("Nouvelle", "x@nouvelle.example")], by=people["facilitator"], language="fr",
                                  now=utcnow())
    mail = db.session.scalar(db.select(OutboxMail).filter_by(kind="invitation"))
    assert "Les Chatons du Val" in mail.subject and "Les Chatons du Val" in mail.text_body
