# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Compiled quotation spans: :func:`framing.text.quote_bounds` in one pass over the text.

The rules are those of the reference, ``framing.text._quote_bounds_py`` (with
``_double_quote_bounds``, ``_single_quote_bounds`` and the expressions ``_SINGLE_OPENS``,
``_SINGLE_CLOSE(S)``), which the tests check this scanner against on every document of the
shared data sets and on random text, for every ``until``. Character classes are the ``re``
module's own on ``str``: ``\\s`` is ``Py_UNICODE_ISSPACE`` (as ``str.isspace`` and
``str.strip``), ``\\w`` is ``Py_UNICODE_ISALNUM`` (as ``str.isalnum``) or ``_``.

How: one pass over the text's own storage (1, 2 or 4 bytes a character, one specialisation
each) writes down the offsets of the double quotation marks, the single ones and the paragraph
breaks (``"\\n\\n"``, overlapping ones too) in C arrays; a text without a quotation mark returns
there. On x86-64 the pass tests 16 characters at once (SSE2, part of every x86-64) and stops
only at a mark or a line break; elsewhere it looks at each character (same results, slower).
The reference's two scans then run over those arrays with pointers that only move forward
(where the reference bisects), reading the text only around a mark, so the time is linear in
``len(text)`` whatever the input.

Why compiled: ``quote_bounds`` cost ~13 % of the matcher's time on news copy
(``benchmarks/matching.py``, issue #3).
"""

from cpython.unicode cimport (Py_UCS1, Py_UCS2, Py_UNICODE_ISALNUM, Py_UNICODE_ISSPACE,
                              PyUnicode_1BYTE_KIND, PyUnicode_2BYTE_KIND)
from libc.stdlib cimport free, malloc, realloc
from libc.string cimport memcpy

from framing._textview cimport Text, char_at, view



cdef enum:
    # framing.text._SINGLE_MAX: a single-quoted passage closes within this many characters
    SINGLE_MAX = 300
    # offsets a Buf holds in its own storage before it moves to the heap (most texts have fewer)
    LOCAL = 64
    # the quotation marks (framing.text._DOUBLE_MARKS, _OPENERS, _CLOSERS, _ORPHAN_CLOSERS and
    # the single marks of _SINGLE_OPENS / _SINGLE_CLOSES), and the line break
    STRAIGHT = 0x22         # "
    APOSTROPHE = 0x27       # '
    ANGLE_OPEN = 0xAB       # «
    ANGLE_CLOSE = 0xBB      # »
    SINGLE_OPEN = 0x2018    # ‘
    SINGLE_CLOSE = 0x2019   # ’
    CURLY_OPEN = 0x201C     # “
    CURLY_CLOSE = 0x201D    # ”
    LOW_OPEN = 0x201E       # „
    NEWLINE = 0x0A

# the rules' constants copied from framing.text, for tests/test_compiled.py to compare with
# _SINGLE_MAX, _DOUBLE_MARKS, _OPENERS, _CLOSERS and _ORPHAN_CLOSERS (a change there must be
# made here too)
RULES = {
    "single_max": SINGLE_MAX,
    "double_marks": "".join(map(chr, (STRAIGHT, CURLY_OPEN, CURLY_CLOSE, LOW_OPEN, ANGLE_OPEN,
                                      ANGLE_CLOSE))),
    "openers": {chr(STRAIGHT): chr(STRAIGHT), chr(CURLY_OPEN): chr(CURLY_CLOSE),
                chr(LOW_OPEN): chr(CURLY_CLOSE), chr(ANGLE_OPEN): chr(ANGLE_CLOSE),
                chr(CURLY_CLOSE): chr(CURLY_CLOSE)},
    "closers": {chr(STRAIGHT), chr(CURLY_CLOSE), chr(ANGLE_CLOSE), chr(CURLY_OPEN)},
    "orphan_closers": {chr(CURLY_CLOSE), chr(ANGLE_CLOSE)},
    "single_marks": "".join(map(chr, (APOSTROPHE, SINGLE_OPEN, SINGLE_CLOSE))),
}

ctypedef fused char_t:
    Py_UCS1
    Py_UCS2
    Py_UCS4

# the low byte of every character the collecting loop stops at: one table look-up a character
# rejects nearly all of them (the marks' low bytes are control characters, " ' \n, « and »)
cdef unsigned char _CANDIDATE[256]


cdef void _fill_candidates() noexcept:
    cdef unsigned int c
    for c in (NEWLINE, STRAIGHT, APOSTROPHE, ANGLE_OPEN, ANGLE_CLOSE, SINGLE_OPEN, SINGLE_CLOSE,
              CURLY_OPEN, CURLY_CLOSE, LOW_OPEN):
        _CANDIDATE[c & 0xFF] = 1


_fill_candidates()


cdef struct Buf:
    # a growing array of offsets; ``at`` is ``local`` until it outgrows it
    Py_ssize_t *at
    Py_ssize_t size
    Py_ssize_t cap
    Py_ssize_t local[LOCAL]


cdef inline void _init(Buf *b) noexcept:
    b.at = b.local
    b.size = 0
    b.cap = LOCAL


cdef inline void _release(Buf *b) noexcept:
    if b.at != b.local:
        free(b.at)
    b.at = b.local


cdef int _grow(Buf *b) except -1:
    cdef Py_ssize_t cap = b.cap * 2
    cdef Py_ssize_t *at
    if b.at == b.local:
        at = <Py_ssize_t *>malloc(cap * sizeof(Py_ssize_t))
        if at != NULL:
            memcpy(at, b.local, b.size * sizeof(Py_ssize_t))
    else:
        at = <Py_ssize_t *>realloc(b.at, cap * sizeof(Py_ssize_t))
    if at == NULL:
        raise MemoryError(f"quote_bounds: no memory for {cap} offsets")
    b.at = at
    b.cap = cap
    return 0


cdef inline int _push(Buf *b, Py_ssize_t value) except -1:
    if b.size == b.cap:
        _grow(b)
    b.at[b.size] = value
    b.size += 1
    return 0


cdef inline bint _is_alnum(Py_UCS4 c) noexcept:
    # str.isalnum of one character; ASCII (most text) without the call into the Unicode tables
    if c < 128:
        return (u'0' <= c <= u'9') or (u'a' <= c <= u'z') or (u'A' <= c <= u'Z')
    return Py_UNICODE_ISALNUM(c)


cdef inline bint _is_word(Py_UCS4 c) noexcept:
    # re's \w on str
    return c == u'_' or _is_alnum(c)


cdef extern from *:
    """
    /* 16 characters at once: bit k of the result is set when s[k] is a quotation mark or a
       line break (the caller looks at each). For two-byte text, ‚ and ‛ (U+201A, U+201B) are
       flagged with the marks around them (one range test); the caller drops them. SSE2 is part
       of every x86-64; elsewhere the caller looks at every character. */
    #if defined(__SSE2__) && defined(__GNUC__)
    #include <emmintrin.h>
    #define _QUOTESCAN_SIMD 1
    static inline unsigned int _quotescan_ctz(unsigned int x) {
        return (unsigned int)__builtin_ctz(x);
    }
    /* the bytes " ' « » and line breaks among 16 one-byte characters */
    static inline unsigned int _quotescan_bytes(__m128i v) {
        __m128i hit = _mm_cmpeq_epi8(v, _mm_set1_epi8(0x0A));
        hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8(0x22)));
        hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8(0x27)));
        hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xAB)));
        hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xBB)));
        return (unsigned int)_mm_movemask_epi8(hit);
    }
    static inline unsigned int _quotescan_block1(const Py_UCS1 *s) {
        return _quotescan_bytes(_mm_loadu_si128((const __m128i *)s));
    }
    /* U+2018 to U+201E among 8 two-byte characters: (v - 0x2018) <= 6 unsigned, that is a
       saturating (v - 0x2018) - 6 of 0 */
    static inline __m128i _quotescan_curly(__m128i v) {
        __m128i off = _mm_sub_epi16(v, _mm_set1_epi16(0x2018));
        return _mm_cmpeq_epi16(_mm_subs_epu16(off, _mm_set1_epi16(6)), _mm_setzero_si128());
    }
    static inline unsigned int _quotescan_block2(const Py_UCS2 *s) {
        __m128i a = _mm_loadu_si128((const __m128i *)s);
        __m128i b = _mm_loadu_si128((const __m128i *)(s + 8));
        /* to bytes, saturated: a character from U+0100 on becomes 0xFF or 0 (from U+8000 on),
           so the byte tests find exactly the characters below U+0100 */
        __m128i p = _mm_packus_epi16(a, b);
        unsigned int low = _quotescan_bytes(p);
        /* the curly marks became 0xFF: only a block holding a 0xFF byte is tested for them
           (most blocks of English copy are ASCII) */
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(p, _mm_set1_epi8((char)0xFF)))) {
            __m128i curly = _mm_packs_epi16(_quotescan_curly(a), _quotescan_curly(b));
            low |= (unsigned int)_mm_movemask_epi8(curly);
        }
        return low;
    }
    #else
    #define _QUOTESCAN_SIMD 0
    static inline unsigned int _quotescan_ctz(unsigned int x) { return 0; }
    static inline unsigned int _quotescan_block1(const Py_UCS1 *s) { return 0; }
    static inline unsigned int _quotescan_block2(const Py_UCS2 *s) { return 0; }
    #endif
    """
    const bint _QUOTESCAN_SIMD
    unsigned int _quotescan_ctz(unsigned int x) noexcept nogil
    unsigned int _quotescan_block1(const Py_UCS1 *s) noexcept nogil
    unsigned int _quotescan_block2(const Py_UCS2 *s) noexcept nogil


cdef inline int _take(const char_t *s, Py_ssize_t n, Py_ssize_t i, Buf *doubles, Buf *singles,
                      Buf *breaks) except -1:
    """Record the character at ``i`` if it is a mark or starts a paragraph break."""
    cdef unsigned int c = s[i]  # a code point (Cython's Py_UCS4 is a character, not a number)
    if c == NEWLINE:
        if i + 1 < n and s[i + 1] == NEWLINE:
            _push(breaks, i)
    elif c == STRAIGHT or c == ANGLE_OPEN or c == ANGLE_CLOSE or CURLY_OPEN <= c <= LOW_OPEN:
        _push(doubles, i)
    elif c == APOSTROPHE or c == SINGLE_OPEN or c == SINGLE_CLOSE:
        _push(singles, i)
    return 0


cdef inline int _take_flagged(const char_t *s, Py_ssize_t n, Py_ssize_t i, unsigned int mask,
                              Buf *doubles, Buf *singles, Buf *breaks) except -1:
    """_take each character flagged in ``mask`` (bit k: the character at ``i + k``)."""
    while mask:
        _take(s, n, i + _quotescan_ctz(mask), doubles, singles, breaks)
        mask &= mask - 1
    return 0


cdef inline unsigned int _block(const char_t *s) noexcept:
    """The marks among the 16 characters at ``s`` (one- and two-byte text only)."""
    if char_t is Py_UCS1:
        return _quotescan_block1(s)
    elif char_t is Py_UCS2:
        return _quotescan_block2(s)
    else:
        return 0  # four-byte text is looked at character by character


cdef int _collect(const char_t *s, Py_ssize_t n, Buf *doubles, Buf *singles,
                  Buf *breaks) except -1:
    """Append the offsets of the double marks, the single marks and the paragraph breaks."""
    cdef Py_ssize_t i = 0
    if char_t is not Py_UCS4:
        if _QUOTESCAN_SIMD:
            # two blocks a step: one test and one (often mispredicted) branch for 32 characters
            while i + 32 <= n:
                _take_flagged(s, n, i, _block(s + i) | (_block(s + i + 16) << 16),
                              doubles, singles, breaks)
                i += 32
            if i + 16 <= n:
                _take_flagged(s, n, i, _block(s + i), doubles, singles, breaks)
                i += 16
    while i < n:  # the rest, and four-byte text (rare: emoji, old scripts)
        if _CANDIDATE[<unsigned int>s[i] & 0xFF]:
            _take(s, n, i, doubles, singles, breaks)
        i += 1
    return 0


cdef Py_ssize_t _lower_bound(const Buf *b, Py_ssize_t value) noexcept:
    """Index of the first offset ``>= value`` in ``b`` (``bisect_left``)."""
    cdef Py_ssize_t lo = 0, hi = b.size, mid
    while lo < hi:
        mid = (lo + hi) // 2
        if b.at[mid] < value:
            lo = mid + 1
        else:
            hi = mid
    return lo


cdef bint _all_space(const Text *t, Py_ssize_t start, Py_ssize_t end) noexcept:
    """Whether ``text[start:end].strip()`` is empty. Read from the end, it stops at the first
    character that is not white space, and each run of white space lies before one mark: the
    time over a whole text stays linear."""
    while end > start:
        end -= 1
        if not Py_UNICODE_ISSPACE(char_at(t, end)):
            return False
    return True


cdef bint _can_open(const Text *t, Py_ssize_t pos, Py_UCS4 ch) noexcept:
    """framing.text._can_open for a mark of _OPENERS."""
    cdef Py_UCS4 before
    if pos == 0:
        return True
    before = char_at(t, pos - 1)
    if ch == CURLY_CLOSE:
        # ” opens only where an opening mark stands (Swedish ”…”)
        return Py_UNICODE_ISSPACE(before) or before == u'(' or before == u'['
    if ch == STRAIGHT:
        return not (_is_alnum(before) or before == u'.' or before == u','
                    or before == u';' or before == u':' or before == u'!' or before == u'?')
    return True


cdef int _double_spans(const Text *t, const Buf *marks, const Buf *breaks, Py_ssize_t limit,
                       Buf *starts, Buf *ends) except -1:
    """framing.text._double_quote_bounds over the collected marks and breaks."""
    cdef Py_ssize_t n = t.n
    cdef Py_ssize_t nb = breaks.size
    cdef Py_ssize_t open_at = -1  # -1: no quotation open
    cdef Py_ssize_t segment = 0, previous = 0, stop, pos, brk, start, k, j
    cdef Py_ssize_t after = 0   # breaks[:after] lie before max(segment, previous)
    cdef Py_ssize_t before = 0  # breaks[:before] lie at or before the mark looked at - 2
    cdef Py_UCS4 ch
    # a closing mark with nothing open quotes its paragraph back to its start, so the scan
    # goes on to the end of the paragraph holding ``limit``
    j = _lower_bound(breaks, limit)
    stop = breaks.at[j] if j < nb else n
    for k in range(marks.size):
        pos = marks.at[k]
        ch = char_at(t, pos)
        if open_at != -1:
            # the first paragraph break after the previous mark (and the quotation's current
            # paragraph), if it comes before this mark. max(segment, previous) never decreases:
            # previous is the mark before this one and segment is at most one past it.
            brk = -1
            if nb:
                start = segment if segment > previous else previous
                while after < nb and breaks.at[after] < start:
                    after += 1
                if after < nb and breaks.at[after] <= pos - 2:
                    brk = breaks.at[after]
            previous = pos
            if brk != -1:
                # the quotation goes on only when the new paragraph starts with this mark
                if _all_space(t, brk, pos):
                    segment = pos + 1
                    continue
                _push(starts, open_at)
                _push(ends, brk)
                open_at = -1
            elif ((ch == STRAIGHT or ch == CURLY_CLOSE or ch == ANGLE_CLOSE or ch == CURLY_OPEN)
                  and (ch != STRAIGHT or pos == n - 1 or not _is_alnum(char_at(t, pos + 1)))):
                _push(starts, open_at)
                _push(ends, pos + 1)
                open_at = -1
                continue
            else:
                continue
        if pos > stop:
            break  # no quotation is open: every one starting up to ``limit`` is known
        previous = pos
        if ((ch == STRAIGHT or ch == CURLY_OPEN or ch == LOW_OPEN or ch == ANGLE_OPEN
                or ch == CURLY_CLOSE) and _can_open(t, pos, ch)):
            open_at = segment = pos
        elif ch == CURLY_CLOSE or ch == ANGLE_CLOSE:
            # nothing open: the paragraph up to this closing mark is quoted (after the last
            # quotation in it)
            while before < nb and breaks.at[before] <= pos - 2:
                before += 1
            start = breaks.at[before - 1] + 2 if before else 0
            if starts.size and ends.at[ends.size - 1] > start:
                start = ends.at[ends.size - 1]
            if not _all_space(t, start, pos):
                _push(starts, start)
                _push(ends, pos + 1)
    if open_at != -1:
        # the quotation runs to the end of its paragraph
        j = _lower_bound(breaks, segment)
        _push(starts, open_at)
        _push(ends, breaks.at[j] if j < nb else n)
    return 0


cdef bint _single_opens(const Text *t, Py_ssize_t p) noexcept:
    """Whether the single mark at ``p`` matches _SINGLE_OPENS: ' or ‘ after a non-word character
    (or at the start) and before a word character."""
    cdef Py_UCS4 ch = char_at(t, p)
    if ch != APOSTROPHE and ch != SINGLE_OPEN:
        return False
    if p + 1 >= t.n or not _is_word(char_at(t, p + 1)):
        return False
    return p == 0 or not _is_word(char_at(t, p - 1))


cdef bint _single_closes(const Text *t, Py_ssize_t p, Py_ssize_t end) noexcept:
    """Whether the mark at ``p`` matches _SINGLE_CLOSE in ``text[:end]``: ' or ’ after a
    character other than white space, ' and ‘, and not before a word character."""
    cdef Py_UCS4 ch = char_at(t, p)
    cdef Py_UCS4 before
    if ch != APOSTROPHE and ch != SINGLE_CLOSE:
        return False
    if p == 0:
        return False
    before = char_at(t, p - 1)
    if Py_UNICODE_ISSPACE(before) or before == APOSTROPHE or before == SINGLE_OPEN:
        return False
    return p + 1 >= end or not _is_word(char_at(t, p + 1))


cdef list _single_spans(const Text *t, const Buf *marks, const Buf *breaks,
                        const Buf *dstarts, const Buf *dends, Py_ssize_t limit):
    """framing.text._single_quote_bounds over the collected single marks and breaks.

    The reference finds the opening marks up to ``limit`` and the closing ones up to
    ``limit + 302``; a passage opening by ``limit`` can only use a closing mark before
    ``limit + 299``, which sees the real next character either way, so the closing marks are
    judged against the whole text here.
    """
    cdef list out = []
    cdef Py_ssize_t n = t.n
    cdef Py_ssize_t nm = marks.size, nd = dstarts.size, nb = breaks.size
    cdef Py_ssize_t k, start, stop, close
    cdef Py_ssize_t di = 0, bi = 0, ci = 0  # pointers into the doubles, breaks and marks
    cdef Py_ssize_t resume = 0  # single marks before this offset lie in the last passage
    cdef Py_UCS4 last
    for k in range(nm):
        start = marks.at[k]
        if start > limit:
            break
        if start < resume or not _single_opens(t, start):
            continue
        while di < nd and dstarts.at[di] <= start:
            di += 1
        if di and dends.at[di - 1] > start:  # nested inside a double quotation
            resume = dends.at[di - 1]
            continue
        # the passage ends at the first paragraph break (wholly) within 300 characters
        stop = start + SINGLE_MAX
        if stop > n:
            stop = n
        while bi < nb and breaks.at[bi] < start:
            bi += 1
        if bi < nb and breaks.at[bi] + 2 <= stop:
            stop = breaks.at[bi]
        # the first closing mark after the opening one, as if the text ended at ``stop`` (a
        # mark just before ``stop`` then closes whatever follows it)
        while ci < nm and (marks.at[ci] <= start or not _single_closes(t, marks.at[ci], n)):
            ci += 1
        if ci < nm and marks.at[ci] < stop - 1:
            close = marks.at[ci]
        elif stop - 1 > start and _single_closes(t, stop - 1, stop):
            close = stop - 1
        else:
            continue
        out.append((start, close + 1))
        resume = close + 1
    return out


def quote_bounds(text, until=None):
    """The ``(start, end)`` spans of the quotations of ``text``: exactly
    ``framing.text._quote_bounds_py(text, until)`` (see :func:`framing.text.quote_bounds`).

    Parameters
    ----------
    text : str
    until : int, optional
        Only the quotations that start at or before ``until`` (a character offset) are needed:
        the scan stops once they are all known (later ones may be missing, as in the reference).
        Any integer; beyond the text it means the whole text. (The reference raises
        ``OverflowError`` for an ``until`` beyond ``sys.maxsize - 302`` when the text holds a
        single quotation mark; here it means the whole text.)

    Returns
    -------
    list of (int, int)
        Character spans including the marks, in text order.

    Raises
    ------
    TypeError
        ``text`` is not a ``str``, or ``until`` is neither ``None`` nor an integer.
    """
    if not isinstance(text, str):
        raise TypeError(f"quote_bounds needs a str, got {type(text).__name__}")
    cdef Text t
    view(text, &t)
    cdef Py_ssize_t limit = t.n
    if until is not None:
        # until >= len(text) gives the same spans as len(text), until <= -1 as -1
        try:
            limit = until
        except OverflowError:
            limit = t.n if until > 0 else -1
        if limit > t.n:
            limit = t.n
        elif limit < -1:
            limit = -1
    cdef Buf doubles, singles, breaks, dstarts, dends
    _init(&doubles)
    _init(&singles)
    _init(&breaks)
    _init(&dstarts)
    _init(&dends)
    cdef list spans, more
    cdef Py_ssize_t k
    try:
        if t.kind == PyUnicode_1BYTE_KIND:
            _collect(<Py_UCS1 *>t.data, t.n, &doubles, &singles, &breaks)
        elif t.kind == PyUnicode_2BYTE_KIND:
            _collect(<Py_UCS2 *>t.data, t.n, &doubles, &singles, &breaks)
        else:
            _collect(<Py_UCS4 *>t.data, t.n, &doubles, &singles, &breaks)
        if doubles.size == 0 and singles.size == 0:
            return []
        if doubles.size:
            _double_spans(&t, &doubles, &breaks, limit, &dstarts, &dends)
        spans = [(dstarts.at[k], dends.at[k]) for k in range(dstarts.size)]
        if singles.size:
            more = _single_spans(&t, &singles, &breaks, &dstarts, &dends, limit)
            if more:
                spans += more
                spans.sort()
        return spans
    finally:
        _release(&doubles)
        _release(&singles)
        _release(&breaks)
        _release(&dstarts)
        _release(&dends)
