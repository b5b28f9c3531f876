"""Diffs on the rendered text: what changed between two clauses, shown as a reader sees them.

A reader who is not a programmer should not meet `**`, `|` or `#`: both clauses are rendered
(their stored, sanitised HTML), cut into tokens — the tags of blocks (paragraphs, headings,
lists, tables) and the words, spaces and punctuation marks of the text, each word carrying
the inline formatting around it (bold, links…) and the names of the blocks it stands in —
and diff-match-patch diffs the two token lists. The output keeps the new text's structure:
inserted words are wrapped in <ins>, deleted ones in <del> where they stood, a deleted block
that was whole (a table row, a paragraph) keeps its own tags, and a word whose formatting
changed shows as deleted then inserted, so that a change of bold alone is seen too.

Pure (no Flask): the words that tell a screen reader where a change starts are passed in.
The inputs are sanitised HTML; every piece of text is escaped again on the way out, the
tags are the inputs' own or written here, and the result goes through the sanitiser once
more (with the few classes a diff needs), so no input can make it less safe than the text.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import nh3

from app.text import bounded, sanitize
from app.text.words import MAX_WORD_TOKENS, make_dmp, tokens as word_tokens

__all__ = ["Labels", "diff_html", "mark_phrases", "side_by_side", "whole", "without_ids"]

DELETE, EQUAL, INSERT = -1, 0, 1
INLINE = frozenset("a em strong b i code del ins s sup sub abbr kbd q span".split())
VOID = frozenset({"img", "br", "hr"})
# Blocks whose children are blocks, never text: deleted words there need a block of their own.
NO_TEXT = {"ul": "li", "ol": "li", "tr": "td", "table": "tr", "thead": "tr", "tbody": "tr", "tfoot": "tr"}
# Blocks that hold only phrasing: a deleted block cannot stand inside them, its words can.
PHRASING_ONLY = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "caption"})
GONE = "diff-gone"
PUNCT = "diff-punct"
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)([^>]*)>")
_ID_RE = re.compile(r'\sid="[^"]*"')
_DIFF_CLASSES = frozenset({GONE, PUNCT, "visually-hidden", "diff-unchanged"})


@dataclass(frozen=True)
class Labels:
    """The hidden words before each change, for screen readers (which do not announce <ins>/<del>); "]" closes them.
    Whole openings, punctuation included: a French colon has a space before it."""

    inserted: str = "[inserted: "
    deleted: str = "[deleted: "


@dataclass(frozen=True)
class Token:
    kind: str  # "open" | "close" | "void" (a block tag) | "text" (a word, a space, a mark, an image)
    name: str  # the tag's name; "" for text
    raw: str  # the HTML as it is written out (escaped for text)
    key: str  # what the diff compares
    inline: tuple[str, ...] = ()  # the inline tags open around a text token, as written
    text: str = ""  # a text token's characters, unescaped


def tokenize(fragment: str) -> list[Token]:
    """The tokens of a sanitised HTML fragment (ids dropped: a diff must not repeat the text's)."""
    found: list[Token] = []
    inline: list[tuple[str, str]] = []  # (name, raw open tag)
    blocks: list[str] = []
    at = 0
    for tag in _TAG_RE.finditer(fragment):
        _text_tokens(fragment[at:tag.start()], inline, blocks, found)
        at = tag.end()
        closing, name, attributes = tag.group(1) == "/", tag.group(2).lower(), _ID_RE.sub("", tag.group(3))
        raw = f"</{name}>" if closing else f"<{name}{attributes.rstrip('/').rstrip()}>"
        if name in INLINE:
            if closing:
                for k in range(len(inline) - 1, -1, -1):
                    if inline[k][0] == name:
                        del inline[k:]
                        break
            else:
                inline.append((name, raw))
        elif name in ("img", "br"):
            context = tuple(r for _, r in inline)
            found.append(Token("text", "", raw, "\x01".join((raw, *context, "/".join(blocks))), context,
                               "\n" if name == "br" else ""))
        elif name in VOID:
            found.append(Token("void", name, raw, raw))
        elif closing:
            inline.clear()
            if name in blocks:
                del blocks[len(blocks) - 1 - blocks[::-1].index(name):]
            found.append(Token("close", name, raw, raw))
        else:
            inline.clear()
            blocks.append(name)
            found.append(Token("open", name, raw, raw))
    _text_tokens(fragment[at:], inline, blocks, found)
    return found


def _text_tokens(escaped: str, inline: list[tuple[str, str]], blocks: list[str], found: list[Token]) -> None:
    if not escaped:
        return
    context = tuple(raw for _, raw in inline)
    path = "/".join(blocks)
    for word in word_tokens(html.unescape(escaped)):
        found.append(Token("text", "", html.escape(word, quote=False), "\x01".join((word, *context, path)),
                           context, word))


def diff_tokens(old: list[Token], new: list[Token]) -> list[tuple[int, Token]]:
    """The token diff, each token with its op; equal tokens are the new side's."""
    if len(old) + len(new) > MAX_WORD_TOKENS:
        # Too long to diff in bounded time: the old clause deleted, the new one inserted.
        return [(DELETE, t) for t in old] + [(INSERT, t) for t in new]
    vocabulary: dict[str, str] = {}

    def encode(sequence: list[Token]) -> str:
        return "".join(vocabulary.setdefault(t.key, _code(len(vocabulary))) for t in sequence)

    ops = bounded.diff(encode(old), encode(new))
    make_dmp().diff_cleanupSemantic(ops)
    result: list[tuple[int, Token]] = []
    i = j = 0
    for op, chars in ops:
        n = len(chars)
        if op == EQUAL:
            result += [(EQUAL, t) for t in new[j:j + n]]
            i, j = i + n, j + n
        elif op == DELETE:
            result += [(DELETE, t) for t in old[i:i + n]]
            i += n
        else:
            result += [(INSERT, t) for t in new[j:j + n]]
            j += n
    return result


def _code(index: int) -> str:
    return chr(0xE000 + index) if index < 6400 else chr(0xF0000 + index - 6400)


class _Writer:
    """Writes tokens out, keeping inline tags and the marks of changes well nested."""

    def __init__(self, labels: Labels):
        self.labels = labels
        self.out: list[str] = []
        self.blocks: list[str] = []  # block elements open in the output
        self.inline: tuple[str, ...] = ()  # inline tags open in the output
        self.mark: int = EQUAL  # the change open in the output (an <ins> or a <del>), if any
        self.mark_at = 0  # where the open mark's tag is in `out`
        self.mark_text: list[str] = []
        self.wrapper: str | None = None  # a block opened to hold deleted words where none may stand
        self.changes = 0
        self.boxes = True  # a lone punctuation mark changed is boxed, to be seen
        self.mark_boxes = True

    def block(self, token: Token, extra_class: str = "") -> None:
        self._close_inline()
        self._close_wrapper()
        raw = token.raw
        if extra_class and token.kind == "open" and " class=" not in raw:
            raw = f'{raw[:-1]} class="{extra_class}">'
        self.out.append(raw)
        if token.kind == "open":
            self.blocks.append(token.name)
        elif token.kind == "close" and token.name in self.blocks:
            del self.blocks[len(self.blocks) - 1 - self.blocks[::-1].index(token.name):]

    def text(self, op: int, token: Token) -> None:
        top = self.blocks[-1] if self.blocks else ""
        blank = not token.text.strip() and not token.raw.startswith("<")
        if op != EQUAL and blank and self.wrapper is None and (top in NO_TEXT or not self.blocks):
            op = EQUAL  # layout whitespace between blocks: nothing a reader sees changed
        if self.wrapper is not None and op != DELETE:
            self._close_inline()
            self._close_wrapper()
        if op == DELETE and top in NO_TEXT and self.wrapper is None:
            self._close_inline()
            child = NO_TEXT[top]
            self.wrapper = f"</td></{child}>" if child == "tr" else f"</{child}>"
            self.out.append(f'<{child} class="{GONE}"><td>' if child == "tr" else f'<{child} class="{GONE}">')
        if token.inline != self.inline or op != self.mark:
            self._close_mark()
        if token.inline != self.inline:
            self._set_inline(token.inline)
        if op != self.mark:
            self._open_mark(op)
        self.out.append(token.raw)
        if op != EQUAL:
            self.mark_text.append(token.text or "x")

    def finish(self) -> str:
        self._close_inline()
        self._close_wrapper()
        return "".join(self.out)

    def _open_mark(self, op: int) -> None:
        self.mark, self.mark_at, self.mark_text, self.mark_boxes = op, len(self.out), [], self.boxes
        self.out.append("")  # the opening tag, written once its words are known
        self.changes += 1

    def _close_mark(self) -> None:
        if self.mark == EQUAL:
            return
        tag, label = ("ins", self.labels.inserted) if self.mark == INSERT else ("del", self.labels.deleted)
        words = "".join(self.mark_text).strip()
        punct = self.mark_boxes and bool(words) and len(words) <= 3 and not any(ch.isalnum() for ch in words)
        opening = f'<{tag} class="{PUNCT}">' if punct else f"<{tag}>"
        self.out[self.mark_at] = f'{opening}<span class="visually-hidden">{html.escape(label)}</span>'
        self.out.append(f'<span class="visually-hidden">]</span></{tag}>')
        self.mark = EQUAL

    def _set_inline(self, wanted: tuple[str, ...]) -> None:
        common = 0
        while common < min(len(wanted), len(self.inline)) and wanted[common] == self.inline[common]:
            common += 1
        for raw in reversed(self.inline[common:]):
            self.out.append(f"</{_name(raw)}>")
        self.out += wanted[common:]
        self.inline = wanted

    def _close_inline(self) -> None:
        self._close_mark()
        self._set_inline(())

    def _close_wrapper(self) -> None:
        if self.wrapper is not None:
            self.out.append(self.wrapper)
            self.wrapper = None


def _name(raw: str) -> str:
    return _TAG_RE.match(raw).group(2).lower()


@dataclass
class Node:
    """A block element of a clause (its children blocks and runs of text), or a run of text."""

    name: str  # "" for a run of text
    raw: str = ""  # the opening tag
    children: list[Node] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)  # a run's words and inline pieces
    void: bool = False
    _key: str | None = None

    @property
    def key(self) -> str:
        if self._key is None:
            if not self.name:
                self._key = "\x02".join(t.key for t in self.tokens)
            else:
                self._key = self.raw + "\x03" + "\x04".join(c.key for c in self.children) + "\x05"
        return self._key

    def words(self) -> set[str]:
        if not self.name:
            return {t.text for t in self.tokens if t.text.strip()}
        return set().union(*(c.words() for c in self.children)) if self.children else set()

    def size(self) -> int:
        return len(self.tokens) + sum(c.size() + 2 for c in self.children)


def parse(fragment: str) -> Node:
    """The tree of a sanitised fragment; runs of whitespace between blocks are layout, left out."""
    root = Node("#root")
    stack = [root]
    for token in tokenize(fragment):
        parent = stack[-1]
        if token.kind == "open":
            node = Node(token.name, token.raw)
            parent.children.append(node)
            stack.append(node)
        elif token.kind == "close":
            names = [n.name for n in stack]
            if token.name in names[1:]:
                del stack[len(names) - 1 - names[::-1].index(token.name):]
        elif token.kind == "void":
            parent.children.append(Node(token.name, token.raw, void=True))
        elif parent.children and not parent.children[-1].name:
            parent.children[-1].tokens.append(token)
        else:
            parent.children.append(Node("", tokens=[token]))
    _drop_layout(root)
    return root


def _drop_layout(node: Node) -> None:
    blocks = any(c.name for c in node.children)
    if blocks and (node.name in NO_TEXT or node.name in ("#root", "thead", "tbody", "tfoot", "div")
                   or not any(not c.name and c.words() for c in node.children)):
        node.children = [c for c in node.children if c.name or any(t.raw.startswith("<") or t.text.strip()
                                                                    for t in c.tokens)]
    for child in node.children:
        if child.name:
            _drop_layout(child)


class _TreeWriter:
    """Writes a diff of two trees: one side (`side` -1 old, 1 new) or both in the new layout (0)."""

    def __init__(self, labels: Labels, side: int = 0):
        self.writer = _Writer(labels)
        self.side = side

    def shows(self, op: int) -> bool:
        return op == EQUAL or self.side == 0 or op == self.side

    def node(self, node: Node, op: int, *, top: bool = True) -> None:
        if not self.shows(op):
            return
        boxes = self.writer.boxes
        self.writer.boxes = boxes and op == EQUAL  # a lone mark in a whole new block is no small change
        if not node.name:
            for token in node.tokens:
                self.writer.text(op, token)
        else:
            self.writer.block(Token("void" if node.void else "open", node.name, node.raw, node.raw),
                              GONE if op == DELETE and top else "")
            for child in node.children:
                self.node(child, op, top=False)
            if not node.void:
                self.writer.block(Token("close", node.name, f"</{node.name}>", ""))
        self.writer.boxes = boxes

    def pair(self, old: Node, new: Node) -> None:
        if not new.name:
            for op, token in diff_tokens(old.tokens, new.tokens):
                if self.shows(op):
                    self.writer.text(op, token)
            return
        raw = old.raw if self.side == DELETE else new.raw
        self.writer.block(Token("void" if new.void else "open", new.name, raw, raw))
        self.children(old.children, new.children)
        if not new.void:
            self.writer.block(Token("close", new.name, f"</{new.name}>", ""))

    def children(self, old: list[Node], new: list[Node]) -> None:
        vocabulary: dict[str, str] = {}
        encoded = ["".join(vocabulary.setdefault(n.key, _code(len(vocabulary))) for n in side)
                   for side in (old, new)]
        ops = bounded.diff(encoded[0], encoded[1])
        i = j = 0
        removed: list[Node] = []
        added: list[Node] = []
        for op, chars in ops + [(EQUAL, "")]:
            n = len(chars)
            if op == DELETE:
                removed += old[i:i + n]
                i += n
            elif op == INSERT:
                added += new[j:j + n]
                j += n
            else:
                self.replaced(removed, added)
                removed, added = [], []
                for node in new[j:j + n]:
                    self.node(node, EQUAL)
                i, j = i + n, j + n

    def replaced(self, removed: list[Node], added: list[Node]) -> None:
        """Old nodes gone and new ones come in their place: alike pairs are diffed inside."""
        i = j = 0
        while i < len(removed) or j < len(added):
            if i == len(removed):
                self.node(added[j], INSERT)
                j += 1
            elif j == len(added):
                self.node(removed[i], DELETE)
                i += 1
            elif _alike(removed[i], added[j], only=len(removed) == len(added) == 1):
                self.pair(removed[i], added[j])
                i, j = i + 1, j + 1
            elif j + 1 < len(added) and _alike(removed[i], added[j + 1]):
                self.node(added[j], INSERT)
                j += 1
            else:
                self.node(removed[i], DELETE)
                i += 1


def _alike(old: Node, new: Node, *, only: bool = False) -> bool:
    """Two nodes of one kind whose words overlap enough to be read as one node edited."""
    if old.name != new.name or old.void != new.void:
        return False
    if not old.name or only:
        return True
    a, b = old.words(), new.words()
    return not (a or b) or len(a & b) / len(a | b) >= 0.3


def _write_tree(old: str, new: str, labels: Labels, side: int) -> tuple[str, int]:
    before, after = parse(old), parse(new)
    tree = _TreeWriter(labels, side)
    if before.size() + after.size() > MAX_WORD_TOKENS:
        # Too long to diff in bounded time: the old clause deleted, the new one inserted.
        for node in before.children:
            tree.node(node, DELETE)
        for node in after.children:
            tree.node(node, INSERT)
    else:
        tree.children(before.children, after.children)
    return tree.writer.finish(), tree.writer.changes


def _clean(fragment: str) -> str:
    attributes = {tag: set(names) for tag, names in sanitize.ALLOWED_ATTRIBUTES.items()}
    for tag in ("ins", "del", "span", "li", "td", "tr", "p", "table", "ul", "ol", "blockquote", "pre",
                "h1", "h2", "h3", "h4", "h5", "h6", "div", "dl", "dd", "dt"):
        attributes.setdefault(tag, set()).add("class")
    cleaned = nh3.clean(fragment, tags=set(sanitize.ALLOWED_TAGS) | {"mark"}, attributes=attributes,
                        attribute_filter=_filter, url_schemes=set(sanitize.URL_SCHEMES), link_rel=None,
                        strip_comments=True)
    return sanitize.finish_tags(cleaned)


def _filter(tag: str, name: str, value: str) -> str | None:
    if name == "class":
        kept = [c for c in value.split() if c in _DIFF_CLASSES]
        if kept:
            return " ".join(kept)
    return sanitize.filter_attribute(tag, name, value)


def diff_html(old: str, new: str, labels: Labels = Labels()) -> tuple[str, int]:
    """Both rendered clauses in one, in the new one's layout; and how many changes are marked."""
    written, changes = _write_tree(old, new, labels, 0)
    return _clean(written), changes


def side_by_side(old: str, new: str, labels: Labels = Labels()) -> tuple[str, str]:
    """The old clause with its deletions marked, and the new one with its insertions marked."""
    return _clean(_write_tree(old, new, labels, DELETE)[0]), _clean(_write_tree(old, new, labels, INSERT)[0])


def whole(fragment: str, op: int, labels: Labels = Labels()) -> str:
    """A clause added (op 1) or removed (op -1) as a whole: all its words marked."""
    return _clean(_write_tree("" if op == INSERT else fragment, fragment if op == INSERT else "", labels, 0)[0])


def without_ids(fragment: str) -> str:
    """A sanitised fragment without its ids, to show it again on a page that has them already."""
    return _TAG_RE.sub(lambda tag: _ID_RE.sub("", tag.group(0)), fragment)


def mark_phrases(fragment: str, phrases: list[str]) -> str:
    """The fragment with each phrase's words wrapped in <mark> (spaces and formatting aside).

    For the passages that comments quote: found in the words a reader sees, across bold or
    links, and marked piece by piece so the HTML stays well nested.
    """
    found = tokenize(fragment)
    wanted = [" ".join(p.split()) for p in phrases if p and p.strip()]
    if not wanted:
        return fragment
    # The visible characters, spaces collapsed, with the token each one came from.
    chars: list[str] = []
    owner: list[int] = []
    for index, token in enumerate(found):
        if token.kind != "text" or token.raw.startswith("<"):
            if chars and chars[-1] != " ":
                chars.append(" ")
                owner.append(-1)
            continue
        text = " " if token.text.isspace() else token.text
        if text == " " and chars and chars[-1] == " ":
            continue
        for ch in text:
            chars.append(ch)
            owner.append(index)
    visible = "".join(chars)
    marked: set[int] = set()
    for phrase in wanted:
        start = visible.find(phrase)
        while start != -1:
            marked.update(o for o in owner[start:start + len(phrase)] if o >= 0)
            start = visible.find(phrase, start + len(phrase))
    if not marked:
        return fragment
    writer = _Writer(Labels())
    out: list[str] = []
    for index, token in enumerate(found):
        if token.kind == "text":
            writer.text(EQUAL, token)
            if index in marked:
                writer.out[-1] = f"<mark>{writer.out[-1]}</mark>"
        else:
            writer.block(token)
    out.append(writer.finish())
    return _clean("".join(out).replace("</mark><mark>", ""))
