"""Scale-out: one process against the Dask engine with 1 and 2 workers, on 300,000+ articles.

Run: ``python benchmarks/scale.py`` (``--copies N`` replicas of AllSides, default 8 = 300,432
articles; ``--lexicon NAME``, default ``us-politics``; ``--keep DIR`` keeps the generated
Parquet and outputs instead of a temporary folder, and reuses a corpus kept there before). Data from ``$FRAMING_DATA`` (default
``<repo>/../shared/data``): the 37,554 AllSides articles (Baly et al. 2020), loaded with the
data set adapter, replicated ``--copies`` times (each copy's ids get a ``-k`` suffix so every
id is unique) and written as Parquet batch tables (:data:`framing.batch.ARTICLE_COLUMNS`),
``--rows-per-file`` articles per file, into a temporary folder (never committed).

Three runs over the same Parquet, each scoring every article and writing hits and
per-article scores to Parquet:

* ``single``: one process, the plain library path: ``pandas.read_parquet`` of every file,
  :func:`framing.batch.frame_articles`, :func:`framing.matching.hits_table`,
  :func:`framing.scoring.article_scores` and :func:`framing.scoring.outlet_scores` over the
  whole corpus, hits and article scores written to one Parquet file each.
* ``dask_1w``, ``dask_2w``: :func:`framing.engine.score_corpus` on a fresh
  ``LocalCluster(n_workers=k, processes=True, threads_per_worker=1)``; timed from submitting the
  tasks to the outlet table (cluster start-up reported apart).

Figures: throughput in articles per second of wall time; ``scaling_efficiency_2w`` =
``dask_2w / (2 · dask_1w)``; ``worker_peak_rss_mb`` = the largest peak resident set
(``VmHWM``, MiB) of any worker process of either Dask run; ``equal_results`` = true when
both Dask runs' hit tables (sorted, every column) and outlet tables equal the single process's
exactly. The projection for 100 million articles on 64 cores uses the per-core rate of the
2-worker run (``dask_2w / 2``) and assumes that rate holds per core: it leaves out the
scheduler's and the storage's limits at 64 workers, which were not measured here. The machine
is shared with other jobs: the 1-minute load average is printed before and after each run.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from framing.batch import articles_frame, frame_articles  # noqa: E402
from framing.datasets import load_dataset  # noqa: E402
from framing.engine import score_corpus  # noqa: E402
from framing.lexicon import load_lexicon  # noqa: E402
from framing.matching import compile_lexicon, hits_table  # noqa: E402
from framing.scoring import article_scores, outlet_scores  # noqa: E402


def data_dir() -> Path:
    return Path(os.environ.get("FRAMING_DATA")
                or Path(__file__).resolve().parents[2] / "shared" / "data")


def load() -> float:
    return os.getloadavg()[0]


def generate(folder: Path, copies: int, rows_per_file: int, limit: int | None) -> int:
    """AllSides replicated ``copies`` times as Parquet batch tables; returns the article count."""
    report = load_dataset("allsides_article_bias", data_dir() / "allsides_article_bias")
    base = articles_frame(report.articles[:limit])
    frames = [base.assign(article_id=base["article_id"] + f"-{k}") for k in range(copies)]
    corpus = pd.concat(frames, ignore_index=True)
    del frames
    folder.mkdir(parents=True, exist_ok=True)
    for i, start in enumerate(range(0, len(corpus), rows_per_file)):
        corpus.iloc[start:start + rows_per_file].to_parquet(folder / f"part-{i:04d}.parquet",
                                                            index=False)
    return len(corpus)


def single(folder: Path, lexicon, out: Path) -> tuple[float, float, pd.DataFrame, pd.DataFrame]:
    """One process over the whole corpus; (seconds, CPU seconds, hits, outlet table)."""
    start, cpu = time.perf_counter(), _cpu_seconds()
    frame = pd.concat([pd.read_parquet(f) for f in sorted(folder.glob("*.parquet"))],
                      ignore_index=True)
    articles = frame_articles(frame)
    del frame
    hits = hits_table(articles, compile_lexicon(lexicon))
    scores = article_scores(articles, hits, lexicon)
    outlets = outlet_scores(articles, hits, lexicon)
    out.mkdir(parents=True)
    hits.to_parquet(out / "hits.parquet", index=False)
    scores.to_parquet(out / "articles.parquet", index=False)
    return time.perf_counter() - start, _cpu_seconds() - cpu, hits, outlets


def _cpu_seconds() -> float:
    """User plus system CPU time of this process so far (not inherited across fork/exec)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_rss_mb() -> float:
    """This process's peak resident set in MiB: ``VmHWM`` of /proc/self/status on Linux (a
    worker's ``ru_maxrss`` would include its parent's size at the fork before its exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def dask_run(folder: Path, lexicon, out: Path, workers: int):
    """score_corpus on a fresh LocalCluster; (seconds, start-up seconds, result, peak RSS,
    CPU seconds of the workers during the run)."""
    from distributed import Client, LocalCluster

    t0 = time.perf_counter()
    with LocalCluster(n_workers=workers, processes=True, threads_per_worker=1,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        startup = time.perf_counter() - t0
        cpu0 = client.run(_cpu_seconds)
        result = score_corpus(folder, lexicon, out, client=client)
        cpu1 = client.run(_cpu_seconds)
        rss = client.run(_peak_rss_mb)
    cpu = sum(cpu1[w] - cpu0[w] for w in cpu1)
    return result.seconds, startup, result, max(rss.values()), cpu


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as plain objects (pandas' str/object choice is not part of the result)."""
    return frame.astype({c: object for c in frame.columns
                         if pd.api.types.is_string_dtype(frame[c].dtype)})


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return _plain(frame.sort_values(["article_id", "start"], kind="mergesort")
                  .reset_index(drop=True))


def _equal(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    try:
        pd.testing.assert_frame_equal(a, b, check_exact=True)
    except AssertionError as exc:
        print(f"  difference: {str(exc)[:300]}", file=sys.stderr)
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--rows-per-file", type=int, default=5_000)
    parser.add_argument("--lexicon", default="us-politics")
    parser.add_argument("--limit", type=int, help="use only the first N AllSides articles (a "
                                                  "quick check; the figures need all of them)")
    parser.add_argument("--keep", type=Path, help="keep the Parquet and outputs in this folder")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="framing-scale-"))
    try:
        run(root, args)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


def run(root: Path, args: argparse.Namespace) -> None:
    lexicon = load_lexicon(args.lexicon)
    corpus = root / "corpus"
    for old in ("out-single", "out-1w", "out-2w"):
        shutil.rmtree(root / old, ignore_errors=True)
    t = time.perf_counter()
    if args.keep is not None and any(corpus.glob("*.parquet")):  # a kept corpus: reuse it
        n = sum(pq.ParquetFile(f).metadata.num_rows for f in corpus.glob("*.parquet"))
        made = f"reused from {corpus}"
    else:
        n = generate(corpus, args.copies, args.rows_per_file, args.limit)
        made = f"{args.copies} x AllSides, written in {time.perf_counter() - t:.0f} s"
    size = sum(f.stat().st_size for f in corpus.glob("*.parquet")) / 2**20
    print(f"corpus: {n:,} articles ({made}), {len(list(corpus.glob('*.parquet')))} Parquet "
          f"files, {size:,.0f} MiB; lexicon {lexicon.name} v{lexicon.version}; "
          f"{os.cpu_count()} cores", flush=True)

    loads = {"start": load()}
    secs_single, cpu_single, hits, outlets = single(corpus, lexicon, root / "out-single")
    loads["after_single"] = load()
    print(f"single: {secs_single:.1f} s ({cpu_single:.1f} s CPU), {len(hits):,} hits, peak RSS "
          f"{_peak_rss_mb():,.0f} MiB (this process)", flush=True)
    expected_hits = _sorted(hits)
    del hits

    runs = {}
    for workers in (1, 2):
        secs, startup, result, rss, cpu = dask_run(corpus, lexicon, root / f"out-{workers}w",
                                                   workers)
        loads[f"after_dask_{workers}w"] = load()
        written = _sorted(pd.read_parquet(root / f"out-{workers}w" / "hits"))
        same = _equal(written, expected_hits) and _equal(_plain(result.outlet_scores),
                                                         _plain(outlets))
        del written
        runs[workers] = (secs, rss, same, cpu)
        print(f"dask {workers} worker(s): {secs:.1f} s ({cpu:.1f} s CPU in the workers; "
              f"+{startup:.1f} s cluster start-up), "
              f"{result.partitions} partitions, {result.hits:,} hits, worker peak RSS "
              f"{rss:,.0f} MiB, equal to single: {same}", flush=True)

    single_rate = n / secs_single
    rate_1w, rate_2w = n / runs[1][0], n / runs[2][0]
    per_core = rate_2w / 2
    hours = 100e6 / (per_core * 64) / 3600
    print(f"load average (1 min): {', '.join(f'{k} {v:.2f}' for k, v in loads.items())}")
    print(f"projection: 100,000,000 articles on 64 cores at {per_core:,.0f} articles/s per core "
          f"= {hours:.2f} h")
    print(f"articles = {n}")
    print(f"single_articles_per_s = {single_rate:.1f}")
    print(f"dask_1w_articles_per_s = {rate_1w:.1f}")
    print(f"dask_2w_articles_per_s = {rate_2w:.1f}")
    print(f"dask_1w_vs_single = {rate_1w / single_rate:.3f}")
    print(f"scaling_efficiency_2w = {rate_2w / (2 * rate_1w):.3f}")
    print(f"worker_peak_rss_mb = {max(runs[1][1], runs[2][1]):.0f}")
    print(f"per_core_articles_per_s = {per_core:.1f}")
    print(f"hours_100m_on_64_cores = {hours:.2f}")
    print(f"load_avg_1m_max = {max(loads.values()):.2f}")
    # The same rates per CPU second: what a core does when no other job shares it
    print(f"single_articles_per_cpu_s = {n / cpu_single:.1f}")
    print(f"dask_1w_articles_per_cpu_s = {n / runs[1][3]:.1f}")
    print(f"dask_2w_articles_per_cpu_s = {n / runs[2][3]:.1f}")
    print(f"hours_100m_on_64_cores_cpu = {100e6 / (n / runs[2][3] * 64) / 3600:.2f}")
    print(f"equal_results = {str(runs[1][2] and runs[2][2]).lower()}")


if __name__ == "__main__":
    main()
