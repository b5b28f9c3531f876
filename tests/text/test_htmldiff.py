"""Diffs on the rendered text (issue 21): no Markdown to read, every change seen, and as safe as the text."""
from __future__ import annotations

import re

import nh3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.text.htmldiff import DELETE, INSERT, diff_html, mark_phrases, side_by_side, whole
from app.text.render import render_clause
from app.text.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from tests.text import corpora
from tests.text.strategies import markdownish
from tests.text.xss_check import assert_inert

HIDDEN = re.compile(r'<span class="visually-hidden">[^<]*</span>')


def rendered(old_md: str, new_md: str) -> str:
    html, _ = diff_html(render_clause(old_md), render_clause(new_md))
    return html


def seen(html: str) -> str:
    """What the eye reads: tags and the hidden words for screen readers taken out."""
    return re.sub(r"<[^>]+>", "", HIDDEN.sub("", html))


def test_a_list_item_changed_reads_as_a_list_item_without_markdown():
    html = rendered("1. Publier **tout** le code.\n", "1. Publier **tout** le code source.\n")
    assert html.startswith("<ol><li>") and "<strong>tout</strong>" in html
    assert "**" not in html and "1." not in seen(html)
    assert "<ins><span class=\"visually-hidden\">[inserted: </span> source" in html


def test_a_heading_and_a_table_are_rendered_with_their_changes_marked():
    html = rendered("## Nos engagements\n", "## Nos engagements communs\n")
    assert html.startswith("<h2>") and "#" not in seen(html)
    table = rendered("| Service | Prix |\n|---|---|\n| Mail | 2 € |\n| Web | 3 € |\n",
                     "| Service | Prix |\n|---|---|\n| Mail | 1 € |\n")
    assert "|" not in seen(table) and "<table>" in table
    assert "<td><del><span class=\"visually-hidden\">[deleted: </span>2" in table
    # The row gone keeps its cells, marked as gone as a whole (a bar beside it, not colour alone).
    assert '<tr class="diff-gone"><td><del>' in table and "Web" in table


def test_a_deleted_punctuation_mark_is_boxed_words_are_not():
    html = rendered("Nous hébergeons, partageons et louons.\n", "Nous hébergeons partageons et vendons.\n")
    assert '<del class="diff-punct"><span class="visually-hidden">[deleted: </span>,' in html
    assert "<del><span" in html and "<ins><span" in html  # the words changed are plain marks
    assert '<ins class="diff-punct">' not in whole(render_clause("Tout neuf.\n"), INSERT)


def test_a_change_of_formatting_alone_is_seen():
    html = rendered("Un mot **important**.\n", "Un mot important.\n")
    assert "<strong><del>" in html and "<ins><span class=\"visually-hidden\">[inserted: </span>important" in html


def test_a_paragraph_turned_heading_shows_the_old_block_struck_and_the_new_one():
    html = rendered("Transparence\n", "## Transparence\n")
    assert html.index('<p class="diff-gone"><del>') < html.index("<h2><ins>")


def test_side_by_side_keeps_each_side_its_own_structure():
    old, new = side_by_side(render_clause("2. Ne jamais revendre.\n"), render_clause("2. Ne jamais vendre.\n"))
    assert old.startswith('<ol start="2"><li>') and "<del>" in old and "<ins>" not in old
    assert new.startswith('<ol start="2"><li>') and "<ins>" in new and "<del>" not in new


def test_only_a_renumbering_marks_nothing_so_the_page_can_say_so():
    html, marks = diff_html(render_clause("2. Ne jamais revendre.\n"), render_clause("3. Ne jamais revendre.\n"))
    assert marks == 0 and html.startswith('<ol start="3">')


def test_no_id_of_the_text_is_repeated_in_a_diff():
    html = rendered("## Vie du collectif\n", "## Vie du collectif élargi\n")
    assert " id=" not in html


def test_quoted_words_are_marked_across_formatting():
    html = mark_phrases(render_clause("Publier **tout** le code, sous licence libre.\n"), ["tout   le code"])
    assert html == "<p>Publier <strong><mark>tout</mark></strong><mark> le code</mark>, sous licence libre.</p>"
    assert mark_phrases("<p>Rien ici.</p>", ["absent"]) == "<p>Rien ici.</p>"


def well_formed(html: str) -> bool:
    """Cleaning it again changes nothing: no tag was left open or closed out of turn."""
    names = {name for names in ALLOWED_ATTRIBUTES.values() for name in names} | {"class"}
    return nh3.clean(html, tags=set(ALLOWED_TAGS), attributes={"*": names}, link_rel=None) == html


@settings(max_examples=120, deadline=None)
@given(markdownish, markdownish)
def test_any_two_clauses_give_well_formed_diffs(old, new):
    before, after = render_clause(old), render_clause(new)
    for html in (diff_html(before, after)[0], *side_by_side(before, after), whole(before, DELETE)):
        assert well_formed(html.replace(' rel="nofollow noopener"', "")), html


@pytest.mark.skipif(not corpora.available(), reason="shared corpora not mounted")
def test_every_payload_of_the_corpora_stays_inert_in_a_rendered_diff():
    from tests.text.test_xss import assert_safe

    names = [name for name in corpora.all_files() if name != "commonmark_spec.json"]
    payloads = [p for name in names for p in corpora.payloads(name) if p.strip()]
    assert len(payloads) > 1500
    for previous, payload in zip(["Une clause sûre."] + payloads, payloads):
        before, after = render_clause(previous), render_clause(payload)
        for html in (diff_html(before, after)[0], *side_by_side(before, after), whole(after, INSERT),
                     diff_html(after, render_clause(payload + " modifié"))[0], mark_phrases(after, [payload[:12]])):
            assert_inert(html)
            assert_safe(re.sub(r' class="(diff-gone|diff-punct|visually-hidden)"', "", html).replace("<mark>", "")
                        .replace("</mark>", ""))
