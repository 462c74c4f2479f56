"""The saved background (framing.bgcache): the same contrast table as counting every article.

A tiny store written for these tests: two outlets compared (Harbour Ledger, Valley Courier), a
third in the background only (Ridge Gazette) that names one of them, boilerplate lines, event
labels and a name with a break inside ("harbourledger.com"). Real-data equality (AllSides,
RUWA, BASIL) is at the end.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from click.testing import CliRunner

from framing.bgcache import StoreBackground, cache_folder
from framing.cli import main
from framing.contrast import contrast
from framing.counts import ContrastError, count_terms, mask_sequences
from framing.models import Article
from framing.store import ArticleStore

from helpers import data_path

ALIASES = {"harbour ledger": "Harbour Ledger", "harbourledger.com": "Harbour Ledger",
           "valley courier": "Valley Courier"}
STAFF = "Harbour Ledger staff wrote this story."  # boilerplate: in 3 Ledger articles

LEDGER = [
    ("e1", "The dam breach flooded farms, Harbour Ledger reports.\n" + STAFF),
    ("e2", "Engineers blamed the dam breach on neglect.\n" + STAFF),
    ("e3", "A second breach threatened the town; see harbourledger.com for maps.\n" + STAFF),
    ("e4", "Farmers counted losses after the breach flooded farms."),
]
COURIER = [
    ("e1", "Valley Courier: the dam failure flooded homes."),
    ("e2", "The failure surprised engineers, the ledger of repairs shows."),
    ("e3", "Officials studied the dam failure for weeks."),
    ("e5", "Residents rebuilt after the failure flooded homes."),
]
GAZETTE = [
    ("e1", "The Harbour Ledger said the dam breach flooded farms."),
    ("e9", "Ridge Gazette readers asked why the dam failure flooded homes."),
    ("e9", "Reservoir levels fell after the failure."),
]


def _articles() -> list[Article]:
    out = []
    for outlet, rows in (("Harbour Ledger", LEDGER), ("Valley Courier", COURIER),
                         ("Ridge Gazette", GAZETTE)):
        for event, text in rows:
            out.append(Article.make(text=text, outlet=outlet, labels=(("event", event),)))
    return out


@pytest.fixture()
def store(tmp_path):
    st = ArticleStore(tmp_path / "s.db")
    st.add(_articles())
    yield st
    st.close()


def _pair(st: ArticleStore):
    return (st.articles(outlets=["Harbour Ledger"]), st.articles(outlets=["Valley Courier"]))


def _same(st: ArticleStore, bg: StoreBackground, **settings) -> pd.DataFrame:
    """The table with the saved background, checked equal to the one counted from scratch."""
    a, b = _pair(st)
    fresh = contrast(a, b, background=st.articles(), aliases=ALIASES, **settings)
    saved = contrast(a, b, background=bg, aliases=ALIASES, **settings)
    pd.testing.assert_frame_equal(fresh.terms, saved.terms, check_exact=True)
    assert saved.settings == fresh.settings
    assert (saved.ngrams_a, saved.ngrams_b) == (fresh.ngrams_a, fresh.ngrams_b)
    return saved.terms


def _no_fallback(monkeypatch):
    """Make reading the store's articles for a from-scratch count fail: the cache must serve."""
    def refuse(self):
        raise AssertionError("the saved background was not used")
    monkeypatch.setattr(StoreBackground, "articles", refuse)


SETTINGS = [
    dict(min_count=1, min_docs=1),
    dict(min_count=2, min_docs=1, ngrams=(1, 2)),
    dict(min_count=1, min_docs=1, mask=["dam breach", "engineers"], variance="full"),
    dict(min_count=1, min_docs=1, events_only=True),
    dict(min_count=1, min_docs=1, prior="uninformative"),
    dict(min_count=1, min_docs=1, unit="articles", stop_words=()),
    dict(min_count=0, min_docs=0, alpha0=10.0, ngrams=(2, 3)),
    # a mask in every background article: counted from every article's saved tokens
    dict(min_count=1, min_docs=1, mask=["the", "failure"], unit="articles"),
]


@pytest.mark.parametrize("settings", SETTINGS, ids=lambda s: ",".join(map(str, s)))
def test_saved_background_gives_the_same_table(store, monkeypatch, settings):
    bg = StoreBackground.for_store(store)
    _no_fallback(monkeypatch)
    assert not _same(store, bg, **settings).empty


def test_background_counts_by_hand(store, monkeypatch):
    bg = StoreBackground.for_store(store)
    _no_fallback(monkeypatch)
    terms = _same(store, bg, min_count=1, min_docs=1, stop_words=()).set_index("term")
    # "flooded": Ledger 2, Courier 2, Gazette 2 -> 6 in the store
    assert terms.loc["flooded", ["count_a", "count_b", "background"]].tolist() == [2, 2, 6]
    # "ledger" alone: only in "the ledger of repairs" (Courier); every "Harbour Ledger" is
    # masked and the boilerplate line is dropped
    assert terms.loc["ledger", ["count_a", "count_b", "background"]].tolist() == [0, 1, 1]
    # "harbour" never survives the mask, "com" of harbourledger.com neither
    assert "harbour" not in terms.index and "com" not in terms.index
    # "reservoir" is only in the background: not a row
    assert "reservoir" not in terms.index
    # "dam breach": Ledger 2 ("dam breach" twice), Gazette 1 -> 3
    assert terms.loc["dam breach", ["count_a", "count_b", "background"]].tolist() == [2, 0, 3]


def test_second_call_reads_the_saved_files(store, monkeypatch):
    StoreBackground.for_store(store)
    folders = list(cache_folder(store.path).glob("contrast-background-*"))
    assert len(folders) == 1
    assert sorted(p.name for p in folders[0].iterdir()) == [
        "articles.arrow", "counts.arrow", "manifest.json", "tokens.arrow", "vocab.arrow"]

    def refuse(*args, **kwargs):
        raise AssertionError("the store's articles were read again")
    monkeypatch.setattr(ArticleStore, "articles", refuse)
    bg = StoreBackground.for_store(store)
    assert (bg.revision, len(bg.ids)) == (store.revision(), 11)


def test_a_new_article_makes_a_new_background(store):
    first = StoreBackground.for_store(store)
    StoreBackground.for_store(store, boilerplate_min=2)  # other settings: kept beside it
    old = set(cache_folder(store.path).glob("contrast-background-*"))
    assert len(old) == 2
    store.add([Article.make(text="The flooded valley dried out.", outlet="Ridge Gazette")])
    second = StoreBackground.for_store(store)
    assert second.revision == first.revision + 1 and len(second.ids) == 12
    now = set(cache_folder(store.path).glob("contrast-background-*"))
    assert len(now) == 1 and not now & old  # both stale caches are gone
    terms = _same(store, second, min_count=1, min_docs=1).set_index("term")
    assert terms.loc["flooded", "background"] == 7


@pytest.mark.parametrize("damage", ["flip", "truncate", "manifest", "missing"])
def test_a_damaged_cache_is_rebuilt_not_trusted(store, damage):
    StoreBackground.for_store(store)
    folder = next(cache_folder(store.path).glob("contrast-background-*"))
    counts = folder / "counts.arrow"
    original = counts.read_bytes()
    data = bytearray(original)
    if damage == "flip":  # same size, one count changed: only the digest can tell
        data[len(data) // 2] ^= 0x01
        counts.write_bytes(bytes(data))
    elif damage == "truncate":
        counts.write_bytes(bytes(data[: len(data) // 3]))
    elif damage == "manifest":
        (folder / "manifest.json").write_text("{not json")
    else:
        (folder / "tokens.arrow").unlink()
    bg = StoreBackground.for_store(store)
    _same(store, bg, min_count=1, min_docs=1)
    # rebuilt in the same place, byte for byte what was saved before the damage
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["files"]["counts"]["bytes"] == len(original)
    assert counts.read_bytes() == original


@pytest.mark.parametrize("case", ["longer-ngrams", "boilerplate", "unsaved-article", "overlap"])
def test_settings_the_cache_cannot_serve_are_counted_as_before(store, case):
    bg = StoreBackground.for_store(store)  # max_n 3, boilerplate_min 3
    a, b = _pair(store)
    settings = dict(min_count=1, min_docs=1, aliases=ALIASES)
    if case == "longer-ngrams":
        settings["ngrams"] = (1, 4)
    elif case == "boilerplate":
        settings["boilerplate_min"] = 2
    elif case == "unsaved-article":
        a = a + [Article.make(text="An unsaved breach report.", outlet="Harbour Ledger")]
    else:
        b = b + a[:1]
    fresh = contrast(a, b, background=store.articles(), **settings)
    saved = contrast(a, b, background=bg, **settings)
    pd.testing.assert_frame_equal(fresh.terms, saved.terms, check_exact=True)


def test_in_memory_store_and_unwritable_folder(tmp_path):
    mem = ArticleStore(":memory:")
    mem.add(_articles())
    bg = StoreBackground.for_store(mem)
    _same(mem, bg, min_count=1, min_docs=1)
    a, b = _pair(mem)  # a fallback reads the in-memory store itself
    fresh = contrast(a, b, background=mem.articles(), ngrams=(1, 4), min_count=1)
    pd.testing.assert_frame_equal(
        fresh.terms, contrast(a, b, background=bg, ngrams=(1, 4), min_count=1).terms,
        check_exact=True)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    store = ArticleStore(tmp_path / "t.db")
    store.add(_articles())
    bg = StoreBackground.for_store(store, folder=blocker / "cache")  # cannot be created
    _same(store, bg, min_count=1, min_docs=1)
    assert not cache_folder(store.path).exists()


def test_an_empty_store_has_an_empty_background(tmp_path):
    with ArticleStore(tmp_path / "e.db") as empty:
        bg = StoreBackground.for_store(empty)
        assert (len(bg.ids), bg.codes.size, bg.keys[1].size) == (0, 0, 0)
        assert StoreBackground.for_store(empty).revision == 0  # read back from its files


def test_a_masked_name_does_not_reach_into_the_next_article():
    """"cnn.com" is the tokens cnn | com: the break that closes one article must not join its
    last "CNN" to the next article's first "com" (the counts would then depend on which
    articles sit side by side)."""
    a = [Article.make(text="The figures came from CNN", outlet="CNN")]
    b = [Article.make(text="com kits sold out", outlet="Other")]
    mask = mask_sequences({"CNN"}, aliases={"cnn.com": "CNN"})
    assert ["cnn", "|", "com"] in mask
    table = count_terms(a, b, mask=mask).table.to_pandas().set_index("term")
    assert table.loc["com", ["count_a", "count_b"]].tolist() == [0, 1]
    assert "cnn" not in table.index


def _cli_store(tmp_path, runner: CliRunner):
    """The test articles loaded into a store file through the CLI; returns its path."""
    db = tmp_path / "c.db"
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"outlet": x.outlet, "title": "", "text": x.text}) + "\n"
                           for x in _articles()), encoding="utf-8")
    assert runner.invoke(main, ["--db", str(db), "load", str(src)]).exit_code == 0
    return db


def test_cli_saves_the_background_beside_the_store(tmp_path):
    runner = CliRunner()
    db = _cli_store(tmp_path, runner)
    args = ["--db", str(db), "contrast", "--a", "Harbour Ledger", "--b", "Valley Courier",
            "--min-count", "2", "--out", str(tmp_path / "first.csv")]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert len(list(cache_folder(db).glob("contrast-background-*"))) == 1
    assert (f"Counting all {len(_articles())} stored articles for the prior's background (once "
            f"per state of the store; saved in {cache_folder(db)} for the next runs)"
            in first.stderr)
    args[-1] = str(tmp_path / "second.csv")
    second = runner.invoke(main, args)
    assert second.exit_code == 0 and "Counting all" not in second.stderr  # read, not counted
    one = pd.read_csv(tmp_path / "first.csv", comment="#")
    two = pd.read_csv(tmp_path / "second.csv", comment="#")
    pd.testing.assert_frame_equal(one, two, check_exact=True)
    assert set(one["term"]) >= {"breach", "failure"}
    # 4-grams are not saved: every stored article is counted, as before the cache
    longer = runner.invoke(main, args[:-2] + ["--ngrams", "1-4", "--min-count", "1"])
    assert longer.exit_code == 0, longer.output
    assert (f"Counting all {len(_articles())} stored articles for n-grams of up to 4 words"
            in longer.stderr)
    assert "Most typical of Valley Courier:" in longer.stdout


# --- real data ---------------------------------------------------------------------------------

def _real(tmp_path, folder: str) -> ArticleStore:
    from framing.loaders import load_articles  # noqa: PLC0415

    report = load_articles([data_path(folder)])
    store = ArticleStore(tmp_path / f"{folder}.db")
    store.add(report.articles)
    return store


@pytest.mark.parametrize("folder,pair,settings", [
    ("ruwa", ("RT", "BBC News"), {}),
    ("basil", ("Fox News", "HuffPost"), {"events_only": True}),
])
def test_real_data_tables_are_equal(tmp_path, folder, pair, settings):
    store = _real(tmp_path, folder)
    bg = StoreBackground.for_store(store)
    a, b = (store.articles(outlets=[o]) for o in pair)
    fresh = contrast(a, b, background=store.articles(), **settings)
    saved = contrast(a, b, background=bg, **settings)
    pd.testing.assert_frame_equal(fresh.terms, saved.terms, check_exact=True)
    assert len(saved.terms) > 100
    assert not re.search(r"\brt\b|\bbbc\b|huffpost", " ".join(saved.terms["term"]))


def test_cli_counts_every_article_when_the_background_cannot_be_saved(tmp_path, monkeypatch):
    """A store with too many distinct words for the saved counts' 64-bit keys: the command
    says so and gives the table it gives with the saved background."""
    runner = CliRunner()
    db = _cli_store(tmp_path, runner)
    args = ["--db", str(db), "contrast", "--a", "Harbour Ledger", "--b", "Valley Courier",
            "--min-count", "2", "--out"]
    assert runner.invoke(main, args + [str(tmp_path / "saved.csv")]).exit_code == 0

    def too_many_words(*args, **kwargs):
        raise ContrastError("the store has 9 distinct words: 3-gram keys would not fit 64 bits")

    monkeypatch.setattr(StoreBackground, "for_store", too_many_words)
    counted = runner.invoke(main, args + [str(tmp_path / "counted.csv")])
    assert counted.exit_code == 0, counted.output
    assert "would not fit 64 bits: counting every stored article instead" in counted.stderr
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "saved.csv", comment="#"),
                                  pd.read_csv(tmp_path / "counted.csv", comment="#"),
                                  check_exact=True)
