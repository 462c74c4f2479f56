"""CLI commands for events: ``framing events`` (group, list, merge, split, name) and
``framing align ID_A ID_B``.

Grouping reads the stored articles and saves the groups in the store, where the user's merges,
splits and names persist (:meth:`framing.store.ArticleStore.save_event_groups`).
"""

from __future__ import annotations

import time
from pathlib import Path

import click
import pandas as pd

from .align import DEFAULT_THRESHOLD as ALIGN_THRESHOLD
from .align import align
from .cli import _check_lexicon, _check_out, _emit, _lexicon_option, _out_option, _store, main
from .errors import FramingError
from .events import DEFAULT_THRESHOLD, DEFAULT_WINDOW_DAYS, group
from .lexicon import load_lexicon
from .matching import compile_lexicon
from .models import Article

__all__ = ["events_", "align_"]


def _groups_table(store, limit: int) -> pd.DataFrame:
    """The stored groups with a title each (the earliest member's), at most ``limit`` rows."""
    groups = store.event_groups().head(limit)
    members = store.event_members()
    first = members.drop_duplicates("group_id").set_index("group_id")["title"]
    groups.insert(1, "title", groups["group_id"].map(first).fillna(""))
    return groups.drop(columns=["created"])


@main.group(name="events", invoke_without_command=True)
@click.option("--window", "window", type=click.FloatRange(min=0), default=DEFAULT_WINDOW_DAYS,
              show_default=True, metavar="DAYS",
              help="Articles dated further apart count as unrelated.")
@click.option("--no-window", is_flag=True, help="Ignore dates.")
@click.option("--threshold", type=click.FloatRange(min=0, max=1, min_open=True),
              default=DEFAULT_THRESHOLD, show_default=True, metavar="X",
              help="Cosine similarity (0-1] an event's articles share on average; higher "
                   "gives smaller, surer events.")
@click.option("--limit", type=click.IntRange(min=0), default=30, show_default=True,
              help="Rows printed.")
@click.pass_context
def events_(ctx: click.Context, window: float, no_window: bool, threshold: float,
            limit: int) -> None:
    """Group the stored articles into events and save the groups.

    Articles are grouped by text similarity within a date window (framing.events.group);
    event labels the data carries are not used. Groups you merged, split or named are kept
    as they are. The groups with two or more articles are printed, largest first.

    \b
    Examples:
      python -m framing events
      python -m framing events --window 3 --threshold 0.25
      python -m framing events list
      python -m framing events merge ev-1a2b3c4d5e ev-6f7a8b9c0d --name "Crimea vote"
      python -m framing events split ev-1a2b3c4d5e 3f9a0c1b2d4e5f60
      python -m framing events name ev-1a2b3c4d5e "Crimea vote"
    """
    if ctx.invoked_subcommand is not None:
        return
    store = _store(ctx, create=True)
    locked = set(store.event_members().query("origin == 'edit'")["article_id"])
    articles = [a for a in store.articles() if a.id not in locked]
    if not articles and not locked:
        raise FramingError(f"the store {store.path} is empty; load articles first, e.g. "
                           "python -m framing load --dataset basil")
    started = time.perf_counter()
    grouping = group(articles, window_days=None if no_window else window, threshold=threshold)
    multi = grouping.multi()
    stored = store.save_event_groups(dict(zip(multi["event"], multi["article_ids"])),
                                     grouping.settings)
    click.echo(f"Grouped {len(articles)} article(s) in {time.perf_counter() - started:.1f} s: "
               f"{stored} event(s) of two or more articles saved in {store.path}"
               + (f"; {len(locked)} article(s) in edited events kept as they were" if locked
                  else "") + ".", err=True)
    _emit(_groups_table(store, limit), None, {})


@events_.command(name="list")
@click.option("--limit", type=click.IntRange(min=0), default=200, show_default=True,
              help="Rows printed.")
@click.option("--members", "group_id", metavar="EVENT_ID",
              help="List the articles of this event instead.")
@_out_option
@click.pass_context
def list_events(ctx: click.Context, limit: int, group_id: str | None, out: Path | None) -> None:
    """List the saved events (or one event's articles).

    \b
    Examples:
      python -m framing events list
      python -m framing events list --members ev-1a2b3c4d5e
      python -m framing events list --out events.csv
    """
    store = _store(ctx)
    if group_id is not None:
        frame = store.event_members(group_id)
        if frame.empty:
            raise FramingError(f"no event {group_id!r} is saved; list them with: "
                               "framing events list")
        _emit(frame.head(limit), out, {"store": store.path})
        return
    _emit(_groups_table(store, limit), out, {"store": store.path})


@events_.command(name="merge")
@click.argument("group_ids", nargs=-1, required=True, metavar="EVENT_ID EVENT_ID...")
@click.option("--name", default=None, help="Name of the merged event.")
@click.pass_context
def merge_events(ctx: click.Context, group_ids: tuple[str, ...], name: str | None) -> None:
    """Merge two or more events into one (kept through later groupings).

    \b
    Example:
      python -m framing events merge ev-1a2b3c4d5e ev-6f7a8b9c0d --name "Crimea vote"
    """
    merged = _store(ctx).merge_events(list(group_ids), name=name)
    click.echo(merged)


@events_.command(name="split")
@click.argument("group_id", metavar="EVENT_ID")
@click.argument("article_ids", nargs=-1, required=True, metavar="ARTICLE_ID...")
@click.option("--name", default="", help="Name of the new event.")
@click.pass_context
def split_event(ctx: click.Context, group_id: str, article_ids: tuple[str, ...],
                name: str) -> None:
    """Move articles out of an event into a new one (both kept through later groupings).

    Prints the ids of the part left behind and of the new event.

    \b
    Example:
      python -m framing events split ev-1a2b3c4d5e 3f9a0c1b2d4e5f60 --name "Aftermath"
    """
    store = _store(ctx)
    members = store.event_members(group_id)["article_id"]
    # Unique prefixes of the event's article ids, as align accepts; an id that is no member's
    # prefix goes through unchanged so the store says it is not in the event.
    ids = [_unique_prefix(members, ref, "article of event " + group_id)
           if members.str.startswith(ref).any() else ref for ref in article_ids]
    rest, moved = store.split_event(group_id, ids, name=name)
    click.echo(f"{rest}\n{moved}")


@events_.command(name="name")
@click.argument("group_id", metavar="EVENT_ID")
@click.argument("name")
@click.pass_context
def name_event(ctx: click.Context, group_id: str, name: str) -> None:
    """Name an event (which also keeps it as it is through later groupings).

    \b
    Example:
      python -m framing events name ev-1a2b3c4d5e "Crimea vote"
    """
    _store(ctx).name_event(group_id, name)
    click.echo(f"{group_id}: {name}", err=True)


def _unique_prefix(ids: pd.Series, ref: str, what: str) -> str:
    """The one id of ``ids`` that is ``ref`` or starts with it.

    Raises
    ------
    FramingError
        No id, or more than one, starts with ``ref``; the message says where to find ids.
    """
    found = ids[ids.str.startswith(ref)] if ref else ids.iloc[0:0]
    if ref in set(found):
        return ref
    if len(found) != 1:
        count = f"no {what}" if found.empty else f"{len(found)} {what}s"
        raise FramingError(f"{count} with an id starting {ref!r}; find ids with: framing list "
                           "(or framing events list --members EVENT_ID)")
    return str(found.iloc[0])


def _article(store, ref: str) -> Article:
    """The stored article whose id is ``ref`` or starts with it (a unique prefix)."""
    return store.articles(ids=[_unique_prefix(store.index()["id"], ref, "stored article")])[0]


@main.command(name="align")
@click.argument("id_a", metavar="ID_A")
@click.argument("id_b", metavar="ID_B")
@click.option("--threshold", type=click.FloatRange(min=0, max=1, min_open=True),
              default=ALIGN_THRESHOLD, show_default=True, metavar="X",
              help="Cosine similarity (0-1] two sentences need to be paired.")
@click.option("--one-to-one", is_flag=True, help="Pair each sentence at most once.")
@_lexicon_option
@click.option("--only", type=click.Choice(["shared", "only A", "only B"]), default=None,
              help="Print only rows with this label.")
@_out_option
@click.pass_context
def align_(ctx: click.Context, id_a: str, id_b: str, threshold: float, one_to_one: bool,
           lexicon: str, only: str | None, out: Path | None) -> None:
    """Align the sentences of two stored articles: shared, only A, only B.

    For each shared pair it lists the words that differ and the lexicon hits in either
    sentence. IDs may be unique prefixes of article ids. The counts go to stderr.

    \b
    Examples:
      python -m framing align 3f9a0c1b 77d0e2aa
      python -m framing align 3f9a0c1b 77d0e2aa --lexicon us-politics --only shared
      python -m framing align 3f9a0c1b 77d0e2aa --out alignment.csv
    """
    _check_out(out)  # a mistyped --out fails before the alignment, not after it
    _check_lexicon(lexicon)
    matcher = compile_lexicon(load_lexicon(lexicon))
    store = _store(ctx)
    a, b = _article(store, id_a), _article(store, id_b)
    result = align(a, b, threshold=threshold, many=not one_to_one, matcher=matcher)
    counts = result.counts()
    click.echo(f"A: {a.outlet or '?'} — {a.title or a.id}\nB: {b.outlet or '?'} — "
               f"{b.title or b.id}\nshared: {counts['shared_a']} sentence(s) of A, "
               f"{counts['shared_b']} of B in {counts['pairs']} pair(s); only A: "
               f"{counts['only_a']}; only B: {counts['only_b']}", err=True)
    table = result.table
    if only is not None:
        table = table[table["status"] == only]
    table = table.assign(**{c: table[c].map(" ".join) for c in ("words_a", "words_b")},
                         **{c: table[c].map("; ".join) for c in ("hits_a", "hits_b")})
    _emit(table.reset_index(drop=True), out, {"store": store.path, "article_a": a.id,
                                              "article_b": b.id, "lexicon": lexicon,
                                              **{k: str(v) for k, v in result.settings.items()}})
