"""Markdown to safe HTML: whole texts, and clauses rendered one by one with their context."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.text.clauses import Clause, split_clauses
from app.text.render import (
    clause_render_key, document_context, render_clause, render_clauses, render_markdown, sanitize_html,
)
from tests.text.strategies import any_text, markdownish
from tests.text.xss_check import assert_inert

DOCUMENT = """# Charte

Les membres[^engage] hébergent des services, voir [le site][chatons] et [la FAQ](/faq).

- premier point
- second point
  - sous-point
3. troisième

[^engage]: Voir [le site][chatons] encore.
[chatons]: https://chatons.org "CHATONS"

| Rôle | Voix |
|:-----|-----:|
| Membre | 1 |
"""


def rendered(markdown: str) -> dict[str, str]:
    """The HTML of each clause of a document, by the clause's text."""
    clauses = split_clauses(markdown)
    return {clause.text: html for clause, html in zip(clauses, render_clauses(clauses))}


def test_headings_get_ids():
    assert render_markdown("# Préambule\n\n## Article 1\n\n## Article 1\n") == (
        '<h1 id="preambule">Préambule</h1>\n<h2 id="article-1">Article 1</h2>\n'
        '<h2 id="article-1-2">Article 1</h2>'
    )


def test_links_outside_get_rel_and_inside_links_do_not():
    html = render_markdown("[a](https://ex.org) [b](/local) [c](#here) [d](mailto:x@ex.org) [e](//ex.org)")
    assert '<a href="https://ex.org" rel="nofollow noopener">a</a>' in html
    assert '<a href="/local">b</a>' in html and '<a href="#here">c</a>' in html
    assert '<a href="mailto:x@ex.org">d</a>' in html
    assert '<a href="//ex.org" rel="nofollow noopener">e</a>' in html


def test_footnotes_and_link_definitions_resolve_across_clauses():
    html = rendered(DOCUMENT)
    paragraph = html[split_clauses(DOCUMENT)[1].text]
    assert '<sup id="fnref:engage"><a class="footnote-ref" href="#fn:engage">1</a></sup>' in paragraph
    assert '<a href="https://chatons.org" title="CHATONS" rel="nofollow noopener">le site</a>' in paragraph
    assert "footnote-backref" not in paragraph  # the notes are shown by their own clause
    note = html["[^engage]: Voir [le site][chatons] encore."]
    assert '<li id="fn:engage">' in note and 'href="#fnref:engage"' in note and "<hr" not in note
    assert 'href="https://chatons.org"' in note
    assert html['[chatons]: https://chatons.org "CHATONS"'] == ""


def test_footnotes_keep_their_document_numbers():
    markdown = "A[^a].\n\nB[^b].\n\n[^a]: first\n\n[^b]: second\n"
    html = rendered(markdown)
    assert '<a class="footnote-ref" href="#fn:b">2</a>' in html["B[^b]."]
    assert '<ol start="2">' in html["[^b]: second"]


def test_list_items_render_as_one_item_lists():
    html = rendered(DOCUMENT)
    assert html["- second point"] == "<ul>\n<li>second point</li>\n</ul>"
    assert html["- sous-point"] == "<ul>\n<li>sous-point</li>\n</ul>"
    assert html["3. troisième"] == '<ol start="3">\n<li>troisième</li>\n</ol>'
    loose = render_clauses(split_clauses("- first paragraph\n\n  second paragraph\n"))[0]
    assert loose == "<ul>\n<li><p>first paragraph</p>\n<p>second paragraph</p></li>\n</ul>"


def test_list_item_layout_edge_cases():
    assert render_clauses(split_clauses("\n\n- first\n")) == ["<ul>\n<li>first</li>\n</ul>"]
    assert render_clauses(split_clauses("- a\r\n  b\r\n")) == ["<ul>\n<li>a\nb</li>\n</ul>"]
    assert render_clauses(split_clauses("0. zéro\n")) == ['<ol start="0">\n<li>zéro</li>\n</ol>']
    assert render_clauses(split_clauses("-\n")) == ["<ul>\n<li></li>\n</ul>"]


@settings(max_examples=200, deadline=None)
@given(st.one_of(markdownish, any_text))
def test_any_text_renders_without_error_and_inert(text):
    assert_inert(render_markdown(text))
    for html in render_clauses(split_clauses(text)):
        assert_inert(html)


def test_code_fence_inside_a_list_item():
    html = render_clauses(split_clauses("- ```\n  - code\n  ```\n"))[0]
    assert html == "<ul>\n<li><pre><code>- code\n</code></pre></li>\n</ul>"


def test_tables_align_with_attributes_not_styles():
    html = rendered(DOCUMENT)["| Rôle | Voix |\n|:-----|-----:|\n| Membre | 1 |"]
    assert '<th align="left">Rôle</th>' in html and '<td align="right">1</td>' in html
    assert "style" not in html


def test_render_key_follows_only_what_the_clause_uses():
    clauses = split_clauses(DOCUMENT)
    context = document_context(clauses)
    paragraph, heading = clauses[1], clauses[0]
    other = document_context(split_clauses(DOCUMENT.replace("Voir [le site]", "Lire [le site]")))
    # The note's text is not part of the paragraph's HTML, so not of its key either.
    assert clause_render_key(paragraph, context) == clause_render_key(paragraph, other)
    moved = document_context(split_clauses(DOCUMENT.replace("https://chatons.org", "https://chatons.org/v2")))
    assert clause_render_key(paragraph, context) != clause_render_key(paragraph, moved)
    assert clause_render_key(heading, context) == clause_render_key(heading, "")
    nested, top = Clause("paragraph", "    x\n", 1), Clause("paragraph", "    x\n", 0)
    assert clause_render_key(nested, "") != clause_render_key(top, "")
    assert (render_clause(nested), render_clause(top)) == ("<p>x</p>", "<pre><code>x\n</code></pre>")


def test_render_clause_accepts_a_source_string():
    assert render_clause("# Titre\n") == '<h1 id="titre">Titre</h1>'


def test_sanitizer_allowlist():
    html = sanitize_html(
        '<p style="color:red" onclick="x()" class="evil">a</p>'
        '<img src="data:x" alt="d"><img src="/i.png" alt="i">'
        '<div class="footnote bad"><a class="footnote-ref bad" href="javascript:alert(1)">x</a></div>'
        '<pre><code class="language-python other">x</code></pre><iframe src="https://x"></iframe>'
        '<ol start="3"><li>x</li></ol><ol start="x"><li>y</li></ol><a title="<script>" href="/">t</a>'
    )
    assert html == (
        '<p>a</p><img alt="d"><img src="/i.png" alt="i">'
        '<div class="footnote"><a class="footnote-ref">x</a></div>'
        '<pre><code class="language-python">x</code></pre>'
        '<ol start="3"><li>x</li></ol><ol><li>y</li></ol><a title="&lt;script&gt;" href="/">t</a>'
    )
    assert_inert(html)


def test_control_characters_and_nul():
    html = render_markdown("a\x00b\x07c\x1bd\ud800e")
    assert html == "<p>a\ufffdbcd\ufffde</p>"


def test_raw_html_is_sanitised_not_escaped():
    assert render_markdown('<div onclick="x">raw <b>bold</b></div>\n') == "<div>raw <b>bold</b></div>"
    assert render_markdown("<script>alert(1)</script>\n") == ""
