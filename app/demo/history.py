"""The demo's living history, replayed in time order through the real services.

Version 1 of each text is created as written; every later version comes from an accepted
amendment whose vote closed, exactly as it would in use; comments are written on the version
in force when they were made, so that they are carried forward (or become outdated) for real.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

from app.amendments import services as amendments
from app.amendments.models import Amendment
from app.comments import services as comments
from app.documents import clauses as clause_store
from app.documents import services as documents
from app.documents.demo import TITLES, apply_rules
from app.documents.queries import get_version
from app.votes import services as votes

CONTENT = Path(__file__).resolve().parent / "content"
HOUR = timedelta(hours=1)


@dataclass(order=True)
class Event:
    at: datetime
    order: int
    run: Callable[[], None] = field(compare=False)


class History:
    """Replays demo.json: documents, amendments and their votes, comments and replies."""

    def __init__(self, data: dict, context: dict, now: datetime):
        self.data, self.now = data, now
        self.people, self.organisations = context["people"], context["organisations"]
        self.documents: dict = context.setdefault("documents", {})
        self.amendments: dict[int, Amendment] = {}
        self.comments: dict[int, object] = {}
        self.events: list[Event] = []

    def ago(self, days: float) -> datetime:
        return self.now - timedelta(days=days)

    def add(self, at: datetime, run: Callable[[], None]) -> None:
        self.events.append(Event(at, len(self.events), run))

    def replay(self) -> None:
        for slug, versions in self.data["versions"].items():
            first = min(versions, key=lambda entry: entry["number"])
            self.add(self.ago(first["days_ago"]), lambda slug=slug, first=first: self.create_document(slug, first))
        for index, entry in enumerate(self.data["amendments"]):
            self.plan_amendment(index, entry)
        for index, entry in enumerate(self.data["comments"]):
            self.add(self.ago(entry["days_ago"]), lambda index=index, entry=entry: self.comment(index, entry))
        for event in sorted(self.events):
            event.run()

    def create_document(self, slug: str, first: dict) -> None:
        markdown = (CONTENT / f"{slug}_v1.md").read_text(encoding="utf-8")
        document = documents.create_document(slug, TITLES.get(slug, slug.title()), markdown,
                                             author=self.people.get(first.get("author") or ""),
                                             now=self.ago(first["days_ago"]), summary=first.get("summary", ""))
        apply_rules(document, self.data.get("rules", {}).get(slug, {}))
        self.documents[slug] = document

    def plan_amendment(self, index: int, entry: dict) -> None:
        created = self.ago(entry["days_ago"])
        self.add(created, lambda: self.propose(index, entry, created))
        rules = self.data["rules"][entry["document"]]
        opens = created + timedelta(days=rules["discussion_days"]) + HOUR
        closes = opens + timedelta(days=rules["voting_days"])
        status = entry["status"]
        if status == "withdrawn":
            self.add(created + timedelta(days=1), lambda: amendments.withdraw_amendment(
                self.amendments[index], by=self.amendments[index].author, now=created + timedelta(days=1)))
        if status in ("accepted", "rejected", "voting"):
            self.add(opens, lambda: self.open_vote(index, opens, closes))
        if status in ("accepted", "rejected"):
            self.add(closes, lambda: votes.close_vote(votes.current_vote(self.amendments[index]), now=closes))

    def propose(self, index: int, entry: dict, at: datetime) -> None:
        document = self.documents[entry["document"]]
        markdown = (CONTENT / entry["proposed_markdown_file"]).read_text(encoding="utf-8")
        self.amendments[index] = amendments.create_amendment(
            document, author=self.people[entry["author"]], title=entry["title"], rationale=entry["rationale"],
            markdown=markdown, base_number=entry["base_version"], now=at, draft=entry["status"] == "draft")

    def open_vote(self, index: int, opens: datetime, closes: datetime) -> None:
        amendment = self.amendments[index]
        facilitator = next(p for p in self.people.values() if p.is_facilitator)
        vote = votes.open_vote(amendment, by=facilitator, now=opens, closes_at=closes)
        ballots = [b for b in self.data["ballots"] if b["amendment"] == index]
        for offset, ballot in enumerate(ballots, start=1):
            delegate = self.people[ballot["cast_by"]]
            votes.cast_ballot(vote, by=delegate, choice=ballot["choice"], justification=ballot.get("justification", ""),
                              now=min(opens + offset * 3 * HOUR, closes - HOUR, self.now))

    def comment(self, index: int, entry: dict) -> None:
        at = self.ago(entry["days_ago"])
        author = self.people[entry["author"]]
        parent = self.comments.get(entry["reply_to"]) if entry.get("reply_to") is not None else None
        if "amendment" in entry:
            made = comments.comment_on_amendment(self.amendments[entry["amendment"]], author=author,
                                                 body=entry["body"], now=at, parent=parent)
        else:
            version = get_version(self.documents[entry["document"]], entry["version"])
            made = comments.comment_on_version(version, author=author, body=entry["body"], now=at, parent=parent,
                                               clause_id=None if parent else clause_matching(version, entry["clause_match"]),
                                               quote=entry.get("quote"))
        self.comments[index] = made
        self.moderate(made, entry, at)

    def moderate(self, comment, entry: dict, at: datetime) -> None:
        if entry.get("status") == "resolved" and comment.is_thread:
            comments.set_thread_status(comment, "resolved")
        if entry.get("status") == "hidden":
            facilitator = next(p for p in self.people.values() if p.is_facilitator)
            comments.hide_comment(comment, by=facilitator, reason=entry.get("hidden_reason") or "—", now=at + HOUR)


def clause_matching(version, text: str) -> str:
    """The id of the clause of `version` whose source contains `text`."""
    for clause in clause_store.clauses_of(version.document_id, version.number):
        if text in clause.source:
            return clause.clause_id
    raise ValueError(f"no clause of version {version.number} contains {text!r}")


def seed_history(data: dict, context: dict, now: datetime) -> None:
    """Documents, amendments, votes and comments of the demo, in the order they happened."""
    History(data, context, now).replay()
