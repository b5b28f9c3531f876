"""The data the speed goals are measured on: a small and a large document, each with its
versions, comments (some replies, some carried from older versions), amendments, a vote."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from app.amendments import services as amendment_services
from app.auth import services as auth_services
from app.comments import services as comment_services
from app.documents import clauses as clause_store
from app.documents import queries, services
from app.extensions import db
from app.members import services as member_services
from app.votes import services as vote_services
from bench.corpus import change_one_clause, document
from bench.inprocess import T0

ORGANISATIONS = 60


@dataclass(frozen=True)
class Shape:
    """How big a document of the benchmark is."""

    slug: str
    clauses: int
    total_bytes: int
    versions: int
    comments: int
    amendments: int
    amendment_comments: int
    ballots: int

    def describe(self) -> str:
        return (f"{self.clauses} clauses, {self.total_bytes // 1000} KB, {self.versions} versions, "
                f"{self.comments} comments, {self.amendments} amendments")


SMALL = Shape("small", 100, 25_000, 2, 20, 3, 3, 5)
LARGE = Shape("charte", 400, 100_000, 12, 500, 10, 40, 40)


@dataclass
class Built:
    """What was built for one shape: its URLs and last text."""

    shape: Shape
    text: str
    amendment_id: int  # the one in voting, with ballots and comments

    @property
    def urls(self) -> dict[str, str]:
        slug, head = self.shape.slug, self.shape.versions
        return {
            "document page": f"/documents/{slug}",
            "amendment page": f"/amendments/{self.amendment_id}",
            "compare page": f"/documents/{slug}/compare?from=1&to={head}",
            "API amendment listing": f"/api/v1/amendments?document={slug}",
        }


def people() -> list:
    """A facilitator first, then one delegate per member organisation."""
    made = [auth_services.create_person("facilitation@bench.example", "Facilitation", is_facilitator=True)]
    for n in range(ORGANISATIONS):
        organisation = member_services.create_organisation(f"bench-{n:02d}", f"Organisation {n}")
        made.append(auth_services.create_person(f"delegate@bench-{n:02d}.example", f"Délégué {n}",
                                                organisation=organisation, is_delegate=True))
    db.session.commit()
    return made


def comment_on(version, persons: list, count: int, start: int, now) -> None:
    """`count` comments on clauses spread over the version; one in four is a reply."""
    ids = [c.clause_id for c in clause_store.clauses_of(version.document_id, version.number)]
    threads = []
    for n in range(count):
        author = persons[1 + (start + n) % ORGANISATIONS]
        body = f"Remarque {start + n} : ne faudrait-il pas **préciser** ce point ? Voir l'article voisin."
        if n % 4 == 3 and threads:
            comment_services.comment_on_version(version, author=author, body=body, now=now,
                                                parent=threads[(n * 7) % len(threads)])
        else:
            clause = ids[1 + (n * 13 + start) % (len(ids) - 1)]
            threads.append(comment_services.comment_on_version(version, author=author, body=body, now=now,
                                                               clause_id=clause))


def build(shape: Shape, persons: list) -> Built:
    """The document, a tenth of its comments on version 1 (carried forward), the rest on the head."""
    facilitator = persons[0]
    text = document(shape.clauses, shape.total_bytes)
    target = services.create_document(shape.slug, shape.slug.title(), text, author=None, now=T0, summary="v1")
    db.session.flush()
    early = shape.comments // 10
    comment_on(queries.get_version(target, 1), persons, early, 0, T0)
    db.session.commit()
    for n in range(1, shape.versions):
        text = change_one_clause(text, n)
        services.create_version(target, text, author=None, now=T0 + timedelta(hours=n), summary=f"v{n + 1}")
        db.session.commit()
    head = queries.get_version(target, shape.versions)
    comment_on(head, persons, shape.comments - early, early, T0 + timedelta(days=1))
    proposed = T0 + timedelta(days=2)
    amendments = [
        amendment_services.create_amendment(
            target, author=persons[1 + n], title=f"Amendement {n + 1}", rationale="Pour plus de clarté.",
            markdown=change_one_clause(text, 500 + n), base_number=shape.versions, now=proposed)
        for n in range(shape.amendments)
    ]
    voted = amendments[0]
    for n in range(shape.amendment_comments):
        comment_services.comment_on_amendment(voted, author=persons[1 + n % ORGANISATIONS], now=proposed,
                                              body=f"Avis {n} : d'accord sur le fond, pas sur la forme.")
    vote = vote_services.open_vote(voted, by=facilitator, now=proposed + timedelta(days=8),
                                   closes_at=T0 + timedelta(days=3650))
    for n in range(shape.ballots):
        vote_services.cast_ballot(vote, by=persons[1 + n], choice=("for", "against", "abstain")[n % 3],
                                  justification="Après discussion en assemblée.",
                                  now=proposed + timedelta(days=9))
    db.session.commit()
    return Built(shape, text, voted.id)
