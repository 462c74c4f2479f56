"""Validity of the shipped lexicons on annotated data nobody in the project wrote.

Run: ``python benchmarks/lexicon_validity.py`` (data from ``$FRAMING_DATA``, default
``<repo>/../shared/data``; ``--allsides-limit N`` for a quick run on the first N AllSides
articles). Ends with one ``name = value`` line per figure (fractions in 0-1).

Figures and their definitions
-----------------------------
ukraine_news_bias (Färber et al. 2020), ``russia-ukraine`` lexicon, each sentence matched as
an article dated 2014-06-01 (the corpus is from 2014, so date rules such as Kiev -> Kyiv apply):
  * ``ukraine_sentence_coverage``: share of the 2,057 sentences with at least one hit (any
    frame, any voice).
  * ``ukraine_sentence_agreement``: over sentences with at least one scored hit whose frames
    lean one way (kremlin minus ukraine hits, weighted, non-zero) *and* whose annotators lean
    one way, the share where the two agree. The annotators' lean is the sign of
    ``pro_russia_maj - pro_west_maj`` (majority vote); where the majorities tie (2,026 of 2,057
    sentences have both majorities 1.0) the sign of the mean votes ``pro_russia_avg -
    pro_west_avg`` is used. ``ukraine_sentence_n`` is the number of such sentences.
RUWA (Khairova et al. 2023), ``russia-ukraine``:
  * ``ruwa_headline_auc``: ROC AUC (Mann-Whitney) of the headline index, rt.com + tass.com +
    en.news-front.info (positives) against bbc.co.uk + reuters.com + aljazeera.com, over
    headlines with at least one scored hit.
  * ``ruwa_outlet_separation``: share of (state outlet, other outlet) pairs where the state
    outlet's index is higher, over the outlets with at least 20 scored hits.
BASIL (Fan et al. 2019), ``loaded-language`` + ``us-politics``, sentence by sentence:
  * ``basil_lex_span_recall``: share of the lexical-bias spans (``bias == "lex"``) that a hit
    overlaps.
  * ``basil_sentence_precision``: share of sentences with a hit that hold a lexical-bias span.
AllSides (Baly et al. 2020), ``us-politics`` over ``content``:
  * ``allsides_index_<side>`` with ``_low``/``_high``: mean outlet index of the outlets of
    each side (outlets with at least 5 scored hits), 95 % percentile bootstrap over outlets
    (2,000 resamples, seed 0). ``allsides_order_ok`` is true when left < center < right.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from framing import Article, analyse, compile_lexicon, find_hits, load_dataset, load_lexicon  # noqa: E402
from framing.datasets import ukraine_sentences  # noqa: E402

# outlet ids as the RUWA adapter names them (domain names in older versions of the adapter)
STATE = ("RT", "TASS", "News Front", "rt.com", "tass.com", "en.news-front.info")
OTHER = ("BBC News", "Reuters", "Al Jazeera", "bbc.co.uk", "reuters.com", "aljazeera.com")


def data_dir() -> Path:
    return Path(os.environ.get("FRAMING_DATA") or Path(__file__).resolve().parents[2] / "shared" / "data")


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """ROC AUC as the Mann-Whitney probability P(pos > neg) + ½ P(pos = neg)."""
    ranks = pd.Series(np.concatenate([pos, neg])).rank().to_numpy()
    r_pos = ranks[: len(pos)].sum()
    return float((r_pos - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def ukraine(figures: dict) -> None:
    sentences = ukraine_sentences(data_dir() / "ukraine_news_bias")
    matcher = compile_lexicon(load_lexicon("russia-ukraine"))
    day = dt.date(2014, 6, 1)
    fired = agree = n = 0
    for row in sentences.itertuples():
        hits = find_hits(Article(id=f"{row.article_id}:{row.position}", text=row.content, date=day), matcher)
        if not hits:
            continue
        fired += 1
        lean = sum(h.weight * (1 if h.frame == "kremlin" else -1) for h in hits
                   if h.loaded and h.voice == "authorial" and h.frame in ("kremlin", "ukraine"))
        ann = np.sign(row.pro_russia_maj - row.pro_west_maj) or np.sign(row.pro_russia_avg - row.pro_west_avg)
        if lean == 0 or ann == 0:
            continue
        n += 1
        agree += int(np.sign(lean) == ann)
    figures["ukraine_sentence_coverage"] = fired / len(sentences)
    figures["ukraine_sentence_n"] = n
    figures["ukraine_sentence_agreement"] = agree / n if n else float("nan")


def ruwa(figures: dict) -> None:
    report = load_dataset("ruwa", data_dir() / "ruwa")
    result = analyse(report.articles, "russia-ukraine")
    scores = result.article_scores.dropna(subset=["index"])
    pos = scores.loc[scores["outlet"].isin(STATE), "index"].to_numpy()
    neg = scores.loc[scores["outlet"].isin(OTHER), "index"].to_numpy()
    figures["ruwa_headlines_scored"] = len(pos) + len(neg)
    figures["ruwa_headline_auc"] = auc(pos, neg)
    outlets = result.outlet_scores.set_index("outlet")
    outlets = outlets[outlets["n_scored"] >= 20]
    state = outlets.loc[outlets.index.isin(STATE), "index"]
    other = outlets.loc[~outlets.index.isin(STATE), "index"]
    pairs = [(s > o) for s in state for o in other]
    figures["ruwa_outlet_separation"] = float(np.mean(pairs)) if pairs else float("nan")
    for name, value in outlets["index"].items():
        figures[f"ruwa_index[{name}]"] = value


def basil(figures: dict) -> None:
    matchers = [compile_lexicon(load_lexicon(n)) for n in ("loaded-language", "us-politics")]
    spans = hit_spans = sentences_hit = sentences_hit_lex = 0
    with open(data_dir() / "basil" / "basil.jsonl", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            lex = [a for a in record["annotations"]["phrase-level-annotations"] if a.get("bias") == "lex"]
            by_sentence: dict[str, list[tuple[int, int]]] = defaultdict(list)
            sentences = [s for para in record["body-paragraphs"] for s in para]
            for a in lex:
                spans += 1
                for s in sentences:
                    if s[a["start"]:a["end"]] == a["txt"]:
                        by_sentence[s].append((a["start"], a["end"]))
                        break
                    i = s.find(a["txt"])
                    if i >= 0:
                        by_sentence[s].append((i, i + len(a["txt"])))
                        break
            for s in dict.fromkeys(sentences):
                art = Article(id="s", text=s)
                hits = [(h.start, h.end) for m in matchers for h in find_hits(art, m)]
                targets = by_sentence.get(s, [])
                if hits:
                    sentences_hit += 1
                    sentences_hit_lex += bool(targets)
                hit_spans += sum(any(hs < te and he > ts for hs, he in hits) for ts, te in targets)
    figures["basil_lex_spans"] = spans
    figures["basil_lex_span_recall"] = hit_spans / spans
    figures["basil_sentence_precision"] = sentences_hit_lex / sentences_hit if sentences_hit else float("nan")


def allsides(figures: dict, limit: int | None) -> None:
    articles = []
    for part in sorted((data_dir() / "allsides_article_bias").glob("articles-part*.jsonl.gz")):
        with gzip.open(part, "rt", encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                articles.append(Article(id=str(r["ID"]), text=r["content"], outlet=r["source"],
                                        labels=(("bias", r["bias_text"]),)))
                if limit and len(articles) >= limit:
                    break
        if limit and len(articles) >= limit:
            break
    side_of = {a.outlet: a.label("bias") for a in articles}
    result = analyse(articles, "us-politics")
    table = result.outlet_scores
    table = table[table["n_scored"] >= 5].assign(side=lambda t: t["outlet"].map(side_of))
    rng = np.random.default_rng(0)
    means = {}
    for side in ("left", "center", "right"):
        values = table.loc[table["side"] == side, "index"].to_numpy()
        boot = [rng.choice(values, len(values)).mean() for _ in range(2000)]
        means[side] = values.mean()
        figures[f"allsides_outlets_{side}"] = len(values)
        figures[f"allsides_index_{side}"] = values.mean()
        figures[f"allsides_index_{side}_low"], figures[f"allsides_index_{side}_high"] = np.percentile(boot, [2.5, 97.5])
    figures["allsides_order_ok"] = bool(means["left"] < means["center"] < means["right"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--allsides-limit", type=int, default=None)
    args = parser.parse_args()
    figures: dict = {}
    ukraine(figures)
    ruwa(figures)
    basil(figures)
    allsides(figures, args.allsides_limit)
    for name, value in figures.items():
        if isinstance(value, bool):
            value = str(value).lower()
        elif isinstance(value, float):
            value = f"{value:.4f}"
        print(f"{name} = {value}")


if __name__ == "__main__":
    main()
