"""Link and footnote definitions: the part of a document that any clause may refer to.

A clause is rendered alone, so it is given the definitions it refers to, and only those:
its rendering (and its cache key) then changes only when one of them does.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from app.text.clauses import split_clauses

_NOTE_LABEL_RE = re.compile(r"[ \t]*\[\^([^\]]+)\]:")
_LINK_LABEL_RE = re.compile(r"[ \t]*\[([^\[\]]+)\]:")
_BRACKETED_RE = re.compile(r"\[([^\[\]]*)\]")


@dataclass(frozen=True)
class Definitions:
    """The definitions of a document, by label."""

    links: dict[str, tuple[str, ...]]  # normalised label -> its definitions, in order
    notes: dict[str, str]  # footnote label -> its last definition (python-markdown keeps the last)
    numbers: dict[str, int]  # footnote label -> its number (order of first definition)


def normalise_label(label: str) -> str:
    """A link label as python-markdown matches it: case and inner whitespace ignored."""
    return " ".join(label.split()).lower()


def note_label(definition: str) -> str | None:
    """The label of a footnote definition `[^label]: …`."""
    found = _NOTE_LABEL_RE.match(definition)
    return found.group(1) if found else None


@lru_cache(maxsize=16)
def parse_definitions(context: str) -> Definitions:
    """The link and footnote definitions found in a document context."""
    links: dict[str, tuple[str, ...]] = {}
    notes: dict[str, str] = {}
    for clause in split_clauses(context):
        text = clause.text
        label = note_label(text) if clause.kind == "footnote" else None
        if label is not None:
            notes[label] = text
        elif clause.kind == "linkdef" and (found := _LINK_LABEL_RE.match(text)):
            key = normalise_label(found.group(1))
            links[key] = links.get(key, ()) + (text,)
    return Definitions(links, notes, {label: n for n, label in enumerate(notes, start=1)})


def referenced(markdown: str, definitions: Definitions) -> tuple[list[str], list[str]]:
    """The link labels and footnote labels that `markdown` may refer to and that are defined."""
    if "[" not in markdown:
        return [], []
    bracketed = set(_BRACKETED_RE.findall(markdown))
    notes = sorted(label[1:] for label in bracketed if label[1:] in definitions.notes and label[:1] == "^")
    links = sorted({normalise_label(label) for label in bracketed} & definitions.links.keys())
    return links, notes
