"""flask setup and flask setup-code: the first start from a script."""
from __future__ import annotations

from sqlalchemy import select

from app.auth import services as auth_services
from app.auth.models import Invitation
from app.collective import identity, setup_code
from app.collective.models import Collective
from app.db_types import utcnow
from app.documents.models import Document
from app.extensions import db
from app.members.models import Person
from tests.collective.conftest import png


def test_flask_setup_sets_up_an_empty_instance_once(app, runner, tmp_path):
    (tmp_path / "orgs.txt").write_text("Le Nuage du Val, sofie@nuage.example\n\nForge & Bits; erwan@forge.example\n")
    (tmp_path / "charte.md").write_text("# Charte\n\nUn.\n")
    (tmp_path / "manifeste.md").write_text("# Manifeste\n\nDeux.\n")
    (tmp_path / "logo.png").write_bytes(png())
    args = ["setup", "--name", "Les Chatons du Val", "--description", "Du Val.", "--language", "en", "--language", "fr",
            "--contact", "contact@val.example", "--logo", str(tmp_path / "logo.png"),
            "--facilitator-name", "Inès", "--facilitator-email", "ines@val.example", "--password-stdin",
            "--organisations", str(tmp_path / "orgs.txt"),
            "--text", "Charte", str(tmp_path / "charte.md"), "--text", "Manifeste", str(tmp_path / "manifeste.md")]
    result = runner.invoke(args=args, input="un mot de passe assez long\n")
    assert result.exit_code == 0, result.output
    assert "Invited sofie@nuage.example: http" in result.output and "/invitations/" in result.output
    identity.rolled_back()
    assert identity.current().name == "Les Chatons du Val" and identity.current().languages == ("en", "fr")
    assert identity.current().logo_version
    assert db.session.scalar(select(Person).filter_by(email="ines@val.example")).is_facilitator
    assert len(db.session.scalars(select(Invitation)).all()) == 2
    assert {d.slug for d in db.session.scalars(select(Document))} == {"charte", "manifeste"}
    again = runner.invoke(args=args, input="un mot de passe assez long\n")
    assert again.exit_code != 0 and "already set up" in again.output


def test_flask_setup_refuses_a_bad_logo_with_a_sentence_and_makes_nothing(app, runner, tmp_path):
    (tmp_path / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    result = runner.invoke(args=["setup", "--name", "Val", "--logo", str(tmp_path / "logo.svg"),
                                 "--facilitator-name", "Inès", "--facilitator-email", "ines@val.example",
                                 "--password-stdin"], input="un mot de passe assez long\n")
    assert result.exit_code != 0 and "SVG" in result.output
    assert db.session.scalar(select(Person)) is None


def test_flask_setup_code_prints_a_code_that_opens_the_page_once(app, runner):
    result = runner.invoke(args=["setup-code"])
    assert result.exit_code == 0
    code = result.output.strip().rsplit(" ", 1)[-1]
    assert setup_code.matches(code, now=utcnow())
    assert not setup_code.matches("AAAAA-BBBBB-CCCCC-DDDDD", now=utcnow())
    newer = runner.invoke(args=["setup-code"]).output.strip().rsplit(" ", 1)[-1]
    db.session.expire_all()
    assert not setup_code.matches(code, now=utcnow()) and setup_code.matches(newer, now=utcnow())
    assert db.session.get(Collective, 1).setup_code_hash != newer


def test_flask_setup_code_refuses_once_set_up(app, runner, people):
    result = runner.invoke(args=["setup-code"])
    assert result.exit_code != 0 and "already set up" in result.output


def test_a_code_is_used_up_by_one_set_up_only_and_given_back_by_a_rollback(app, runner):
    code = runner.invoke(args=["setup-code"]).output.strip().rsplit(" ", 1)[-1]
    assert setup_code.use(code, now=utcnow())
    assert not setup_code.use(code, now=utcnow())  # a second set-up with the same code finds none
    db.session.rollback()                            # the first one was refused after all
    assert setup_code.use(code, now=utcnow())


def test_flask_setup_asks_for_what_it_was_not_given(app, runner):
    answers = "Les Chatons du Val\nInès\nines@val.example\nun mot de passe assez long\nun mot de passe assez long\n"
    result = runner.invoke(args=["setup"], input=answers)
    assert result.exit_code == 0, result.output
    assert "Password of the first facilitator" in result.output and "un mot de passe" not in result.output
    identity.rolled_back()
    assert identity.current().name == "Les Chatons du Val"
    assert auth_services.authenticate("ines@val.example", "un mot de passe assez long") is not None
