"""Build (once) the separate virtual environment that holds scattertext for the benchmarks.

scattertext 0.2.2 pins ``scipy<1.14`` and downgrades numpy, so it lives in
``benchmarks/.venv-scattertext`` (git-ignored), never in the project's environment. It also
imports ``six`` without declaring it, so that is installed beside it.

Usage: ``python benchmarks/peers/venv.py`` prints the venv's python; rebuilds it when missing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

VENV = Path(__file__).resolve().parents[1] / ".venv-scattertext"
PACKAGES = ["scattertext==0.2.2", "six==1.17.0"]


def python() -> Path:
    """The venv's python, building the venv first if it is missing or broken."""
    exe = VENV / "bin" / "python"
    if exe.exists():
        check = subprocess.run([str(exe), "-c", "import scattertext"], capture_output=True)
        if check.returncode == 0:
            return exe
    print(f"building {VENV} (scattertext, about a minute)…", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(exe), "-m", "pip", "install", "-q", *PACKAGES], check=True)
    return exe


if __name__ == "__main__":
    print(python())
