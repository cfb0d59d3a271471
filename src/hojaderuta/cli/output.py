"""Writing to the terminal: consoles, safe text, JSON, and the files left out of the numbers.

Everything a person reads goes through here or through a reporter; text that comes
from files, names or git is shown with its control characters visible and never
read as rich markup.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from hojaderuta.text.i18n import _, ngettext
from hojaderuta.text.safetext import visible

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


def write_json(payload: object) -> None:
    """JSON on stdout; a name that is not UTF-8 is escaped instead of failing the write."""
    from hojaderuta.text.jsontext import json_text

    sys.stdout.write(json_text(payload) + "\n")


def report_excluded(check: PlanCheck) -> bool:
    """Say on stderr which commitments are left out of the plan's average and why, and
    how many count with findings. True when the plan has errors (exit code 1)."""
    from hojaderuta.cli.reporters.findings import display_path
    from hojaderuta.core.findings import Codigo

    problems = check.progress_problems()
    first = check.exclusions()
    lines: list[tuple[str, str]] = []  # (text, style): the console only if there is any
    if problems:
        header = _(
            "Estos compromisos quedan fuera del promedio del plan: su avance no se puede "
            "calcular (se muestran como «sin calcular»; detalles con «hdr validar»):"
        )
        lines.append((header, "bold red"))
    for archivo, motivo in problems.items():
        f = first.get(archivo)
        code = f" [{f.codigo}]" if f and f.codigo is not Codigo.ESQUEMA else ""
        lines.append((f"  {display_path(check.plan_dir, archivo)}  {motivo}{code}", ""))
    noted = {
        f.archivo
        for f in check.findings
        if f.archivo not in problems and f.codigo is not Codigo.HITO_VENCIDO
    }
    noted.discard("plan.yaml")
    if noted:
        n = len(noted)
        message = ngettext(
            "{n} compromiso con observaciones cuenta en el promedio (detalles con «hdr validar»).",
            "{n} compromisos con observaciones cuentan en el promedio (detalles con "
            "«hdr validar»).",
            n,
        )
        lines.append((message.format(n=n), ""))
    if lines:
        err = stderr_console()
        for text, style in lines:
            say(err, text, style)
    errors = [f for f in check.findings if f.es_error and f.codigo != Codigo.CAMBIO_SIN_ACUERDO]
    return bool(problems or errors)
