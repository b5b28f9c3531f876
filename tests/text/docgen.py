"""Builds realistic charter-like Markdown documents for tests and timings (deterministic)."""
from __future__ import annotations

import random

WORDS = (
    "les membres du collectif hébergent des services libres éthiques décentralisés solidaires "
    "chaque structure s'engage à publier ses conditions d'utilisation à respecter la vie privée "
    "des utilisatrices et utilisateurs à ne pas exploiter leurs données à des fins commerciales "
    "la gouvernance est ouverte transparente et les décisions sont prises collectivement par vote "
    "des organisations membres selon les règles fixées par la présente charte et son préambule"
).split()


def sentence(rng: random.Random, words: int) -> str:
    """A sentence of `words` words, capitalised, with a full stop."""
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, size: int = 250) -> str:
    """Prose of about `size` characters, with now and then a link, emphasis or footnote."""
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < size:
        parts.append(sentence(rng, rng.randint(6, 14)))
        roll = rng.random()
        if roll < 0.1:
            parts.append(f"Voir [le site](https://example.org/{rng.randint(1, 99)}).")
        elif roll < 0.2:
            parts.append(f"Ceci est *important* et **{rng.choice(WORDS)}**.")
        elif roll < 0.25:
            parts.append("Une note[^n1].")
    return " ".join(parts)


def document(seed: int = 0, clauses: int = 400, size: int = 250) -> str:
    """A charter of about `clauses` clauses: headings, paragraphs, lists, a table, a footnote."""
    rng = random.Random(seed)
    blocks: list[str] = []
    article = 0
    while len(blocks) < clauses - 3:
        roll = rng.random()
        if roll < 0.12:
            article += 1
            blocks.append(f"## Article {article} — {sentence(rng, 3)[:-1]}\n")
        elif roll < 0.25:
            items = [f"- {sentence(rng, rng.randint(5, 12))}" for _ in range(rng.randint(2, 4))]
            items.insert(1, f"  - {sentence(rng, 6)}")
            blocks.append("\n".join(items) + "\n")
        else:
            blocks.append(paragraph(rng, size) + "\n")
    blocks.append("| Rôle | Voix |\n|---|---|\n| Membre | 1 |\n| Candidate | 0 |\n")
    blocks.append("[^n1]: Une note de bas de page, partagée par plusieurs clauses.\n")
    blocks.insert(0, "# Charte du collectif\n")
    return "\n".join(blocks)
