"""The Library page's allowed-folder check (framing_app.paths), on folders made per test."""

from __future__ import annotations

import os
from pathlib import Path

import framing
from framing_app.paths import allowed_roots, is_allowed_path


def test_inside_outside_and_symlinks(tmp_path):
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "link").symlink_to(outside)  # a link inside the root pointing out of it
    assert is_allowed_path(root, [root])
    assert is_allowed_path(root / "sub" / "a.jsonl", [root])
    assert is_allowed_path(root / "sub" / ".." / "x", [root])
    assert not is_allowed_path(root / "sub" / ".." / ".." / "outside", [root])
    assert not is_allowed_path(root / "link" / "a.jsonl", [root])
    assert not is_allowed_path(tmp_path / "rootless", [root])  # a prefix is not a parent
    assert not is_allowed_path("/etc/os-release", [root])
    assert is_allowed_path(root / "link" / "a.jsonl", [root, outside])


def test_roots_are_data_cwd_home_and_the_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("FRAMING_PATH_ROOTS",
                       f"{tmp_path / 'a'}{os.pathsep} {os.pathsep}{tmp_path / 'b'}")
    monkeypatch.chdir(tmp_path)
    assert allowed_roots() == [(tmp_path / "data").resolve(), tmp_path.resolve(),
                               Path.home().resolve(), (tmp_path / "a").resolve(),
                               (tmp_path / "b").resolve()]
    monkeypatch.delenv("FRAMING_DATA")
    monkeypatch.delenv("FRAMING_PATH_ROOTS")
    assert allowed_roots()[0] == framing.data_dir().resolve()
    assert len(allowed_roots()) == 3
    assert not is_allowed_path("/etc/os-release", allowed_roots())
