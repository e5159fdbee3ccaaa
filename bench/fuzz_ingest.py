"""The long fuzz run of ingest: the generator and checks of tests/test_fuzz_ingest.py, for
many more folders. Prints how many folders and files were tried, what became of them, and
the first failure (hypothesis shrinks it) if any.

    PYTHONPATH=. python bench/fuzz_ingest.py 2000
"""

from __future__ import annotations

import logging
import sys
import time
from collections import Counter

from hypothesis import HealthCheck, given, settings

from tests.test_fuzz_ingest import check, folders


def main(examples: int) -> int:
    logging.disable(logging.CRITICAL)  # trafilatura logs every page it cannot parse
    tally: Counter[str] = Counter()
    reasons: Counter[str] = Counter()

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(folders)
    def run(files: dict[str, bytes]) -> None:
        corpus = check(files)
        tally["folders"] += 1
        tally["files"] += len(files)
        tally["documents"] += len(corpus.documents)
        tally["skipped"] += len(corpus.skipped)
        tally["warnings"] += len(corpus.warnings)
        for item in corpus.skipped:
            reasons[item.reason.split(" (")[0].split(";")[0][:60]] += 1

    start = time.perf_counter()
    failed = None
    try:
        run()
    except Exception as exc:  # report the shrunk failure, then exit non-zero
        failed = exc
    seconds = time.perf_counter() - start
    print(
        f"folders {tally['folders']}, files {tally['files']}, documents {tally['documents']}, "
        f"skipped {tally['skipped']}, warnings {tally['warnings']}, in {seconds:.0f} s "
        f"({tally['folders'] / seconds:.1f} folders/s)"
    )
    print("most common skip reasons:")
    for reason, count in reasons.most_common(12):
        print(f"  {count:6d}  {reason}")
    if failed is not None:
        print(f"FAILED: {failed!r}")
        return 1
    print("no failure: every folder ingested, every file read or skipped with a one-line reason")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
