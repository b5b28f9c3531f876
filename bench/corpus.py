"""A charter-like Markdown document of a chosen size, the same at every run."""
from __future__ import annotations

import random

WORDS = (
    "les organisations membres hébergent des services libres éthiques et solidaires chaque structure "
    "publie ses conditions d'utilisation respecte la vie privée des personnes hébergées ne revend "
    "aucune donnée décide collectivement selon les règles de la présente charte et de son préambule"
).split()


def sentence(rng: random.Random) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16)))
    return text[0].upper() + text[1:] + "."


def clause(rng: random.Random, n: int, size: int) -> str:
    """A heading, a list item or a paragraph of about `size` characters."""
    if n % 20 == 0:
        return f"## Article {n // 20 + 1} — {sentence(rng)[:40]}\n"
    body = sentence(rng)
    while len(body) < size:
        body += " " + sentence(rng)
    if n % 7 == 0:
        body += " Voir [le site](https://example.org/charte)."
    return f"{n % 10 + 1}. {body}\n" if n % 5 == 0 else body + "\n"


def document(clauses: int = 400, total_bytes: int = 100_000, seed: int = 1) -> str:
    """About `clauses` clauses and `total_bytes` bytes of Markdown."""
    rng = random.Random(seed)
    size = max(total_bytes // clauses - 45, 20)  # sentences overshoot `size` by half a sentence
    return "# Charte du collectif\n\n" + "\n".join(clause(rng, n, size) for n in range(1, clauses))


def change_one_clause(markdown: str, round_: int) -> str:
    """The same text with one paragraph edited (a different one each round)."""
    paragraphs = markdown.split("\n\n")
    index = 1 + (round_ * 37) % (len(paragraphs) - 1)
    paragraphs[index] = paragraphs[index].rstrip("\n") + f" Modifié au tour {round_}.\n"
    return "\n\n".join(paragraphs)
