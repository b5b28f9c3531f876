"""python-markdown, built once per thread, with Palabre's own tree pass (heading ids, footnotes).

Input must already have passed `guard.is_renderable`; output is raw HTML, to be sanitised.
"""
from __future__ import annotations

import threading
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from app.text import htmlblock

# No attr_list (it would let authors set attributes), no toc (its duplicate-id counter is
# quadratic in repeated headings: our tree pass sets the ids), no def_list (quadratic).
_EXTENSION_CONFIGS = {
    "tables": {"use_align_attribute": True},
    # The marker holds characters python-markdown strips from its input: never placed by users.
    "footnotes": {"PLACE_MARKER": "\x02palabre-footnotes\x03"},
}
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BACKLINK_TITLE = "Jump back to footnote {} in the text"
_local = threading.local()


@dataclass(frozen=True)
class Options:
    """What one conversion does with footnotes."""

    footnotes: str = "keep"  # keep the list | "drop" it (a clause) | keep only "own" labels
    own_labels: frozenset[str] = frozenset()
    numbers: dict[str, int] = field(default_factory=dict)  # label -> number in the whole document


def convert(text: str, options: Options = Options()) -> str:
    """Markdown to (unsanitised) HTML with the thread's python-markdown instance."""
    md, tree_pass = _instance()
    tree_pass.options = options
    md.reset()
    return md.convert(text)


def _instance() -> tuple[markdown.Markdown, _TreePass]:
    # Building a Markdown object costs more than most conversions; it is not thread-safe.
    if not hasattr(_local, "md"):
        extension = _PalabreExtension()
        _local.md = markdown.Markdown(
            extensions=["tables", "footnotes", "fenced_code", "sane_lists", extension],
            extension_configs=_EXTENSION_CONFIGS,
            output_format="html",
            lazy_ol=False,  # keep an ordered list's first number: a clause may start at "3."
        )
        _local.tree_pass = extension.tree_pass
    return _local.md, _local.tree_pass


class _PalabreExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (python-markdown's name)
        self.tree_pass = _TreePass(md)
        htmlblock.install(md)
        # After inline patterns (20) and footnote duplicates (15), before prettify (10).
        md.treeprocessors.register(self.tree_pass, "palabre", 12)


class _TreePass(Treeprocessor):
    options = Options()

    def run(self, root: etree.Element) -> None:
        _set_heading_ids(root)
        _number_footnote_refs(root, self.options.numbers)
        notes = next((el for el in root if el.tag == "div" and el.get("class") == "footnote"), None)
        if notes is None or self.options.footnotes == "keep":
            return
        if self.options.footnotes == "drop" or not _keep_own_notes(notes, self.options):
            root.remove(notes)


def _set_heading_ids(root: etree.Element) -> None:
    used: set[str] = set()
    last_suffix: dict[str, int] = {}  # so that n identical headings cost n steps, not n squared
    for heading in root.iter():
        if heading.tag in _HEADINGS and "id" not in heading.attrib:
            text = HTML_PLACEHOLDER_RE.sub("", "".join(heading.itertext()))
            base = slugify(text, "-") or "section"
            suffix = last_suffix.get(base, 1)
            slug = base if suffix == 1 else f"{base}-{suffix}"
            while slug in used:
                suffix += 1
                slug = f"{base}-{suffix}"
            used.add(slug)
            last_suffix[base] = suffix
            heading.set("id", slug)


def _number_footnote_refs(root: etree.Element, numbers: dict[str, int]) -> None:
    # Each clause is rendered alone: number its references as in the whole document.
    for link in root.iter("a"):
        label = _label(link.get("href", ""), "#fn:")
        if link.get("class") == "footnote-ref" and label in numbers:
            link.text = str(numbers[label])


def _keep_own_notes(notes: etree.Element, options: Options) -> bool:
    """Keep only the clause's own footnotes, numbered as in the document; False if none."""
    for rule in notes.findall("hr"):
        notes.remove(rule)
    listing = notes.find("ol")
    items = list(listing) if listing is not None else []
    for item in items:
        label = _label(item.get("id", ""), "fn:")
        if label not in options.own_labels:
            listing.remove(item)
            continue
        number = options.numbers.get(label)
        for backref in item.iter("a"):
            if backref.get("class") == "footnote-backref" and number:
                backref.set("title", _BACKLINK_TITLE.format(number))
    kept = list(listing) if listing is not None else []
    first = options.numbers.get(_label(kept[0].get("id", ""), "fn:")) if kept else None
    if first and first > 1:
        listing.set("start", str(first))
    return bool(kept)


def _label(reference: str, prefix: str) -> str | None:
    return reference[len(prefix):] if reference.startswith(prefix) else None

