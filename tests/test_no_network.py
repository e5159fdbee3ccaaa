"""No network at run time: `checker compare` on the seeds, from a fresh cache (models
exported from the installed packages), in a process where every internet socket, name
lookup and connection attempt raises and is recorded. It must pass without trying once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow

SITECUSTOMIZE = """
import os, socket

_LOG = os.environ["CHECKER_NETWORK_LOG"]
_INTERNET = (socket.AF_INET, socket.AF_INET6)


def _refuse(what):
    with open(_LOG, "a", encoding="utf-8") as handle:
        handle.write(what + "\\n")
    raise OSError(f"network blocked by the test: {what}")


_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex


def connect(self, address):
    if self.family in _INTERNET:
        _refuse(f"connect {address!r}")
    return _connect(self, address)


def connect_ex(self, address):
    if self.family in _INTERNET:
        _refuse(f"connect_ex {address!r}")
    return _connect_ex(self, address)


socket.socket.connect = connect
socket.socket.connect_ex = connect_ex
socket.getaddrinfo = lambda *a, **k: _refuse(f"getaddrinfo {a[:2]!r}")
socket.gethostbyname = lambda *a, **k: _refuse(f"gethostbyname {a[:1]!r}")
socket.create_connection = lambda *a, **k: _refuse(f"create_connection {a[:1]!r}")
"""


def test_compare_runs_with_the_network_blocked(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "sitecustomize.py").write_text(SITECUSTOMIZE)
    log = tmp_path / "network.log"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("HF_", "TRANSFORMERS_", "SENTENCE_TRANSFORMERS_"))
    }
    env.update(
        PYTHONPATH=os.pathsep.join([str(tmp_path / "site"), str(ROOT)]),
        CHECKER_NETWORK_LOG=str(log),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        HOME=str(tmp_path / "home"),
    )
    probe = subprocess.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('example.org', 80))"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "network blocked by the test" in probe.stderr  # the block is in force
    log.unlink()
    out = tmp_path / "report.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "checker", "compare", str(SEEDS), "-o", str(out), "-q"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    report = yaml.safe_load(out.read_text())
    assert report["summary"]["documents"] == 4 and report["claims"]
    assert not log.exists(), log.read_text()  # not one attempt, caught or not
