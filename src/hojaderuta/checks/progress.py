"""The check behind every view of progress (``avance``, ``reporte``, ``publicar``,
``exportar``, the history's reporting rounds), and the progress it gives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hojaderuta.checks import PLAN_HAS_ERRORS, validate_plan
from hojaderuta.core.findings import Codigo, Finding
from hojaderuta.core.validation import PlanCheck
from hojaderuta.errors import PlanFileError
from hojaderuta.git.snapshots import plan_at, ref_commit
from hojaderuta.progress import PlanAvance, plan_avance, sin_calcular
from hojaderuta.text.i18n import _


@dataclass(frozen=True)
class ProgressCheck:
    """The check behind a view of progress, the progress itself and its date."""

    check: PlanCheck
    avance: PlanAvance
    al: date


def check_for_progress(
    plan_dir: Path, *, al: date | None, hoy: date, en: str | None = None
) -> ProgressCheck:
    """Progress at ``al`` (today by default; with ``en``, the date of that commit).

    Raises ``PlanFileError`` when plan.yaml itself has errors: nothing can be computed.
    """
    if en is None:
        fecha = al or hoy
        check = validate_plan(plan_dir, al=max(fecha, hoy))
    else:
        # A reporting round gives the same numbers every time: by default, at its own date.
        fecha = al or ref_commit(plan_dir, en).dia
        with plan_at(plan_dir, en) as old:
            # Every file there came from the commit's tree: all tracked, none to ask git about.
            check = validate_plan(old, al=max(fecha, hoy), shown_as=plan_dir, tracked=None)
    if check.plan is None:
        raise PlanFileError(
            _(PLAN_HAS_ERRORS)
            if en is None
            else _("plan.yaml tenía errores en «{ref}»; no se puede calcular el avance.").format(
                ref=en
            )
        )
    return ProgressCheck(check, progress_of(check, fecha), fecha)


def _hitos_first(by_file: dict[str, list[Finding]], archivo: str) -> list[Finding]:
    found = by_file.get(archivo, [])
    return sorted(found, key=lambda f: not f.ruta.startswith(("/hitos", "/numero")))


def progress_of(check: PlanCheck, al: date) -> PlanAvance:
    """Every commitment of a checked plan: those whose progress can be computed in the
    average, with their files' findings as observations; the others apart, with why."""
    by_file: dict[str, list[Finding]] = {}
    for f in check.findings:
        if f.codigo is not Codigo.HITO_VENCIDO:  # every view shows overdue hitos already
            by_file.setdefault(f.archivo, []).append(f)
    left = [
        # The findings about its hitos first: they are what keeps it out of the average.
        sin_calcular(archivo, check.datos.get(archivo), motivo, _hitos_first(by_file, archivo))
        for archivo, motivo in check.progress_problems().items()
    ]
    plan = check.plan or {"id": "", "nombre": ""}
    return plan_avance(plan, check.computable(), al, observaciones=by_file, fuera=left)


def avance_at(plan_dir: Path, ref: str, al: date, hoy: date) -> tuple[PlanCheck, PlanAvance]:
    """Progress of a reporting round: the files of ``ref`` evaluated at ``al``."""
    run = check_for_progress(plan_dir, al=al, hoy=hoy, en=ref)
    return run.check, run.avance
