"""Is a piece of HTML inert? A checker for every place where user text reaches a page.

Inert (see /work/shared/corpora/README.md): no script, iframe, object, embed, form or style
element, no `on*` attribute, and no URL attribute whose scheme, after entity decoding and
removal of control characters and whitespace, is other than http, https, mailto or none
(a relative URL). Flask-side tests can reuse `assert_inert` on rendered fragments.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

FORBIDDEN_TAGS = frozenset({"script", "iframe", "object", "embed", "form", "style",
                            "frame", "frameset", "applet", "base"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "background", "poster",
                            "data", "srcset", "cite", "longdesc", "lowsrc", "dynsrc"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_INVISIBLE_RE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\ufeff]+")
_RAW_TAG_RE = re.compile(r"<\s*/?\s*(script|iframe|object|embed|form|style)\b", re.I)


def problems(html: str) -> list[str]:
    """Every reason why `html` is not inert (empty when it is)."""
    checker = _Checker()
    checker.feed(html)
    checker.close()
    found = checker.problems
    found += [f"raw <{m.group(1)}> in the markup" for m in _RAW_TAG_RE.finditer(html)]
    return found


def assert_inert(html: str) -> None:
    """Fail with the reasons when `html` could run script or load active content."""
    found = problems(html)
    assert not found, f"not inert: {found[:5]} in {html[:300]!r}"


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see in a URL attribute, or None for a relative URL."""
    found = _SCHEME_RE.match(_INVISIBLE_RE.sub("", value))
    return found.group(1).lower() if found else None


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element")
        if tag == "meta" and any(n == "http-equiv" and (v or "").lower() == "refresh" for n, v in attrs):
            self.problems.append("<meta http-equiv=refresh>")
        for name, value in attrs:
            self._check_attribute(tag, name, value or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        if "[if" in data.lower():
            self.problems.append("conditional comment")

    def _check_attribute(self, tag: str, name: str, value: str) -> None:
        if name.startswith("on"):
            self.problems.append(f"{name} attribute on <{tag}>")
        if name in URL_ATTRIBUTES:
            urls = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
            for url in urls:
                scheme = url_scheme(url)
                if scheme is not None and scheme not in SAFE_SCHEMES:
                    self.problems.append(f"{name}={value[:60]!r} on <{tag}>")
