"""What a rule returns and what it is told: ``Hit`` and ``RuleContext`` (``core.rules``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hojaderuta.core.findings import Codigo

Parts = tuple[str | int, ...]


@dataclass(frozen=True)
class Hit:
    codigo: Codigo
    parts: Parts
    mensaje: str
    at_key: bool = False


@dataclass
class RuleContext:
    al: date  # the evaluation date: today, or --al
    plan_periodo: tuple[date, date] | None
    plan_dir: Path
    repo_root: Path | None = None  # resolved
    # Files git tracks under the plan (absolute paths); None outside git.
    tracked: frozenset[Path] | None = None
