"""checker: compare news coverage across outlets."""

from __future__ import annotations

__version__ = "0.1.0"
