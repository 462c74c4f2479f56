"""Errors raised by framing.

Every error says what was received, what was expected and how to fix it. The CLI turns any
:class:`FramingError` into a one-line message on stderr and exit status 1; the dashboard shows it
with ``st.error``.
"""

from __future__ import annotations

__all__ = ["FramingError", "LoadError", "LexiconError", "StoreError", "ScoringError"]


class FramingError(Exception):
    """Base class of every error this package raises on bad input."""


class LoadError(FramingError):
    """A file, folder or pasted text could not be turned into articles.

    Parameters
    ----------
    source : str
        The path (or ``"<pasted text>"``) that failed.
    reason : str
        What was wrong and how to fix it.
    """

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class LexiconError(FramingError):
    """A lexicon file is malformed; the message lists every problem found, each with its fix."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"lexicon {source} has {len(self.problems)} problem(s):\n{lines}")


class StoreError(FramingError):
    """The SQLite article store could not be opened, read or written."""


class ScoringError(FramingError):
    """Scores were asked for in a way that cannot be computed (unknown voice, unknown outlet…)."""
