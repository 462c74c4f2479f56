"""``python -m framing`` runs the command-line interface."""

from .cli import main

main(prog_name="python -m framing")
