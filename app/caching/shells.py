"""Whole pages of logged-in readers kept as shells: built once for everyone who may do the same things,
then filled per request with the reader's own parts only (issue 20.2).

A member's text page is everyone's of their permission class but for a few bits: their name and unread
count in the header, whether they follow the text, the CSRF tokens of its forms. Pieces
(app/caching/pieces.py) keep the heavy parts, but the frame around them still cost a Jinja render, the
view's queries and the checks of every piece, ~3 ms a page. A shell is the page as the view made it, cut
where those bits go: a hit runs no view, no Jinja and none of its queries, only the reader's own parts.

- The key: the address with its whole query (any parameter a view reads is in it), the language, the
  generation (every write that changes what pages show moves it), `reader_class()` (the answers of the
  policy's person-level questions) and what the view adds with `page_class` (whose drafts one sees).
  Two readers share a shell only if every question the page may ask about them gets the same answer.
- The reader's own parts are `own(name, *args)` in the templates: while a shell is built they leave a
  mark (a random token of the build: no typed text can forge one) and the arguments, plain values; each
  request fills them with the function registered under `name` (`own_part`), for the reader at hand.
  The arguments say everything a part shows but the reader (the address a form comes back to, say).
- A page is not kept when it is not plainly the same for the next reader: a message the view says this
  time, an error, a redirect, a cookie set by the view. The messages left by the last action (a log-in's
  welcome) are the reader's own part, made each time.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from functools import wraps
from typing import Callable

from flask import Response, current_app, g, get_flashed_messages, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from app import policy
from app.caching import pieces
from app.caching.store import BoundedStore
from app.extensions import db

OWN_STORE = "palabre_own_part_store"
OWN_PARTS: dict[str, Callable[..., str]] = {}
MADE_EACH_TIME: set[str] = set()  # own parts never kept, not even for their reader (a message shown once)
# Own parts the same for many readers (an organisation's ballot for its delegates): what they depend on of the
# reader, asked per request, under which one copy is kept for all of them rather than one per reader.
ALIKE: dict[str, Callable[..., object]] = {}
CSRF = ("csrf",)  # the hole of a CSRF token: the reader's own
LARGE_CHUNK = 64 * 1024  # a part this large goes to the socket as it is, not copied into a joined run
# Every question a kept page may ask about its reader but through `own()`: two readers whose answers differ
# never share a shell. A page that depends on anything else about them says it with `page_class`.
PERSON_LEVEL = (policy.can_read, policy.can_follow, policy.is_member, policy.is_facilitator,
                policy.needs_second_factor, policy.can_comment, policy.can_propose,
                policy.can_create_document, policy.can_set_rules, policy.can_administer,
                policy.can_manage_votes, policy.can_edit_collective)
# What a logged-in reader's session may hold and still be served a shell: Flask-Login's, the CSRF secret, the
# language (in the key) and the messages to show once (their own part, made each time). Anything else is not.
NEUTRAL_SESSION_KEYS = frozenset({"_user_id", "_fresh", "_id", "_remember", "_remember_seconds", "csrf_token",
                                  "language", "_flashes"})


@dataclass(frozen=True)
class Shell:
    parts: tuple[bytes, ...]  # the page cut at each hole
    holes: tuple[tuple, ...]  # (name, *args) of the reader's own part between two parts

    @property
    def size(self) -> int:
        return sum(len(part) for part in self.parts)

    def filled(self) -> list[bytes]:
        """The page for this request's reader, as chunks: a 3 MB text is not copied once more (joining them
        halved the rate of the text page under gunicorn), the small ones between are joined (`coalesced`)."""
        token = generate_csrf().encode()
        chunks = [self.parts[0]]
        for hole, part in zip(self.holes, self.parts[1:]):
            chunks += [token if hole == CSRF else token.join(_own_part(hole)), part]
        return coalesced(chunks)


def coalesced(chunks: list[bytes]) -> list[bytes]:
    """The chunks with each run of small ones joined into one, a large one left as it is: gunicorn writes
    every chunk to the socket by itself, and an amendment page cut at its fifty CSRF tokens went out in a
    hundred writes (a third of its rate under wrk), where copying a 3 MB text once more would cost as much."""
    out: list[bytes] = []
    run: list[bytes] = []
    for chunk in chunks:
        if len(chunk) < LARGE_CHUNK:
            run.append(chunk)
            continue
        if run:
            out.append(b"".join(run))
            run = []
        out.append(chunk)
    if run:
        out.append(b"".join(run))
    return out


def own_part(name: str, *, kept: bool = True, alike: Callable[..., object] | None = None):
    """Register `function(*args) -> HTML` as the reader's own part `name` (`own(name, *args)` in templates),
    kept for its reader until the generation moves unless `kept` is false.

    `alike(*args)`: everything the part depends on of its reader (a delegate's organisation), when many
    readers share it: it is kept once for all the readers it gives the same answer for. Their CSRF tokens
    are still each their own (`csrf_token()` leaves its mark in a kept part)."""
    def register(function):
        OWN_PARTS[name] = function
        if not kept:
            MADE_EACH_TIME.add(name)
        if alike is not None:
            ALIKE[name] = alike
        return function
    return register


def own(name: str, *args) -> Markup:
    """The reader's own part `name` (kept for them: every logged-in page has their header), or its mark when a
    shell is being built (filled per request)."""
    if g.get("in_piece"):
        raise RuntimeError(f"The reader's own part {name!r} in a piece kept for everyone")
    if not g.get("building_shell"):
        if not current_user.is_authenticated:
            return Markup(OWN_PARTS[name](*args))
        return Markup(generate_csrf().join(part.decode() for part in _own_part((name, *args))))
    holes = g.shell_holes
    holes.append((name, *args))
    return Markup(f"<!--own:{g.shell_token}:{len(holes) - 1}-->")


def render_own(template: str, **context) -> str:
    """A small template of the reader's own part, without the page's context processors."""
    return current_app.jinja_env.get_template(template).render(
        {"current_user": current_user, "current_path": request.full_path.rstrip("?"), **context})


def _own_part(hole: tuple) -> tuple[bytes, ...]:
    """The reader's own part of a hole, kept for them until the generation moves (their unread count, whether
    they follow, their name: each changes only by a write), or for every reader alike (`own_part(alike=)`).
    In a store of its own: the parts of hundreds of readers never push the text of everyone out of the
    pieces' store."""
    if hole[0] in MADE_EACH_TIME:
        return pieces.built(lambda: OWN_PARTS[hole[0]](*hole[1:]))
    alike = ALIKE.get(hole[0])
    reader = ("alike", alike(*hole[1:])) if alike is not None else current_user.id
    key = (reader, pieces.current_generation(), str(get_locale()), hole)
    kept = current_app.extensions[OWN_STORE]
    part = kept.get(key)
    if part is None:
        part = pieces.Piece(pieces.built(lambda: OWN_PARTS[hole[0]](*hole[1:])))
        kept.put(key, part)
    return part.body


@own_part("flashes", kept=False)
def flashes() -> str:
    """The messages to show once (what the last action did): the reader's own, shown and forgotten."""
    messages = get_flashed_messages(with_categories=True)
    return render_own("_partials/flashes.html") if messages else ""  # (it asks again: Flask kept them)


def reader_class() -> tuple:
    reader = current_user._get_current_object()
    return tuple(ask(reader) for ask in PERSON_LEVEL)


def kept_for_readers(prepare: Callable[..., None] | None = None,
                     page_class: Callable[..., object] | None = None):
    """Serve a logged-in reader the view's page from a kept shell, filled with their own parts.

    `prepare(**view_args)` runs first on every request (closing a vote that is due): the view must
    not run it itself. `page_class(**view_args)` is what else about the reader the page depends on.
    """
    def decorate(view):
        @wraps(view)
        def wrapper(**kwargs):
            if prepare is not None:
                prepare(**kwargs)
                db.session.flush()
            if not _servable():
                return view(**kwargs)
            key = ("shell", request.script_root, request.path, request.query_string, str(get_locale()),
                   pieces.current_generation(), reader_class(), page_class(**kwargs) if page_class else None)
            store = pieces.store()
            shell = store.get(key)
            if shell is None:
                shell, response = _build(view, kwargs)
                if shell is None:
                    return response
                store.put(key, shell)
            return Response(shell.filled(), mimetype="text/html")
        return wrapper
    return decorate


def _servable() -> bool:
    return (request.method == "GET" and current_user.is_authenticated
            and "Authorization" not in request.headers and set(session) <= NEUTRAL_SESSION_KEYS)


def _build(view, kwargs) -> tuple[Shell | None, Response]:
    """The view's page cut at its holes, or None and the response itself when it is not to be kept."""
    token = secrets.token_hex(8)
    g.building_shell, g.shell_token, g.shell_holes = True, token, []
    # CSRF tokens leave their mark:
    was_building_piece, g.building_piece = g.get("building_piece", False), True
    messages = list(session.get("_flashes", ()))
    try:
        response = pieces.splice(current_app.make_response(view(**kwargs)))
    finally:
        g.building_shell, g.building_piece = False, was_building_piece
    holes = g.pop("shell_holes")
    if response.direct_passthrough or response.mimetype != "text/html":
        return None, response
    body = response.get_data()
    shell = _cut(body, token, holes)
    said_something = list(session.get("_flashes", ())) != messages  # the view's message is for this time only
    if _keepable(response) and not said_something and not _holds_the_builders_token(body):
        return shell, response
    response.set_data(b"".join(shell.filled()))  # this reader's page only, their parts in place
    return None, response


def _keepable(response: Response) -> bool:
    return (response.status_code == 200 and "Set-Cookie" not in response.headers
            and set(session) <= NEUTRAL_SESSION_KEYS)


def _holds_the_builders_token(body: bytes) -> bool:
    """A real CSRF token printed while building (a form's own field rather than `csrf_token()`): that page
    is its reader's only, never anyone else's."""
    token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    return bool(token) and token.encode() in body


def _cut(body: bytes, token: str, holes: list[tuple]) -> Shell:
    mark = re.compile(re.escape(pieces.CSRF_MARK.encode()) + rb"|<!--own:" + token.encode() + rb":(\d+)-->")
    parts, found, start = [], [], 0
    for match in mark.finditer(body):
        parts.append(body[start:match.start()])
        found.append(holes[int(match.group(1))] if match.group(1) is not None else CSRF)
        start = match.end()
    parts.append(body[start:])
    return Shell(tuple(parts), tuple(found))


def init_app(app) -> None:
    app.extensions[OWN_STORE] = BoundedStore(app.config.get("OWN_PART_CACHE_BYTES", 8 * 1024 * 1024))
    app.jinja_env.globals["own"] = own
