"""CLI: framing events (group, list, merge, split, name) and framing align."""

from __future__ import annotations

from click.testing import CliRunner
from test_align import A, B
from test_events import RECIPE, VOLCANO, WILDFIRE

from framing import ArticleStore
from framing.cli import main
from framing.store import event_id


def run(db, *args):
    return CliRunner().invoke(main, ["--db", str(db), *map(str, args)])


def test_events_group_edit_and_list(tmp_path):
    db = tmp_path / "s.db"
    with ArticleStore(db) as store:
        store.add([*WILDFIRE, RECIPE, *VOLCANO, A, B])
    grouped = run(db, "events", "--window", 7, "--threshold", 0.18)
    assert grouped.exit_code == 0, grouped.output
    assert "Grouped 8 article(s)" in grouped.stderr
    assert "3 event(s) of two or more articles saved" in grouped.stderr
    wildfire = event_id([a.id for a in WILDFIRE])
    volcano = event_id([a.id for a in VOLCANO])
    assert wildfire in grouped.stdout and volcano in grouped.stdout

    merged = run(db, "events", "merge", wildfire, volcano, "--name", "Disasters")
    assert merged.exit_code == 0 and merged.stdout.strip() == event_id(
        [a.id for a in [*WILDFIRE, *VOLCANO]])
    split = run(db, "events", "split", merged.stdout.strip(), VOLCANO[0].id)
    rest, moved = split.stdout.split()
    assert (rest, moved) == (event_id([a.id for a in [*WILDFIRE, VOLCANO[1]]]),
                             event_id([VOLCANO[0].id]))
    assert run(db, "events", "name", moved, "Eruption").exit_code == 0
    again = run(db, "events")  # regrouping keeps the edits
    assert "Grouped 3 article(s)" in again.stderr  # the 5 in edited events are left out
    assert "1 event(s) of two or more articles saved" in again.stderr
    assert "5 article(s) in edited events kept" in again.stderr
    listed = run(db, "events", "list", "--out", tmp_path / "events.csv")
    assert listed.exit_code == 0
    rows = (tmp_path / "events.csv").read_text(encoding="utf-8")
    assert "Disasters" in rows and "Eruption" in rows
    members = run(db, "events", "list", "--members", moved)
    assert VOLCANO[0].id in members.stdout

    bad = run(db, "events", "name", "ev-nope", "x")
    assert bad.exit_code == 1 and "framing events list" in bad.stderr


def test_align_prints_pairs_and_counts(tmp_path):
    db = tmp_path / "s.db"
    with ArticleStore(db) as store:
        store.add([A, B])
    result = run(db, "align", A.id[:6], B.id, "--lexicon", "tests/fixtures/mini-lexicon.yaml",
                 "--only", "shared")
    assert result.exit_code == 0, result.output
    assert "shared: 2 sentence(s) of A, 2 of B in 2 pair(s); only A: 1; only B: 1" in (
        result.stderr)
    assert "reunification [kremlin]" in result.stdout
    assert "annexation [ukraine]" in result.stdout
    assert "Firefighters" not in result.stdout
    missing = run(db, "align", "zzzz", B.id)
    assert missing.exit_code == 1 and "no stored article with an id starting 'zzzz'" in (
        missing.stderr)


def test_split_accepts_prefixes_and_list_members_honours_limit(tmp_path):
    db = tmp_path / "s.db"
    with ArticleStore(db) as store:
        store.add([*WILDFIRE, RECIPE, *VOLCANO, A, B])
    assert run(db, "events", "--window", 7, "--threshold", 0.18).exit_code == 0
    wildfire = event_id([a.id for a in WILDFIRE])
    members = run(db, "events", "list", "--members", wildfire, "--out", tmp_path / "m.csv")
    assert members.exit_code == 0, members.output
    n_members = len(WILDFIRE)
    limited = run(db, "events", "list", "--members", wildfire, "--limit", 1,
                  "--out", tmp_path / "one.csv")
    assert limited.exit_code == 0, limited.output
    rows = lambda p: [r for r in p.read_text("utf-8").splitlines()  # noqa: E731
                      if r and not r.startswith("#")]
    assert len(rows(tmp_path / "m.csv")) == 1 + n_members
    assert len(rows(tmp_path / "one.csv")) == 1 + 1
    split = run(db, "events", "split", wildfire, WILDFIRE[0].id[:6])
    assert split.exit_code == 0, split.output
    rest, moved = split.stdout.split()
    assert moved == event_id([WILDFIRE[0].id])
    assert rest == event_id([a.id for a in WILDFIRE[1:]])


def test_align_checks_out_before_aligning(tmp_path):
    db = tmp_path / "s.db"
    with ArticleStore(db) as store:
        store.add([A, B])
    result = run(db, "align", "zzzz", B.id, "--out", tmp_path / "nodir" / "x.csv")
    # --out is refused first: the unknown id 'zzzz' is never looked up
    assert result.exit_code == 1 and "the folder" in result.stderr and "does not exist" in (
        result.stderr)
    assert "zzzz" not in result.stderr
