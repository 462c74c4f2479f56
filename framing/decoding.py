"""Bytes of a text file -> ``str``: encoding detection, BOM, newlines, NUL bytes, binary files.

UTF-8 first, a byte-order mark decides directly, and charset-normalizer guesses the rest. Used by
every file format in :mod:`framing.formats`.
"""

from __future__ import annotations

from charset_normalizer import from_bytes

from framing.errors import LoadError

__all__ = ["decode_bytes", "looks_binary"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# C0 control bytes that never occur in text files (tab, LF, VT, FF, CR and ESC are allowed).
_CONTROL_BYTES = frozenset(range(32)) - {9, 10, 11, 12, 13, 27}
_BINARY_CONTROL_SHARE = 0.05
_SAMPLE = 65536


def looks_binary(data: bytes) -> float | None:
    """The share of control bytes in the first 64 KiB when it marks ``data`` as binary.

    Parameters
    ----------
    data : bytes

    Returns
    -------
    float or None
        The share (0-1) of C0 control bytes other than tab, line ends, form feed and escape in
        the first 65,536 bytes when it exceeds 5 % (a binary file such as a PDF, an image or a
        SQLite database); ``None`` for text. UTF-16/32 files with a byte-order mark are text.
    """
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return None
    sample = data[:_SAMPLE]
    if not sample:
        return None
    controls = sum(1 for b in sample if b in _CONTROL_BYTES)
    share = controls / len(sample)
    return share if share > _BINARY_CONTROL_SHARE else None


def decode_bytes(data: bytes, source: str = "<bytes>", *, encoding: str | None = None) -> str:
    """Decode the bytes of a text file and normalise them.

    UTF-8 is tried first (a byte-order mark selects UTF-8/16/32 directly); otherwise
    charset-normalizer's best guess is used, preferring Windows-1252 when that reads the bytes
    equally well (the usual encoding of Western-European "Latin-1" news text, and the guess
    browsers make). The result has no BOM, ``"\\n"`` line ends and no NUL characters.

    Parameters
    ----------
    data : bytes
        The raw file content.
    source : str, optional
        Named in error messages.
    encoding : str, optional
        Skip detection and decode with this codec.

    Returns
    -------
    str

    Raises
    ------
    LoadError
        The content is empty or only whitespace ("is empty"); looks binary (more than 5 % of
        the first 64 KiB are control bytes, or no text encoding fits: "looks like a binary
        file"); or does not decode with the given ``encoding``.
    """
    if not data.strip():
        raise LoadError(source, "is empty; nothing to load")
    text: str | None = None
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise LoadError(source, f"cannot be decoded as {encoding} ({exc}); "
                                    "leave the encoding out to detect it") from exc
    else:
        for bom, codec in _BOMS:
            if data.startswith(bom):
                try:
                    text = data.decode(codec)
                except UnicodeDecodeError:
                    text = None
                break
    if text is None:
        share = looks_binary(data)
        if share is not None:
            raise LoadError(
                source,
                f"looks like a binary file ({share:.0%} control bytes), not "
                "text; convert it to .txt, .md, .html, .json, .jsonl or .csv first",
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _guess_decode(data, source)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not text.strip():
        raise LoadError(source, "is empty; nothing to load")
    return text


def _guess_decode(data: bytes, source: str) -> str:
    matches = list(from_bytes(data))
    if not matches:
        raise LoadError(
            source,
            "looks like a binary file: no text encoding fits its bytes; if it is text, pass "
            "encoding='latin-1' (or its real encoding)",
        )
    least_chaos = min(m.chaos for m in matches)
    for match in matches:
        if match.chaos == least_chaos and "cp1252" in match.could_be_from_charset:
            return data.decode("cp1252")
    best = min(matches, key=lambda m: m.chaos)
    return str(best)
