"""``hdr cambios``: every agreed field changed since the baseline, beside the
``modificaciones`` entries that justify it.

The same comparison as the ``cambio-sin-acuerdo`` rule (``baseline``): commitments
matched by ``numero``, agreed fields only, justified by any ``modificaciones``
entry absent at the baseline. It also lists commitments removed since then,
which ``hdr validar`` cannot point at (their file is gone).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from hojaderuta.core.discovery import PLAN_FILE, commitment_files
from hojaderuta.core.loading import load_file
from hojaderuta.errors import UsageError
from hojaderuta.git.agreed import Change, agreed_of, diff, modificaciones_of, new_modificaciones
from hojaderuta.git.baseline import commitments_in
from hojaderuta.git.repo import Commit, PlanRepo
from hojaderuta.git.versions import numero_of, parse_commitment
from hojaderuta.text.i18n import _


class ChangeState(StrEnum):
    """What happened to a commitment since the baseline."""

    NUEVO = "nuevo"
    MODIFICADO = "modificado"
    ELIMINADO = "eliminado"


@dataclass(frozen=True, slots=True)
class CompromisoCambios:
    numero: int
    nombre: str
    archivo: str | None  # None for a removed commitment
    estado: ChangeState
    cambios: list[Change]  # agreed fields (empty for nuevo and eliminado)
    modificaciones: list[dict[str, Any]]  # entries added since the baseline

    @property
    def justificado(self) -> bool:
        return self.estado != ChangeState.ELIMINADO and bool(self.modificaciones)

    def as_json(self) -> dict[str, Any]:
        return {
            "numero": self.numero,
            "nombre": self.nombre,
            "archivo": self.archivo,
            "estado": str(self.estado),
            "justificado": self.justificado,
            "cambios": [
                {"campo": c.campo, "antes": c.antes, "despues": c.despues} for c in self.cambios
            ],
            "modificaciones": self.modificaciones,
        }


@dataclass
class Cambios:
    plan: str | None
    desde: str  # the ref as given
    commit: Commit  # what it names
    compromisos: list[CompromisoCambios]
    ilegibles: list[str] = field(default_factory=list)  # files that could not be read now

    @property
    def sin_acuerdo(self) -> int:
        return sum(1 for c in self.compromisos if not c.justificado)

    def as_json(self) -> dict[str, Any]:
        return {
            "formato": 1,
            "plan": self.plan,
            "desde": self.desde,
            "commit": self.commit.sha,
            "fecha": self.commit.fecha,
            "sin_acuerdo": self.sin_acuerdo,
            "compromisos": [c.as_json() for c in self.compromisos],
            "ilegibles": self.ilegibles,
        }


def current_compromisos(plan_dir: Path) -> tuple[list[tuple[str, dict[str, Any]]], list[str]]:
    """The working tree's commitments that load and have a ``numero`` (schema errors
    or not: ``hdr validar`` reports those), and the files that could not be read."""
    found: list[tuple[str, dict[str, Any]]] = []
    unreadable: list[str] = []
    for path in commitment_files(plan_dir):
        archivo = path.relative_to(plan_dir).as_posix()
        try:
            parsed = parse_commitment(path.read_bytes(), archivo)
        except OSError:
            unreadable.append(archivo)
            continue
        if parsed.cargado and numero_of(parsed.data) is not None:
            found.append((archivo, parsed.data))
        else:
            unreadable.append(archivo)
    return found, unreadable


def changes_since(
    plan_dir: Path, ref: str, current: list[tuple[str, dict[str, Any]]]
) -> tuple[Commit, list[CompromisoCambios]]:
    """Changed, new and removed commitments of ``current`` (archivo, data) since ``ref``."""
    needed_for = _(
        "«{plan}» no está en un repositorio git, y la comparación con la línea base sale de "
        "la historia de git."
    ).format(plan=plan_dir)
    with PlanRepo(plan_dir, needed_for) as store:
        commit = store.resolve(ref)
        before = commitments_in(store, commit.sha)
    out: list[CompromisoCambios] = []
    for archivo, data in sorted(current, key=lambda item: (item[1]["numero"], item[0])):
        numero = data["numero"]
        old = before.get(numero)
        added = [
            m if isinstance(m, dict) else {"descripcion": str(m)}
            for m in new_modificaciones(modificaciones_of(old or {}), modificaciones_of(data))
        ]
        nombre = str(data.get("nombre", ""))
        if old is None:
            out.append(CompromisoCambios(numero, nombre, archivo, ChangeState.NUEVO, [], added))
            continue
        changes = list(diff(agreed_of(old), agreed_of(data)))
        if changes:
            modified = ChangeState.MODIFICADO
            out.append(CompromisoCambios(numero, nombre, archivo, modified, changes, added))
    present = {data["numero"] for _archivo, data in current}
    for numero in sorted(set(before) - present):
        nombre = str(before[numero].get("nombre", ""))
        out.append(CompromisoCambios(numero, nombre, None, ChangeState.ELIMINADO, [], []))
    out.sort(key=lambda c: (c.numero, c.archivo or ""))
    return commit, out


def cambios(plan_dir: Path, ref: str | None) -> Cambios:
    """``hdr cambios``: changes since ``ref``, or since plan.yaml's ``linea_base``."""
    doc = load_file(plan_dir / PLAN_FILE, PLAN_FILE)
    plan = doc.data if doc.loaded and isinstance(doc.data, dict) else {}
    desde = ref or plan.get("linea_base")
    if not isinstance(desde, str) or not desde:
        raise UsageError(
            _(
                "No hay línea base con qué comparar: indique una referencia git con "
                "«--desde REF» (etiqueta, rama o commit; por ejemplo «hdr cambios --desde "
                "4pa-publicado») o agregue «linea_base: REF» a plan.yaml."
            )
        )
    current, unreadable = current_compromisos(plan_dir)
    commit, found = changes_since(plan_dir, desde, current)
    plan_id = plan.get("id")
    return Cambios(
        plan=plan_id if isinstance(plan_id, str) else None,
        desde=desde,
        commit=commit,
        compromisos=found,
        ilegibles=unreadable,
    )
