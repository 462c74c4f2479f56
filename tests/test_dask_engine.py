"""The Dask engine on all of RUWA: two worker processes give exactly the single-process tables.

One LocalCluster (2 processes, 1 thread each) serves every test of this module; RUWA is
written once to a temporary Parquet folder (four files, so the workers get several
partitions).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from framing.batch import articles_frame
from framing.cli import main
from framing.datasets import load_dataset
from framing.engine import EngineError, score_corpus
from framing.lexicon import load_lexicon
from framing.matching import compile_lexicon, hits_table
from framing.scoring import article_scores, outlet_scores

from helpers import data_path

distributed = pytest.importorskip("distributed")

_PARTS = 4


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as dask_client:
        yield dask_client


@pytest.fixture(scope="module")
def ruwa(tmp_path_factory):
    """RUWA's articles and a folder of four Parquet files holding them."""
    articles = load_dataset("ruwa", data_path("ruwa")).articles
    folder = tmp_path_factory.mktemp("ruwa-parquet")
    frame = articles_frame(articles)
    for i in range(_PARTS):
        frame.iloc[i::_PARTS].to_parquet(folder / f"ruwa-{i}.parquet", index=False)
    return articles, folder


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Rows in key order, strings as plain objects (Parquet round trips may change the string
    dtype, never a value)."""
    frame = frame.sort_values(keys, kind="mergesort").reset_index(drop=True)
    return frame.astype({c: object for c in frame.columns
                         if pd.api.types.is_string_dtype(frame[c].dtype)})


def test_ruwa_on_two_workers_equals_one_process(client, ruwa, tmp_path):
    articles, folder = ruwa
    lexicon = load_lexicon("russia-ukraine")
    out = tmp_path / "out"
    run = score_corpus(folder, lexicon, out, client=client, progress=None)

    hits = hits_table(articles, compile_lexicon(lexicon))
    expected_outlets = outlet_scores(articles, hits, lexicon)
    assert (run.partitions, run.articles, run.hits) == (_PARTS, len(articles), len(hits))
    assert len(articles) == 16_351 and run.n_problems == 0

    written_hits = pd.read_parquet(out / "hits")
    assert list(written_hits.columns) == list(hits.columns)
    pd.testing.assert_frame_equal(_sorted(written_hits, ["article_id", "start"]),
                                  _sorted(hits, ["article_id", "start"]), check_exact=True)

    pd.testing.assert_frame_equal(_sorted(run.outlet_scores, ["outlet"]),
                                  _sorted(expected_outlets, ["outlet"]), check_exact=True)
    assert list(run.outlet_scores["outlet"]) == list(expected_outlets["outlet"])  # same order
    pd.testing.assert_frame_equal(_sorted(pd.read_parquet(out / "outlets.parquet"), ["outlet"]),
                                  _sorted(expected_outlets, ["outlet"]), check_exact=True)
    assert list(run.outlet_scores["outlet"][:3]) == ["TASS", "RT", "News Front"]

    # per-article scores: checked on the articles of four outlets (one process scoring all
    # 16,351 would double this test's time; the rows of one article depend on that article only)
    some = [a for a in articles if a.outlet in ("TASS", "News Front", "BBC News", "MSNBC")]
    some_hits = hits[hits["article_id"].isin({a.id for a in some})]
    expected_articles = article_scores(some, some_hits, lexicon)
    written = pd.read_parquet(out / "articles")
    assert len(written) == len(articles)
    written = written[written["article_id"].isin(set(expected_articles["article_id"]))]
    pd.testing.assert_frame_equal(_sorted(written, ["article_id"]),
                                  _sorted(expected_articles, ["article_id"]),
                                  check_exact=True)

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["articles"], manifest["hits"], manifest["partitions"]) == (
        len(articles), len(hits), _PARTS)
    assert manifest["lexicon_hash"] == lexicon.hash and manifest["engine"] == "dask"


def test_cli_jsonl_blocks_on_a_running_scheduler(client, tmp_path):
    """`framing score --engine dask` reads JSONL in blocks and equals `framing score FILE`."""
    rows = [{"outlet": "RT", "title": f"Kiev regime shells Donbass, day {i}",
             "text": "The special military operation goes on.", "date": "2022-03-01"}
            for i in range(30)]
    rows += [{"outlet": "BBC News", "title": f"Russia's invasion of Ukraine, day {i}",
              "text": "Kyiv says \"liberation\" is a lie.", "date": "2022-03-02"}
             for i in range(30)]
    rows.insert(7, "not an object")
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["score", "--engine", "dask", "--scheduler",
                                       client.scheduler.address, "--input", str(src),
                                       "--out", str(out), "--blocksize", "1000"])
    assert result.exit_code == 0, result.output
    assert "60 articles" in result.stderr and "1 problem" in result.stderr
    local = CliRunner().invoke(main, ["score", str(src), "--hits", "--out",
                                      str(tmp_path / "hits.csv")])
    assert local.exit_code == 0, local.output
    expected = pd.read_csv(tmp_path / "hits.csv", dtype={"note": str}, keep_default_na=False)
    written = pd.read_parquet(out / "hits")
    assert len(list((out / "hits").glob("part-*.parquet"))) > 1  # several blocks
    assert len(written) == len(expected) == 180  # 3 hits in each of the 60 articles
    cols = ["article_id", "concept", "variant", "frame", "start", "end", "voice"]
    pd.testing.assert_frame_equal(_sorted(written[cols], ["article_id", "start"]),
                                  _sorted(expected[cols], ["article_id", "start"]))
    outlets = pd.read_parquet(out / "outlets.parquet")
    assert list(outlets["outlet"]) == ["RT", "BBC News"]
    assert list(outlets["n_articles"]) == [30, 30]


def test_csv_blocks_and_mapped_parquet_equal_the_loaders(client, tmp_path):
    """CSV cut into blocks (header put before each) and a Parquet table that is not a batch
    table (read through --map) give the articles and hits of `load_articles` + `analyse`."""
    from framing import analyse, load_articles

    bodies = ["Kiev regime troops shelled Donetsk.", "Kyiv condemned the annexation of Crimea.",
              "Russian-backed separatists, \"so-called\" militias, advanced."]
    frame = pd.DataFrame({"body": [f"{bodies[i % 3]} Report {i}." for i in range(45)],
                          "source": ["RT", "BBC News", "Reuters"] * 15,
                          "published": ["2022-03-01"] * 45})
    csv_path = tmp_path / "in.csv"
    frame.to_csv(csv_path, index=False)
    frame.to_parquet(tmp_path / "in.parquet", index=False)
    lexicon = load_lexicon("russia-ukraine")
    mapping = {"text": "body", "outlet": "source", "date": "published"}
    expected = analyse(load_articles(csv_path, mapping=mapping).articles, lexicon)
    for name, blocksize in (("in.csv", 400), ("in.parquet", None)):
        out = tmp_path / f"out-{name}"
        run = score_corpus(tmp_path / name, lexicon, out, client=client, mapping=mapping,
                           blocksize=blocksize, progress=None)
        assert run.articles == 45 and run.n_problems == 0
        assert run.partitions > 1 if name == "in.csv" else run.partitions == 1
        cols = [c for c in expected.hits.columns if c != "article_id"] + ["article_id"]
        pd.testing.assert_frame_equal(
            _sorted(pd.read_parquet(out / "hits")[cols], ["article_id", "start"]),
            _sorted(expected.hits[cols], ["article_id", "start"]), check_exact=True)
        pd.testing.assert_frame_equal(_sorted(run.outlet_scores, ["outlet"]),
                                      _sorted(expected.outlet_scores, ["outlet"]),
                                      check_exact=True)


def test_out_folder_in_use_is_refused(client, tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "old.parquet").write_bytes(b"x")
    (tmp_path / "in.jsonl").write_text('{"text": "Kyiv"}\n', encoding="utf-8")
    with pytest.raises(EngineError, match="is not empty; give a new folder"):
        score_corpus(tmp_path / "in.jsonl", load_lexicon("russia-ukraine"), tmp_path / "out",
                     client=client, progress=None)
    with pytest.raises(EngineError, match="no input file found"):
        score_corpus(tmp_path / "nothing-*.parquet", load_lexicon("russia-ukraine"),
                     tmp_path / "new", client=client, progress=None)


def test_ruwa_contrast_on_two_workers_equals_one_process(client, ruwa):
    """RT against BBC News with every RUWA article as the prior's background, as
    `framing contrast` does over a store."""
    from framing.contrast import contrast
    from framing.engine import contrast_corpus

    articles, folder = ruwa
    rt = [a for a in articles if a.outlet == "RT"]
    bbc = [a for a in articles if a.outlet == "BBC News"]
    expected = contrast(rt, bbc, background=articles, ngrams=(1, 2), min_count=3)
    run = contrast_corpus(folder, "RT", "BBC News", client=client, ngrams=(1, 2), min_count=3,
                          progress=False)
    assert run.articles == (len(rt), len(bbc), len(articles) - len(rt) - len(bbc)) == (
        878, 420, 15_053)
    assert run.n_problems == 0 and run.problems == ()
    assert len(expected.terms) > 100
    pd.testing.assert_frame_equal(run.result.terms, expected.terms, check_exact=True)
    assert (run.result.ngrams_a, run.result.ngrams_b) == (expected.ngrams_a, expected.ngrams_b)


def test_cli_contrast_dask_equals_local_input(client, tmp_path):
    """`framing contrast --engine dask --input F` gives the table of `framing contrast --input F`
    (one process); boilerplate lines repeated across blocks are found by the summed pass 1."""
    ledger = ["The dam breach flooded farms.", "Engineers blamed the breach on neglect.",
              "A second breach threatened the town.", "Farmers counted losses after the breach."]
    courier = ["The dam failure flooded homes.", "The failure surprised engineers.",
               "Officials studied the failure for weeks.", "Residents rebuilt after the failure."]
    promo = "Get the Harbour Ledger app for breaking news alerts"  # boilerplate: 8 articles
    rows = [{"outlet": "Harbour Ledger", "text": f"{t}\n{promo}", "title": f"Dam, day {i}"}
            for i in range(2) for t in ledger]
    rows += [{"outlet": "Valley Courier", "text": t, "title": f"Dam, part {i}"}
             for i in range(2) for t in courier]
    rows += [{"outlet": "Other Gazette", "text": "The breach and the failure, both.",
              "title": "Dam"}]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    common = ["contrast", "--input", str(src), "--a", "Harbour Ledger", "--b", "Valley Courier",
              "--ngrams", "1-2", "--min-count", "2"]
    dask_run = CliRunner().invoke(main, [*common, "--engine", "dask", "--scheduler",
                                         client.scheduler.address, "--blocksize", "600",
                                         "--out", str(tmp_path / "dask.csv")])
    assert dask_run.exit_code == 0, dask_run.output
    assert "Harbour Ledger (8 articles) vs Valley Courier (8 articles), 1 more" in dask_run.stderr
    # clean input: no problem reported (an empty list of problems once came back as "(" ")")
    assert "0 problem(s)" in dask_run.stderr and "Warning" not in dask_run.stderr
    # the promo line and both outlets' titles ("dam, day #", digits blanked, in 8 articles each)
    assert "3 boilerplate line(s)" in dask_run.stderr
    local = CliRunner().invoke(main, [*common, "--out", str(tmp_path / "local.csv")])
    assert local.exit_code == 0, local.output
    cols = ["term", "n", "count_a", "count_b", "docs_a", "docs_b", "background", "alpha",
            "delta", "se", "z", "p", "q", "chi2", "p_chi2"]
    got = pd.read_csv(tmp_path / "dask.csv")[cols]
    expected = pd.read_csv(tmp_path / "local.csv")[cols]
    assert len(expected) > 5 and "breach" in set(expected["term"])
    assert not any("app" in t for t in expected["term"])  # the promo line was removed
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    printed = CliRunner().invoke(main, [*common, "--engine", "dask", "--scheduler",
                                        client.scheduler.address])
    assert printed.exit_code == 0, printed.output
    assert "Most typical of Harbour Ledger:" in printed.stdout and "breach" in printed.stdout


def test_cli_engine_options_are_checked(tmp_path):
    runner = CliRunner()
    cases = [
        (["score", "--scheduler", "tcp://x:8786", str(tmp_path)],
         "--scheduler works only with --engine dask"),
        (["score", "--engine", "dask", "--input", "x.parquet"], "--engine dask needs --out DIR"),
        (["score", "--engine", "dask", "--out", str(tmp_path / "o")],
         "--engine dask needs --input PATH_OR_GLOB"),
        (["score", "--engine", "dask", str(tmp_path), "--input", "x", "--out", "o"],
         "--engine dask reads --input PATH_OR_GLOB, not PATHs"),
        (["contrast", "--a", "A", "--b", "B", "--engine", "dask", "--input", "x",
          "--events-only"], "--events-only works only with the store"),
        (["contrast", "--a", "A", "--b", "B", "--blocksize", "1MiB"],
         "--blocksize works only with --engine dask"),
    ]
    for args, message in cases:
        result = runner.invoke(main, args)
        assert result.exit_code == 1 and message in result.stderr, (args, result.output)
