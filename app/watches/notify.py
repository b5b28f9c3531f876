"""Telling followers of news: a new amendment on what they follow, a new comment, a vote opening,
an outcome, a new version.

One notification per event per person, whatever the number of paths by which they follow it
(the document, a clause, the amendment): `followers` returns each person once, and `notify`
skips who caused the event. Authors and commenters follow what they wrote (they may stop).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select

from app.amendments.models import Amendment
from app.applications.models import Application
from app.comments.models import Comment
from app.documents import clauses as clause_store
from app.documents.models import Version
from app.documents.signals import version_created
from app.extensions import db
from app.notifications.services import notify
from app.urls import app_path
from app.watches import services
from app.votes.models import Vote
from app.votes.notify import electorate_delegates
from app.votes.signals import vote_opened
from app.watches.notices import FOLLOWED


def tell_new_amendment(amendment: Amendment, *, now: datetime) -> int:
    """Followers of the document and of the clauses it changes hear of a new amendment (drafts: not yet)."""
    if amendment.status == "draft":
        return 0
    services.follow(amendment.author, services.target_of(amendment.document, amendment=amendment), now=now)
    people = services.followers(document_id=amendment.document_id,
                                clause_ids=services.clauses_of_amendment(amendment))
    return notify(people, kind=FOLLOWED, now=now, exclude=amendment.author,
                  url=app_path("amendments.show", amendment_id=amendment.id),
                  params={"event": "new_amendment", "title": amendment.title})


def thread_people(comment: Comment) -> set[int]:
    """Who hears of a reply as a reply (the thread's author and repliers): not told twice of it."""
    if comment.parent_id is None:
        return set()
    return {comment.author_id for comment in db.session.scalars(select(Comment).where(
        or_(Comment.id == comment.parent_id, Comment.parent_id == comment.parent_id)))}


def tell_new_comment(comment: Comment, *, now: datetime) -> int:
    """Followers of the amendment, or of the clause and its document, or of the application, hear of a new
    comment."""
    amendment, document, author = comment.amendment, comment.document, comment.author
    if comment.application_id is not None:
        application = comment.application
        services.follow(author, services.target_of_application(application), now=now)
        people = services.followers(document_id=None, application_id=application.id)
        title = application.organisation.name
    elif amendment is not None:
        services.follow(author, services.target_of(document, amendment=amendment), now=now)
        people = services.followers(document_id=document.id, amendment_id=amendment.id)
        title = amendment.title
    else:
        if comment.clause_id:
            services.follow(author, services.target_of(document, clause_id=comment.clause_id), now=now)
        people = services.followers(document_id=document.id, clause_ids=[comment.clause_id] if comment.clause_id else [])
        title = document.title
    told_as_reply = thread_people(comment)
    people = [person for person in people if person.id not in told_as_reply]
    return notify(people, kind=FOLLOWED, now=now, exclude=author, url=app_path("comments.permalink", comment_id=comment.id),
                  params={"event": "new_comment", "title": title, "name": author.name})


def tell_outcome(amendment: Amendment, *, now: datetime) -> int:
    """Followers of an amendment (and of the clauses it changes) hear how it ended (its author is told apart)."""
    people = services.followers(document_id=amendment.document_id, amendment_id=amendment.id,
                                clause_ids=services.clauses_of_amendment(amendment))
    return notify(people, kind=FOLLOWED, now=now, exclude=amendment.author,
                  url=app_path("amendments.show", amendment_id=amendment.id),
                  params={"event": "outcome", "title": amendment.title, "status": amendment.status})


def tell_vote_opened(vote: Vote, *, subject, handler, by, now: datetime, **_extra) -> int:
    """Followers of what the vote decides hear it is open (delegates of its electorate were told already;
    who opened it knows)."""
    concerns = handler.concerns(subject)
    if concerns is None:
        return 0
    told = {person.id for person in electorate_delegates(vote)}
    people = [person for person in services.followers(document_id=concerns.document_id,
                                                      clause_ids=list(concerns.clause_ids),
                                                      amendment_id=concerns.amendment_id,
                                                      application_id=concerns.application_id)
              if person.id not in told]
    return notify(people, kind=FOLLOWED, now=now, exclude=by, url=handler.page(subject) + "#vote",
                  params={"event": "vote_opened", "title": handler.title(subject)})


def tell_new_version(version: Version, **_extra) -> int:
    """Followers of the document hear of a new version; followers of its changed clauses too when no
    amendment made it (an adopted amendment's followers heard of its outcome already)."""
    changed = []
    if version.amendment_id is None and version.number > 1:
        changes = clause_store.changes_of(version)
        changed = [clause_id for clause_id in changes.previous_ids if clause_id not in changes.unchanged]
    people = services.followers(document_id=version.document_id, clause_ids=changed)
    return notify(people, kind=FOLLOWED, now=version.created_at, exclude=version.author,
                  url=app_path("documents.show", slug=version.document.slug),
                  params={"event": "new_version", "title": version.document.title, "number": version.number})


def connect() -> None:
    """Listen to the engines that announce what followers hear of (called once by the app factory)."""
    vote_opened.connect(tell_vote_opened, weak=False)
    version_created.connect(tell_new_version, weak=False)


def tell_ratification_outcome(version: Version, outcome: str, *, now: datetime) -> int:
    """Followers of a text hear how the vote ratifying one of its versions ended."""
    people = services.followers(document_id=version.document_id)
    return notify(people, kind=FOLLOWED, now=now,
                  url=app_path("documents.ratification", slug=version.document.slug, number=version.number),
                  params={"event": "ratification_outcome", "title": version.document.title,
                          "number": version.number, "outcome": outcome})


def tell_application_outcome(application: Application, *, now: datetime) -> int:
    """Followers of an application hear how its vote ended (accepted or rejected)."""
    people = services.followers(document_id=None, application_id=application.id)
    return notify(people, kind=FOLLOWED, now=now, url=app_path("applications.show", application_id=application.id),
                  params={"event": "application_outcome", "name": application.organisation.name,
                          "status": application.status})
