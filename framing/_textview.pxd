# A str read in place by the compiled scanners (framing/_*.pyx): its own storage, 1, 2 or 4
# bytes a character, without a bounds or type check per character.

from cpython.unicode cimport (PyUnicode_DATA, PyUnicode_GET_LENGTH, PyUnicode_KIND,
                              PyUnicode_READ)

cdef extern from *:
    """
    /* strings made by the legacy C API are compact only once made ready (a no-op from 3.12) */
    #if PY_VERSION_HEX < 0x030C0000
    #define _textview_ready(o) PyUnicode_READY(o)
    #else
    #define _textview_ready(o) 0
    #endif
    """
    int _textview_ready(object) except -1


cdef struct Text:
    int kind
    void *data
    Py_ssize_t n


cdef inline int view(object text, Text *t) except -1:
    """Point ``t`` at the characters of ``text`` (a str or a subclass: its characters, not what
    its __str__ says); ``text`` must outlive ``t``."""
    _textview_ready(text)
    t.kind = PyUnicode_KIND(text)
    t.data = PyUnicode_DATA(text)
    t.n = PyUnicode_GET_LENGTH(text)
    return 0


cdef inline Py_UCS4 char_at(const Text *t, Py_ssize_t i) noexcept:
    # the callers keep 0 <= i < n
    return PyUnicode_READ(t.kind, t.data, i)
