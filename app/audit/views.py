"""/audit: the public record (filtered, paginated); facilitators also see the private entries."""
from __future__ import annotations

import json

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import pgettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import policy
from app.audit import reading, services
from app.amendments.models import Amendment
from app.audit.models import AuditEntry
from app.documents.models import Document, Version
from app.errors import NotFound
from app.extensions import db
from app.members.models import Organisation, Person
from app.urls import page_number
from app.votes.models import Vote
from app.votes.subjects import about, vote_name

bp = Blueprint("audit", __name__)


def kind_label(kind: str) -> str:
    """What happened, in the reader's language."""
    labels = {
        "amendment.created": _("amendment proposed"), "amendment.edited": _("amendment edited"),
        "amendment.state_changed": _("amendment state changed"), "vote.opened": _("vote opened"),
        "vote.cancelled": _("vote cancelled"), "vote.closed": _("vote closed"),
        "vote.closed_early": _("vote closed before its deadline"), "vote.extended": _("vote extended"),
        "vote.reminded": _("late voters reminded"),
        "vote.requested": _("vote asked for"), "proxy.given": _("proxy given"), "proxy.revoked": _("proxy revoked"),
        "proxy.replaced": _("proxy replaced by the organisation's own ballot"), "ballot.cast": _("ballot cast"),
        "ballot.changed": _("ballot changed"), "version.created": _("new version"),
        "comment.edited": _("comment edited"), "comment.hidden": _("comment hidden"),
        "role.changed": _("roles changed"), "membership.changed": _("membership changed"),
        "membership.applied": _("application to join"), "rules.changed": _("rules changed"),
        "authorisation.refused": _("refused attempt"), "membership.contact_confirmed": _("contact's e-mail confirmed"),
        "membership.confirmation_sent_again": _("confirmation link sent again"), "export.downloaded": _("export downloaded"),
        "account.password_reset": _("password reset by e-mail"), "account.two_factor_on": _("two-factor authentication on"),
        "account.two_factor_off": _("two-factor authentication off"),
        "account.recovery_code_used": _("recovery code used"), "account.session_ended": _("session logged out"),
        "collective.set_up": _("collective set up"), "collective.changed": _("collective's name or logo changed"),
    }
    return labels.get(kind, kind)


def object_label(entry: AuditEntry) -> str:
    """“amendment 12”, in the reader's language."""
    names = {
        "amendment": _("amendment"), "vote": _("vote"), "version": _("version"), "comment": pgettext("object of the record", "comment"),
        "person": _("person"), "organisation": _("organisation"), "application": _("application"),
        "document": _("document"), "membership_rules": _("membership rules"),
    }
    if entry.object_type == "vote" and entry.object_id is not None:
        # "vote 8" next to "amendment 10" read as a vote on amendment 8: name what was voted on.
        vote = db.session.get(Vote, entry.object_id)  # loaded by links_of
        if vote is not None:
            return vote_name(vote)
    name = names.get(entry.object_type, entry.object_type)
    return f"{name} {entry.object_id}" if entry.object_id is not None else name


def links_of(entries: list[AuditEntry]) -> dict[int, tuple[str | None, str]]:
    """entry id -> its object's address and name, the versions, votes and organisations loaded in three queries."""
    loaded = []  # held while the links are made: the session only keeps weak references
    for model, kind, options in ((Version, "version", (joinedload(Version.document),)), (Vote, "vote", ()),
                                 (Organisation, "organisation", ())):
        ids = {entry.object_id for entry in entries if entry.object_type == kind and entry.object_id is not None}
        if ids:
            loaded += db.session.scalars(select(model).where(model.id.in_(ids)).options(*options)).all()
    return {entry.id: (object_link(entry), object_label(entry)) for entry in entries}


def object_link(entry: AuditEntry) -> str | None:
    """Where the object of an entry can be read, when it has a page (links_of loads the objects first)."""
    if entry.object_id is None:
        return None
    if entry.object_type == "amendment":
        return url_for("amendments.show", amendment_id=entry.object_id)
    if entry.object_type == "version":
        version = db.session.get(Version, entry.object_id)
        return url_for("documents.version", slug=version.document.slug, number=version.number) if version else None
    if entry.object_type == "vote":
        vote = db.session.get(Vote, entry.object_id)
        subject = about(vote) if vote is not None else None
        if subject is not None:
            return subject.url + "#vote"
    if entry.object_type == "organisation":
        organisation = db.session.get(Organisation, entry.object_id)
        return url_for("members.organisation", slug=organisation.slug) if organisation else None
    return None


def by_slug(model, slug: str | None, message: str):
    if not slug:
        return None
    found = db.session.scalar(select(model).where(model.slug == slug))
    if found is None:
        raise NotFound(message)
    return found


def drafts_unseen_by(user):
    """The ids of the drafts `user` may not read (policy.can_see_amendment: their author's and facilitators')."""
    drafts = select(Amendment.id).where(Amendment.status == "draft")
    if user.is_authenticated and user.is_active:
        drafts = drafts.where(Amendment.author_id != user.id)
    return drafts


@bp.route("/audit")
def index():
    include_private = current_user.is_authenticated and policy.can_administer(current_user)
    document = by_slug(Document, request.args.get("document"), _("There is no document with this short name."))
    organisation = by_slug(Organisation, request.args.get("organisation"),
                           _("There is no organisation with this short name."))
    kind = (request.args.get("kind") or "").strip()[:48] or None
    page = page_number()
    entries, total = services.entries(include_private=include_private, document_id=document.id if document else None,
                                      unseen_amendments=None if include_private else drafts_unseen_by(current_user),
                                      organisation_id=organisation.id if organisation else None, kind=kind, page=page)
    people = {p.id: p for p in db.session.scalars(
        select(Person).where(Person.id.in_({e.actor_id for e in entries if e.actor_id})))}
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    documents = db.session.scalars(select(Document).order_by(Document.title)).all()
    filters = {"document": document.slug if document else None,
               "organisation": organisation.slug if organisation else None, "kind": kind}
    return render_template(
        "audit/index.html", entries=entries, total=total, page=page, pages=max(1, -(-total // services.PAGE_SIZE)),
        people=people, organisations=organisations, documents=documents, filters=filters,
        organisation_names={o.id: o.name for o in organisations}, include_private=include_private,
        kinds=services.kinds(include_private=include_private), kind_label=kind_label, links=links_of(entries),
        repeats=services.repeats_of(entries), sealed=services.sealed_ids(entries),
        detail_of=lambda entry: json.loads(entry.detail_json or "{}"), details_of=reading.details)
