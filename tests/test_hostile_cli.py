"""The real CLI, with the real models, on a folder a careless or hostile user hands over: the
seeds plus every kind of bad file. The run goes on, each bad file is one warning line naming
it and is listed under `skipped`, nothing outside the folder is read, every output format
parses, and what cannot be written is one error line, exit 2."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml

from .conftest import SEEDS
from .test_cli import run

pytestmark = pytest.mark.slow

SECRET = "nobody:x:65534:65534:the secret line nobody may read:/nonexistent:/bin/false\n"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    outside = base / "outside.txt"
    outside.write_text(SECRET)
    root = base / "in"
    shutil.copytree(SEEDS, root)
    body = (root / "000_d8c2ccedf805ca08.txt").read_text()
    files: dict[str, bytes] = {
        "bin.txt": bytes(range(256)) * 20,
        "latin1.txt": "Caf\xe9 owners said prices rose.".encode("latin-1"),
        "utf16.txt": body.replace("Pompeo", "Pompeo16").encode("utf-16"),
        "empty.txt": b"",
        "blank.txt": b" \n\t\n",
        "nul.txt": b"The minister said\x00 prices rose.",
        "esc.txt": b"The mayor \x1b[31msaid ]]> <b> & ::error:: 100% the bridge is shut.\r\n",
        "bad.jsonl": b'{"text": 5}\n{broken\n{"id": "../../x", "text": "The council said the vote was delayed."}\n',
        "script.html": b"<html><body><article><p>The mayor said on Monday that the bridge "
        b"will reopen on Friday after repairs.</p><script>alert('pwned')</script></article></body></html>",
        "new\nline.txt": b"The governor said the road will reopen on Monday.\n",
    }
    for name, data in files.items():
        (root / name).write_bytes(data)
    os.symlink(outside, root / "passwd.txt")
    os.symlink("/etc/passwd", root / "etc.txt")
    os.symlink("loop2.txt", root / "loop1.txt")
    os.symlink("loop1.txt", root / "loop2.txt")
    os.mkfifo(root / "pipe.txt")
    with (root / "dump.txt").open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)
    return root


BAD = [
    "bin.txt",
    "latin1.txt",
    "empty.txt",
    "blank.txt",
    "nul.txt",
    "passwd.txt",
    "etc.txt",
    "loop1.txt",
    "loop2.txt",
    "pipe.txt",
    "dump.txt",
    "bad.jsonl:1",
    "bad.jsonl:2",
]


def test_compare_reads_what_it_can_and_lists_the_rest(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.yaml"
    result = run("compare", str(hostile), "-o", str(out), "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    report = yaml.safe_load(out.read_text())
    skipped = {s["path"]: s["reason"] for s in report["skipped"]}
    assert set(BAD) <= set(skipped), skipped
    for path in BAD:  # one warning line each, naming the file
        assert (
            sum(
                line.startswith(f"warning: {path}: skipped: ")
                for line in result.stderr.splitlines()
            )
            == 1
        )
    ids = {d["id"] for d in report["documents"]}
    assert {"utf16", "esc", "script", "bad/_.._x", "new\nline"} <= ids
    everything = out.read_text()
    assert "secret line" not in everything and "root:x:0:0" not in everything
    assert "pwned" not in everything and "\x1b" not in everything


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github", "text"])
def test_every_format_parses_on_the_hostile_folder(hostile: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"r.{fmt}"
    result = run(
        "compare", str(hostile), "-o", str(out), "--format", fmt, "-q", "--fail-on", "never"
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    if fmt in ("json", "sarif"):
        json.loads(text)
    elif fmt == "junit":
        ET.fromstring(text.split("\n", 1)[1])
    elif fmt == "github":
        assert all(line.startswith("::") for line in text.splitlines())


def test_unwritable_output_and_broken_baseline_are_one_line_exit_2(
    hostile: Path, tmp_path: Path
) -> None:
    (tmp_path / "afile").write_text("x")
    result = run("compare", str(SEEDS), "-o", str(tmp_path / "afile" / "r.yaml"), "-q")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "cannot write here" in result.stderr
    baseline = tmp_path / "checker-baseline.yaml"
    baseline.write_text(
        "schema: checker-baseline/1\nfindings: !!python/object/apply:os.system [id]\n"
    )
    result = run(
        "compare", str(SEEDS), "-o", str(tmp_path / "r.yaml"), "-q", "--baseline", str(baseline)
    )
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "is not allowed" in result.stderr and baseline.read_text().startswith("schema")
    assert not (tmp_path / "r.yaml").exists()


def test_runs_at_once_and_a_killed_run_share_one_cache(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    from .test_cli import CACHE_HOME

    cache = tmp_path / "cache"
    exported = CACHE_HOME / "checker" / "models"
    if exported.exists():  # spare the export; a fresh one works too, only slower
        shutil.copytree(exported, cache / "models")

    def start(out: Path) -> subprocess.Popen[str]:
        args = ["compare", str(SEEDS), "-o", str(out), "-q", "--cache-dir", str(cache)]
        return subprocess.Popen(
            [sys.executable, "-m", "checker", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "XDG_CACHE_HOME": str(CACHE_HOME)},
        )

    killed = start(tmp_path / "killed.yaml")
    time.sleep(4)  # inside the model stages, writing the cache
    killed.send_signal(signal.SIGKILL)
    killed.communicate()
    together = [start(tmp_path / f"r{i}.yaml") for i in range(3)]
    results = [(p.wait(timeout=600), p.communicate()) for p in together]
    # The seeds' one finding is `info`: a clean exit, the same for each run.
    assert all(code == 0 and err == "" for code, (_, err) in results), results
    reports = {(tmp_path / f"r{i}.yaml").read_bytes() for i in range(3)}
    assert len(reports) == 1  # same bytes from each
    partial = tmp_path / "killed.yaml"
    assert not partial.exists() or partial.read_bytes() in reports  # never half a report
