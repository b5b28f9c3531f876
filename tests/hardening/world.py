"""One seeded demo collective per engine, shared by a whole test module.

The demo (app/demo) gives real documents, amendments in every state, an open vote, comments and an
application; a few objects are added so that every role has something of its own and something of
someone else's. After seeding, every table is copied into memory; a request that may have written
(anything but GET with a status below 400, since the app commits only then) is followed by a restore,
so each request of a matrix sees the same database without re-seeding.

Three tables are special. `generation` is bumped at the commit of every transaction that writes
(app/caching/generation.py), the restore's own included: it is neither compared nor restored (setting
it back would let a kept page outlive the data it shows). `audit_entry` is append-only for the
application (the ORM refuses UPDATE and DELETE, and so do the database's triggers, like for versions
and ballot events); the restore undoes a request's entries with plain SQL on its own connection, the
triggers lifted for it, as a rollback would. And a refused request (403) writes one
"authorisation.refused" entry apart, on its own connection (app/errors.py), or counts into the entry of
the same attempt in `refusal_repeat`: `changed_tables` and `fingerprint` leave those out, and
`refusals_since_snapshot` lists the entries for tests that want to see them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from app import create_app
from app.amendments.models import Amendment
from app.auth import reset
from app.auth import services as auth_services
from app.auth.models import AccountSession, ApiToken
from app.collective.models import THE_ROW, Collective
from app.comments import services as comment_services
from app.db_types import utcnow
from app.demo.seed import DEMO_PASSWORD, seed
from app.documents.models import Document
from app.extensions import db
from app.applications.models import Application
from app.members.confirmation import token_for
from app.members.models import Organisation, Person
from app.notifications import services as notification_services
from app.applications.voting import open_membership_vote
from app.votes.services import current_vote
from app.votes.models import Vote
from config import TestConfig
from tests.support.append_only import triggers_lifted
from tests.support.client import FreshContextClient

ROLES = ("visitor", "member_a", "delegate_a", "delegate_b", "facilitator", "deactivated")
EMAILS = {
    "member_a": "bastien@la-clede.example",         # member of A = La Clède
    "delegate_a": "mathilde@la-clede.example",      # delegate of A
    "delegate_b": "yanis@campus-libre-lyon.example",  # delegate of B = Campus libre Lyon
    "facilitator": "camille@chls.example",
    "deactivated": "gone@la-clede.example",         # logged in, then deactivated by a facilitator
}
TOKEN_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
UNCOMPARED = frozenset({"generation"})   # bumped by every writing transaction, the restore's included
REFUSED = "authorisation.refused"        # written apart by every 403 (app/errors.py)
REPEATS = "refusal_repeat"               # the count of identical refusals, kept beside their entry


@dataclass
class World:
    app: Any
    engine: str
    ids: dict[str, Any] = field(default_factory=dict)
    cookies: dict[str, str | None] = field(default_factory=dict)
    csrf: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str | None] = field(default_factory=dict)
    rows: dict[str, dict[Any, dict]] = field(default_factory=dict)

    # Requests -------------------------------------------------------------------------

    def client(self, role: str = "visitor"):
        client = self.app.test_client()
        if self.cookies.get(role):
            client.set_cookie("session", self.cookies[role])
        return client

    def page(self, role: str, method: str, url: str, data: dict | None = None, *, csrf: bool = True,
             restore: bool = True, **kwargs):
        """A browser request as `role` (session cookie), with the role's CSRF token on writes."""
        if method in WRITES:
            data = dict(data or {})
            if csrf:
                data.setdefault("csrf_token", self.csrf[role])
            kwargs["data"] = data
        elif data:
            kwargs["query_string"] = data
        response = self.client(role).open(url, method=method, **kwargs)
        if restore:
            self.after(method, response)
        return response

    def api(self, role: str, method: str, url: str, body: Any = None, *, restore: bool = True, **kwargs):
        """An API request as `role` (Bearer token; a visitor sends none), no cookie."""
        headers = dict(kwargs.pop("headers", {}))
        if self.tokens.get(role):
            headers["Authorization"] = f"Bearer {self.tokens[role]}"
        if body is not None:
            kwargs["json"] = body
        response = self.app.test_client().open(url, method=method, headers=headers, **kwargs)
        if restore:
            self.after(method, response)
        return response

    def after(self, method: str, response) -> None:
        # Closed first, as a server does once the body is sent: what runs then (mail, reset links, when a
        # session or token was last used) is undone by the restore too.
        db.session.remove()
        response.make_sequence()
        response.close()
        if method in WRITES and response.status_code < 400:
            self.restore()

    # The database ---------------------------------------------------------------------

    def snapshot(self) -> None:
        self.rows = self.read()

    def read(self) -> dict[str, dict[Any, dict]]:
        """Every row of every table, by primary key."""
        db.session.remove()
        with db.engine.connect() as connection:
            return {table.name: {key_of(table, row): dict(row._mapping) for row in connection.execute(table.select())}
                    for table in self.tables()}

    @staticmethod
    def tables():
        return [table for table in db.metadata.sorted_tables if table.name not in UNCOMPARED]

    def meaningful(self, rows: dict[str, dict[Any, dict]]) -> dict[str, dict[Any, dict]]:
        """The tables without the refusals recorded since the snapshot, nor their counts (they are expected,
        not changes)."""
        known = self.rows.get("audit_entry", {})
        audit = {key: row for key, row in rows["audit_entry"].items()
                 if key in known or row["kind"] != REFUSED}
        return {**rows, "audit_entry": audit, REPEATS: self.rows.get(REPEATS, {})}

    def refusals_since_snapshot(self) -> list[dict]:
        """The "authorisation.refused" entries written since the snapshot (or the last restore)."""
        known = self.rows.get("audit_entry", {})
        return [row for key, row in sorted(self.read()["audit_entry"].items())
                if key not in known and row["kind"] == REFUSED]

    def restore(self) -> None:
        """Every table back to the snapshot, row by row: changed rows set back (so nothing old points
        at a new row), new rows deleted (children first), removed rows inserted again (parents first)."""
        current = self.read()
        tables = self.tables()
        # Undoing is what a rollback would do: the database's append-only triggers are lifted meanwhile.
        with db.engine.begin() as connection, triggers_lifted(connection):
            for table in tables:
                for key, row in self.rows[table.name].items():
                    now = current[table.name].get(key)
                    if now is not None and now != row:
                        connection.execute(table.update().where(key_column(table) == key).values(row))
            for table in reversed(tables):
                extra = set(current[table.name]) - set(self.rows[table.name])
                if extra:
                    connection.execute(table.delete().where(key_column(table).in_(extra)))
            for table in tables:
                missing = [row for key, row in self.rows[table.name].items() if key not in current[table.name]]
                if missing:
                    connection.execute(table.insert(), missing)

    def fingerprint(self) -> dict[str, int]:
        """A digest of each table's whole content (stronger than counts, largest ids and dates)."""
        return {name: hash(repr(sorted(rows.items()))) for name, rows in self.meaningful(self.read()).items()}

    def changed_tables(self) -> list[str]:
        """Tables whose content differs from the snapshot, refusals recorded apart left out."""
        return [name for name, rows in self.meaningful(self.read()).items() if rows != self.rows[name]]

    def row(self, model, **where):
        db.session.remove()
        return db.session.scalar(select(model).filter_by(**where))


def build_world(database_url: str, engine: str, **config) -> World:
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, COMMENT_LIMIT="100000 per minute",
                     PREVIEW_LIMIT="100000 per minute", APPLICATION_LIMIT="100000 per minute",
                     VERIFY_LIMIT="100000 per minute", RESET_LIMIT_PER_EMAIL="100000 per minute",
                     RESET_LIMIT_PER_CLIENT="100000 per minute",
                     # A GET writes nothing, not even when a session was last seen, while the module runs.
                     SESSION_SEEN_MINUTES=10**6, **config)
    app.test_client_class = FreshContextClient
    world = World(app=app, engine=engine)
    with app.app_context():
        db.create_all()
        now = utcnow()
        seed(now=now, log=lambda _message: None)
        people = {role: db.session.scalar(select(Person).filter_by(email=email))
                  for role, email in EMAILS.items() if role != "deactivated"}
        org_a = db.session.scalar(select(Organisation).filter_by(slug="la-clede"))
        org_b = db.session.scalar(select(Organisation).filter_by(slug="campus-libre-lyon"))
        people["deactivated"] = auth_services.create_person(EMAILS["deactivated"], "Gone", password=DEMO_PASSWORD,
                                                            organisation=org_a, is_delegate=True)
        charte = db.session.scalar(select(Document).filter_by(slug="charte"))
        head = charte.versions[-1]
        clause_id = next(c.clause_id for c in head.clauses if c.kind == "paragraph")

        def amendment(email: str, status: str) -> Amendment:
            return db.session.scalar(select(Amendment).join(Person, Amendment.author_id == Person.id)
                                     .where(Person.email == email, Amendment.status == status)
                                     .order_by(Amendment.id))

        own_a = amendment(EMAILS["delegate_a"], "needs_update")
        own_b = amendment(EMAILS["delegate_b"], "discussion")
        voting = db.session.scalar(select(Amendment).filter_by(status="voting"))
        draft = db.session.scalar(select(Amendment).filter_by(status="draft"))
        accepted = db.session.scalar(select(Amendment).filter_by(status="accepted").order_by(Amendment.id))
        comment_a = comment_services.comment_on_version(head, author=people["member_a"], now=now,
                                                        body="A comment of the member of A.", clause_id=clause_id)
        comment_b = comment_services.comment_on_amendment(own_b, author=people["delegate_b"], now=now,
                                                          body="A comment of the delegate of B.")
        # On someone else's draft: no role but the facilitator may even know it exists (issue 22.4).
        comment_draft = comment_services.comment_on_amendment(draft, author=draft.author, now=now,
                                                              body="A note on a draft nobody else reads.")
        notification_services.notify([people["delegate_b"]], kind="reply", params={"name": "x"}, url="/",
                                     now=now)
        application = db.session.scalar(select(Application).order_by(Application.id))
        # Their minimum discussion periods are over: a facilitator may really open their votes.
        own_b.status_changed_at = now - timedelta(days=60)
        application.submitted_at = now - timedelta(days=60)
        # A second candidate, whose membership vote is open (a facilitator may cancel it).
        candidate = Organisation(slug="candidate-en-vote", name="Candidate en vote", status="candidate")
        db.session.add(candidate)
        db.session.flush()
        candidate_contact = auth_services.create_person("contact@candidate.example", "Contact", organisation=candidate,
                                                        password=DEMO_PASSWORD, is_delegate=True)
        in_vote = Application.of_account(candidate_contact, organisation=candidate, has_read_charter=True,
                              motivation="Nous voulons voter.", submitted_at=now - timedelta(days=60),
                              contact_confirmed_at=now - timedelta(days=60),
                              charter_version=application.charter_version)
        db.session.add(in_vote)
        db.session.flush()
        open_membership_vote(in_vote, by=people["facilitator"], now=now)
        _invitation, invitation_secret = auth_services.create_invitation(
            "newcomer@la-clede.example", org_a, by=people["facilitator"], now=now, days=14)
        for role, person in people.items():
            world.tokens[role] = auth_services.issue_token(person)
        world.tokens["visitor"] = None
        db.session.execute(ApiToken.__table__.update().values(last_used_at=now))  # a use writes nothing then
        db.session.commit()
        world.ids = {
            "org_a": org_a.slug, "org_b": org_b.slug, "org_a_id": org_a.id, "org_b_id": org_b.id,
            "doc": charte.slug, "head": head.number, "clause": clause_id,
            "own_a": own_a.id, "own_b": own_b.id, "voting": voting.id, "draft": draft.id,
            "accepted": accepted.id, "comment_a": comment_a.id, "comment_b": comment_b.id,
            "comment_draft": comment_draft.id,
            "application": application.id, "application_status": application.status,
            "application_in_vote": in_vote.id, "confirm_token": token_for(application),
            "invitation": invitation_secret, "person_member_a": people["member_a"].id,
            "person_delegate_b": people["delegate_b"].id,
            "charter_version": head.number,
            "vote_open": current_vote(voting).id, "vote_closed": current_vote(accepted).id,
            "voting_vote": current_vote(voting).id,
            "logo": db.session.get(Collective, THE_ROW).logo_version,
        }
        for role in ROLES:
            world.cookies[role], world.csrf[role] = log_in(app, EMAILS.get(role))
        world.ids["session_member_a"] = db.session.scalar(select(AccountSession.id).where(
            AccountSession.person_id == people["member_a"].id))
        world.ids["token_member_a"] = db.session.scalar(select(ApiToken.id).where(
            ApiToken.person_id == people["member_a"].id))
        world.ids["reset"] = reset.create_link(db.session.get(Person, people["member_a"].id), now=utcnow())
        gone = db.session.get(Person, people["deactivated"].id)
        gone.is_active_account = False
        db.session.commit()
        # No vote may fall due while the module runs (lazy closing would make a GET write).
        assert all(vote.closes_at is None or vote.closes_at > now + timedelta(hours=1)
                   for vote in db.session.scalars(select(Vote).filter_by(status="open")))
        world.snapshot()
        db.session.remove()
    return world


def key_column(table):
    """The one-column primary key of a table (`id`, or `person_id` for mail preferences)."""
    (column,) = table.primary_key.columns
    return column


def key_of(table, row):
    return row._mapping[key_column(table)]


def log_in(app, email: str | None) -> tuple[str | None, str]:
    """The session cookie and CSRF token of a browser logged in as `email` (a visitor's if None)."""
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = TOKEN_PATTERN.search(page).group(1)
    if email:
        response = client.post("/login", data={"csrf_token": token, "email": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, (email, response.status_code)
        page = client.get("/").get_data(as_text=True)
        token = TOKEN_PATTERN.search(page).group(1)
    cookie = client.get_cookie("session")
    return (cookie.value if cookie else None), token


def count(model) -> int:
    db.session.remove()
    return db.session.scalar(select(func.count()).select_from(model))
