"""Make HTML safe to show: an nh3 allowlist of prose elements, and rel on external links.

Choices: images are allowed (http, https or relative sources only; the page's CSP decides
where they may load from); `class` survives only for footnote and code-language classes;
`id` only on headings and footnotes, where the renderer puts it; no `style`, no `on*`, no
forms, frames, scripts or embedded objects, whatever the input.
"""
from __future__ import annotations

import html
import re

import nh3

from app.text import guard

ALLOWED_TAGS = frozenset(
    "p br hr h1 h2 h3 h4 h5 h6 ul ol li blockquote pre code em strong b i del ins s a img "
    "table thead tbody tfoot tr th td caption sup sub div section abbr dl dt dd kbd q span".split()
)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"title", "lang"},  # on any element; harmless, and lang helps screen readers
    "a": {"href", "title", "class"},
    "img": {"src", "alt", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "li": {"id"},
    "sup": {"id"},
    "div": {"class"},
    "code": {"class"},
    **{heading: {"id"} for heading in _HEADINGS},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
_CLASSES = frozenset({"footnote", "footnote-ref", "footnote-backref"})
_LANGUAGE_CLASS_RE = re.compile(r"language-[A-Za-z0-9_+#.-]{1,40}")
_ID_RE = re.compile(r"[A-Za-z0-9_:.-]{1,100}")
_ALIGNS = frozenset({"left", "right", "center"})
_TAG_RE = re.compile(r'<([A-Za-z][A-Za-z0-9]*)((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*(/?)>')
_VALUE_RE = re.compile(r'="([^"]*)"')
_HREF_RE = re.compile(r'\shref="([^"]*)"')
_EXTERNAL_RE = re.compile(r"(?:https?:)?//", re.I)
_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# Removed before looking for a scheme: stricter than browsers, which only drop tabs and
# newlines inside a URL, so that "java script:" or "java\u200bscript:" never get through.
_INVISIBLE_RE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\ufeff]+")
EXTERNAL_REL = "nofollow noopener"


def sanitize_html(fragment: str) -> str:
    """Clean an HTML fragment against the allowlist; external links get rel=nofollow noopener."""
    if guard.html_depth(fragment) > guard.MAX_HTML_DEPTH:
        return html.escape(fragment)  # html5ever is quadratic in nesting depth: show it as text
    cleaned = nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
    return _TAG_RE.sub(_finish_tag, cleaned)


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    if name == "class":
        kept = [c for c in value.split() if c in _CLASSES or _LANGUAGE_CLASS_RE.fullmatch(c)]
        return " ".join(kept) or None
    if name == "id":
        return value if _ID_RE.fullmatch(value) else None
    if name == "start":
        return value if value.isascii() and value.isdigit() and len(value) <= 9 else None
    if name == "align":
        return value.lower() if value.lower() in _ALIGNS else None
    if name in ("href", "src"):
        return value if has_safe_scheme(value) else None
    if name in ("colspan", "rowspan"):
        return value if value.isascii() and value.isdigit() and len(value) <= 3 else None
    return value


def has_safe_scheme(url: str) -> bool:
    """True for a relative URL or an http, https or mailto one, however it is disguised."""
    scheme = _SCHEME_RE.match(_INVISIBLE_RE.sub("", url))
    return scheme is None or scheme.group(1).lower() in URL_SCHEMES


def _finish_tag(tag: re.Match[str]) -> str:
    # nh3's output is canonical (double-quoted attributes, `"` escaped inside them), so a
    # regex over its tags is exact. It leaves < and > raw inside attribute values: escape
    # them, so no later parser (or careless regex) can mistake `title="<script>"` for markup.
    name, attributes, slash = tag.groups()
    attributes = _VALUE_RE.sub(lambda v: '="' + v.group(1).replace("<", "&lt;").replace(">", "&gt;") + '"',
                               attributes)
    if name == "a" and _is_external(attributes):
        attributes += f' rel="{EXTERNAL_REL}"'  # rel was not allowed in: there is none to merge
    return f"<{name}{attributes}{slash}>"


def _is_external(attributes: str) -> bool:
    href = _HREF_RE.search(attributes)
    return href is not None and bool(_EXTERNAL_RE.match(html.unescape(href.group(1)).strip()))


# For the other cleaners of the engine (app/text/htmldiff.py), which allow a few classes more.
filter_attribute = _filter_attribute


def finish_tags(cleaned: str) -> str:
    """nh3's output with < and > escaped in attribute values and rel on external links."""
    return _TAG_RE.sub(_finish_tag, cleaned)
