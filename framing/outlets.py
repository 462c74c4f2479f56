"""Outlet names: one id per publisher, whatever spelling a file uses.

The alias table lives in ``corpora/outlets.yaml`` (written by us). It maps an outlet id
("Press TV") to its aliases ("Iran Press TV", "presstv.ir"). :func:`normalise_outlet` reduces URLs
to their host, drops a leading ``www.`` and looks the result up case-insensitively; a value the
table does not know is returned cleaned but otherwise unchanged (never guessed).
"""

from __future__ import annotations

import functools
import types
import urllib.parse
from collections.abc import Mapping
from pathlib import Path

import yaml

from framing.errors import LoadError

__all__ = ["ALIASES_PATH", "load_aliases", "normalise_outlet"]

#: The alias table shipped with the project.
ALIASES_PATH: Path = Path(__file__).resolve().parent.parent / "corpora" / "outlets.yaml"


def load_aliases(path: str | Path | None = None) -> dict[str, str]:
    """Read an outlet alias table.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A YAML file shaped ``{"outlets": {<id>: [<alias>, ...]}}``. Defaults to
        :data:`ALIASES_PATH` (``corpora/outlets.yaml``).

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
    resolved = Path(path).expanduser().resolve() if path is not None else ALIASES_PATH
    return dict(_cached_aliases(str(resolved)))


@functools.lru_cache(maxsize=8)
def _cached_aliases(path: str) -> Mapping[str, str]:
    """Parse and validate ``path`` once; return a read-only alias -> id mapping."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise LoadError(path, f"cannot read the outlet alias table ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise LoadError(path, f"the outlet alias table is not valid YAML: {exc}") from exc
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
        Lower-cased alias -> id (as returned by :func:`load_aliases`). Defaults to the project's
        table, read once and cached.

    Returns
    -------
    str
        The id when the cleaned value is a known alias ("Press TV"); otherwise the cleaned value
        itself: whitespace trimmed, a URL reduced to its host, a leading ``www.`` removed
        ("msnbc.com"). ``""`` for a blank value.

    Raises
    ------
    LoadError
        Only when the default alias table is needed and is malformed (see :func:`load_aliases`).
    """
    cleaned = _clean(value)
    if not cleaned:
        return ""
    table = aliases if aliases is not None else _cached_aliases(str(ALIASES_PATH))
    return table.get(cleaned.lower(), cleaned)
