"""Every kind of notice, defined once: its sentence, its e-mail's subject, why the reader gets it, and
which e-mail choice of the account page turns its mail off.

The packages that tell people things define their kinds beside the code that sends them (their
`notices.py`) and register here when imported; this module knows none of them, so that the
notifications, the mail and the subjects (votes, amendments, comments, follows) no longer import
each other in a circle. A notice whose kind was never defined is a programming error (KeyError),
not a silent "something changed".
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _

Sentence = Callable[[dict], str]


@dataclass(frozen=True)
class MailChoice:
    """One checkbox of the account page's e-mail choices; several kinds may share it."""

    name: str
    label: Callable[[], str]  # its words, in the reader's language when called
    order: int


@dataclass(frozen=True)
class Kind:
    name: str
    sentence: Sentence  # in the app, and the first paragraph of its e-mail
    subject: Sentence | None = None  # None: told in the app only, never mailed
    choice: MailChoice | None = None  # None: mailed to anyone who has an address (not a preference)
    why: Sentence | None = None  # a paragraph after the sentence: why the reader gets the e-mail

    @property
    def mailed(self) -> bool:
        return self.subject is not None


KINDS: dict[str, Kind] = {}
CHOICES: dict[str, MailChoice] = {}


def choice(name: str, label: Callable[[], str], *, order: int) -> MailChoice:
    """Declare (once) an e-mail choice of the account page."""
    found = CHOICES.setdefault(name, MailChoice(name, label, order))
    return found


def define(kind: Kind) -> Kind:
    """Register a kind; defining one name twice with other words is refused."""
    existing = KINDS.setdefault(kind.name, kind)
    if existing is not kind:
        raise ValueError(f"The notice kind {kind.name!r} is defined twice")
    return kind


def of(kind: Kind | str) -> Kind:
    """The registered kind (by object or by name): KeyError for a kind nobody defined."""
    return KINDS[kind] if isinstance(kind, str) else KINDS[kind.name]


def choices() -> list[MailChoice]:
    """The account page's e-mail choices, in their order."""
    return sorted(CHOICES.values(), key=lambda found: found.order)


def sentence_of(name: str, params: dict) -> str:
    """What a stored notice says; one kept from a kind since removed, or with parameters that no
    longer fit its sentence, still reads as a sentence."""
    kind = KINDS.get(name)
    try:
        return kind.sentence(params) if kind else _("Something changed that concerns you.")
    except (KeyError, TypeError, ValueError):
        return _("Something changed that concerns you.")
