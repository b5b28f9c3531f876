"""The folded compare from two versions' layouts (app/documents/layouts.py) shows exactly what the
clause-by-clause comparison of their whole clauses shows, on histories drawn at random (moves,
removals, additions, rewrites, headings, ids, direction controls); it reads each version's layout
once per worker and, for a compare, only the renderings of what changed."""
from __future__ import annotations

import random
import re

from flask import render_template, render_template_string
from hypothesis import given, settings
from hypothesis import strategies as st

from app.documents import compare, layouts, reading
from app.documents.queries import get_version
from tests.documents.helpers import count_queries, paragraphs
from tests.documents.test_compare_stored import PER_CLAUSE_FOLD, by_whole_clauses, shown

POOL = [
    "# Titre {n}\n\n",
    "## Section {n}\n\n",
    "Paragraphe {n}, ordinaire.\n\n",
    'Paragraphe {n} avec id="x{n}" dans ses mots.\n\n',
    "Paragraphe {n} \u202edirection\u202c inversée.\n\n",
    "- point {n}\n- autre point {n}\n\n",
    "Paragraphe {n} **gras** et `code`.\n\n",
    "> Citation {n}.\n\n",
]


def random_history(seed: int, versions: int = 6) -> list[str]:
    """Texts of one document, each a few random steps from the one before."""
    rng = random.Random(seed)
    fresh = iter(range(1000, 10**6))
    draw = lambda: rng.choice(POOL).format(n=next(fresh))  # noqa: E731
    text = [draw() for _ in range(rng.randint(4, 14))]
    texts = ["".join(text)]
    for _ in range(versions - 1):
        for _step in range(rng.randint(1, 3)):
            kind = rng.choice(["rewrite", "add", "remove", "move", "blank", "same words"])
            at = rng.randrange(len(text))
            if kind == "rewrite":
                text[at] = text[at].rstrip("\n") + " Réécrit.\n\n"
            elif kind == "add":
                text.insert(at, draw())
            elif kind == "remove" and len(text) > 2:
                text.pop(at)
            elif kind == "move":
                text.insert(rng.randrange(len(text)), text.pop(at))
            elif kind == "blank":  # the same words, another Markdown (another rendering, or none)
                text[at] = text[at].rstrip("\n") + "\n\n\n"
            else:
                text[at] = text[at].replace("**", "__")
        texts.append("".join(text))
    return texts


def test_random_histories_read_the_same_as_the_whole_clause_comparison(app, make_document):
    seen = set()
    for seed in range(4):
        texts = random_history(seed)
        document = make_document(f"hasard-{seed}", *texts)
        versions = [get_version(document, n, with_clauses=True) for n in range(1, len(texts) + 1)]
        with app.test_request_context():
            for old in versions:
                for new in versions:
                    seen |= compared_alike(document, old, new, seed)
    assert seen >= {"fold", "changed", "added", "removed", "moved"}


def compared_alike(document, old, new, seed) -> set[str]:
    """What the page showed (kinds of rows), once checked equal to the whole-clause comparison's page."""
    expected_rows, expected_summary = by_whole_clauses(old, new, full=False)
    for view in ("text", "source"):
        rows, summary = reading.comparison(old, new, full=False, view=view)
        assert summary == expected_summary, (seed, old.number, new.number)
        for mode in ("inline", "side"):
            how = dict(mode=mode, context="changes", view=view)
            page = shown(document, old, new, rows, summary, **how)
            assert page == shown(document, old, new, expected_rows, expected_summary, **how), \
                (seed, old.number, new.number, how)
            assert "\u202e" not in page
        # Each fold as it printed when each clause went through the template (and its `finalize`).
        assert [row.body(view) for row in rows if row.status == "fold"] == \
            [render_template_string(PER_CLAUSE_FOLD, row=row, view=view)
             for row in expected_rows if row.status == "fold"]
    return {row.status for row in rows} | {"moved" for row in rows if row.moved}


# The fold as the `fold` macro printed it, before _comparison.html printed its body itself.
FOLD_MACRO = """{% from "documents/_diff.html" import fold with context %}
{%- for row in rows if row.status == "fold" %}
    {{ fold(row, view) }}
{% endfor %}"""


def test_the_page_prints_each_fold_as_the_fold_macro_does(app, make_document):
    texts = random_history(7)
    document = make_document("plis", *texts)
    old, new = get_version(document, 1), get_version(document, len(texts))
    with app.test_request_context():
        for view in ("text", "source"):
            rows, summary = reading.comparison(old, new, full=False, view=view)
            page = render_template("documents/_comparison.html", document=document, old=old, new=new, rows=rows,
                                   summary=summary, mode="inline", context="changes", view=view)
            folds = render_template_string(FOLD_MACRO, rows=rows, view=view)
            printed = re.findall(r"    <details class=\"diff-fold\">.*?</details>\n\n", page, re.S)
            assert printed and "".join(printed) == folds


def test_a_layout_is_read_once_per_version_and_a_compare_reads_only_what_changed(app, make_document):
    text = paragraphs(300)
    texts = [text, text.replace("Paragraphe 7.", "Paragraphe 7 (revu)."),
             text.replace("Paragraphe 7.", "Paragraphe 7 (revu).").replace("Paragraphe 250.", "Paragraphe 250 bis.")]
    document = make_document("long", *texts)
    first, second, third = (get_version(document, n) for n in (1, 2, 3))
    layouts.forget()
    with app.test_request_context():
        with count_queries() as cold:
            rows, summary = reading.comparison(first, second, full=False)
        with count_queries() as warm:
            reading.comparison(first, second, full=False)
        with count_queries() as one_more:
            reading.comparison(second, third, full=False)
    assert summary == {"added": 0, "changed": 1, "removed": 0, "moved": 0}
    assert len(cold) == 2  # both layouts in one query, then the two renderings of the changed clause
    assert len(warm) == 1  # the renderings only
    assert len(one_more) == 2  # the third version's layout (the second's is kept), then the renderings
    stretches = [kept for row in rows if row.status == "fold" for same in row.rows for kept in same.kept]
    assert all(isinstance(kept, compare.Stretch) for kept in stretches)
    assert [(s.start, s.end) for s in stretches] == [(0, 7), (8, 300)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 30), max_size=40), st.lists(st.booleans(), min_size=40, max_size=40),
       st.randoms(use_true_random=False))
def test_the_walk_by_stretches_is_the_walk_clause_by_clause(new_clauses, same_rendering, rng):
    """`stretch_walk`, each stretch counted out clause by clause, gives `reading_walk`'s steps."""
    old = list(range(25))
    rng.shuffle(old)
    old = old[:rng.randint(0, 25)]
    new = list(dict.fromkeys(new_clauses))  # clause ids; those above 24 are added
    old_at = {clause: place for place, clause in enumerate(old)}
    positions = [old_at.get(clause) for clause in new]
    in_place = compare.stayed_in_place([p for p in positions if p is not None])
    kept = [p in in_place and same for p, same in zip(positions, same_rendering)]
    gone = [place for place, clause in enumerate(old) if clause not in set(new)]
    others = [j for j, k in enumerate(kept) if not k]
    expanded = []
    for step, index in compare.stretch_walk(positions, kept, others, gone, in_place):
        expanded += [(compare.KEPT, j) for j in range(*index)] if step == compare.STRETCH else [(step, index)]
    assert expanded == list(compare.reading_walk(positions, gone, in_place))
