# cython: language_level=3, boundscheck=False, wraparound=False
"""Compiled sentence boundaries: :func:`framing.text.sentence_starts` in one pass over the text.

The rules are those of the regular expressions ``framing.text._BOUNDARIES`` (the reference,
``framing.text._sentence_starts_py``, which the tests check this scanner against on every
document of the shared data sets and on random text): a run of ``.`` ``!`` ``?`` looked at from
its first character, then closing quotes or brackets, then white space holding at most one line
break and a character that can open a sentence; a lone full stop not after a listed abbreviation
or an initial; a paragraph break. Character classes are the ``re`` module's own: ``\\s`` is
``Py_UNICODE_ISSPACE``, ``\\w`` ``Py_UNICODE_ISALNUM`` or ``_``, ``\\d`` ``Py_UNICODE_ISDECIMAL``.
The abbreviation guard compares ASCII letters directly; the four characters outside ASCII that
``re``'s case-insensitive matching takes for ASCII letters (İ ı ſ and the Kelvin sign K) send
the full stop to the reference's own compiled guard expression, so the result is the same on any
text.

Why compiled: the four expressions cost ~17 % of the matcher's time on news copy
(``benchmarks/matching.py``); this loop reads each character once.
"""

from bisect import bisect_right

from libc.stdint cimport uint64_t

from cpython.unicode cimport Py_UNICODE_ISALNUM, Py_UNICODE_ISDECIMAL, Py_UNICODE_ISSPACE

from framing._textview cimport Text, char_at, view

cdef extern from "Python.h":
    # memchr-speed search in the text's own storage (what str.find does, without a method call)
    Py_ssize_t PyUnicode_FindChar(object text, Py_UCS4 ch, Py_ssize_t start, Py_ssize_t end,
                                  int direction) except -2

# filled on first use from framing.text (which imports this module at its end)
cdef object _ABBREVIATIONS = None
cdef uint64_t _KEYS[256]  # each listed abbreviation packed as _key packs it
cdef int _NKEYS = 0
cdef object _GUARDS = None
cdef Py_ssize_t _LONGEST = 0


cdef inline bint _listed(uint64_t key) noexcept:
    cdef int k
    for k in range(_NKEYS):
        if _KEYS[k] == key:
            return True
    return False


# the characters _is_open and _is_close test, for tests/test_compiled.py to compare with
# framing.text._OPEN_CHARS and _CLOSE_CHARS (a change there must be made here too)
RULES = {"open": "\"'\u201c\u2018([", "close": "\"'\u201d\u2019)]"}


cdef inline bint _is_open(Py_UCS4 c) noexcept:
    # framing.text._OPEN_CHARS: " ' “ ‘ ( [
    return c == u'"' or c == u"'" or c == 0x201C or c == 0x2018 or c == u'(' or c == u'['


cdef inline bint _is_close(Py_UCS4 c) noexcept:
    # framing.text._CLOSE_CHARS: " ' ” ’ ) ]
    return c == u'"' or c == u"'" or c == 0x201D or c == 0x2019 or c == u')' or c == u']'


cdef inline bint _is_terminal(Py_UCS4 c) noexcept:
    return c == u'.' or c == u'!' or c == u'?'


cdef inline bint _is_blank(Py_UCS4 c) noexcept:
    # [^\S\n]: white space other than a line break
    return c != u'\n' and Py_UNICODE_ISSPACE(c)


cdef Py_ssize_t _space_then_opener(const Text *t, Py_ssize_t p) noexcept:
    """End of ``_SPACE_THEN_OPENER`` matched at ``p``, or -1."""
    cdef Py_ssize_t q = p
    cdef Py_ssize_t n = t.n
    cdef Py_UCS4 c
    while q < n and _is_blank(char_at(t, q)):
        q += 1
    if q < n and char_at(t, q) == u'\n':
        q += 1
        while q < n and _is_blank(char_at(t, q)):
            q += 1
    elif q == p:
        return -1  # neither a line break nor a blank
    # (?=[OPEN]*+[^\s OPEN a-z,;:.!?])
    cdef Py_ssize_t r = q
    while r < n and _is_open(char_at(t, r)):
        r += 1
    if r >= n:
        return -1
    c = char_at(t, r)
    if (Py_UNICODE_ISSPACE(c) or (u'a' <= c <= u'z') or c == u',' or c == u';' or c == u':'
            or _is_terminal(c)):
        return -1
    return q


cdef bint _lone_stop_ends(object text, const Text *t, Py_ssize_t i) except -1:
    """Whether the full stop at ``i`` passes the abbreviation and initial guards."""
    if _ABBREVIATIONS is None:
        _load()
    cdef Py_ssize_t lo = i - _LONGEST - 1
    cdef Py_ssize_t k
    cdef Py_ssize_t length
    cdef Py_UCS4 c
    if lo < 0:
        lo = 0
    for k in range(lo, i):
        c = char_at(t, k)
        if c == 0x130 or c == 0x131 or c == 0x17F or c == 0x212A:
            # the only characters outside ASCII that re's case-insensitive matching takes for
            # ASCII letters (İ ı ſ K; found by trying every code point against (?i:[a-z])):
            # ask the reference's guards
            return _GUARDS.match(text, i + 1) is not None
    # an initial: a letter ([^\W\d_]) that starts after white space, an opening mark or the start
    if i >= 1:
        c = char_at(t, i - 1)
        if Py_UNICODE_ISALNUM(c) and not Py_UNICODE_ISDECIMAL(c) and (
                i == 1 or Py_UNICODE_ISSPACE(char_at(t, i - 2)) or _is_open(char_at(t, i - 2))):
            return False
    # a listed abbreviation (any length) that starts after white space, an opening mark or the start
    for length in range(1, _LONGEST + 1):
        if length > i:
            break
        if i - length > 0 and not (Py_UNICODE_ISSPACE(char_at(t, i - length - 1))
                                   or _is_open(char_at(t, i - length - 1))):
            continue
        if _listed(_key(t, i - length, i)):
            return False
    return True


cdef uint64_t _key(const Text *t, Py_ssize_t start, Py_ssize_t end) noexcept:
    """The ASCII characters ``[start, end)`` (at most 7), lower-cased, one byte each, under
    their number (so a NUL character cannot make "\\0co" equal "co")."""
    cdef uint64_t key = 0
    cdef uint64_t c
    cdef Py_ssize_t k
    for k in range(start, end):
        c = <uint64_t>char_at(t, k)
        if c > 127:
            return 0  # any other character outside ASCII matches no listed abbreviation
        if 65 <= c <= 90:  # A-Z
            c += 32
        key = (key << 8) | c
    return key | (<uint64_t>(end - start) << 56)


cdef int _load() except -1:
    # _ABBREVIATIONS is set last: it tells other threads the rest is ready (threads that load
    # at the same time write the same values)
    global _ABBREVIATIONS, _NKEYS, _GUARDS, _LONGEST
    import re
    from framing import text as reference
    words = reference._ABBREVIATIONS
    longest = max(len(word) for word in words)
    if longest > 7 or not all(word.isascii() and word == word.lower() for word in words):
        raise RuntimeError("framing._sentencescan packs abbreviations of at most 7 lower-case "
                           "ASCII characters: rebuild it for the new list")
    if len(words) > 256:
        raise RuntimeError("framing._sentencescan holds at most 256 abbreviations: rebuild it")
    for k, word in enumerate(sorted(words)):
        _KEYS[k] = (len(word) << 56) | int.from_bytes(word.encode("ascii"), "big")
    _NKEYS = len(words)
    _GUARDS = re.compile(reference._abbreviation_guards())
    _LONGEST = longest
    _ABBREVIATIONS = words
    return 0


def sentence_starts(text, until=None):
    """Start offsets of the sentences of ``text``: exactly
    ``framing.text._sentence_starts_py(text, until)`` (see :func:`framing.text.sentence_starts`).
    A subclass of str (numpy.str_, lxml's strings, a str Enum) is read as its characters.
    """
    if not isinstance(text, str):
        raise TypeError(f"sentence_starts needs a str, got {type(text).__name__}")
    cdef Text t
    view(text, &t)
    cdef Py_ssize_t n = t.n
    cdef Py_ssize_t lead = 0
    cdef Py_ssize_t i, j, k, e
    cdef Py_UCS4 c
    cdef bint bounded = until is not None
    cdef Py_ssize_t stop_after = 0
    while lead < n and Py_UNICODE_ISSPACE(char_at(&t, lead)):
        lead += 1
    if lead == n:
        return []
    if bounded:
        # past any end of the text when ``until`` is huge
        stop_after = -1 if until < 0 else (until if until < n else n)
    cdef list found = [lead]
    # the next offset of each mark that can start a boundary (n when there is none left)
    cdef Py_UCS4 marks[4]
    cdef Py_ssize_t nxt[4]
    marks[0] = u'.'
    marks[1] = u'!'
    marks[2] = u'?'
    marks[3] = u'\n'
    for k in range(4):
        nxt[k] = lead - 1
    i = lead
    while True:
        for k in range(4):
            if nxt[k] < i:
                nxt[k] = PyUnicode_FindChar(text, marks[k], i, n, 1)
                if nxt[k] == -1:
                    nxt[k] = n
        i = nxt[0]
        for k in range(1, 4):
            if nxt[k] < i:
                i = nxt[k]
        if i >= n:
            break
        c = char_at(&t, i)
        e = -1
        if c == u'.' or c == u'!' or c == u'?':
            if i > 0 and _is_terminal(char_at(&t, i - 1)):
                i += 1
                continue
            j = i + 1
            if c != u'.' or (j < n and _is_terminal(char_at(&t, j))):
                # the rest of the run of . ! ?, then closing marks
                k = j
                while k < n and _is_terminal(char_at(&t, k)):
                    k += 1
                while k < n and _is_close(char_at(&t, k)):
                    k += 1
                e = _space_then_opener(&t, k)
            elif j < n and _is_close(char_at(&t, j)):
                k = j + 1
                while k < n and _is_close(char_at(&t, k)):
                    k += 1
                e = _space_then_opener(&t, k)
            else:
                e = _space_then_opener(&t, j)
                if e != -1 and not _lone_stop_ends(text, &t, i):
                    e = -1
        elif c == u'\n':
            # a paragraph break: \n[^\S\n]*+\n\s*+
            k = i + 1
            while k < n and _is_blank(char_at(&t, k)):
                k += 1
            if k < n and char_at(&t, k) == u'\n':
                k += 1
                while k < n and Py_UNICODE_ISSPACE(char_at(&t, k)):
                    k += 1
                e = k
        if e == -1:
            i += 1
            continue
        found.append(e)
        if bounded and e > stop_after:
            break
        i = e
    if bounded:
        del found[bisect_right(found, until) + 1:]
    if found[len(found) - 1] == n:  # a paragraph break at the very end starts nothing
        found.pop()
    return found
