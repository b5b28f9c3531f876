"""Facilitators manage organisations and people; nobody else can."""
from __future__ import annotations

from app.extensions import db
from app.members.models import Organisation, Person
from tests.conftest import PASSWORD
from tests.support.forms import login, post_form


def test_only_facilitators_reach_the_admin_pages(client, people, login_as):
    assert client.get("/admin/").status_code == 302  # visitor: to the log-in page
    login_as("delegate_a")
    assert client.get("/admin/").status_code == 403
    assert client.post("/admin/organisations/new", data={}).status_code in (400, 403)


def test_facilitator_creates_an_organisation(client, people, login_as):
    login_as("facilitator")
    response = post_form(client, "/admin/organisations/new", {
        "slug": "la-ruche", "name": "La Ruche", "status": "candidate", "website": "https://ruche.example",
        "city": "Nantes", "description": "Une petite ruche."})
    assert response.status_code == 302
    organisation = db.session.query(Organisation).filter_by(slug="la-ruche").one()
    assert (organisation.status, organisation.city) == ("candidate", "Nantes")


def test_an_organisation_s_short_name_is_made_from_its_name_when_left_empty(client, people, login_as):
    """Issue 21 (forms): the facilitator had to make up the address's short name by hand."""
    login_as("facilitator")
    form = client.get("/admin/organisations/new").get_data(as_text=True)
    assert 'name="slug"' in form and 'id="slug" name="slug" required' not in form
    assert 'class="field__required" aria-hidden="true">(obligatoire)' in form  # the name is required, marked
    response = post_form(client, "/admin/organisations/new", {
        "slug": "", "name": "Les Chatons du Côté", "status": "member", "description": ""})
    assert response.status_code == 302
    assert db.session.query(Organisation).filter_by(name="Les Chatons du Côté").one().slug == "les-chatons-du-cote"


def test_invalid_organisation_gives_the_text_back(client, people, login_as):
    login_as("facilitator")
    response = post_form(client, "/admin/organisations/new", {
        "slug": "Pas Valide!", "name": "Nom gardé", "status": "member", "description": "Texte gardé"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Nom gardé" in html and "Texte gardé" in html


def test_facilitator_deactivates_a_person_who_then_cannot_log_in(app, client, people, login_as):
    login_as("facilitator")
    member = people["member_a"]
    response = post_form(client, f"/admin/people/{member.id}", {
        "name": member.name, "organisation": people["org_a"].id, "is_active": ""})
    assert response.status_code == 302
    assert db.session.get(Person, member.id).is_active_account is False
    other = app.test_client()
    response = post_form(other, "/login", {"email": member.email, "password": PASSWORD})
    assert response.status_code == 401


def test_facilitator_makes_someone_a_delegate(client, people, login_as):
    login_as("facilitator")
    member = people["member_a"]
    post_form(client, f"/admin/people/{member.id}", {
        "name": member.name, "organisation": people["org_a"].id, "is_delegate": "y", "is_active": "y"})
    assert db.session.get(Person, member.id).is_delegate is True


def test_facilitator_creates_a_person_with_a_password(app, client, people, login_as):
    login_as("facilitator")
    response = post_form(client, "/admin/people/new", {
        "email": "Neo@B.example", "name": "Néo", "organisation": people["org_b"].id,
        "password": "assez long", "is_active": "y"})
    assert response.status_code == 302
    login(app.test_client(), "neo@b.example", "assez long")
