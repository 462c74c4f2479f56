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

    pd.testing.assert_frame_equal(run.outlet_scores, expected_outlets, check_exact=True)
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
