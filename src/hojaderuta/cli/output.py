"""Writing to the terminal: consoles, safe text, JSON, and the files left out of the numbers.

Everything a person reads goes through here or through a reporter; text that comes
from files, names or git is shown with its control characters visible and never
read as rich markup.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from hojaderuta.text.safetext import plain, visible

if TYPE_CHECKING:
    from rich.console import Console

    from hojaderuta.core.validation import PlanCheck


def console() -> Console:
    from rich.console import Console

    return Console(highlight=False)


def stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def say(out: Console, text: str, style: str = "") -> None:
    """Print ``text`` as is: no markup, control characters made visible."""
    from rich.text import Text

    out.print(Text(visible(text), style=style))


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return plain(value)
    if isinstance(value, dict):
        return {plain(str(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def write_json(payload: object) -> None:
    """JSON on stdout; a name that is not UTF-8 is escaped instead of failing the write."""
    sys.stdout.write(json.dumps(_plain(payload), ensure_ascii=False, indent=2) + "\n")


def report_excluded(check: PlanCheck) -> bool:
    """List on stderr the files left out of the numbers, with their first error."""
    from hojaderuta.cli.reporters.findings import display_path

    first = check.exclusions()
    if not first:
        return False
    err = stderr_console()
    say(
        err,
        "Estos archivos tienen errores y quedan fuera de las cifras (detalles con «hdr validar»):",
        "bold red",
    )
    for archivo, f in first.items():
        where = f"{display_path(check.plan_dir, archivo)}:{f.linea}"
        say(err, f"  {where}  [{f.codigo}] {f.mensaje}")
    return True
