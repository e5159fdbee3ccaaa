"""What checker writes stays valid and whole whatever the articles hold and whatever happens
to the run: reports parse in every format, writes are atomic, the cache survives damage,
concurrent runs and SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree as ET

import numpy as np
import pytest
import yaml

from checker import baseline, config, embed
from checker.errors import CheckerError
from checker.files import check_writable, write_atomic
from checker.formats import render
from checker.records import Claim, Contradiction, Corpus, Document

from .conftest import ROOT
from .test_formats import PUB

NASTY = "He said: ::error file=x::boom %0A 100% ]]> <tag> & \x07\x1b[31m\x00\r\n\u2028\ufffe end"


def nasty_report() -> object:
    from checker.report import Report

    text = f"{NASTY}\n\nShe said the opposite: {NASTY}\n"
    doc = Document(
        "a b/\u8a18\u4e8b\n1", "a b/\u8a18\u4e8b\n1.txt", text, "0" * 64, "O", None, None, None, ()
    )
    other = Document("x::y,z", "x::y,z.txt", text, "1" * 64, "P", None, None, None, ())
    claims = (
        Claim("a b/\u8a18\u4e8b\n1:1", doc.id, NASTY, (0, len(NASTY)), "S <&>", PUB),
        Claim("x::y,z:1", other.id, NASTY, (0, len(NASTY)), None, PUB),
    )
    finding = Contradiction(
        "c-1", "conflict", "error", (claims[0].id, claims[1].id), 0.9, NASTY, "nli"
    )
    return Report(Corpus("in", (doc, other), ()), claims, (), (finding,), ())


def test_every_format_parses_whatever_the_claims_hold() -> None:
    report = nasty_report()
    assert yaml.safe_load(render(report, "yaml"))["claims"][1]["text"] == NASTY  # type: ignore[arg-type]
    assert json.loads(render(report, "json"))["claims"][1]["text"] == NASTY  # type: ignore[arg-type]
    sarif = json.loads(render(report, "sarif"))  # type: ignore[arg-type]
    assert sarif["runs"][0]["results"][0]["message"]["text"] == NASTY
    junit = ET.fromstring(render(report, "junit").split("\n", 1)[1])  # type: ignore[arg-type]
    failure = junit.find("./testsuite/testcase/failure")
    assert failure is not None and "]]> <tag> &" in failure.get("message", "")
    lines = render(report, "github").splitlines()  # type: ignore[arg-type]
    assert len(lines) == 1  # CR, LF and U+2028 inside a message would start a new command
    line = lines[0]
    assert line.startswith("::error file=") and "\r" not in line
    props, message = line[2:].split("::", 1)[0], line[2:].split("::", 1)[1]
    assert "::" not in props and props.count(",") == 4  # file,line,col,endLine,title
    decoded = message.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")
    assert "::error file=x::boom %0A 100% ]]> <tag> &" in decoded and "\x1b" not in decoded


def test_write_atomic_never_leaves_half_a_file(tmp_path: Path) -> None:
    target = tmp_path / "report.yaml"
    target.write_text("old: report\n")

    class Boom(Exception):
        pass

    def fail(_: str) -> None:
        raise Boom

    from checker.files import save_atomic

    with pytest.raises(Boom):
        save_atomic(target, fail)
    assert target.read_text() == "old: report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.yaml"]


def test_a_run_killed_while_writing_leaves_the_old_file_or_the_new_one(tmp_path: Path) -> None:
    target = tmp_path / "report.yaml"
    write_atomic(target, "n: -1\n")
    writer = (
        "import sys; from pathlib import Path; from checker.files import write_atomic\n"
        "for i in range(10**9): write_atomic(Path(sys.argv[1]), f'n: {i}\\n' + 'x\\n' * 200000)\n"
    )
    for delay in (0.3, 0.55, 0.8):
        proc = subprocess.Popen(
            [sys.executable, "-c", writer, str(target)], env={**os.environ, "PYTHONPATH": str(ROOT)}
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        lines = target.read_text().split("\n")
        assert lines == ["n: -1", ""] or (lines[0].startswith("n: ") and len(lines) == 200002)


def test_unwritable_targets_are_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    with pytest.raises(CheckerError, match=r"afile/r.yaml: cannot write here: a file is where"):
        write_atomic(blocker / "r.yaml", "data")
    with pytest.raises(CheckerError, match="not a folder"):
        check_writable(blocker / "r.yaml")
    with pytest.raises(CheckerError, match="is a folder"):
        check_writable(tmp_path)
    check_writable(tmp_path / "new" / "deeper" / "r.yaml")  # made when written
    assert not (tmp_path / "new").exists()
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o555)
        with pytest.raises(CheckerError, match="cannot write"):
            write_atomic(locked / "r.yaml", "data")


BOMB = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("schema: checker-baseline/1\n" + BOMB + "findings: *a9\n", "aliases"),
        ("schema: checker-baseline/1\nfindings: !!python/object/apply:os.system [id]\n", "tag"),
        ("schema: checker-baseline/1\nfindings:\n  - id: c-12\n    reason: 'cut", "line 4:"),
        ("schema: other/1\nfindings: []\n", "expected a checker baseline"),
        ("schema: checker-baseline/1\nfindings: {a: 1}\n", "'findings' must be a list"),
        ("schema: checker-baseline/1\nfindings:\n  - id: 5\n", "finding 1 has no 'id'"),
        ("[" * 2000, "nested too deeply"),
    ],
)
def test_a_broken_baseline_is_one_line_and_is_not_overwritten(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "checker-baseline.yaml"
    path.write_text(text)
    with pytest.raises(CheckerError, match=message) as info:
        baseline.load(path)
    assert "\n" not in str(info.value) and str(path) in str(info.value)
    assert path.read_text() == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fail-on: &x error\noutput: *x\n", "line 2: not valid YAML: aliases"),
        ("fail-on: !!python/object/apply:os.system [id]\n", "the tag !!python/object/apply"),
        ("output: {a: 1}\n", "setting 'output' must be text"),
        ("quiet: 'yes please'\n", "setting 'quiet' must be true or false"),
        ("max-file-size: 1.5\n", "setting 'max-file-size' must be a whole number"),
        ("cluster-threshold: 'high'\n", "setting 'cluster-threshold' must be a number"),
        ("fail-on: [error\n", "not valid YAML"),
        ("- a\n- b\n", "expected a mapping"),
    ],
)
def test_a_broken_config_is_one_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "checker.yaml"
    path.write_text(text)
    with pytest.raises(CheckerError, match=message):
        config.load(path, ["fail_on", "output", "quiet", "max_file_size", "cluster_threshold"])


def test_a_pyproject_whose_tool_is_not_a_table_is_not_a_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("tool = 5\n")
    assert config.find(tmp_path) is None or config.find(tmp_path) != tmp_path / "pyproject.toml"
    (tmp_path / "pyproject.toml").write_text("[tool]\nchecker = 5\n")
    with pytest.raises(CheckerError, match=r"\[tool.checker\]: expected a mapping"):
        config.load(tmp_path / "pyproject.toml", ["quiet"])


def test_config_values_of_the_right_type_pass(tmp_path: Path) -> None:
    path = tmp_path / "checker.yaml"
    path.write_text("quiet: true\nmax-file-size: 100\ncluster-threshold: 1\noutput: r.yaml\n")
    got = config.load(path, ["quiet", "max_file_size", "cluster_threshold", "output"])
    assert got == {"quiet": True, "max_file_size": 100, "cluster_threshold": 1, "output": "r.yaml"}


def vectors(n: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    return {f"k{i}": rng.standard_normal(8).astype(np.float32) for i in range(n)}


def test_a_truncated_or_garbage_cache_is_set_aside_and_rebuilt(tmp_path: Path) -> None:
    cache = embed.EmbeddingCache(tmp_path)
    cache.put("m", vectors(2000))
    cache.close()
    whole = (tmp_path / "embeddings.sqlite3").read_bytes()
    for damaged in (whole[: len(whole) // 3], os.urandom(50_000), b""):
        (tmp_path / "embeddings.sqlite3").write_bytes(damaged)
        warnings: list[str] = []
        cache = embed.EmbeddingCache(tmp_path, warnings.append)
        got = cache.get("m", sorted(vectors(2000)))
        cache.put("m", vectors(3))
        assert set(cache.get("m", ["k0", "k1", "k2"])) == {"k0", "k1", "k2"}
        cache.close()
        assert len(got) in (0, 2000) or warnings  # damage is said, never trusted silently


def test_an_unusable_cache_folder_falls_back_to_memory(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    warnings: list[str] = []
    cache = embed.EmbeddingCache(tmp_path / "file" / "cache", warnings.append)
    cache.put("m", vectors(2))
    assert set(cache.get("m", ["k0", "k1"])) == {"k0", "k1"}
    assert "cache cannot be used" in warnings[0]


WRITER = """
import sys
from pathlib import Path
import numpy as np
from checker.embed import EmbeddingCache
cache = EmbeddingCache(Path(sys.argv[1]))
rng = np.random.default_rng(int(sys.argv[2]))
for round in range(int(sys.argv[3])):
    cache.put("m", {f"{sys.argv[2]}-{round}-{i}": rng.standard_normal(64).astype(np.float32)
                    for i in range(200)})
print("done")
"""


def writer(folder: Path, seed: int, rounds: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder), str(seed), str(rounds)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_runs_at_once_on_one_cache_and_a_killed_run_leave_it_usable(tmp_path: Path) -> None:
    procs = [writer(tmp_path, seed, 20) for seed in range(3)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(out.strip() == "done" and err == "" for out, err in outs), outs
    killed = writer(tmp_path, 9, 10**6)
    time.sleep(1.5)
    killed.send_signal(signal.SIGKILL)
    killed.communicate()
    warnings: list[str] = []
    cache = embed.EmbeddingCache(tmp_path, warnings.append)
    keys = [f"{s}-{r}-{i}" for s in range(3) for r in range(20) for i in range(200)]
    assert len(cache.get("m", keys)) == len(keys)  # every finished write is there
    cache.put("m", vectors(1))
    cache.close()
    assert warnings == []


def test_written_files_get_the_permissions_the_umask_allows(tmp_path: Path) -> None:
    from checker.files import _umask, write_atomic

    target = tmp_path / "report.yaml"
    write_atomic(target, "schema: x\n")
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()
