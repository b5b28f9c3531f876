"""Hypothesis strategies for Markdown documents made of distinct, recognisable clauses."""
from __future__ import annotations

from hypothesis import strategies as st

WORDS = ("charte membres collectif hébergeurs libres éthiques données vie privée vote gouvernance "
         "transparence solidarité partage savoirs services décentralisés accueil structures "
         "engagement").split()
MARKDOWN_PIECES = st.sampled_from(
    list("ab #>-*+_`~[]()!<>|:=\\&^0123456789.\t \n\r")
    + ["\r\n", "é", "\u00a0", "\n\n", "- ", "1. ", "> ", "```", "    ", "[^1]", "[^1]: ", "[a]: /u"]
    + ["|---|", "<div>"]
)

markdownish = st.lists(MARKDOWN_PIECES, max_size=120).map("".join)
any_text = st.text(max_size=200)


@st.composite
def paragraph(draw, serial: int) -> str:
    """A paragraph of 8-16 words, made unique by its serial number."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=8, max_size=16))
    return f"Clause {serial} : " + " ".join(words) + "."


@st.composite
def clause_block(draw, serial: int) -> str:
    """One clause: a paragraph, a heading or a list item (each unique)."""
    text = draw(paragraph(serial))
    kind = draw(st.sampled_from(["paragraph", "paragraph", "heading", "item"]))
    return {"paragraph": text, "heading": "## " + text, "item": "- " + text}[kind]


@st.composite
def documents(draw, min_clauses: int = 3, max_clauses: int = 12) -> list[str]:
    """The clauses of a document (join with blank lines), all distinct."""
    size = draw(st.integers(min_clauses, max_clauses))
    return [draw(clause_block(serial)) for serial in range(size)]


def join(blocks: list[str]) -> str:
    """A document from its blocks, a blank line between each."""
    return "\n\n".join(blocks) + "\n"


def light_edit(text: str, word: str = "modifié") -> str:
    """A recognisable edit of a clause: one more word before its final full stop."""
    return text[:-1] + f" {word}."
