"""Sentence alignment of two articles (framing.align), on hand-written articles."""

from __future__ import annotations

import math

import pytest

from framing import Article, compile_lexicon, load_lexicon
from framing.align import ALIGN_COLUMNS, AlignError, align, sentences
from framing.events import align as events_align
from helpers import MINI_LEXICON

A = Article.make(outlet="A", text=(
    "The senate approved the wildfire relief bill on Tuesday. "
    "Critics called the spending reckless. "
    "Moscow celebrated the reunification of Crimea with parades."))
B = Article.make(outlet="B", text=(
    "Lawmakers in the senate approved the wildfire relief bill. "
    "Firefighters continue to battle the blaze. "
    "Moscow celebrated the annexation of Crimea with parades."))


def test_sentences_are_labelled_exactly():
    result = align(A, B, matcher=compile_lexicon(load_lexicon(MINI_LEXICON)))
    table = result.table
    assert list(table.columns) == list(ALIGN_COLUMNS)
    # reading order: A's order, B's unpaired sentence after the pair holding B's sentence before
    assert table["status"].tolist() == ["shared", "only B", "only A", "shared"]
    assert table["sentence_a"].tolist()[::3] == [0, 2]
    assert table["sentence_b"].tolist()[::3] == [0, 2]
    assert table["text_b"][1] == "Firefighters continue to battle the blaze."
    assert table["text_a"][2] == "Critics called the spending reckless."
    assert table["words_a"].tolist() == [("tuesday",), (), (), ("reunification",)]
    assert table["words_b"].tolist() == [("lawmakers",), (), (), ("annexation",)]
    assert table["hits_a"].tolist() == [(), (), (), ("reunification [kremlin]",)]
    assert table["hits_b"].tolist() == [(), (), (), ("annexation [ukraine]",)]
    assert result.status_a() == ["shared", "only A", "shared"]
    assert result.status_b() == ["shared", "only B", "shared"]
    assert result.counts() == {"shared_a": 2, "shared_b": 2, "only_a": 1, "only_b": 1,
                               "pairs": 2}
    assert len(result.hits) == 2
    assert events_align is align  # the API named in the issue: framing.events.align


def test_similarity_is_the_hand_computed_cosine_and_the_threshold_cuts_it():
    # one sentence each; smoothed idf over the 2 sentences: alpha 1, beta = gamma = ln(1.5) + 1
    one, two = Article.make(text="Alpha beta."), Article.make(text="Alpha gamma.")
    cosine = 1 / (1 + (math.log(1.5) + 1) ** 2)  # 0.336097
    shared = align(one, two, threshold=0.33).table
    assert shared["status"].tolist() == ["shared"]
    assert shared["similarity"][0] == pytest.approx(cosine, rel=1e-6)
    apart = align(one, two, threshold=0.34).table
    assert apart["status"].tolist() == ["only A", "only B"]
    assert apart["similarity"].isna().all()


def test_one_to_many_pairs_a_sentence_told_in_two():
    long = Article.make(text="The senate approved the wildfire relief bill and the governor "
                             "signed the wildfire relief bill into law.")
    split = Article.make(text="The senate approved the wildfire relief bill. "
                              "The governor signed the wildfire relief bill into law.")
    many = align(long, split)
    assert many.table["status"].tolist() == ["shared", "shared"]
    assert many.table["sentence_b"].tolist() == [0, 1]
    assert many.counts() == {"shared_a": 1, "shared_b": 2, "only_a": 0, "only_b": 0,
                             "pairs": 2}
    strict = align(long, split, many=False)
    assert strict.counts()["pairs"] == 1 and strict.counts()["only_b"] == 1


def test_titles_are_sentences_numbered_like_hits():
    titled = Article.make(title="Relief bill passes", text="The senate voted. Critics objected.")
    assert sentences(titled) == ("Relief bill passes", "The senate voted.", "Critics objected.")
    result = align(titled, titled)
    assert result.counts() == {"shared_a": 3, "shared_b": 3, "only_a": 0, "only_b": 0,
                               "pairs": 3}
    assert result.table["similarity"].round(6).tolist() == [1.0, 1.0, 1.0]


def test_empty_side_and_bad_threshold():
    empty = Article.make(text="   ")
    result = align(empty, A)
    assert result.table["status"].tolist() == ["only B"] * 3
    with pytest.raises(AlignError, match=r"threshold must be .* \(0, 1\]; got 1.5"):
        align(A, B, threshold=1.5)
