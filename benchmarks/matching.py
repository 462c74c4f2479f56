"""Matching speed of our matcher against peers, on the same text and terms, in one process.

Run: ``taskset -c 0 python benchmarks/matching.py`` (one core; ``--limit N`` for the first N
AllSides articles; ``--no-scale`` to skip the 2x/4x runs). Data from ``$FRAMING_DATA``
(default ``<repo>/../shared/data``): the ``content`` field of the AllSides articles (Baly et
al. 2020). Peers (spaCy from ``benchmarks/requirements.txt``):

* ``ours``: :func:`framing.matching.find_hits_many` with every shipped lexicon (one compiled
  matcher each, scanned together by one combined Aho–Corasick automaton), end to end:
  normalisation, boundaries, inflections, exclusions, sentences, voice, negation, date rules,
  :class:`framing.Hit` objects (``matcher_*`` figures). ``matcher_rows_*`` times
  :func:`framing.matching.hit_rows_many`, the same work returning each hit as a plain tuple
  (what :func:`framing.matching.hits_table` uses); both counts must agree. Each ``ours`` run
  alternates with one where the compiled scanners (``framing/_sentencescan.pyx``,
  ``framing/_quotescan.pyx``, ``framing/_foldscan.pyx``; ``compiled_scanners`` says whether
  they were built) are switched
  off, on their Python references: ``matcher_pure_python_mb_per_s`` and ``compiled_speedup``
  (wall) / ``compiled_speedup_cpu``, hit counts checked equal. ``--repeat`` pairs (default 3);
  the figures are each kind's best run, ``matcher_runs_mb_per_s`` lists every run of ours.
* ``regex``: (timed on the first ``--regex-articles`` articles, default 3,000: it runs at
  well under 1 MB/s) one compiled ``re`` alternation of every surface form our matcher uses (longest
  first, ``\\b`` on both sides) over the lower-cased text.
* ``spacy``: ``spacy.blank("en")`` tokenizer + ``PhraseMatcher(attr="LOWER")`` with the same
  surface forms as patterns (``nlp.pipe``, ``batch_size=256``).
* ``bare``: ``pyahocorasick`` over the lower-cased text, counting every match (no boundary,
  overlap, voice or sentence logic): the floor the issue names. ``bare_rs_*``: the same scan
  with the scanner our matcher uses (``ahocorasick_rs`` compiled to a DFA, overlapping
  matches); ``bare_rs_matches_agree`` checks both scanners report the same number of matches.

Agreement: for the regex and our matcher built without exclusions, the share of articles
where both count the same hits (the semantics overlap there: same forms, whole words,
leftmost-longest). ``spacy`` tokenises differently (e.g. "Kyiv's" splits, hyphens split), so
its counts are reported, not compared.

``--no-scale`` skips the 2x/4x runs (the corpus repeated): ``time_growth_*`` (wall clock) and
``cpu_growth_*`` (CPU time) are their times over the 1x run's; linear is 2 and 4.

Ends with ``name = value`` lines: MB/s use UTF-8 bytes of ``content`` (10^6 bytes), peak RSS
is the process maximum resident set (``ru_maxrss``) in MiB. Times are wall clock; the ``*_cpu*``
figures use this process's CPU time (``time.process_time``), which waiting for a busy core does
not inflate, so on a shared machine their ratios are the steadier ones.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import sys
import time
from pathlib import Path

import ahocorasick
import ahocorasick_rs

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from framing import Article, compile_lexicon, find_hits  # noqa: E402
from framing import text as text_module  # noqa: E402
from framing.matching import find_hits_many, hit_rows_many  # noqa: E402
from framing.lexicon import Lexicon, available_lexicons, load_lexicon  # noqa: E402
from framing.matching import term_forms  # noqa: E402


def data_dir() -> Path:
    return Path(os.environ.get("FRAMING_DATA") or Path(__file__).resolve().parents[2] / "shared" / "data")


def read_contents(limit: int | None) -> list[str]:
    out: list[str] = []
    for part in sorted((data_dir() / "allsides_article_bias").glob("articles-part*.jsonl.gz")):
        with gzip.open(part, "rt", encoding="utf-8") as f:
            for line in f:
                out.append(json.loads(line)["content"])
                if limit and len(out) >= limit:
                    return out
    return out


def all_forms(lexicons: list[Lexicon]) -> list[str]:
    forms: dict[str, None] = {}
    for lex in lexicons:
        for c in lex.concepts:
            for v in c.variants:
                for t in v.terms:
                    for f in term_forms(t, inflect=v.inflect):
                        forms[f] = None
    return list(forms)


def run_ours(texts, matchers, rows: bool = False) -> tuple[float, int]:
    el, _, n = run_ours_cpu(texts, matchers, rows)
    return el, n


def run_ours_cpu(texts, matchers, rows: bool = False) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds of this process, and the number of hits."""
    matchers = tuple(matchers)
    find = hit_rows_many if rows else find_hits_many
    t0, c0 = time.perf_counter(), time.process_time()
    n = 0
    for i, text in enumerate(texts):
        for hits in find(Article(id=str(i), text=text), matchers):
            n += len(hits)
    return time.perf_counter() - t0, time.process_time() - c0, n


def main() -> None:
    parser = argparse.ArgumentParser(description="matcher speed against peers")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--no-scale", action="store_true")
    parser.add_argument("--no-spacy", action="store_true")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of ours (and of ours on the Python references), best reported")
    parser.add_argument("--regex-articles", type=int, default=3000,
                        help="the regex peer runs at ~0.4 MB/s with 2,000 forms: time it on this many")
    args = parser.parse_args()
    texts = read_contents(args.limit)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    lexicons = [load_lexicon(n) for n in available_lexicons()]
    matchers = [compile_lexicon(lex) for lex in lexicons]
    forms = all_forms(lexicons)
    fig: dict[str, object] = {"articles": len(texts), "corpus_mb": mb, "lexicons": len(lexicons),
                              "surface_forms": len(forms)}

    run_ours(texts[:200], matchers)  # warm caches
    # ours with the compiled scanners, and on their Python references (what a machine without a
    # C compiler gets: the baseline the compiled code is measured on), alternated --repeat times;
    # each figure is the best run (as timeit reports: the run least disturbed by other work on
    # a shared machine, where runs of the same code minutes apart differed by up to a third)
    fig["compiled_scanners"] = all(f is not None for f in (
        text_module._compiled_sentence_starts, text_module._compiled_quote_bounds,
        text_module._compiled_fold))
    runs, py_runs = [], []
    for _ in range(args.repeat):
        runs.append(run_ours_cpu(texts, matchers))
        with text_module.python_references():
            py_runs.append(run_ours_cpu(texts, matchers))
    el, n_ours = min(r[0] for r in runs), runs[0][2]
    el_py, n_py = min(r[0] for r in py_runs), py_runs[0][2]
    cpu, cpu_py = min(r[1] for r in runs), min(r[1] for r in py_runs)
    fig.update(matcher_seconds=el, matcher_mb_per_s=mb / el, matcher_articles_per_s=len(texts) / el,
               matcher_hits=n_ours, matcher_cpu_seconds=cpu, matcher_cpu_mb_per_s=mb / cpu,
               matcher_runs_mb_per_s=" ".join(f"{mb / r[0]:.2f}" for r in runs),
               matcher_hits_agree_across_runs=len({r[2] for r in runs + py_runs}) == 1)
    el_rows, n_rows = run_ours(texts, matchers, rows=True)
    fig.update(matcher_rows_mb_per_s=mb / el_rows, matcher_rows_hits_agree=n_rows == n_ours)
    fig.update(matcher_pure_python_mb_per_s=mb / el_py, compiled_speedup=el_py / el,
               compiled_speedup_cpu=cpu_py / cpu, pure_python_hits_agree=n_py == n_ours)

    # (c) bare scan: the floor
    auto = ahocorasick.Automaton()
    for f in forms:
        auto.add_word(f, len(f))
    auto.make_automaton()
    t0, c0 = time.perf_counter(), time.process_time()
    n_bare = 0
    for text in texts:
        for _ in auto.iter(text.lower()):
            n_bare += 1
    bare = time.perf_counter() - t0
    bare_cpu = time.process_time() - c0
    fig.update(bare_mb_per_s=mb / bare, bare_matches=n_bare, ratio_to_bare_scan=el / bare,
               rows_ratio_to_bare_scan=el_rows / bare, bare_cpu_mb_per_s=mb / bare_cpu,
               ratio_to_bare_scan_cpu=cpu / bare_cpu)
    # (c') the same bare scan with the scanner our matcher uses (ahocorasick_rs DFA, every
    # overlapping match): it must report exactly as many matches as pyahocorasick
    rs_auto = ahocorasick_rs.AhoCorasick(forms, matchkind=ahocorasick_rs.MatchKind.Standard,
                                         implementation=ahocorasick_rs.Implementation.DFA)
    t0, c0 = time.perf_counter(), time.process_time()
    n_rs = 0
    for text in texts:
        n_rs += len(rs_auto.find_matches_as_indexes(text.lower(), overlapping=True))
    rs_el, rs_cpu = time.perf_counter() - t0, time.process_time() - c0
    fig.update(bare_rs_mb_per_s=mb / rs_el, bare_rs_cpu_mb_per_s=mb / rs_cpu,
               bare_rs_matches_agree=n_rs == n_bare)

    # (a) one regex alternation, and agreement with our matcher without exclusions
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?!\w)")
    rtexts = texts[: args.regex_articles]
    rmb = sum(len(t.encode("utf-8")) for t in rtexts) / 1e6
    t0 = time.perf_counter()
    regex_counts = [len(pattern.findall(t.lower())) for t in rtexts]
    rx = time.perf_counter() - t0
    fig.update(regex_articles=len(rtexts), regex_mb_per_s=rmb / rx, regex_matches=sum(regex_counts),
               speedup_vs_regex=(rx / rmb) / (el / mb))
    bare_lexicons = [Lexicon(name=l.name, version=l.version, description=l.description, frames=l.frames,
                             concepts=tuple(type(c)(id=c.id, label=c.label, variants=c.variants, exclude=(),
                                                    sources=c.sources) for c in l.concepts), kind=l.kind)
                     for l in lexicons]
    combined = compile_lexicon(Lexicon(name="all", version=1, description="all", frames=(("a", ""), ("b", "")),
                                       concepts=tuple(c for l in bare_lexicons for c in l.concepts)))
    same = 0
    ascii_n = 0
    for i, text in enumerate(rtexts):
        if not text.isascii():
            continue  # the regex does not normalise quotes, dashes or accents
        ascii_n += 1
        same += len(find_hits(Article(id=str(i), text=text), combined)) == regex_counts[i]
    fig.update(regex_agreement_articles=ascii_n, regex_count_agreement=same / ascii_n if ascii_n else float("nan"))

    # (b) spaCy PhraseMatcher on a blank English pipeline
    if not args.no_spacy:
        import spacy
        from spacy.matcher import PhraseMatcher
        nlp = spacy.blank("en")
        pm = PhraseMatcher(nlp.vocab, attr="LOWER")
        pm.add("TERMS", list(nlp.tokenizer.pipe(forms)))
        t0, c0 = time.perf_counter(), time.process_time()
        n_spacy = 0
        for doc in nlp.pipe(texts, batch_size=256):
            n_spacy += len(pm(doc))
        sp = time.perf_counter() - t0
        sp_cpu = time.process_time() - c0
        fig.update(spacy_mb_per_s=mb / sp, spacy_matches=n_spacy, speedup_vs_spacy=sp / el,
                   speedup_vs_spacy_cpu=sp_cpu / cpu)

    if not args.no_scale:
        for k in (2, 4):
            elk, cpuk, _ = run_ours_cpu(texts * k, matchers)
            fig[f"matcher_seconds_{k}x"] = elk
            fig[f"time_growth_{k}x"] = elk / el
            # CPU time is not inflated by waiting for a shared core: the steadier growth figure
            fig[f"cpu_growth_{k}x"] = cpuk / cpu
    fig["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for name, value in fig.items():
        print(f"{name} = {value:.4f}" if isinstance(value, float) else f"{name} = {value}")


if __name__ == "__main__":
    main()
