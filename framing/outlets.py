"""Outlet names: one id per publisher, whatever spelling a file uses.

The alias table lives in ``corpora/outlets.yaml`` (written by us). It maps an outlet id
("RT") to its aliases ("rt.com", "Russia Today"). :func:`normalise_outlet` reduces URLs to their
host, drops a leading ``www.`` and looks the result up case-insensitively, then looks a host up
again without its leftmost labels ("edition.cnn.com" -> "cnn.com"); a value the table does not
know is returned cleaned but otherwise unchanged (never guessed).

Users extend the table with a file of the same shape named by the environment variable
``FRAMING_ALIASES`` (the CLI's ``--aliases FILE`` sets it): its entries are merged over ours, and
an alias it lists moves to the outlet it names.
"""

from __future__ import annotations

import functools
import os
import re
import types
import urllib.parse
from collections.abc import Mapping
from pathlib import Path

import yaml

from framing.errors import LoadError
from framing.resources import CORPORA_DIR

__all__ = ["ALIASES_PATH", "ALIASES_ENV", "default_aliases", "load_aliases", "merge_aliases",
           "normalise_outlet"]

#: The alias table shipped with the project.
ALIASES_PATH: Path = CORPORA_DIR / "outlets.yaml"
#: Environment variable naming a user alias file merged over :data:`ALIASES_PATH`.
ALIASES_ENV = "FRAMING_ALIASES"


def load_aliases(path: str | Path | None = None) -> dict[str, str]:
    """Read an outlet alias table.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A YAML file shaped ``{"outlets": {<id>: [<alias>, ...]}}``. Defaults to the table in
        force (:func:`default_aliases`: ``corpora/outlets.yaml`` with ``$FRAMING_ALIASES``
        merged over it).

    Returns
    -------
    dict of str to str
        Lower-cased alias -> outlet id, one entry per alias plus one per id (an id is an alias
        of itself). A fresh dict on every call; the parsed file itself is cached.

    Raises
    ------
    LoadError
        The file cannot be read, is not valid YAML, or does not have the shape above (an id that
        is not a string, aliases that are not a list of strings, one alias claimed by two
        outlets). The message names the file and the offending entry.
    """
    if path is None:
        return dict(default_aliases())
    return dict(_cached_aliases(str(Path(path).expanduser().resolve())))


def merge_aliases(base: Mapping[str, str], extra: Mapping[str, str]) -> dict[str, str]:
    """``base`` with ``extra`` laid over it: an alias in ``extra`` maps to ``extra``'s outlet.

    Parameters
    ----------
    base, extra : Mapping of str to str
        Lower-cased alias -> outlet id, as returned by :func:`load_aliases`.

    Returns
    -------
    dict of str to str
    """
    merged = dict(base)
    merged.update(extra)
    return merged


def default_aliases() -> Mapping[str, str]:
    """The alias table in force: ours, with ``$FRAMING_ALIASES`` merged over it when set.

    Returns
    -------
    Mapping of str to str
        Read-only lower-cased alias -> outlet id; cached per user file path and modification
        time, so an edited user file is read again.

    Raises
    ------
    LoadError
        Either file is malformed or the user file cannot be read (the message names it).
    """
    user = os.environ.get(ALIASES_ENV, "").strip()
    if not user:
        return _cached_aliases(str(ALIASES_PATH))
    resolved = Path(user).expanduser().resolve()
    try:
        mtime = resolved.stat().st_mtime
    except OSError as exc:
        raise LoadError(str(resolved), f"cannot read the user outlet alias file named by "
                                       f"{ALIASES_ENV} ({exc.strerror}); fix the path or unset "
                                       "the variable") from exc
    return _merged_aliases(str(resolved), mtime)


@functools.lru_cache(maxsize=8)
def _merged_aliases(user: str, mtime: float) -> Mapping[str, str]:
    del mtime  # part of the cache key only
    merged = merge_aliases(_cached_aliases(str(ALIASES_PATH)), _cached_aliases(user))
    return types.MappingProxyType(merged)


@functools.lru_cache(maxsize=8)
def _cached_aliases(path: str) -> Mapping[str, str]:
    """Parse and validate ``path`` once; return a read-only alias -> id mapping."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise LoadError(path, f"cannot read the outlet alias table ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "cannot be parsed"
        raise LoadError(path, f"the outlet alias table is not valid YAML{where} ({problem}); "
                              "fix the indentation or quoting there, the shape is "
                              "'outlets: {RT: [rt.com, Russia Today]}'") from exc
    outlets = raw.get("outlets") if isinstance(raw, dict) else None
    if not isinstance(outlets, dict):
        raise LoadError(
            path,
            "expected a mapping with an 'outlets' key, e.g. "
            "'outlets: {Press TV: [Iran Press TV, presstv.ir]}'; "
            f"got {type(raw).__name__}",
        )
    table: dict[str, str] = {}
    for outlet_id, aliases in outlets.items():
        if not isinstance(outlet_id, str) or not outlet_id.strip():
            raise LoadError(path, f"outlet id {outlet_id!r} must be a non-empty string")
        if aliases is None:
            aliases = []
        if isinstance(aliases, str):  # a common slip: one alias written without brackets
            raise LoadError(
                path,
                f"the aliases of outlet {outlet_id!r} must be a list, got the string "
                f"{aliases!r}; write it as {outlet_id}: [{aliases}]",
            )
        if not isinstance(aliases, list) or not all(
            isinstance(a, str) and a.strip() for a in aliases
        ):
            raise LoadError(
                path,
                f"aliases of outlet {outlet_id!r} must be a list of non-empty strings, "
                f"got {aliases!r}",
            )
        for name in (outlet_id, *aliases):
            key = _clean(name).lower()
            owner = table.get(key)
            if owner is not None and owner != outlet_id:
                raise LoadError(
                    path,
                    f"alias {name!r} is claimed by both {owner!r} and {outlet_id!r}; "
                    "keep it under one outlet",
                )
            table[key] = outlet_id
    return types.MappingProxyType(table)


def _clean(value: str) -> str:
    """Trim, reduce a URL to its host, drop ``www.`` and collapse inner whitespace."""
    text = " ".join(value.split())
    lowered = text.lower()
    if lowered.startswith(("http://", "https://", "//")):
        host = urllib.parse.urlsplit(text if not text.startswith("//") else "http:" + text)
        text = host.hostname or text
    if text.lower().startswith("www."):
        text = text[4:]
    return text


def normalise_outlet(value: str, aliases: Mapping[str, str] | None = None) -> str:
    """Map an outlet name, domain or URL to the outlet's id.

    Parameters
    ----------
    value : str
        What a file calls the outlet: "Iran Press TV", "https://www.presstv.ir/Detail/1",
        "www.msnbc.com".
    aliases : Mapping of str to str, optional
        Lower-cased alias -> id (as returned by :func:`load_aliases`). Defaults to
        :func:`default_aliases`.

    Returns
    -------
    str
        The id when the cleaned value, or a host name without its leftmost labels, is a known
        alias ("Press TV"; "edition.cnn.com" -> "CNN"); otherwise the cleaned value itself: whitespace trimmed, a URL reduced to its host, a leading ``www.`` removed
        ("msnbc.com"). ``""`` for a blank value.

    Raises
    ------
    LoadError
        Only when the default alias table is needed and is malformed (see :func:`load_aliases`).
    """
    cleaned = _clean(value)
    if not cleaned:
        return ""
    table = aliases if aliases is not None else default_aliases()
    key = cleaned.lower()
    found = table.get(key)
    if found is not None:
        return found
    if _HOST.match(key):
        labels = key.split(".")
        for start in range(1, len(labels) - 1):
            found = table.get(".".join(labels[start:]))
            if found is not None:
                return found
    return cleaned


_HOST = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+$")
