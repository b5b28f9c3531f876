"""Setting up a collective on an empty instance, and changing its identity afterwards. No request needed.

`set_up` is the whole first start in one transaction: the identity, the first facilitator, the first
organisations (each invited by its contact, as delegate), the first texts, and the record's entry. Any refusal
raises before the caller commits, so nothing is half made; `Refused.field` says which field it is about.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import exists, select

from app.audit.services import record as audit
from app.auth import services as auth_services
from app.collective import identity
from app.collective.logo import clean_logo
from app.collective.models import THE_ROW, Collective
from app.documents import services as document_services
from app.documents.queries import find_document
from app.errors import Conflict, Invalid, PalabreError
from app.extensions import db
from app.mail import services as mail_services
from app.members import services as member_services
from app.members.models import Person
from app.oneline import one_line
from app.printing.office import import_text
from app.urls import app_path

LANGUAGES = ("fr", "en")
MAX_DESCRIPTION = 500
MAX_ORGANISATIONS = 100
MAX_TEXTS = 3


class Refused(Invalid):
    """A refusal of the set-up, naming the field it is about."""

    def __init__(self, field_name: str, error: PalabreError):
        super().__init__(error.message, code=error.code, status=error.status)
        self.field = field_name


@dataclass
class FirstText:
    title: str
    filename: str
    data: bytes


@dataclass
class Founding:
    """Everything the set-up page (or `flask setup`) was given."""
    name: str
    description: str
    languages: list[str]
    contact_email: str
    facilitator_name: str
    facilitator_email: str
    password: str
    logo: bytes | None = None
    short_name: str = ""
    organisations: str = ""              # one "Name, contact@address" per line
    texts: list[FirstText] = field(default_factory=list)
    language: str = "fr"                 # the language of whoever fills the form in


def is_set_up() -> bool:
    """Set up, or in use from before the set-up page existed (it has people), or seeded with the demo."""
    done = db.session.scalar(select(Collective.set_up_at).where(Collective.id == THE_ROW))
    return done is not None or bool(db.session.scalar(select(exists().where(Person.id.is_not(None)))))


def the_row() -> Collective:
    row = db.session.get(Collective, THE_ROW)
    if row is None:
        row = Collective(id=THE_ROW)
        db.session.add(row)
    return row


def _field(name: str, check, *args, **kwargs):
    try:
        return check(*args, **kwargs)
    except Refused:
        raise
    except PalabreError as error:
        raise Refused(name, error) from None


def check_languages(languages: list[str]) -> str:
    chosen = [code for code in dict.fromkeys(languages) if code in LANGUAGES]
    if not chosen:
        raise Invalid(_("Choose at least one language."), code="invalid_languages")
    return ",".join(chosen)


def check_identity(name: str, description: str, contact_email: str) -> tuple[str, str, str]:
    name = one_line(name or "")
    if not name or len(name) > 200:
        raise Refused("name", Invalid(_("The collective's name is required (at most 200 characters)."),
                                      code="invalid_name"))
    description = (description or "").strip()
    if len(description) > MAX_DESCRIPTION:
        raise Refused("description", Invalid(_("The description has %(n)d characters; at most %(max)d are "
                                               "accepted.", n=len(description), max=MAX_DESCRIPTION)))
    contact = auth_services.normalise_email(contact_email or "")
    if contact:
        _field("contact_email", auth_services.check_email, contact)
    return name, description, contact


def check_short_name(short_name: str) -> str:
    short_name = one_line(short_name or "")
    if len(short_name) > 40:
        raise Refused("short_name", Invalid(_("The short name has %(n)d characters; at most %(max)d are accepted.",
                                              n=len(short_name), max=40)))
    return short_name


def set_identity(*, name: str, description: str, languages: list[str], contact_email: str,
                 logo: bytes | None, remove_logo: bool = False, by: Person | None, now: datetime,
                 first: bool = False, short_name: str = "") -> Collective:
    """Change who the collective is (the logo only when a new one is given, or removed)."""
    name, description, contact = check_identity(name, description, contact_email)
    codes = _field("languages", check_languages, languages)
    short_name = check_short_name(short_name)
    cleaned = _field("logo", clean_logo, logo) if logo else None
    row = the_row()
    row.name, row.short_name, row.description = name, short_name, description
    row.languages, row.contact_email = codes, contact
    if cleaned is not None:
        row.logo_png, row.logo_version = cleaned
    elif remove_logo:
        row.logo_png = row.logo_version = None
    # An instance in use from before the set-up page existed is set up by its first change of identity.
    row.set_up_at = row.set_up_at or now
    db.session.flush()
    identity.forget()
    if not first:
        audit("collective.changed", by=by, now=now, name=name, languages=codes, logo=row.logo_version)
    return row


def parse_organisations(text: str) -> list[tuple[str, str]]:
    """(name, contact address) of each line "Name, address" (or "Name <address>", "Name; address")."""
    found = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        name, email = _split_line(line)
        if not name or "@" not in email:
            raise Refused("organisations", Invalid(_("Line %(n)d, “%(line)s”: write the organisation's name, "
                                                     "a comma, then its contact's e-mail address.", n=number,
                                                     line=line)))
        _field("organisations", auth_services.check_email, auth_services.normalise_email(email))
        found.append((one_line(name), auth_services.normalise_email(email)))
    if len(found) > MAX_ORGANISATIONS:
        raise Refused("organisations", Invalid(_("At most %(n)d organisations at once: invite the others later.",
                                                 n=MAX_ORGANISATIONS)))
    return found


def _split_line(line: str) -> tuple[str, str]:
    if line.endswith(">") and "<" in line:
        name, _sep, email = line[:-1].rpartition("<")
        return name.strip(" ,;"), email.strip()
    for separator in (",", ";", "\t"):
        if separator in line:
            name, _sep, email = line.rpartition(separator)
            return name.strip(), email.strip()
    return "", line


def invite_organisations(lines: list[tuple[str, str]], *, by: Person, language: str,
                         now: datetime) -> list[tuple[str, str]]:
    """Each organisation made a member, its contact invited as its delegate; (address, link path) of each."""
    days = current_app.config["INVITATION_DAYS"]
    links = []
    for name, email in lines:
        organisation = _field("organisations", member_services.create_organisation,
                              member_services.free_slug(name, member_services.find_organisation, "organisation"), name,
                              status="member", joined_on=now.date())
        _invitation, secret = _field("organisations", auth_services.create_invitation, email, organisation,
                                     by=by, now=now, days=days, as_delegate=True)
        path = app_path("auth.accept_invitation", secret=secret)
        mail_services.queue_invitation(email, organisation=organisation, link=path, days=days, language=language,
                                       now=now)
        links.append((email, path))
    return links


def create_texts(texts: list[FirstText], *, by: Person, now: datetime) -> list[str]:
    """Each text's version 1 from its file (Markdown, text, ODT or DOCX); the slugs made."""
    if len(texts) > MAX_TEXTS:
        raise Refused("texts", Invalid(_("At most %(n)d texts at once.", n=MAX_TEXTS)))
    slugs = []
    for text in texts:
        markdown = _field("texts", import_text, text.data, text.filename)
        document = _field("texts", document_services.create_document,
                          member_services.free_slug(text.title, find_document, "texte"), text.title, markdown,
                          author=by, now=now, summary=_("First version"))
        slugs.append(document.slug)
    return slugs


def set_up(founding: Founding, *, now: datetime) -> tuple[Person, list[tuple[str, str]]]:
    """The first start: refused once done. The first facilitator, and the invitations' (address, link path)."""
    if is_set_up():
        raise Conflict(_("This collective is already set up."), code="already_set_up")
    organisations = parse_organisations(founding.organisations)
    if not one_line(founding.facilitator_name or ""):
        raise Refused("facilitator_name", Invalid(_("A name is required.")))
    _field("password", auth_services.check_password_strength, founding.password or "")
    row = set_identity(name=founding.name, description=founding.description, languages=founding.languages,
                       contact_email=founding.contact_email, logo=founding.logo, by=None, now=now, first=True,
                       short_name=founding.short_name)
    facilitator = _field("facilitator_email", auth_services.create_person, founding.facilitator_email,
                         founding.facilitator_name, password=founding.password, is_facilitator=True,
                         language=founding.language if founding.language in LANGUAGES else "fr")
    row.setup_code_hash = row.setup_code_at = None
    links = invite_organisations(organisations, by=facilitator, language=row.languages.split(",")[0], now=now)
    slugs = create_texts(founding.texts, by=facilitator, now=now)
    audit("collective.set_up", by=facilitator, now=now, name=row.name, languages=row.languages,
          organisations=[name for name, _email in organisations], documents=slugs)
    return facilitator, links
