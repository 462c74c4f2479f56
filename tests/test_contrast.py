"""framing.contrast, framing.tokens and framing.candidates on tiny corpora written for these tests.

Expected numbers are computed here with plain Python floats from the formulas in the
framing.contrast docstring (Monroe, Colaresi & Quinn 2008; Gentzkow & Shapiro 2010), never read
back from the code under test.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import pytest
import yaml

from framing.candidates import CandidateExists, add_candidate, candidates
from framing.contrast import (ContrastError, bh_qvalues, chi_squared, contrast, counted_tokens,
                              log_odds_dirichlet)
from framing.errors import LexiconError
from framing.lexicon import load_lexicon
from framing.models import Article
from framing.tokens import ngrams, segments, tokenize

A_TEXTS = ["Annexation of Crimea", "The annexation was illegal"]
B_TEXTS = ["Reunification of Crimea", "Crimea rejoined Russia"]
EXACT = dict(ngrams=(1, 1), stop_words=(), min_count=1, min_docs=1, boilerplate_min=0)


def _row(result, term):
    rows = result.terms[result.terms["term"] == term]
    assert len(rows) == 1, term
    return rows.iloc[0]


def test_tokenizer_rules():
    assert tokenize("Pro-Russia “separatists” took Kyiv’s 1,027 posts, the U.S. said") == [
        "pro-russia", "separatists", "took", "kyiv", "1,027", "posts", "the", "u.s.", "said"]
    assert segments("Kyiv's forces, the U.S. said - \"so-called\" vote") == [
        ["kyiv", "forces"], ["the", "u.s.", "said"], ["so-called"], ["vote"]]
    assert ngrams("Illegal annexation. Crimea", (1, 2)) == [
        "illegal", "annexation", "crimea", "illegal annexation"]


def test_log_odds_reproduces_the_formula_by_hand():
    result = contrast(A_TEXTS, B_TEXTS, alpha0=10.0, **EXACT)
    # A: annexation 2, of, crimea, the, was, illegal (n=7); B: reunification, of, crimea 2,
    # rejoined, russia (n=6); background = A + B: 13 tokens, crimea 3, of 2, annexation 2
    n_a, n_b, bg_total, a0 = 7.0, 6.0, 13.0, 10.0
    for term, ya, yb, bg in (("crimea", 1.0, 2.0, 3.0), ("annexation", 2.0, 0.0, 2.0),
                             ("russia", 0.0, 1.0, 1.0), ("of", 1.0, 1.0, 2.0)):
        aw = a0 * bg / bg_total
        delta = (math.log((ya + aw) / (n_a + a0 - ya - aw))
                 - math.log((yb + aw) / (n_b + a0 - yb - aw)))
        var = 1.0 / (ya + aw) + 1.0 / (yb + aw)
        z = delta / math.sqrt(var)
        row = _row(result, term)
        assert row["alpha"] == pytest.approx(aw, abs=1e-12)
        assert row["delta"] == pytest.approx(delta, abs=1e-12)
        assert row["se"] == pytest.approx(math.sqrt(var), abs=1e-12)
        assert row["z"] == pytest.approx(z, abs=1e-12)
        assert row["p"] == pytest.approx(math.erfc(abs(z) / math.sqrt(2.0)), abs=1e-12)
        total = n_a + n_b
        chi = total * (ya * (n_b - yb) - yb * (n_a - ya)) ** 2 / (
            (ya + yb) * n_a * n_b * (total - ya - yb))
        assert row["chi2"] == pytest.approx(chi, abs=1e-12)
        assert (row["count_a"], row["count_b"]) == (ya, yb)
        assert row["rate_a"] == pytest.approx(1000.0 * ya / n_a, abs=1e-12)
    assert result.ngrams_a == {1: 7} and result.ngrams_b == {1: 6}
    assert len(result.terms) == 9


def test_uninformative_prior_and_full_variance_by_hand():
    result = contrast(A_TEXTS, B_TEXTS, prior="uninformative", variance="full", **EXACT)
    aw, a0 = 0.01, 0.01 * 9  # nine distinct words in A and B
    ya, yb, n_a, n_b = 1.0, 2.0, 7.0, 6.0
    delta = (math.log((ya + aw) / (n_a + a0 - ya - aw))
             - math.log((yb + aw) / (n_b + a0 - yb - aw)))
    var = (1 / (ya + aw) + 1 / (yb + aw) + 1 / (n_a + a0 - ya - aw) + 1 / (n_b + a0 - yb - aw))
    assert _row(result, "crimea")["z"] == pytest.approx(delta / math.sqrt(var), abs=1e-12)


def test_swapping_groups_negates_every_z():
    a = ["The illegal annexation of Crimea angered Kyiv.", "Kyiv condemned the annexation.",
         "Separatists, backed by Moscow, seized Donetsk."]
    b = ["Crimea's reunification with Russia was celebrated.", "Kiev regime forces shelled Donetsk.",
         "The reunification vote passed; Kiev protested."]
    ab = contrast(a, b, ngrams=(1, 3), min_count=1, min_docs=1, stop_words=())
    ba = contrast(b, a, ngrams=(1, 3), min_count=1, min_docs=1, stop_words=())
    za = ab.terms.set_index("term")["z"]
    zb = ba.terms.set_index("term")["z"]
    assert sorted(za.index) == sorted(zb.index)
    for term, z in za.items():
        assert zb[term] == -z
    assert (ab.terms["q"].sort_values().to_numpy() == ba.terms["q"].sort_values().to_numpy()).all()


def test_bh_qvalues_by_hand():
    q = bh_qvalues([0.01, 0.04, 0.03, 0.5])
    # sorted p: .01 .03 .04 .5 -> m p / rank: .04 .06 .0533… .5 -> running minimum from the top
    assert q.tolist() == pytest.approx([0.04, 0.04 * 4 / 3, 0.04 * 4 / 3, 0.5], abs=1e-15)


def test_statistics_functions_directly():
    delta, var, z = log_odds_dirichlet(1.0, 2.0, 7.0, 6.0, 0.5, 5.0)
    expected = math.log(1.5 / 10.5) - math.log(2.5 / 8.5)
    assert float(delta) == pytest.approx(expected, abs=1e-12)
    assert float(var) == pytest.approx(1 / 1.5 + 1 / 2.5, abs=1e-12)
    assert float(chi_squared(0.0, 0.0, 5.0, 5.0)) == 0.0
    with pytest.raises(ContrastError, match="variance"):
        log_odds_dirichlet(1.0, 2.0, 7.0, 6.0, 0.5, 5.0, variance="other")


def _outlet(texts, outlet, **labels):
    return [Article.make(text=t, outlet=outlet, title="", labels=tuple(labels.items()))
            for t in texts]


def test_outlet_names_and_boilerplate_are_masked():
    cnn = _outlet([
        "Washington (CNN) - CNN reports the harbour vote. CNN's anchor asked about it.\n"
        "Click here to sign up for our newsletter.",
        "CNN learned the harbour vote failed.\nRead more on CNN Politics.",
        "The CNN poll found support for the harbour plan.\nFollow us on the app for updates.",
        "CNN CNN CNN harbour.\nFollow us on the app for updates.",
        "cnn.com reports tidal barriers.\nFollow us on the app for updates.",
    ], "CNN")
    fox = _outlet(["Fox News reports the harbour plan fails.", "Fox News' host cites the vote.",
                   "The harbour vote, Fox learned, failed."], "Fox News")
    result = contrast(cnn, fox, min_count=1, min_docs=1, stop_words=())
    terms = set(result.terms["term"])
    assert not {"cnn", "fox", "news", "fox news", "com", "click", "newsletter", "updates",
                "washington"} & terms
    assert "cnn" not in set(result.top(5, "a")["term"])
    streams = counted_tokens(cnn[:1], fox[:1])
    assert streams[0] == ["|", "reports", "the", "harbour", "vote", "|", "|", "anchor", "asked",
                          "about", "it", "|"]
    assert streams[1] == ["|", "|", "reports", "the", "harbour", "plan", "fails", "|"]


def test_event_matched_mode_counts_events_and_articles():
    a = _outlet(["Dam breach flooded the valley.", "Senate vote on tariffs."], "Ledger",
                event="dam") + _outlet(["Zoo opened a new wing."], "Ledger", event="zoo")
    b = _outlet(["Dam failure flooded the valley."], "Courier", event="dam") + _outlet(
        ["Port strike ended."], "Courier", event="port")
    result = contrast(a, b, events_only=True, min_count=1, min_docs=1)
    assert result.events == 1
    assert len(result.articles_a) == 2 and len(result.articles_b) == 1
    assert "zoo" not in set(result.terms["term"]) and "strike" not in set(result.terms["term"])
    assert result.summary().startswith(
        "Ledger (2 articles) vs Courier (1 article) on 1 shared event;")
    with pytest.raises(ContrastError, match="share no event"):
        contrast(a[2:], b[1:], events_only=True)
    with pytest.raises(ContrastError, match="no article of group A"):
        contrast(["plain text"], b, events_only=True)


def test_kwic_shows_the_original_text():
    a = _outlet(["They called it “The Annexation” of Crimea.", "Annexation's critics spoke."], "L")
    b = _outlet(["Reunification was declared."], "C")
    result = contrast(a, b, min_count=1, min_docs=1)
    lines = result.kwic("annexation", width=10)
    assert lines["match"].tolist() == ["Annexation", "Annexation's"]
    assert lines["left"].tolist() == ["d it “The ", ""]
    evidence = result.evidence("annexation")
    assert (evidence["count_a"], evidence["count_b"], evidence["docs_a"]) == (2, 0, 2)
    with pytest.raises(ContrastError, match="not in this contrast"):
        result.evidence("nowhere")


def test_kwic_keeps_the_space_beside_the_keyword_across_line_breaks():
    # a headline-only article: the document ends with the title's blank line
    a = _outlet(["Kremlin says Moscow rally\n\nwent ahead", "Moscow occupies\nnothing"], "L")
    b = _outlet(["Reunification was declared."], "C")
    lines = contrast(a, b, min_count=1, min_docs=1).kwic("moscow", width=12)
    assert list(zip(lines["left"], lines["match"], lines["right"])) == [
        ("remlin says ", "Moscow", " rally went"), ("", "Moscow", " occupies no")]


@pytest.mark.parametrize("kwargs, match", [
    (dict(ngrams=(0, 2)), "ngrams"), (dict(ngrams=(2, 1)), "ngrams"), (dict(alpha0=0), "alpha0"),
    (dict(prior="flat"), "prior"), (dict(min_count=-1), "min_count"),
])
def test_bad_settings_raise(kwargs, match):
    with pytest.raises(ContrastError, match=match):
        contrast(A_TEXTS, B_TEXTS, **kwargs)


def test_empty_group_raises():
    with pytest.raises(ContrastError, match="group B has no articles"):
        contrast(A_TEXTS, [])
    with pytest.raises(ContrastError, match=r"b\[0\] is a int"):
        contrast(A_TEXTS, [3])


def test_candidates_skip_lexicon_terms_and_add_one(tmp_path):
    a = ["the annexation of crimea and the blockade"] * 3 + ["blockade again"]
    b = ["the reunification of crimea and the referendum"] * 3 + ["referendum again"]
    result = contrast(a, b, min_count=1, min_docs=1, ngrams=(1, 2))
    lexicon = tmp_path / "mini.yaml"
    lexicon.write_text(yaml.safe_dump({
        "name": "mini", "version": 1, "description": "test lexicon", "frames": {
            "west": "w", "east": "e"},
        "concepts": [{"id": "crimea", "label": "Crimea", "sources": ["ours"], "variants": [
            {"terms": ["annexation"], "frame": "west"},
            {"terms": ["reunification"], "frame": "east"}]}]}), encoding="utf-8")
    found = candidates(result, [load_lexicon(lexicon)], max_q=1.0, rank="z")
    assert "annexation" not in set(found["term"]) and "reunification" not in set(found["term"])
    assert {"blockade", "referendum"} <= set(found["term"])
    assert set(found["side"]) == {"A", "B"}

    user = tmp_path / "user" / "my-terms.yaml"
    lex = add_candidate(user, "crimea-vote", "referendum", "loaded", "contrast of test corpora")
    assert lex.kind == "categories" and lex.name == "my-terms"
    assert lex.concept("crimea-vote").variants[0].terms == ("referendum",)
    lex = add_candidate(user, "crimea-vote", "plebiscite", "loaded", "second source")
    assert lex.version == 2
    assert lex.concept("crimea-vote").variants[0].terms == ("referendum", "plebiscite")
    assert lex.concept("crimea-vote").sources == ("contrast of test corpora", "second source")
    before = user.read_text(encoding="utf-8")
    with pytest.raises(CandidateExists, match=r"“Referendum” is already in .* \(concept "
                                               r"'crimea-vote'\); nothing was added"):
        add_candidate(user, "other", "Referendum", "loaded", "dup")
    assert user.read_text(encoding="utf-8") == before
    with pytest.raises(LexiconError, match="two different frames"):
        add_candidate(lexicon, "blockade", "blockade", "west", "contrast")


NAMED_A = ["Pelosi called it a crisis at the border. The crisis grew. Crisis talks began."] * 6 + [
    "Officials met Pelosi."]
NAMED_B = ["Officials called it a situation at the border. The situation grew."] * 6 + [
    "Pelosi met them."]


def test_conservative_rank_keeps_intervals_that_exclude_zero():
    result = contrast(NAMED_A, NAMED_B, alpha0=10.0, **EXACT)
    crit = NormalDist().inv_cdf(0.975)
    top_a = result.top(5, "a", rank="conservative")
    top_b = result.top(5, "b", rank="conservative")
    # only crisis (18 vs 0, z 2.93) and situation (0 vs 12, z -2.71) have |z| > 1.96
    assert top_a["term"].tolist() == ["crisis"] and top_b["term"].tolist() == ["situation"]
    for frame, sign in ((top_a, 1.0), (top_b, -1.0)):
        row = frame.iloc[0]
        assert row["bound"] == pytest.approx(row["delta"] - sign * crit * row["se"], abs=1e-12)
    # the z order puts pelosi (7 vs 1) second; plain words tie on z and sort by term
    assert result.top(4, "a")["term"].tolist() == ["crisis", "pelosi", "began", "talks"]
    with pytest.raises(ContrastError, match="rank"):
        result.top(5, rank="delta")
    with pytest.raises(ContrastError, match="level"):
        result.top(5, rank="conservative", level=1.5)


def test_exclude_names_drops_words_capitalised_nine_times_in_ten():
    result = contrast(NAMED_A, NAMED_B, alpha0=10.0, **EXACT)
    # "Pelosi" is capitalised 8 times out of 8; "crisis" 6 times out of 18 (sentence starts)
    assert result.top(3, "a", exclude_names=True)["term"].tolist() == ["crisis", "began", "talks"]
    assert result.top(3, "a", exclude_names=True, name_share=1.0)["term"].tolist() == [
        "crisis", "began", "talks"]
    found = candidates(result, [], max_q=1.0, rank="z")
    assert "pelosi" not in set(found["term"]) and "crisis" in set(found["term"])
    kept = candidates(result, [], max_q=1.0, rank="z", exclude_names=False)
    assert "pelosi" in set(kept["term"])
