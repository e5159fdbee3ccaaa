"""The cost of Ray on one machine: the same AllSides articles cold, in-process and on a local
Ray of 2 CPUs, in one run, each in a fresh child process with a fresh cache.

    python bench/ray_overhead.py [--articles 3000] [--cpus 2] [--json PATH]

Reports wall time per stage (the pipeline's Timer laps, plus starting Ray and its actors,
and rendering the YAML report), the peak RSS of the driver, of its largest worker (the
extraction processes in-process, the Ray actors on Ray) and of the whole process tree (Ray's
own GCS and raylet included), the overhead ratio (Ray wall / in-process wall), and whether the
two reports are byte-identical. The memory of the tree is sampled from /proc every half
second: each process's VmHWM is its exact peak, the tree's total is the largest sum of VmRSS
seen (a lower bound).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import DATA, peak_rss_mib, write_articles  # noqa: E402

SAMPLE_S = 0.5


def child(mode: str, folder: str, cache: str, out: str, cpus: int) -> None:
    """One cold run in this process; prints a JSON line of measurements."""
    from checker import pipeline
    from checker.files import write_atomic
    from checker.formats import render

    start = time.perf_counter()
    options = pipeline.Options(cache_dir=Path(cache))
    executor: Any = None
    laps: dict[str, float] = {}
    if mode == "ray":
        import logging

        import ray

        from checker.distributed import RayExecutor

        ray.init(
            num_cpus=cpus, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False
        )
        executor = RayExecutor("ray", pipeline.model_spec(options))
        laps["ray start"] = time.perf_counter() - start
    report = pipeline.run([Path(folder)], options, executor=executor)
    rendered = time.perf_counter()
    write_atomic(Path(out), render(report, "yaml", "error"))
    laps.update(report.timings)
    laps["report"] = time.perf_counter() - rendered
    if executor is not None:
        stopped = time.perf_counter()
        executor.close()
        import ray

        ray.shutdown()
        laps["ray stop"] = time.perf_counter() - stopped
    print(
        json.dumps(
            {
                "mode": mode,
                "articles": len(report.corpus.documents),
                "claims": len(report.claims),
                "stories": len(report.stories),
                "nli_pairs": report.nli_pairs,
                "wall": time.perf_counter() - start,
                "stages": laps,
                "driver_peak_mib": peak_rss_mib(),
            }
        )
    )


def _status(pid: int) -> dict[str, int]:
    out: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("PPid", "VmHWM", "VmRSS"):
            out[key] = int(value.split()[0])
    return out


class TreeMemory:
    """Samples a process tree's memory from /proc until stopped."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.peaks: dict[int, tuple[str, int]] = {}  # pid -> (command, VmHWM KiB)
        self.total_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(SAMPLE_S):
            self.sample()

    def sample(self) -> None:
        parents: dict[int, int] = {}
        stats: dict[int, dict[str, int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stats[int(entry.name)] = _status(int(entry.name))
                except (OSError, ValueError):
                    continue  # gone between listing and reading
                parents[int(entry.name)] = stats[int(entry.name)].get("PPid", 0)
        tree, grew = {self.root}, True
        while grew:
            new = {p for p, pp in parents.items() if pp in tree and p not in tree}
            tree |= new
            grew = bool(new)
        total = 0
        for pid in tree & stats.keys():
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            total += stats[pid].get("VmRSS", 0)
            hwm = max(stats[pid].get("VmHWM", 0), self.peaks.get(pid, ("", 0))[1])
            self.peaks[pid] = (command.decode(errors="replace")[:120], hwm)
        self.total_kib = max(self.total_kib, total)

    def stop(self) -> dict[str, Any]:
        self._stop.set()
        self._thread.join()
        workers = [
            kib
            for pid, (command, kib) in self.peaks.items()
            if pid != self.root and ("ray::" in command or "multiprocessing" in command)
        ]
        return {
            "tree_peak_mib": self.total_kib / 1024,
            "worker_peak_mib": max(workers, default=0) / 1024,
            "workers_seen": len(workers),
            "processes": len(self.peaks),
        }


def measure(mode: str, folder: Path, tmp: Path, cpus: int) -> dict[str, Any]:
    out = tmp / f"report-{mode}.yaml"
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", mode, str(folder), str(tmp / f"cache-{mode}"),
         str(out), str(cpus)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    memory = TreeMemory(proc.pid)
    stdout, stderr = proc.communicate()
    tree = memory.stop()
    if proc.returncode:
        sys.exit(f"the {mode} run failed:\n{stderr[-4000:]}")
    result: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    result.update(tree)
    result["report_bytes"] = out.read_bytes()
    print(mode, {k: v for k, v in result.items() if k != "report_bytes"}, flush=True)
    return result


def table(local: dict[str, Any], ray: dict[str, Any]) -> str:
    names = list(dict.fromkeys([*ray["stages"], *local["stages"]]))
    lines = ["| stage | in-process s | Ray s | Ray / in-process |", "|---|---:|---:|---:|"]
    for name in [*names, "wall"]:
        a = local["wall"] if name == "wall" else local["stages"].get(name, 0.0)
        b = ray["wall"] if name == "wall" else ray["stages"].get(name, 0.0)
        ratio = f"{b / a:.2f}" if a > 0.05 else "-"
        lines.append(f"| {name} | {a:.1f} | {b:.1f} | {ratio} |")
    lines += ["", "| peak RSS (MiB) | in-process | Ray |", "|---|---:|---:|"]
    for key, label in (
        ("driver_peak_mib", "driver"),
        ("worker_peak_mib", "largest worker"),
        ("tree_peak_mib", "whole process tree (sampled)"),
    ):
        lines.append(f"| {label} | {local[key]:.0f} | {ray[key]:.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--cpus", type=int, default=2, help="CPUs of the local Ray")
    parser.add_argument("--json", type=Path, help="write the raw figures here")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"skipped: {DATA} not found")
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        articles = tmp / "articles"
        articles.mkdir()
        write_articles(articles / "allsides.jsonl", 0, args.articles)
        local = measure("local", articles, tmp, args.cpus)
        ray = measure("ray", articles, tmp, args.cpus)
    identical = local.pop("report_bytes") == ray.pop("report_bytes")
    summary = {
        "articles": args.articles,
        "cpus": args.cpus,
        "load_before": load_before,
        "load_after": os.getloadavg(),
        "overhead_ratio": ray["wall"] / local["wall"],
        "identical": identical,
        "local": local,
        "ray": ray,
    }
    print(table(local, ray))
    print(
        f"\n{args.articles} articles, {local['claims']} claims: Ray / in-process wall "
        f"{summary['overhead_ratio']:.3f}; reports byte-identical: {identical}; "
        f"load average before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
        f"after {summary['load_after'][0]:.2f} {summary['load_after'][1]:.2f} "
        f"{summary['load_after'][2]:.2f}"
    )
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    if not identical:
        sys.exit("the reports differ")


if __name__ == "__main__":
    if len(sys.argv) == 7 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]))
    else:
        main()
