# cython: language_level=3, boundscheck=False, wraparound=False
"""Compiled first step of :func:`framing.text.normalize`: every character to its one-byte form.

``fold(text)`` is the normalised text before white-space runs are folded, made in one pass over
the text's own storage, when every character is ASCII or one of the characters that always
normalise to one ASCII character (``framing.text._ONE_BYTE_CHARS``: white space, curly quotes,
dashes, accented Latin letters); otherwise ``None``, and the Python path runs. The table is the
reference's own (``_ONE_BYTE_CHARS`` and ``_ONE_BYTE_FOLD``, read on first use), so the result
is what ``_replace_common_wide`` then ``_normalize_ascii``, or ``_normalize_one_byte`` without
runs, make: the tests check :func:`framing.text.normalize` against the Python path on every
shared document and on random text.

Why compiled: on news copy with curly quotes the Python path makes up to seven passes
(``str.replace`` per frequent character, a ``charmap`` encoding, ``bytes.translate``, a decoding);
normalising was a quarter of the matcher's time (``benchmarks/matching.py``).
"""

from cpython.unicode cimport PyUnicode_DATA

from framing._textview cimport Text, char_at, view


cdef extern from "Python.h":
    object PyUnicode_New(Py_ssize_t size, Py_UCS4 maxchar)

# the one-byte form of each character of the Basic Multilingual Plane, 0 for none (no character
# outside ASCII folds to NUL: checked when the table is filled)
cdef unsigned char _FOLD[65536]
cdef bint _filled = False


cdef int _fill() except -1:
    global _filled
    from framing import text as reference
    chars = reference._ONE_BYTE_CHARS
    fold = reference._ONE_BYTE_FOLD
    # no clearing: static storage starts at zero, and threads filling the table at the same
    # time write the same values (a reader never sees a filled entry go back to zero)
    if chars[:128] != "".join(map(chr, range(128))) or len(chars) != len(fold):
        raise RuntimeError("framing._foldscan expects ASCII first in _ONE_BYTE_CHARS: rebuild it")
    for i in range(len(chars)):
        cp = ord(chars[i])
        if cp > 0xFFFF or (cp >= 128 and fold[i] == 0):
            raise RuntimeError("framing._foldscan's table holds BMP characters folding to a "
                               "non-NUL byte: rebuild it for the new table")
        _FOLD[cp] = fold[i]
    _filled = True
    return 0


def fold(text):
    """The characters of ``text`` (a str, or a subclass: its characters) each as its one-byte
    normalised form (an ASCII ``str`` of the same length), or ``None`` when a character has no
    one-byte form or ``text`` is not a ``str`` (the Python path then decides)."""
    if not isinstance(text, str):
        return None
    if not _filled:
        _fill()
    cdef Text t
    view(text, &t)
    cdef Py_ssize_t i
    cdef Py_UCS4 c
    cdef unsigned char b
    result = PyUnicode_New(t.n, 127)
    cdef unsigned char *out = <unsigned char *>PyUnicode_DATA(result)
    for i in range(t.n):
        c = char_at(&t, i)
        if c < 128:
            out[i] = _FOLD[c]
            continue
        if c > 0xFFFF:
            return None
        b = _FOLD[c]
        if b == 0:
            return None
        out[i] = b
    return result
