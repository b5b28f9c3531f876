"""The congress world: a 330,000-character programme of 1,300 clauses, 2,100 amendments,
10,000 comments, 150 member organisations with 400 delegates (issue 20).

The size of the German Greens' 2017 programme (2,127 amendments), of a national congress,
of an OpenSlides assembly. Built through the services where an order matters (the document,
the merged amendments that make its versions, the votes and their ballots) and by bulk
inserts for the mass (amendments, their revisions, comments and anchors), in a few minutes;
then kept as a SQLite file under `bench/.cache/` (git-ignored), keyed on what it is built from
(this module, the prose, every model), and copied for each run since a run writes to it.
"""
from __future__ import annotations

import hashlib
import json
import random
import shutil
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from app import create_app
from app.amendments import lifecycle, merging
from app.amendments import services as amendment_services
from app.amendments.models import Amendment, AmendmentEvent, AmendmentRevision, AmendmentText
from app.auth import services as auth_services
from app.comments.models import Comment, CommentAnchor
from app.documents import clauses as clause_store
from app.documents import queries, services
from app.extensions import db
from app.members import services as member_services
from app.members.models import Person
from app.text.render import render_markdown
from app.votes import services as vote_services
from bench import prose
from bench.inprocess import T0
from config import TestConfig

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(__file__).resolve().parent / ".cache"
SLUG = "congres"
PASSWORD = "bench-congres"  # of the few accounts the pages are measured as (member, delegate)
CHUNK = 100


@dataclass(frozen=True)
class CongressShape:
    clauses: int = 1300
    chars: int = 330_000
    organisations: int = 150
    delegates: int = 400
    members: int = 100  # people of the organisations who read and comment, not delegates
    merged: int = 12  # accepted amendments: the programme's versions 2 … 13
    amendments: int = 2100  # all of them, the merged ones included
    voting: int = 40
    needs_update: int = 30
    withdrawn: int = 20
    comments: int = 10_000
    on_amendments: float = 0.3  # the share of comments written on amendments

    slug: str = SLUG

    def describe(self) -> str:
        return (f"{self.clauses:,} clauses, {self.chars // 1000} K characters, {self.merged + 1} versions, "
                f"{self.amendments:,} amendments, {self.comments:,} comments, "
                f"{self.organisations} organisations, {self.delegates} delegates")


CONGRESS = CongressShape()


@dataclass
class Congress:
    """A copy of the congress database ready for a run, and what the pages need."""

    url: str
    folder: Path
    amendment_id: int  # in voting, with ballots of every organisation and comments
    head: int
    member_email: str
    delegate_email: str
    clause_id: str  # a clause with waiting amendments (the list filtered on it)

    @property
    def urls(self) -> dict[str, str]:
        return {
            "document page": f"/documents/{SLUG}",
            "amendment page": f"/amendments/{self.amendment_id}",
            "compare page": f"/documents/{SLUG}/compare?from=1&to={self.head}",
            "API amendment listing": f"/api/v1/amendments?document={SLUG}",
        }

    @property
    def member_urls(self) -> dict[str, str]:
        """The pages of the people who take part (issue 20.2)."""
        return {
            "document page": f"/documents/{SLUG}",
            "amendment page": f"/amendments/{self.amendment_id}",
            "compare page": f"/documents/{SLUG}/compare?from=1&to={self.head}",
            "amendment list": f"/documents/{SLUG}/amendments",
            "amendment list, one clause": f"/documents/{SLUG}/amendments?clause={self.clause_id}",
        }


def key(shape: CongressShape) -> str:
    """What the cached world is built from: a change to any of it builds it anew."""
    digest = hashlib.sha256(repr(shape).encode())
    for path in sorted([Path(__file__), Path(prose.__file__), *ROOT.glob("app/*/models.py"),
                        *ROOT.glob("app/*/*_models.py")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def prepare(folder: Path, shape: CongressShape = CONGRESS, log=print) -> Congress:
    """A copy in `folder` of the cached congress database, built first if missing."""
    CACHE.mkdir(exist_ok=True)
    cached = CACHE / f"congress-{key(shape)}.sqlite"
    facts = cached.with_suffix(".json")
    if not cached.exists() or not facts.exists():
        for old in CACHE.glob("congress-*"):
            old.unlink()
        started = time.monotonic()
        log(f"Building the congress world ({shape.describe()}) once, into {cached.relative_to(ROOT)}…")
        building = cached.with_suffix(".building")
        building.unlink(missing_ok=True)
        made = build(f"sqlite:///{building}", shape, log)
        building.rename(cached)
        facts.write_text(json.dumps(made))
        log(f"  built in {time.monotonic() - started:.0f} s, {cached.stat().st_size / 2**20:,.0f} MB")
    copy = folder / "congress.sqlite"
    shutil.copyfile(cached, copy)
    return Congress(url=f"sqlite:///{copy}", folder=folder, **json.loads(facts.read_text()))


def build(url: str, shape: CongressShape, log=print) -> dict:
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, PAGE_CACHE=False)
    with app.app_context():
        db.create_all()
        try:
            rng = random.Random(20)
            facilitator, delegates, members = people(shape)
            log("  the programme and its merged amendments…")
            target = services.create_document(SLUG, "Programme du congrès", prose.programme(shape.clauses, shape.chars),
                                              author=None, now=T0, summary="Projet du comité de rédaction")
            db.session.commit()
            merge_some(target, delegates, shape, rng)
            head = queries.get_version(target, target.head_number)
            log(f"  {shape.amendments - shape.merged:,} amendments in bulk…")
            first, busy_clause = bulk_amendments(target, head, delegates + members, shape, rng)
            log("  votes and ballots…")
            voted = open_votes(first, facilitator, delegates, shape)
            log(f"  {shape.comments:,} comments in bulk…")
            bulk_comments(target, head, delegates + members, shape, rng)
            db.session.commit()
            return {"amendment_id": voted, "head": head.number, "member_email": members[0].email,
                    "delegate_email": delegates[0].email, "clause_id": busy_clause}
        finally:
            db.session.remove()
            db.engine.dispose()


def people(shape: CongressShape) -> tuple[Person, list[Person], list[Person]]:
    """150 organisations; 400 delegates (two or three each), 100 members; a facilitator."""
    facilitator = auth_services.create_person("facilitation@congres.example", "Facilitation", is_facilitator=True)
    organisations = [member_services.create_organisation(f"federation-{n:03d}", f"Fédération {n + 1}")
                     for n in range(shape.organisations)]
    delegates = [auth_services.create_person(
        f"delegue-{n:03d}@congres.example", f"Délégué·e {n + 1}",
        organisation=organisations[n % shape.organisations], is_delegate=True) for n in range(shape.delegates)]
    members = [auth_services.create_person(
        f"membre-{n:03d}@congres.example", f"Militant·e {n + 1}",
        organisation=organisations[(n * 7) % shape.organisations]) for n in range(shape.members)]
    for person in (facilitator, delegates[0], members[0]):
        auth_services.set_password(person, PASSWORD)
    db.session.commit()
    return facilitator, delegates, members


def edited(source: str, rng: random.Random) -> str:
    """A clause as an amendment rewrites it: a sentence added, replaced or removed."""
    body = source.rstrip("\n")
    trailing = source[len(body):] or "\n"
    sentences = body.split(". ")
    choice = rng.random()
    if choice < 0.4 or len(sentences) < 2:
        body = body + " " + rng.choice(prose.sentences())
    elif choice < 0.75:
        sentences[rng.randrange(len(sentences))] = rng.choice(prose.sentences()).rstrip(".")
        body = ". ".join(sentences)
    else:
        del sentences[rng.randrange(len(sentences))]
        body = ". ".join(sentences)
        body = body if body.endswith((".", "!", "?")) else body + "."
    return body + trailing


def editable(clauses: list) -> list:
    return [c for c in clauses if c.kind in ("paragraph", "list") and len(c.source) > 80]


def merge_some(target, delegates: list[Person], shape: CongressShape, rng: random.Random) -> None:
    """Amendments proposed and accepted through the services: versions 2 … merged + 1."""
    for n in range(shape.merged):
        head = queries.get_version(target, target.head_number)
        stored = clause_store.clauses_of(target.id, head.number)
        clause = rng.choice(editable(stored))
        text = "".join(edited(c.source, rng) if c is clause else c.source for c in stored)
        now = T0 + timedelta(days=1 + n)
        amendment = amendment_services.create_amendment(
            target, author=delegates[n], title=f"Amendement {n + 1}", rationale=rng.choice(prose.sentences()),
            markdown=text, base_number=head.number, now=now, target_clause_id=clause.clause_id)
        lifecycle.move(amendment, "voting", by=None, now=now)
        merging.accept_amendment(amendment, by=None, now=now + timedelta(hours=1))
        db.session.commit()


def bulk_amendments(target, head, authors: list[Person], shape: CongressShape,
                    rng: random.Random) -> tuple[list[int], str]:
    """The open amendments, each rewriting one clause of the head, by plain INSERTs.

    What `create_amendment` writes for a one-clause proposal on the head (the amendment with
    its changed clause and its check against the head, its first revision, its event), without
    the diff of every text: the changed clause is known. Some clauses get many amendments, as
    the contested ones of a real programme do. Returns the ids of the first ones (in order),
    and the busiest clause.
    """
    stored = clause_store.clauses_of(target.id, head.number)
    sources = [c.source for c in stored]
    candidates = editable(stored)
    contested = rng.sample(candidates, 40)
    statuses = (["voting"] * shape.voting + ["needs_update"] * shape.needs_update
                + ["withdrawn"] * shape.withdrawn)
    count = shape.amendments - shape.merged
    statuses += ["discussion"] * (count - len(statuses))
    next_id = (db.session.scalar(select(func.max(Amendment.id))) or 0) + 1
    first = next_id
    per_clause: dict[str, int] = {}
    for start in range(0, count, CHUNK):
        amendments, texts, revisions, events = [], [], [], []
        for n in range(start, min(start + CHUNK, count)):
            clause = rng.choice(contested) if rng.random() < 0.3 else rng.choice(candidates)
            position = stored.index(clause)
            text = "".join(sources[:position]) + edited(clause.source, rng) + "".join(sources[position + 1:])
            author = authors[rng.randrange(len(authors))]
            now = T0 + timedelta(days=20, minutes=7 * n)
            status = statuses[n]
            title = f"{clause.source.split()[0].strip('-')} … : amendement {n + 1}"
            rationale = prose.paragraph(rng, rng.randint(120, 600))
            row_id = next_id + n
            per_clause[clause.clause_id] = per_clause.get(clause.clause_id, 0) + 1
            amendments.append({
                "id": row_id, "document_id": target.id, "base_version_id": head.id, "title": title[:200],
                "rationale": rationale, "status": "discussion" if status == "voting" else status,
                "author_id": author.id, "organisation_id": author.organisation_id,
                "target_clause_id": clause.clause_id, "changed_clauses_json": json.dumps([clause.clause_id]),
                # Known to apply to the head while in discussion; a vote (opened below) forgets it.
                "checked_number": head.number if status in ("discussion", "voting") else None,
                "created_at": now, "updated_at": now, "status_changed_at": now})
            texts.append({"amendment_id": row_id, "markdown": text})
            revisions.append({"amendment_id": row_id, "number": 1, "title": title[:200], "rationale": rationale,
                              "markdown": text, "base_version_id": head.id, "author_id": author.id,
                              "created_at": now})
            events.append({"amendment_id": row_id, "from_status": None, "to_status": "discussion",
                           "by_id": author.id, "note": "", "created_at": now})
            if status in ("needs_update", "withdrawn"):
                events.append({"amendment_id": row_id, "from_status": "discussion", "to_status": status,
                               "by_id": None if status == "needs_update" else author.id, "note": "",
                               "created_at": now + timedelta(days=3)})
        db.session.execute(insert(Amendment), amendments)
        db.session.execute(insert(AmendmentText), texts)
        db.session.execute(insert(AmendmentRevision), revisions)
        db.session.execute(insert(AmendmentEvent), events)
        db.session.commit()
    return list(range(first, first + shape.voting)), max(per_clause, key=per_clause.get)


def open_votes(ids: list[int], facilitator: Person, delegates: list[Person], shape: CongressShape) -> int:
    """The first amendments put to the vote by the services; the first has every organisation's
    ballot (the one the pages show), the others a few."""
    now = T0 + timedelta(days=60)
    by_organisation: dict[int, Person] = {}
    for person in delegates:
        by_organisation.setdefault(person.organisation_id, person)
    voters = list(by_organisation.values())
    for n, amendment_id in enumerate(ids):
        amendment = db.session.get(Amendment, amendment_id)
        vote = vote_services.open_vote(amendment, by=facilitator, now=now, closes_at=T0 + timedelta(days=3650))
        for k, voter in enumerate(voters if n == 0 else voters[n % 7::25]):
            vote_services.cast_ballot(vote, by=voter, choice=("for", "against", "abstain", "for")[k % 4],
                                      justification="Mandat de notre assemblée générale.", now=now)
        db.session.commit()
    return ids[0]


def bulk_comments(target, head, authors: list[Person], shape: CongressShape, rng: random.Random) -> None:
    """Threads and replies in the margin of the head and on amendments, by plain INSERTs.

    A pool of bodies is rendered once (what `new_comment` renders for each); a thread on the
    text gets its anchor in the head, as `comment_on_version` writes it.
    """
    bodies = [prose.paragraph(rng, rng.randint(60, 400)) for _ in range(300)]
    rendered = [render_markdown(body) for body in bodies]
    clause_ids = [c.clause_id for c in clause_store.clauses_of(target.id, head.number) if c.kind != "heading"]
    amendment_ids = db.session.scalars(select(Amendment.id).where(Amendment.document_id == target.id)
                                       .order_by(Amendment.id)).all()
    organisation_of = {p.id: p.organisation_id for p in authors}
    next_id = (db.session.scalar(select(func.max(Comment.id))) or 0) + 1
    on_text = int(shape.comments * (1 - shape.on_amendments))
    threads: list[dict] = []
    rows, anchors = [], []
    for n in range(shape.comments):
        author = authors[rng.randrange(len(authors))]
        pick = rng.randrange(len(bodies))
        row = {"id": next_id + n, "document_id": target.id, "author_id": author.id,
               "organisation_id": organisation_of[author.id], "body": bodies[pick], "body_html": rendered[pick],
               "status": "open", "created_at": T0 + timedelta(days=21, minutes=3 * n),
               "version_id": None, "amendment_id": None, "parent_id": None, "clause_id": None}
        if n < on_text and threads and rng.random() < 0.35:
            parent = rng.choice(threads[-400:])
            row.update(version_id=parent["version_id"], parent_id=parent["id"], clause_id=parent["clause_id"])
        elif n < on_text:
            row.update(version_id=head.id, clause_id=rng.choice(clause_ids))
            threads.append(row)
            anchors.append({"comment_id": row["id"], "document_id": target.id, "from_number": head.number,
                            "to_number": None, "clause_id": row["clause_id"], "quote_offset": None,
                            "is_outdated": False})
        else:
            row.update(amendment_id=amendment_ids[int(rng.paretovariate(1.2)) % len(amendment_ids)])
        rows.append(row)
    for start in range(0, len(rows), 1000):
        db.session.execute(insert(Comment), rows[start:start + 1000])
    for start in range(0, len(anchors), 1000):
        db.session.execute(insert(CommentAnchor), anchors[start:start + 1000])
    db.session.commit()

