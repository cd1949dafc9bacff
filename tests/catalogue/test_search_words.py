"""Folding and stemming Polish words for the catalogue's search (no database)."""

from hypothesis import given
from hypothesis import strategies as st

from app.catalogue.search import MAX_TERMS, fold, query_terms, stem


def test_polish_letters_fold_to_plain_latin_in_lower_case():
    assert fold("Zażółć gęślą jaźń ŁÓDŹ Oświęcim") == "zazolc gesla jazn lodz oswiecim"


def test_inflected_forms_share_the_stem_a_prefix_search_uses():
    assert query_terms("kalendarza miejskiego") == ["kalendarz", "miejsk"]
    assert query_terms("Kalendarz miejski") == ["kalendarz", "miejsk"]
    assert query_terms("kalendarz miejsk") == ["kalendarz", "miejsk"]
    assert query_terms("Oświęcimiu") == ["oswiecim"]
    assert query_terms("świetlicy") == query_terms("świetlica") == ["swietlic"]


def test_short_words_keep_their_letters():
    assert stem("mam") == "mam"
    assert stem("oil") == "oil"
    assert stem("radio") == "radi"  # four letters stay: it still finds "radio" and "radiu"


def test_operators_and_punctuation_become_plain_words_or_nothing():
    assert query_terms('"kalendarz" AND (radio OR -ngo) NEAR/3 *') == [
        "kalendarz", "and", "radi", "or", "ngo", "near", "3",
    ]  # fmt: skip
    assert query_terms('"*()-:^') == []
    assert query_terms(None) == []
    assert len(query_terms("słowo " * 5000)) <= MAX_TERMS


@given(st.text())
def test_every_term_is_a_plain_lower_case_word(text):
    terms = query_terms(text)
    assert len(terms) <= MAX_TERMS
    assert all(term.isascii() and term.isalnum() and term == term.lower() for term in terms)
