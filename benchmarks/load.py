"""Load all 37,554 AllSides articles into a fresh store, re-import them, and compare with pandas.

Run: ``python benchmarks/load.py`` (reads ``$FRAMING_DATA/allsides_article_bias``, default
``../shared/data``; writes only to a temporary folder).

Measured in one run:

- ``load_s``: :func:`framing.datasets.load_dataset` + :meth:`ArticleStore.add` into a fresh
  SQLite store (articles, labels, outlets, events, FTS5 index; one transaction).
- ``reimport_s``: the same again into the same store (adds nothing: same content, same ids).
- ``baseline_load_s``: ``pandas.read_json(lines=True)`` of both files + ``DataFrame.to_sql`` into
  a fresh SQLite file (no outlet normalisation, no dates, no de-duplication, no search index).
- ``peak_rss_mb``: peak resident memory of this process (MiB, ``ru_maxrss``) after our load and
  re-import; the baseline runs last so that its memory does not count towards ours.

Goals (issue 4): ``load_s`` < 60, ``reimport_s`` < 10, ``peak_rss_mb`` < 2048.
"""

from __future__ import annotations

import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from framing import ArticleStore  # noqa: E402
from framing.datasets import data_dir, load_dataset  # noqa: E402

NAME = "allsides_article_bias"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def main() -> None:
    folder = data_dir() / NAME
    if not folder.is_dir():
        sys.exit(f"AllSides data not found in {folder}; set FRAMING_DATA")
    with tempfile.TemporaryDirectory(prefix="framing-bench-") as tmp:
        db = Path(tmp) / "bench.db"
        start = time.perf_counter()
        report = load_dataset(NAME, folder)
        with ArticleStore(db) as store:
            added = store.add(report.articles, description=NAME)
            load_s = time.perf_counter() - start
            n_loaded = store.count()
        del report

        start = time.perf_counter()
        report = load_dataset(NAME, folder)
        with ArticleStore(db) as store:
            readded = store.add(report.articles, description=NAME + " again")
            outlets = store.outlets()
        reimport_s = time.perf_counter() - start
        del report
        peak = _peak_mb()

        start = time.perf_counter()
        frames = [pd.read_json(path, lines=True, dtype=False)
                  for path in sorted(folder.glob("articles-part*.jsonl.gz"))]
        frame = pd.concat(frames, ignore_index=True)
        with sqlite3.connect(Path(tmp) / "baseline.db") as conn:
            frame.to_sql("articles", conn, index=False)
        baseline_s = time.perf_counter() - start

    print(f"# {added} added on the first load, {readded} on the re-import; "
          f"{len(outlets)} outlets; largest: "
          + ", ".join(f"{r.outlet} {r.n_articles}" for r in outlets.head(5).itertuples()))
    print(f"load_s = {load_s:.2f}")
    print(f"reimport_s = {reimport_s:.2f}")
    print(f"peak_rss_mb = {peak:.0f}")
    print(f"baseline_load_s = {baseline_s:.2f}")
    print(f"articles_loaded = {n_loaded}")


if __name__ == "__main__":
    main()
