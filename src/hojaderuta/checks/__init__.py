"""Checking a plan for each purpose, in one place.

``validate_plan`` (here) is what ``hdr validar`` and every editor run: the format's checks
(``core``) plus the comparison with the agreed roadmap through git. ``checks.progress``
has what every view of progress runs (``avance``, ``reporte``, ``publicar``,
``exportar``): validity judged at ``max(al, hoy)`` (a completion after ``al`` is fine
to report) and, with a git ref, on the files as they were at that commit. It is a module
of its own so that ``hdr validar`` does not load the progress calculation or git's
snapshots of old commits (docs/rendimiento.md, «Lo que `validar` ya no importa»).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Unpack

from hojaderuta.core.validation import CheckOptions, PlanCheck, check_plan
from hojaderuta.git.baseline import check_baseline
from hojaderuta.git.tracked import tracked_files
from hojaderuta.text.i18n import N_

# Untranslated: raise it as ``_(PLAN_HAS_ERRORS)``.
PLAN_HAS_ERRORS = N_("plan.yaml tiene errores; corríjalos con «hdr validar» primero.")


def validate_plan(plan_dir: Path, *, al: date, **options: Unpack[CheckOptions]) -> PlanCheck:
    """The whole check: format, rules and, in a repository, changes to the agreed roadmap.

    Local evidence must be a file git tracks (unless ``tracked`` is given: None for
    files that came from a commit, which are all tracked by construction).
    """
    if "tracked" not in options:
        options["tracked"] = tracked_files(plan_dir)
    check = check_plan(plan_dir, al=al, **options)
    if check.linea_base is not None:
        check.add(check_baseline(plan_dir, check.linea_base, check.compromisos))
    return check
