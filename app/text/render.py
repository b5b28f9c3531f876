"""Markdown to safe HTML: whole texts (comments, previews) and clauses rendered one by one.

A clause renders alone, with only the link and footnote definitions it refers to, so its
HTML can be stored once per distinct `clause_render_key` and reused by every version.
"""
from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.text import blocks, engine, guard, references
from app.text.clauses import Clause, split_clauses, split_lines
from app.text.sanitize import sanitize_html

__all__ = [
    "clause_render_key", "document_context", "plain_words", "render_clause", "render_clauses", "render_markdown",
    "sanitize_html",
]

RENDER_VERSION = "1"  # bump when the output changes, so stored renderings are redone
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_SINGLE_PARAGRAPH_RE = re.compile(r"<p>(.*)</p>\s*", re.S)
_TAG_RE = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class _Plan:
    """Everything that decides a clause's HTML (and so its render key)."""

    body: str  # the Markdown python-markdown gets: the clause, dedented, plus its definitions
    list_tag: str = ""  # "ul" or "ol" when the clause is one list item
    start: int = 1
    tight: bool = True
    options: engine.Options = engine.Options(footnotes="drop")


def render_markdown(text: str) -> str:
    """Render a whole Markdown text (comment, rationale, preview) to sanitised HTML."""
    text = _clean(text)
    if not guard.is_renderable(text):
        return _escaped(text)
    return sanitize_html(engine.convert(text))


def plain_words(text: str) -> str:
    """The words a reader sees of a Markdown text, spaces collapsed: what a selection on the page gives."""
    return " ".join(html.unescape(_TAG_RE.sub(" ", render_clause(text))).split())


def document_context(clauses: Iterable[Clause]) -> str:
    """The document's link and footnote definitions, for rendering its clauses one by one."""
    kept = [_dedented(c).strip() for c in clauses if c.kind in ("linkdef", "footnote")]
    return "\n\n".join(kept) + "\n" if kept else ""


def render_clauses(clauses: list[Clause]) -> list[str]:
    """The HTML of each clause of a document, each rendered on its own."""
    context = document_context(clauses)
    return [render_clause(clause, context) for clause in clauses]


def clause_render_key(clause: Clause, context: str) -> str:
    """A sha256 of everything that decides `render_clause(clause, context)`."""
    plan = _plan(clause, context)
    options = plan.options
    parts = (RENDER_VERSION, plan.body, plan.list_tag, str(plan.start), str(plan.tight),
             options.footnotes, repr(sorted(options.own_labels)), repr(sorted(options.numbers.items())))
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def render_clause(clause: Clause | str, context: str = "") -> str:
    """Render one clause (a Clause; a source string is split first) to sanitised HTML."""
    if isinstance(clause, str):
        return "".join(render_clause(piece, context) for piece in split_clauses(clause))
    plan = _plan(clause, context)
    if not plan.body.strip() and not plan.list_tag:
        return ""
    if not guard.is_renderable(plan.body):
        return _escaped(_clean(clause.text))
    inner = engine.convert(plan.body, plan.options)
    return sanitize_html(_wrap(inner, plan) if plan.list_tag else inner)


def _plan(clause: Clause, context: str) -> _Plan:
    if clause.kind == "linkdef":
        return _Plan("")  # a definition shows nothing where it stands, as in Markdown
    body, item = _clean(_dedented(clause)), None
    if clause.kind == "list_item":
        item = _list_item(body)
    own = references.note_label(body.lstrip()) if clause.kind == "footnote" else None
    text = item[0] if item else body
    definitions = references.parse_definitions(context)
    links, notes = references.referenced(text, definitions)
    labels = set(notes) | ({own} if own else set())
    options = engine.Options(
        footnotes="own" if own else "drop",
        own_labels=frozenset(labels & {own}),
        numbers={label: definitions.numbers[label] for label in labels if label in definitions.numbers},
    )
    extra = [d for label in links for d in definitions.links[label]]
    extra += [f"[^{label}]: ." for label in notes if label != own]  # refs need one; its text is dropped
    full = text + "\n\n" + "\n\n".join(extra) + "\n" if extra else text
    if item is None:
        return _Plan(full, options=options)
    return _Plan(full, item[1], item[2], item[3], options)


def _list_item(source: str) -> tuple[str, str, int, bool] | None:
    """A list item's content (marker removed, dedented), list tag, first number, tightness."""
    lines = split_lines(source)
    lines = lines[next((k for k, line in enumerate(lines) if not blocks.is_blank(line)), len(lines)):]
    start = blocks.list_item_start(lines[0].rstrip("\r\n")) if lines else None
    if start is None:
        return None
    first = blocks.strip_columns(lines[0], start.content_col, whitespace_only=False)
    content = first + "".join(blocks.strip_columns(line, start.content_col) for line in lines[1:])
    tight = not any(blocks.is_blank(line) for line in split_lines(content.strip()))
    return content, ("ul" if start.number is None else "ol"), start.number or 0, tight


def _wrap(inner: str, plan: _Plan) -> str:
    single = _SINGLE_PARAGRAPH_RE.fullmatch(inner)
    if plan.tight and single and "<p" not in single.group(1):
        inner = single.group(1)  # a tight item shows its text bare, as in a tight list
    start = f' start="{plan.start}"' if plan.list_tag == "ol" and plan.start != 1 else ""
    return f"<{plan.list_tag}{start}>\n<li>{inner}</li>\n</{plan.list_tag}>"


def _dedented(clause: Clause) -> str:
    """The clause's source at the left margin, so it renders as it reads in its list item."""
    lines = split_lines(clause.source)
    first = next((line for line in lines if not blocks.is_blank(line)), "")
    indent = blocks.leading_columns(first)[0]
    if clause.kind == "code" and not first.lstrip(" \t").startswith(("```", "~~~")):
        indent -= blocks.TAB_STOP  # an indented code block keeps the indent that makes it code
    elif clause.depth == 0 and clause.kind != "code":
        return clause.source
    if indent <= 0:
        return clause.source
    return "".join(blocks.strip_columns(line, indent) for line in lines)


def _clean(text: str) -> str:
    """NUL and lone surrogates become U+FFFD; other control characters go (they have no glyph)."""
    return _CONTROL_RE.sub(lambda m: "\ufffd" if m.group() == "\x00" or m.group() > "\x7f" else "", text)


def _escaped(text: str) -> str:
    # The deliberate fallback for text too costly or too deep to render: shown as it was typed.
    return f"<pre>{html.escape(text)}</pre>"
