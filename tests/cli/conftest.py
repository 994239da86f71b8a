"""Run the CLI in-process: `cli("units", "tree", "NCT")` -> Result(code, out, err); `.json()` parses stdout."""

import json
from dataclasses import dataclass

import pytest

from quanlyhoi.cli import main


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def cli(db, capsys):
    def run(*argv: str) -> Result:
        capsys.readouterr()
        code = main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def stdin(monkeypatch):
    """stdin(text, tty=False): what the command reads from standard input."""
    import io
    import sys

    def feed(text: str = "", *, tty: bool = False):
        stream = io.StringIO(text)
        stream.isatty = lambda: tty
        monkeypatch.setattr(sys, "stdin", stream)

    return feed
