"""Real French sentences, and a congress programme of a chosen size made of them.

The benchmark's small and large documents repeat forty words; a congress text is prose. Its
sentences come from French nobody wrote for the benchmark: the announcement in
`shared/seed/` (when present), the demo collective's texts and discussions (`app/demo/content`)
and the application's French messages. About 460 distinct sentences (43,000 characters): a
programme of 330,000 characters uses each several times, but every clause is a different
sequence of them, so no paragraph repeats and a diff meets the repetitions a real text has.
"""
from __future__ import annotations

import json
import random
import re
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "chatons-announcement.txt"
DEMO = ROOT / "app" / "demo" / "content"
MESSAGES = ROOT / "app" / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
SPLIT = re.compile(r"(?<=[.!?…])\s+|\n+")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _texts() -> list[str]:
    texts = [SEED.read_text(encoding="utf-8")] if SEED.exists() else []
    texts += [path.read_text(encoding="utf-8") for path in sorted(DEMO.glob("*.md"))]
    texts += list(_strings(json.loads((DEMO / "demo.json").read_text(encoding="utf-8"))))
    with MESSAGES.open("rb") as po:
        for message in read_po(po):
            if message.id and message.string:
                texts.append(message.string if isinstance(message.string, str) else message.string[0])
    return texts


def _is_sentence(text: str) -> bool:
    return (len(text) >= 40 and text[0].isupper() and text[-1] in ".!?" and text.count("*") % 2 == 0
            and not any(mark in text for mark in ("%(", "{", "<", "`", "|")))


@cache
def sentences() -> tuple[str, ...]:
    """The distinct real sentences, in a fixed order."""
    found: set[str] = set()
    for text in _texts():
        for piece in SPLIT.split(LINK.sub(r"\1", text)):
            piece = piece.strip(" #*-–>").strip()
            if _is_sentence(piece):
                found.add(piece)
    return tuple(sorted(found))


def paragraph(rng: random.Random, size: int) -> str:
    pool = sentences()
    body = rng.choice(pool)
    while len(body) < size:
        body += " " + rng.choice(pool)
    return body


def programme(clauses: int = 1300, total_chars: int = 330_000, seed: int = 2017) -> str:
    """A congress programme: chapters, sections, paragraphs and lists, about `clauses` clauses."""
    rng = random.Random(seed)
    size = max(total_chars // clauses - 52, 40)
    parts = ["# Programme du congrès\n"]
    chapter = section = 0
    seen: set[str] = set()
    for n in range(1, clauses):
        if n % 100 == 1:
            chapter += 1
            section = 0
            parts.append(f"## Chapitre {chapter} — {_title(rng)}\n")
        elif n % 20 == 1:
            section += 1
            parts.append(f"### {chapter}.{section} {_title(rng)}\n")
        else:
            body = paragraph(rng, rng.randint(size // 2, size * 3 // 2))
            while body in seen:  # never the same paragraph twice
                body += " " + rng.choice(sentences())
            seen.add(body)
            parts.append(f"- {body}\n" if n % 9 == 0 else body + "\n")
    return "\n".join(parts)


def _title(rng: random.Random) -> str:
    words = rng.choice(sentences()).rstrip(".!?").split()
    return " ".join(words[:rng.randint(3, 7)])
