"""Contrast benchmark: framing.contrast against scattertext on AllSides, and BASIL's top terms.

What it measures (all on the shared data, FRAMING_DATA or ../shared/data):

1. AllSides, Fox News against CNN (3,548 vs 2,992 articles): the whole path — normalise, remove
   boilerplate, mask outlet names, tokenise, count, score — with the default settings
   (unigrams to trigrams), run three times with the default settings (one process):
   ``fox_cnn_s`` (wall) and ``fox_cnn_cpu_s`` (CPU time of this process and of the worker
   processes it forked: on a shared machine the wall time includes waiting for a core) are
   the medians of the three. ``fox_cnn_first_s`` (and ``_cpu_s``) is the first of them, the
   first count in the process: on this virtual machine memory the process touches for the
   first time is slow to hand out (1-2.5 s more on this pair; later calls reuse it), and a
   ``framing contrast`` command pays it once. ``fox_cnn_2w_s`` (and ``_cpu_s``) repeats the
   pair with two processes (``workers=2``); every table must be equal.
2. The same pair with unigrams and bigrams (scattertext's default features) and every term
   reported, beside scattertext 0.2.2's ``LogOddsRatioInformativeDirichletPrior``
   (``scale_type='word'``, ``sigma`` = our ``alpha0``) run in its own venv on the very token
   streams we count (``framing.contrast.counted_tokens``), so both count the same tokens and
   sentences. ``spearman_vs_peer`` is the Spearman correlation of the z-scores over the terms
   both report; ``speedup_vs_peer`` is the peer's time (corpus build from the pre-tokenised text
   plus scoring) over ours (from raw articles). Our default variance is Monroe et al.'s two-term
   one; scattertext uses four terms, so ``spearman_full_variance`` repeats the check with ours
   set to the four-term form as well.
3. AllSides, left against right over all articles (13,005 vs 13,734, background = all 37,554)
   -> ``left_right_s`` (wall) and ``left_right_cpu_s``. With ``--peer-left-right`` scattertext runs on that pair too.
4. BASIL, event-matched, Fox News against HuffPost (``events_only=True``, so each article counts
   once per term: ``unit="articles"``), ``min_count=3``: the top 30 terms of each side by z with
   proper names left out (``ContrastResult.top(exclude_names=True)``), then by the conservative
   log-odds bound (the candidates default), then the z order counting every occurrence
   (``unit="occurrences"``, the earlier setting) for comparison. As an outside check of which
   top terms are loaded, ``basil_top30_in_lex_spans_fox``/``_hpo`` count the top-30 terms that
   occur inside one of BASIL's own *lexical bias* spans (annotators' loaded phrases, Fan et al.
   2019) in that outlet's articles; the annotations play no part in the ranking. Then the same
   contrast listing only loaded language (``ContrastResult.holding`` with
   ``framing.loaded_words.marked_words``): a word model is fitted on BABE as ``framing train
   --task babe-words`` does (``babe_word_model_train_s``; BABE, not BASIL, so the check stays
   outside), marks the words of the 200 articles (``basil_marked_words``: those marked in at
   least half of their uses, twice or more), and ``basil_loaded_top30_in_lex_spans_fox``/
   ``_hpo`` count that list's top 30 inside BASIL's lexical-bias spans;
   ``basil_loaded_top30_z_over_1_*`` how many of the 30 have |z| > 1 (none is significant on
   100 events); ``basil_loaded_random30_in_lex_spans_*`` the chance level: the mean count for
   30 of that side's loaded terms drawn at random (200 draws, seed 0), i.e. what the filter
   alone gives. ``--basil-only`` runs this part alone (about 20 s).

The data readers here are local (the project's dataset adapters were not there when this was
written); outlet names are normalised as the store does: every AllSides ``source`` starting with
"Fox" is "Fox News" and every one starting with "CNN" is "CNN".

The one-minute load average of the machine is printed at the start and the end
(``load_average_start``/``_end``): above 2 (two cores) the wall times include waiting for a core.

Usage: ``python benchmarks/contrast.py [--peer-left-right] [--basil-only]``. Ends with ``name = value`` lines.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from scipy.stats import spearmanr

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from framing.classify import article_texts  # noqa: E402
from framing.contrast import BREAK_TOKEN, DEFAULT_ALPHA0, contrast, counted_tokens  # noqa: E402
from framing.datasets import load_dataset  # noqa: E402
from framing.loaded_words import LoadedWordModel, annotated_words, marked_words  # noqa: E402
from framing.models import Article  # noqa: E402
from framing.outlets import normalise_outlet  # noqa: E402
from framing.tokens import tokenize  # noqa: E402
from peers import venv  # noqa: E402

DATA = Path(os.environ.get("FRAMING_DATA", REPO.parent / "shared" / "data"))
BASIL_OUTLETS = {"fox": "Fox News", "hpo": "HuffPost", "nyt": "The New York Times"}


def allsides_outlet(source: str) -> str:
    if source.startswith("Fox"):
        return "Fox News"
    if source.startswith("CNN"):
        return "CNN"
    return normalise_outlet(source)


def read_allsides() -> list[Article]:
    """All AllSides articles, body = ``content_original`` (the text as published)."""
    out = []
    for part in ("articles-part1.jsonl.gz", "articles-part2.jsonl.gz"):
        with gzip.open(DATA / "allsides_article_bias" / part, "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                out.append(Article(id=r["ID"], text=r["content_original"] or "",
                                   title=r["title"] or "", outlet=allsides_outlet(r["source"]),
                                   labels=(("bias", r["bias_text"]), ("topic", r["topic"]))))
    return out


def read_basil() -> list[Article]:
    """BASIL's 300 articles with an ("event", triplet-uuid) label."""
    out = []
    with open(DATA / "basil" / "basil.jsonl", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            body = "\n\n".join(" ".join(p) for p in r["body-paragraphs"])
            outlet = BASIL_OUTLETS[r["source"].lower()]
            out.append(Article.make(text=body, title=r["title"] or "", outlet=outlet,
                                    labels=(("event", r["triplet-uuid"]),)))
    return out


def read_basil_lex_spans() -> dict[str, list[str]]:
    """BASIL's lexical-bias spans (``bias == "lex"``) per outlet, normalised as terms are."""
    spans: dict[str, list[str]] = {}
    with open(DATA / "basil" / "basil.jsonl", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            outlet = BASIL_OUTLETS[r["source"].lower()]
            for ann in r["annotations"]["phrase-level-annotations"]:
                if ann["bias"] == "lex":
                    spans.setdefault(outlet, []).append(" ".join(tokenize(ann["txt"])))
    return spans


def in_spans(terms: list[str], spans: list[str]) -> list[str]:
    """The terms found as whole words inside at least one span."""
    padded = [f" {s} " for s in spans]
    return [t for t in terms if any(f" {t} " in s for s in padded)]


def _encode(token: str) -> str:
    return (token.replace("-", "_h_").replace("'", "_a_").replace(".", "_d_")
            .replace(",", "_c_"))


def _decode(term: str) -> str:
    return (term.replace("_h_", "-").replace("_a_", "'").replace("_d_", ".")
            .replace("_c_", ","))


def run_peer(a: list[Article], b: list[Article], tmp: Path, alpha0: float) -> tuple[float, dict]:
    """scattertext on the token streams framing counts; returns (seconds, {term: z})."""
    streams = counted_tokens(a, b)
    src = tmp / "peer-in.jsonl.gz"
    dst = tmp / "peer-out.json"
    with gzip.open(src, "wt", encoding="utf-8") as fh:
        for i, stream in enumerate(streams):
            words = [" . " if t == BREAK_TOKEN else _encode(t) for t in stream]
            text = " ".join(words) + " ."
            fh.write(json.dumps({"cat": "a" if i < len(a) else "b", "text": text}) + "\n")
    python = venv.python()
    script = REPO / "benchmarks" / "peers" / "scattertext_peer.py"
    subprocess.run([str(python), str(script), str(src), str(dst), str(alpha0)], check=True)
    result = json.loads(dst.read_text(encoding="utf-8"))
    return result["seconds"], {_decode(k): v for k, v in result["z"].items()}


def spearman(ours: pd.DataFrame, peer: dict) -> tuple[float, int]:
    z_peer = ours["term"].map(peer)
    shared = z_peer.notna()
    rho = spearmanr(ours.loc[shared, "z"], z_peer[shared]).statistic
    return float(rho), int(shared.sum())


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start


def _cpu_seconds() -> float:
    """CPU seconds of this process and of its children that have ended (the forked workers
    of a two-process count)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def cpu_timed(fn, *args, **kwargs):
    """(result, wall seconds, CPU seconds of this process and its worker processes) — CPU
    time shows how much of the wall time was waiting for a core on a shared machine."""
    cpu = _cpu_seconds()
    out, wall = timed(fn, *args, **kwargs)
    return out, wall, _cpu_seconds() - cpu


def train_word_model():
    """The loaded-word model as ``framing train --task babe-words --word-list
    bias_word_lexicon.txt`` fits it: BABE's sentences and their annotated biased words."""
    babe = load_dataset("babe_mbic", DATA / "babe_mbic").articles
    words = annotated_words(babe)
    extra = (DATA / "babe_mbic" / "bias_word_lexicon.txt").read_text(encoding="utf-8").split("\n")
    return LoadedWordModel().fit(article_texts(babe), words, extra)


def basil_part(figures: dict) -> None:
    """Part 4: BASIL, event-matched, Fox News against HuffPost (module docstring)."""
    basil = read_basil()
    b_fox = [x for x in basil if x.outlet == "Fox News"]
    b_hpo = [x for x in basil if x.outlet == "HuffPost"]
    res_b, figures["basil_s"] = timed(contrast, b_fox, b_hpo, events_only=True, min_count=3)
    print(res_b.summary(), f"unit={res_b.settings['unit']}")
    bcols = ["term", "count_a", "count_b", "docs_a", "docs_b", "z"]
    spans = read_basil_lex_spans()
    for side, label, key in (("a", "Fox News", "fox"), ("b", "HuffPost", "hpo")):
        top30 = res_b.top(30, side, exclude_names=True)
        print(f"BASIL {label} top 30 (event-matched, articles, z, names left out):\n",
              top30[bcols].to_string())
        found = in_spans(top30["term"].tolist(), spans.get(label, []))
        print(f"  inside {label}'s BASIL lexical-bias spans: {', '.join(found) or '-'}")
        figures[f"basil_top30_in_lex_spans_{key}"] = len(found)
        cons = res_b.top(30, side, rank="conservative", exclude_names=True)
        print(f"BASIL {label} top 30, conservative bound, names left out: "
              + ", ".join(cons["term"]))
    res_occ = contrast(b_fox, b_hpo, events_only=True, min_count=3, unit="occurrences")
    for side, label in (("a", "Fox News"), ("b", "HuffPost")):
        print(f"BASIL {label} top 30, every occurrence counted, z, names left out: "
              + ", ".join(res_occ.top(30, side, exclude_names=True)["term"]))
    figures["basil_events"] = res_b.events or 0

    # The same contrast listing only loaded language: terms holding a word that the BABE word
    # model marks in at least half of its uses in these articles (framing.loaded_words).
    model, figures["babe_word_model_train_s"] = timed(train_word_model)
    marked, figures["basil_marked_words_s"] = timed(
        marked_words, [x.document for x in res_b.articles_a + res_b.articles_b], model)
    loaded = res_b.holding(marked["word"])
    figures["basil_marked_words"] = len(marked)
    for side, label, key in (("a", "Fox News", "fox"), ("b", "HuffPost", "hpo")):
        top30 = loaded.top(30, side)
        print(f"BASIL {label} top 30 loaded terms (event-matched, articles, z):\n",
              top30[bcols].to_string())
        found = in_spans(top30["term"].tolist(), spans.get(label, []))
        print(f"  inside {label}'s BASIL lexical-bias spans: {', '.join(found) or '-'}")
        figures[f"basil_loaded_top30_in_lex_spans_{key}"] = len(found)
        figures[f"basil_loaded_top30_z_over_1_{key}"] = int((top30["z"].abs() > 1).sum())
        # chance level: 30 of this side's loaded terms drawn at random (the filter alone)
        pool = loaded.top(len(loaded.terms), side)["term"].tolist()
        rng = random.Random(0)
        draws = [len(in_spans(rng.sample(pool, min(30, len(pool))), spans.get(label, [])))
                 for _ in range(200)]
        figures[f"basil_loaded_random30_in_lex_spans_{key}"] = statistics.mean(draws)


def print_figures(figures: dict) -> None:
    """The final ``name = value`` lines."""
    for name, value in figures.items():
        print(f"{name} = {value:.4f}" if isinstance(value, float) else f"{name} = {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--peer-left-right", action="store_true",
                        help="also run scattertext on left vs right (minutes, several GB)")
    parser.add_argument("--basil-only", action="store_true",
                        help="run part 4 (BASIL) only: about 20 s")
    args = parser.parse_args()
    pd.set_option("display.width", 160)
    if args.basil_only:
        figures = {"load_average_start": os.getloadavg()[0]}
        basil_part(figures)
        figures["load_average_end"] = os.getloadavg()[0]
        print_figures(figures)
        return
    articles, read_s = timed(read_allsides)
    print(f"read {len(articles)} AllSides articles in {read_s:.1f} s", file=sys.stderr)
    fox = [x for x in articles if x.outlet == "Fox News"]
    cnn = [x for x in articles if x.outlet == "CNN"]
    left = [x for x in articles if x.label("bias") == "left"]
    right = [x for x in articles if x.label("bias") == "right"]
    figures: dict[str, float | int] = {"fox_articles": len(fox), "cnn_articles": len(cnn),
                                       "load_average_start": os.getloadavg()[0]}

    res, wall, cpu = cpu_timed(contrast, fox, cnn)
    figures["fox_cnn_first_s"], figures["fox_cnn_first_cpu_s"] = wall, cpu
    walls, cpus = [wall], [cpu]
    for _ in range(2):
        again, wall, cpu = cpu_timed(contrast, fox, cnn)
        pd.testing.assert_frame_equal(again.terms, res.terms, check_exact=True)
        walls.append(wall)
        cpus.append(cpu)
    figures["fox_cnn_s"] = statistics.median(walls)
    figures["fox_cnn_cpu_s"] = statistics.median(cpus)
    # two processes, same minutes: same table, time and CPU apart
    forced, figures["fox_cnn_2w_s"], figures["fox_cnn_2w_cpu_s"] = cpu_timed(
        contrast, fox, cnn, workers=2)
    pd.testing.assert_frame_equal(forced.terms, res.terms, check_exact=True)
    print(res.summary())
    cols = ["term", "count_a", "count_b", "docs_a", "docs_b", "z", "q"]
    print("Fox News top 15:\n", res.top(15, "a")[cols].to_string(index=False))
    print("CNN top 15:\n", res.top(15, "b")[cols].to_string(index=False))
    top_terms = set(res.top(50, "a")["term"]) | set(res.top(50, "b")["term"])
    figures["outlet_name_in_top50"] = int(bool(top_terms & {"cnn", "fox", "fox news"}))

    every = dict(ngrams=(1, 2), min_count=1, min_docs=1, stop_words=())
    ours12, ours12_s, figures["fox_cnn_12_cpu_s"] = cpu_timed(contrast, fox, cnn, **every)
    full12 = contrast(fox, cnn, variance="full", **every)
    with tempfile.TemporaryDirectory() as tmp:
        peer_s, peer_z = run_peer(fox, cnn, Path(tmp), DEFAULT_ALPHA0)
        rho, shared = spearman(ours12.terms, peer_z)
        rho_full, _ = spearman(full12.terms, peer_z)
        rho_min5, shared5 = spearman(ours12.terms[ours12.terms["count_a"]
                                                  + ours12.terms["count_b"] >= 5], peer_z)
        figures.update(spearman_vs_peer=rho, spearman_full_variance=rho_full,
                       spearman_count5=rho_min5, shared_terms=shared, shared_terms_count5=shared5,
                       peer_terms=len(peer_z), our_terms=len(ours12.terms),
                       fox_cnn_12_s=ours12_s, peer_fox_cnn_12_s=peer_s,
                       speedup_vs_peer=peer_s / ours12_s)

        res_lr, figures["left_right_s"], figures["left_right_cpu_s"] = cpu_timed(
            contrast, left, right, background=articles)
        print(res_lr.summary())
        print("left top 10:", ", ".join(res_lr.top(10, "a")["term"]))
        print("right top 10:", ", ".join(res_lr.top(10, "b")["term"]))
        if args.peer_left_right:
            lr12, lr12_s = timed(contrast, left, right, **every)
            peer_lr_s, peer_lr_z = run_peer(left, right, Path(tmp), DEFAULT_ALPHA0)
            figures.update(left_right_12_s=lr12_s, peer_left_right_12_s=peer_lr_s,
                           speedup_left_right=peer_lr_s / lr12_s,
                           spearman_left_right=spearman(lr12.terms, peer_lr_z)[0])

    basil_part(figures)
    figures["load_average_end"] = os.getloadavg()[0]

    print_figures(figures)


if __name__ == "__main__":
    main()
