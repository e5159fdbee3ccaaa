"""Exit codes and the one exception type that reaches the user as a single line."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes; the code is a property of the report, never of a crash."""

    OK = 0
    FINDINGS = 1
    USAGE = 2


class CheckerError(Exception):
    """A user-facing error: bad usage or unreadable input. Printed as one line, exit 2."""
