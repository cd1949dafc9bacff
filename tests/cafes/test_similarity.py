"""Similar-idea hints (app/cafes/similarity.py): clear Polish cases and the score's properties.

The quality figures behind the method and its threshold are in bench/similarity.py; these
tests pin the cases a librarian would find obviously right or wrong.
"""

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.cafes.similarity import DEFAULT_THRESHOLD, build_index, ngrams, normalise, similar

FAST = settings(deadline=None)  # examples: as many as the Hypothesis profile says

# A zone's board: one idea per topic, with neighbours that share words but not the idea.
BOARD = [
    ("mamy", "Klub Młodych Mam – spotkania raz w tygodniu"),
    ("robotyka", "Zajęcia z robotyki dla dzieci"),
    ("szachy", "Zajęcia z szachów dla dzieci"),
    ("smartfon", "Kurs obsługi smartfona dla seniorów"),
    ("ksiazki", "Klub książki dla seniorów"),
    ("planszowki", "Wieczory gier planszowych dla młodzieży"),
    ("kulinaria", "Warsztaty kulinarne dla młodzieży"),
    ("kino", "Kino plenerowe latem w parku"),
    ("lawki", "Nowe ławki w parku miejskim"),
    ("angielski", "Kurs języka angielskiego dla dorosłych"),
    ("rowery", "Stojaki na rowery przed biblioteką"),
    ("koncert", "Koncert muzyki klasycznej w bibliotece"),
]


def best(query: str) -> str:
    found = similar(query, BOARD)
    assert found, f"no hint at all for {query!r}"
    return found[0][0]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("klubu młodych mam", "mamy"),  # inflection
        ("spotkania klubu mlodych mam", "mamy"),  # inflection, no diacritics
        ("klub mlodych mam", "mamy"),  # no diacritics
        ("KLUB MŁODYCH MAM!!!", "mamy"),  # capitals, punctuation
        ("kurs obslugi smartfona dla seniorow", "smartfon"),  # no diacritics
        ("kursy obsługi smartfonów dla seniorek i seniorów", "smartfon"),  # inflection
        ("kino latem plenerowe", "kino"),  # word order
        ("plenerowe kino w parku", "kino"),  # word order, over the benches in the park
        ("zajęcia z robtyki dla dzieci", "robotyka"),  # typo, over chess for children
        ("zajecia robotyka dzieci", "robotyka"),  # paper card, short
        ("wieczór gier planszowych", "planszowki"),  # inflection, over cooking for youth
        ("ławki w parku", "lawki"),
        ("więcej ławek w parku miejskim", "lawki"),
    ],
)
def test_the_true_duplicate_comes_first(query, expected):
    assert best(query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("spotkania dla mam", "spotkania dla mam z dziećmi"),
        ("klub mlodych mam", "Klub Młodych Mam"),
        ("Klub Młodych Mam", "klub mlodych mam"),
    ],
)
def test_the_issues_examples_match_each_other(query, expected):
    candidates = [
        (1, "spotkania dla mam z dziećmi"),
        (2, "klub mlodych mam"),
        (3, "Klub Młodych Mam"),
        (4, "zajęcia z robotyki dla dzieci"),
        (5, "kino plenerowe"),
    ]
    found = similar(query, [c for c in candidates if c[1] != query])
    assert [text for id_, text in candidates if id_ == found[0][0]] == [expected]


def test_missing_diacritics_score_as_high_as_the_same_text():
    found = similar("klub mlodych mam", [(1, "Klub Młodych Mam"), (2, "kino plenerowe")])
    assert found == [(1, 1.0)]


@pytest.mark.parametrize(
    "query",
    [
        "Naprawa chodnika na ulicy Akacjowej",
        "Zbiórka karmy dla schroniska",
        "Lampy na przejściu dla pieszych",
        "dla w z na",  # function words only
    ],
)
def test_unrelated_ideas_score_below_the_threshold(query):
    assert similar(query, BOARD) == []


def test_ideas_sharing_a_word_or_two_score_below_the_duplicates():
    found = dict(similar("zajęcia z robotyki dla dzieci", BOARD, threshold=0))
    assert found["robotyka"] == 1.0
    assert found["szachy"] < 0.7
    assert found.get("mamy", 0) < DEFAULT_THRESHOLD


def test_limit_exclude_and_threshold():
    assert len(similar("klub", BOARD, limit=1, threshold=0)) == 1
    assert similar("klub młodych mam", BOARD, limit=0) == []
    found = similar(BOARD[0][1], BOARD, exclude={"mamy"})
    assert "mamy" not in dict(found)
    assert all(score >= 0.5 for _, score in similar("klub mam", BOARD, threshold=0.5))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Klub Młodych Mam", "klub mlodych mam"),
        ("  ZAŻÓŁĆ   gęślą jaźń!  ", "zazolc gesla jazn"),
        ("Kino \u2013 plenerowe; (latem)...", "kino plenerowe latem"),
        ("\ufb01lm w \uff50\uff41\uff52\uff4b\uff55", "film w parku"),  # NFKC: ligature, full width
        ("kawiarenka 🎉☕ dla mam", "kawiarenka dla mam"),
        ("druk 3D, café", "druk 3d cafe"),
        ("snake_case", "snake case"),
        ("🎉 ☕ !!!", ""),
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize("query", ["", "   ", "\n\t", "🎉☕🙂", "!!! ... ???", "\u2013 \u2014 …"])
def test_empty_or_symbol_only_input_matches_nothing(query):
    assert similar(query, BOARD) == []
    assert similar("klub młodych mam", [(1, query)]) == []


def test_no_candidates():
    assert similar("klub młodych mam", []) == []


def test_hostile_long_input_completes():
    long_text = ("Zażółć gęślą jaźń 601 234 567 🎉 " * 400)[:10_000]
    assert len(similar(long_text, BOARD, threshold=0)) <= 5
    board = [*BOARD, ("long", long_text), ("x", "x" * 10_000)]
    assert similar("gęślą jaźń", board)[0][0] == "long"
    assert similar("x" * 10_000, board)[0] == ("x", 1.0)


def test_unhashable_ids_are_indexed_without_the_cache():
    found = similar("kino plenerowe", [(["a"], "Kino plenerowe latem"), (["b"], "ławki")])
    assert found[0][0] == ["a"]


# ---------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------

POLISH = "aąbcćdeęfghijklłmnńoóprsśtuwyzźżAĄBCĆDEĘŁÓŚŹŻ"
words = st.text(st.sampled_from(POLISH), min_size=1, max_size=12)
ideas = st.lists(words, min_size=1, max_size=12).map(" ".join)
any_text = st.text(max_size=200)


def has_content(text: str) -> bool:
    return bool(ngrams(normalise(text)))


@FAST
@given(text=st.one_of(ideas, any_text), others=st.lists(ideas, max_size=6))
def test_a_text_scores_one_against_itself_and_comes_first(text, others):
    assume(has_content(text))
    candidates = [(0, text)] + [(i, other) for i, other in enumerate(others, start=1)]
    found = similar(text, candidates, limit=len(candidates), threshold=0)
    assert dict(found)[0] == 1.0
    assert found[0][1] == 1.0


@FAST
@given(a=st.one_of(ideas, any_text), b=st.one_of(ideas, any_text), others=st.lists(ideas))
def test_scores_are_symmetric_within_one_set_of_candidates(a, b, others):
    candidates = [(0, a), (1, b)] + [(i, other) for i, other in enumerate(others, start=2)]
    limit = len(candidates)
    a_for_b = dict(similar(a, candidates, limit=limit, threshold=0)).get(1, 0.0)
    b_for_a = dict(similar(b, candidates, limit=limit, threshold=0)).get(0, 0.0)
    assert a_for_b == pytest.approx(b_for_a, abs=1e-9)


@FAST
@given(
    query=st.one_of(ideas, any_text),
    texts=st.lists(st.one_of(ideas, any_text), max_size=10),
    limit=st.integers(0, 6),
    threshold=st.floats(0, 1),
)
def test_results_are_bounded_sorted_and_from_the_candidates(query, texts, limit, threshold):
    candidates = list(enumerate(texts))
    found = similar(query, candidates, limit=limit, threshold=threshold)
    scores = [score for _, score in found]
    assert len(found) <= limit
    assert all(threshold <= score <= 1.0 and score > 0 for score in scores)
    assert scores == sorted(scores, reverse=True)
    assert len({id_ for id_, _ in found}) == len(found)
    assert {id_ for id_, _ in found} <= set(range(len(texts)))


@FAST
@given(text=st.one_of(ideas, any_text))
def test_normalise_is_idempotent_and_plain(text):
    once = normalise(text)
    assert normalise(once) == once
    assert once == once.strip()
    assert "  " not in once
    assert all(c.isalnum() or c == " " for c in once)
    assert once.isascii() or not any(c in once for c in "ąćęłńóśźż")


def test_an_index_serves_many_queries():
    index = build_index(BOARD)
    assert index.search("klub mlodych mam")[0][0] == "mamy"
    assert index.search("kino latem")[0][0] == "kino"
