"""Merging with hypothesis: disjoint edits merge in either order; same-clause edits always conflict."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.text.diff import apply_diff, diff_documents, old_text
from app.text.identity import assign_ids
from app.text.merge import HeadMerge, merge_amendment_text

WORDS = ["charte", "membre", "données", "service", "libre", "vote", "hébergeur", "collectif", "voix",
         "transparence", "logiciel", "serveur", "association", "confiance", "neutralité", "partage"]

sentence = st.lists(st.sampled_from(WORDS), min_size=4, max_size=12).map(lambda w: " ".join(w).capitalize() + ".")


@st.composite
def document(draw):
    """A Markdown text of distinct paragraphs (distinct, so each clause is recognisable)."""
    paragraphs = draw(st.lists(sentence, min_size=3, max_size=12, unique=True))
    return [f"{p}\n\n" for p in paragraphs]


def edit(paragraph: str, word: str) -> str:
    """A light edit: one word added at the end of the sentence."""
    return paragraph.replace(".\n\n", f" {word}.\n\n")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document(), st.data())
def test_disjoint_edits_merge_in_either_order_and_both_survive(paragraphs, data):
    first, second = data.draw(st.lists(st.integers(0, len(paragraphs) - 1), min_size=2, max_size=2, unique=True))
    base = "".join(paragraphs)
    one = "".join(edit(p, "alpha") if i == first else p for i, p in enumerate(paragraphs))
    two = "".join(edit(p, "omega") if i == second else p for i, p in enumerate(paragraphs))
    for head, proposal in ((one, two), (two, one)):
        result = merge_amendment_text(base, proposal, head)
        assert result.ok, result.conflicts
        assert "alpha." in result.markdown and "omega." in result.markdown
        assert result.markdown.count("\n\n") == len(paragraphs)


@settings(max_examples=60, deadline=None)
@given(document(), st.data())
def test_edits_of_the_same_clause_always_conflict(paragraphs, data):
    target = data.draw(st.integers(0, len(paragraphs) - 1))
    base = "".join(paragraphs)
    one = "".join(edit(p, "alpha") if i == target else p for i, p in enumerate(paragraphs))
    two = "".join(edit(p, "omega") if i == target else p for i, p in enumerate(paragraphs))
    result = merge_amendment_text(base, two, one)
    assert not result.ok and result.markdown is None
    assert any("alpha" in c.current and "omega" in c.proposed for c in result.conflicts)


@settings(max_examples=40, deadline=None)
@given(document(), st.data())
def test_a_deletion_against_an_edit_of_the_same_clause_conflicts(paragraphs, data):
    target = data.draw(st.integers(0, len(paragraphs) - 1))
    base = "".join(paragraphs)
    edited = "".join(edit(p, "alpha") if i == target else p for i, p in enumerate(paragraphs))
    deleted = "".join(p for i, p in enumerate(paragraphs) if i != target)
    assert not merge_amendment_text(base, deleted, edited).ok
    assert not merge_amendment_text(base, edited, deleted).ok


def test_identical_changes_are_not_a_conflict():
    base = "Un.\n\nDeux.\n\nTrois.\n"
    same = base.replace("Deux.", "Deux et demi.")
    assert merge_amendment_text(base, same, same).markdown == same


@settings(max_examples=60, deadline=None)
@given(document(), document())
def test_a_document_diff_applied_gives_the_new_text(old, new):
    old_md, new_md = "".join(old), "".join(new)
    ops = diff_documents(old_md, new_md)
    assert apply_diff(ops) == new_md and old_text(ops) == old_md


@settings(max_examples=60, deadline=None)
@given(document(), st.data())
def test_unchanged_clauses_keep_their_ids_through_edits_elsewhere(paragraphs, data):
    target = data.draw(st.integers(0, len(paragraphs) - 1))
    ids = [f"id{i}" for i in range(len(paragraphs))]
    changed = [edit(p, "alpha") if i == target else p for i, p in enumerate(paragraphs)]
    new_ids = assign_ids(list(zip(ids, paragraphs)), changed)
    assert new_ids == ids  # the lightly edited one keeps its id too


def proposal(paragraphs: list[str], data, word: str) -> str:
    """An edit, a removal or an insertion at one place of the text."""
    kind = data.draw(st.sampled_from(["edit", "remove", "insert"]))
    at = data.draw(st.integers(0, len(paragraphs) - 1))
    out = list(paragraphs)
    if kind == "edit":
        out[at] = edit(out[at], word)
    elif kind == "remove":
        del out[at]
    else:
        out.insert(at, f"{word.capitalize()} nouveau paragraphe.\n\n")
    return "".join(out)


@settings(max_examples=60, deadline=None)
@given(document(), st.data())
def test_one_head_merge_for_many_amendments_answers_as_each_merge_alone(paragraphs, data):
    base = "".join(paragraphs)
    head = proposal(paragraphs, data, "alpha")
    proposals = [proposal(paragraphs, data, word) for word in ("omega", "sigma", "delta")]
    shared = HeadMerge(base, head)
    for proposed in proposals:  # the head is read once, then reused: the same answers as reading it each time
        assert shared.merge(proposed) == merge_amendment_text(base, proposed, head)
