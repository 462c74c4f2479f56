"""Build the optional compiled scanners (Cython) beside their pure-Python references.

``pip install -e .`` (or ``python setup.py build_ext --inplace``) compiles every
``framing/*.pyx`` into the package. Each extension is optional: without a C compiler the build
warns and the package runs on the pure-Python code (slower, same results), which the tests check
the compiled code against.
"""

import os
import sys
from glob import glob

from setuptools import Extension, setup

try:
    from Cython.Build import cythonize
except ImportError:  # no Cython: nothing to compile, the pure-Python code runs
    print("framing: Cython is not installed, so the compiled scanners are not built; the "
          "package runs its Python versions (slower). pip install Cython==3.3.1 to build them.",
          file=sys.stderr)
    ext_modules = []
else:
    ext_modules = cythonize(
        [Extension(os.path.splitext(path)[0].replace(os.sep, "."), [path])
         for path in sorted(glob(os.path.join("framing", "*.pyx")))],
        compiler_directives={"language_level": 3, "boundscheck": False, "wraparound": False},
        quiet=True)
    for ext in ext_modules:
        # cythonize makes new Extension objects (without the flag): without a C compiler the
        # build warns and goes on
        ext.optional = True

setup(ext_modules=ext_modules)
