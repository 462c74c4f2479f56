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
# Accented letters of French, German, Spanish, Portuguese, Italian, Catalan and Dutch as
# Windows-1252 / Latin-1 encode them. Left out on purpose: letters whose bytes are common
# Central-European letters in Windows-1250 (0xF8 ø = ř, 0xE6 æ = ć, 0xF0 ð = đ, 0xFE þ = ţ …),
# so Czech, Polish or Croatian text is still left to charset-normalizer.
_WESTERN_LETTERS = frozenset(
    "àáâãäåçèéêëìíîïñòóôõöùúûüýÿßœ" "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝŸŒ"
)
# Punctuation and signs of Western text in Windows-1252 (quotes, dashes, ellipsis, currency …).
_WESTERN_SIGNS = frozenset("\u00a0¡¿«»°ºª·–—‘’‚“”„…•€£¥§©®™´¨¸×÷½¼¾±²³µ¶")
# Largest share of non-ASCII letters among all letters in plausible Western text: cp1251
# Russian or cp1253 Greek read as cp1252 is nearly all accented letters, French about 4 %,
# a short German "Über Öl" 33 %.
_WESTERN_MAX_SHARE = 0.5


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
    Windows-1252 when the bytes read as Western European text (see :func:`_western_text`),
    else charset-normalizer's best guess, preferring Windows-1252 when that reads the bytes
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


def _western_text(data: bytes) -> str | None:
    """``data`` as Windows-1252 (else Latin-1) text when that reads as Western European text.

    charset-normalizer ranks single-byte code pages by "chaos", and short Western text often
    ties or loses to a Baltic or Central-European page (Latin-1 "déjà" read as cp1257 "déją").
    Text is taken as Western when every non-ASCII character is one of the accented letters of
    French, German, Spanish, Portuguese, Italian, Catalan or Dutch, or common Western
    punctuation, and such letters are at most half of all letters. Hungarian text in Windows-1250 (ő, ű)
    can pass as Western (õ, û): pass ``encoding=`` for such files.

    Parameters
    ----------
    data : bytes
        Bytes that are not UTF-8.

    Returns
    -------
    str or None
        The decoded text, or ``None`` when it does not look Western European.
    """
    for codec in ("cp1252", "latin-1"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        ascii_letters = accented = 0
        for ch in text:
            if ch.isascii():
                ascii_letters += ch.isalpha()
            elif ch in _WESTERN_LETTERS:
                accented += 1
            elif ch not in _WESTERN_SIGNS:
                return None
        letters = ascii_letters + accented
        if letters and accented / letters <= _WESTERN_MAX_SHARE:
            return text
        return None
    return None


def _guess_decode(data: bytes, source: str) -> str:
    matches = list(from_bytes(data))
    if not matches:
        raise LoadError(
            source,
            "looks like a binary file: no text encoding fits its bytes; if it is text, pass "
            "encoding='latin-1' (or its real encoding)",
        )
    western = _western_text(data)
    if western is not None:
        return western
    least_chaos = min(m.chaos for m in matches)
    for match in matches:
        if match.chaos == least_chaos and "cp1252" in match.could_be_from_charset:
            return data.decode("cp1252")
    best = min(matches, key=lambda m: m.chaos)
    return str(best)
