"""Which server paths the Library page may read.

The dashboard can load any file the server process can read, so a path typed into the Library
page is accepted only inside a few allowed folders (the data folder, the folder Streamlit runs
in, the user's home, and any folders listed in ``$FRAMING_PATH_ROOTS``). Symlinks are resolved
before the check so a link inside an allowed folder cannot point outside it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import framing.datasets

ROOTS_VARIABLE = "FRAMING_PATH_ROOTS"


def allowed_roots() -> list[Path]:
    """The folders the Library page may load from, resolved (symlinks followed).

    Returns
    -------
    list of pathlib.Path
        The data folder (:func:`framing.datasets.data_dir`), the current working directory, the
        user's home and every non-empty entry of ``$FRAMING_PATH_ROOTS`` (separated by
        :data:`os.pathsep`), in that order.
    """
    roots = [framing.datasets.data_dir(), Path.cwd(), Path.home()]
    extra = os.environ.get(ROOTS_VARIABLE, "")
    roots += [Path(p.strip()) for p in extra.split(os.pathsep) if p.strip()]
    return [r.expanduser().resolve() for r in roots]


def is_allowed_path(path: str | Path, roots: Iterable[str | Path]) -> bool:
    """Whether ``path`` lies inside (or is) one of ``roots`` once symlinks are resolved.

    Parameters
    ----------
    path : str or pathlib.Path
        The path to check; ``~`` is expanded and relative paths are taken from the cwd.
    roots : iterable of str or pathlib.Path
        Allowed folders; each is resolved the same way.

    Returns
    -------
    bool
        True when the resolved path equals a resolved root or lies below one.
    """
    target = Path(path).expanduser().resolve()
    return any(target.is_relative_to(Path(r).expanduser().resolve()) for r in roots)


def refusal(path: str | Path) -> str:
    """The message shown when ``path`` is outside every allowed folder (Markdown)."""
    shown = str(path).replace("`", "'")  # a backtick would end the code span early
    return (f"Not loaded: `{shown}` is outside the folders this dashboard may read (the data "
            "folder, the folder it runs in and your home folder). To allow another folder, set "
            f"`{ROOTS_VARIABLE}` to it (several separated by `{os.pathsep}`) before "
            "`streamlit run app.py`, or upload the files instead.")
