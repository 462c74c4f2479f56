"""A load killed with SIGKILL midway leaves the store consistent, and the next load completes it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from framing import ArticleStore
from helpers import REPO

N_BATCHES = 12
BATCH_SIZE = 2000

# Invented articles (deterministic, so the re-run loads the very same ones), one batch per add().
_LOADER = f"""
import sys
from framing import Article, ArticleStore

store = ArticleStore(sys.argv[1])
words = "harbour council ferry budget bridge school library market station port".split()
for b in range({N_BATCHES}):
    batch = [
        Article.make(text=" ".join(words[(b + i + k) % 10] for k in range(120)) + f" {{b}}-{{i}}.",
                     title=f"Invented report {{b}}-{{i}}", outlet=f"Outlet {{i % 7}}",
                     labels=(("event", f"e{{b}}"),))
        for i in range({BATCH_SIZE})
    ]
    store.add(batch, description=f"batch {{b}}")
    print(f"committed {{b}}", flush=True)
print("done", flush=True)
"""


def _consistent(path) -> tuple[int, list[int]]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    finally:
        conn.close()
    with ArticleStore(path) as store:
        batches = store.batches()
        assert store.count() == int(batches["added"].sum())
        assert batches["added"].tolist() == [BATCH_SIZE] * len(batches)  # each batch whole
        assert store.labels("event")["value"].nunique() == len(batches)
        return store.count(), batches["added"].tolist()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_sigkill_midway_leaves_whole_batches_and_rerun_completes(tmp_path):
    path = tmp_path / "killed.db"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-c", _LOADER, str(path)], stdout=subprocess.PIPE,
                            text=True, env=env)
    committed = 0
    try:
        while committed < 3:  # let three batches commit, then kill while the fourth is written
            line = proc.stdout.readline()
            assert line.startswith("committed"), f"loader ended early: {line!r}"
            committed += 1
        time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    count, added = _consistent(path)
    assert 3 <= len(added) < N_BATCHES  # killed midway: some batches, not all
    assert count == len(added) * BATCH_SIZE

    rerun = subprocess.run([sys.executable, "-c", _LOADER, str(path)], capture_output=True,
                           text=True, env=env, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    count, added = _consistent_after_rerun(path)
    assert count == N_BATCHES * BATCH_SIZE


def _consistent_after_rerun(path) -> tuple[int, list[int]]:
    """After the re-run the earlier batches add nothing: counts still sum to the total."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    with ArticleStore(path) as store:
        added = store.batches()["added"].tolist()
        assert store.count() == sum(added)
        assert set(added) <= {0, BATCH_SIZE}
        return store.count(), added
