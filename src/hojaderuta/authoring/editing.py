"""Reporting progress by editing a commitment file in place: ``hdr marcar`` and ``hdr verificar``.

Every edit follows the same path: find the commitment by its ``numero``, change
only the keys it must (ruamel.yaml round-trip, see ``yamledit`` and ``pipeline``),
check the whole plan with the new bytes in place of the file, and write atomically only
when the edited file has no errors. A refused edit leaves the file untouched.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from hojaderuta.authoring import wording
from hojaderuta.authoring import yamledit as rt
from hojaderuta.authoring.pipeline import round_trip
from hojaderuta.authoring.scaffold import numbered_files
from hojaderuta.authoring.shared import owned
from hojaderuta.checks import validate_plan
from hojaderuta.core.discovery import find_repo_root
from hojaderuta.core.findings import Finding
from hojaderuta.core.links import Link, classify
from hojaderuta.errors import GitError, UsageError
from hojaderuta.git.commands import commit_file, has_uncommitted, repository_for_commit
from hojaderuta.locking import locked
from hojaderuta.text.folding import fold
from hojaderuta.text.i18n import _
from hojaderuta.writing import write_atomic

# The contract's key order: new keys go after the last present key that precedes them.
# fmt: off
HITO_ORDER = [
    "nombre", "ponderacion", "responsable", "descripcion", "indicador", "medio_verificacion",
    "inicio", "termino", "actividades", "cumplido", "fecha_cumplimiento", "evidencia",
    "verificado", "notas",
]
# fmt: on
ACTIVIDAD_ORDER = ["actividad", "descripcion", "medio_verificacion", "cumplida"]
VERIFICADO_ORDER = ["por", "fecha"]


@dataclass
class Cambio:
    """What a change did to the data, for the messages and the commit."""

    mensaje: str  # one line, also the commit subject
    ruta: str  # JSON pointer of the edited hito or activity
    detalle: list[str] = field(default_factory=list)  # commit body lines
    avisos: list[str] = field(default_factory=list)


@dataclass
class Edicion:
    """The outcome of an edit: written, unchanged, or refused with the findings that stop it."""

    archivo: str  # relative to the plan directory
    path: Path
    mensaje: str
    escrito: bool = False
    rechazo: list[Finding] = field(default_factory=list)
    errores_previos: int = 0  # errors the file already had before the edit
    avisos: list[str] = field(default_factory=list)
    commit: str | None = None


def find_commitment(plan_dir: Path, numero: int) -> tuple[Path, str]:
    """The file of commitment ``numero`` and its name relative to the plan."""
    found: list[tuple[Path, str]] = []
    numbers: list[int] = []
    unreadable: list[str] = []
    for path, archivo, value in numbered_files(plan_dir, loose=False):
        if value is None:
            unreadable.append(archivo)
            continue
        numbers.append(value)
        if value == numero:
            found.append((path, archivo))
    if len(found) > 1:
        names = ", ".join(archivo for _path, archivo in found)
        raise UsageError(
            _(
                "Varios archivos usan el número {numero} ({archivos}); corrija «numero» antes "
                "de editar (vea «hdr validar»)."
            ).format(numero=numero, archivos=names)
        )
    if not found:
        have = ", ".join(str(n) for n in sorted(set(numbers))) or _("ninguno")
        text = _("No hay un compromiso con número {numero} (hay: {hay}).").format(
            numero=numero, hay=have
        )
        if unreadable:
            text += " " + _("Sin número legible: {archivos} (revíselos con «hdr validar»).").format(
                archivos=", ".join(unreadable)
            )
        raise UsageError(text)
    return found[0]


def _item(root: Any, data: Any, index: int, numero: int, hito: int | None) -> Any:
    """Hito ``index`` (1-based) of commitment ``numero`` (``hito`` None), or activity
    ``index`` of that ``hito``: made its own if an alias shares it."""
    key = "hitos" if hito is None else "actividades"
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise UsageError(wording.no_items(numero, hito))
    if not 1 <= index <= len(items):
        raise UsageError(wording.out_of_range(numero, hito, len(items), index))
    if not isinstance(items[index - 1], dict):
        raise UsageError(
            _(
                "El elemento {indice} de «{clave}» no es un bloque de claves; revise el archivo "
                "con «hdr validar»."
            ).format(indice=index, clave=key)
        )
    # Taken as their own before any change: through a YAML alias the edit would reach
    # every place that shares the node (the other hito with «actividades: *acts»).
    if hito is None:
        whose = _("«hitos» de el compromiso {numero}").format(numero=numero)
    else:
        whose = _("«actividades» de el hito {hito} del compromiso {numero}").format(
            hito=hito, numero=numero
        )
    items = owned(root, data, key, whose)
    element = _("El elemento {indice} de «{clave}»").format(indice=index, clave=key)
    return owned(root, items, index - 1, element)


def _hito(data: Any, numero: int, hito: int) -> Any:
    return _item(data, data, hito, numero, None)


def _normalize_evidence(value: str, plan_dir: Path, cwd: Path | None) -> str:
    """A path typed relative to the working directory, rewritten relative to the plan."""
    text = value.strip()
    if cwd is None or classify(text) is not Link.RELATIVE:
        return text
    try:
        full = (cwd / text).resolve()
        if not full.exists():
            return text
    except (OSError, ValueError):
        return text
    for base in (plan_dir, find_repo_root(plan_dir)):
        if base is not None and full.is_relative_to(base.resolve()):
            return full.relative_to(base.resolve()).as_posix()
    return text


def _check_verifier(data: Any, por: str, numero: int) -> list[str]:
    people = data.get("corresponsables") if isinstance(data, dict) else None
    names = [
        p["nombre"]
        for p in people or []
        if isinstance(p, dict) and isinstance(p.get("nombre"), str)
    ]
    if fold(por) in {fold(n) for n in names}:
        return []
    close = difflib.get_close_matches(por, names, n=1, cutoff=0.6)
    listed = ", ".join(f"«{n}»" for n in names) or _("ninguna")
    text = _(
        "«{nombre}» no es una de las personas corresponsables del compromiso {numero} "
        "({personas}); la verificación suele hacerla una organización corresponsable."
    ).format(nombre=por, numero=numero, personas=listed)
    if close:
        text += " " + _("¿Quiso decir «{nombre}»?").format(nombre=close[0])
    return [text]


def marcar(
    plan_dir: Path,
    numero: int,
    hito: int,
    *,
    hoy: date,
    evidencia: Sequence[str] = (),
    fecha: date | None = None,
    nota: str | None = None,
    actividad: int | None = None,
    reabrir: bool = False,
    commit: bool = False,
    cwd: Path | None = None,
) -> Edicion:
    """Report hito ``hito`` (1-based) of commitment ``numero`` as done, or reopen it.

    With ``actividad``, the same for one of its activities. Reopening keeps the
    evidence (it still exists and is often reused) and drops the completion
    date and the verification, which no longer hold.
    """
    _positive(compromiso=numero, hito=hito, actividad=actividad)
    _check_options(evidencia, fecha, nota, actividad, reabrir)
    links = [_normalize_evidence(e, plan_dir, cwd) for e in evidencia]
    if any(not e for e in links):
        raise UsageError(
            _("Una --evidencia está vacía: indique un enlace o la ruta de un archivo.")
        )

    def change(data: Any) -> Cambio:
        item = _hito(data, numero, hito)
        ids = {"numero": numero, "hito": hito, "actividad": actividad}
        if actividad is not None:
            act = _item(data, item, actividad, numero, hito)
            if reabrir:
                said = _("Compromiso {numero}, hito {hito}, actividad {actividad}: reabierta")
            else:
                said = _("Compromiso {numero}, hito {hito}, actividad {actividad}: cumplida")
            if not reabrir or "cumplida" in act:  # one never reported has nothing to reopen
                rt.set_key(act, "cumplida", not reabrir, ACTIVIDAD_ORDER)
            ruta = f"/hitos/{hito - 1}/actividades/{actividad - 1}"
            return Cambio(said.format(**ids), ruta)
        ruta = f"/hitos/{hito - 1}"
        detalle = [_("Nota: {nota}").format(nota=nota.strip())] if nota else []
        if nota is not None:
            rt.set_key(item, "notas", rt.text_value(nota.strip()), HITO_ORDER)
        if reabrir:
            if "cumplido" in item:
                rt.set_key(item, "cumplido", False, HITO_ORDER)
            rt.remove_key(item, "fecha_cumplimiento")
            rt.remove_key(item, "verificado")
            return Cambio(
                _("Compromiso {numero}, hito {hito}: reabierto").format(**ids), ruta, detalle
            )
        current = item.get("evidencia")
        if isinstance(current, list) and links:
            whose = _("La evidencia del hito {hito}").format(hito=hito)
            current = owned(data, item, "evidencia", whose)
        if not links and not (isinstance(current, list) and current):
            raise UsageError(
                _(
                    "Indique al menos una evidencia del hito {hito} con --evidencia: un enlace "
                    "(https://…) o la ruta de un archivo del repositorio."
                ).format(hito=hito)
            )
        already = item.get("cumplido") is True and "fecha_cumplimiento" in item
        rt.set_key(item, "cumplido", True, HITO_ORDER)
        if fecha is not None or not already:
            rt.set_key(item, "fecha_cumplimiento", fecha or hoy, HITO_ORDER)
        new = [e for e in dict.fromkeys(links) if not (isinstance(current, list) and e in current)]
        if isinstance(current, list):
            for link in new:
                rt.append_item(current, link)
        elif new:
            rt.set_key(item, "evidencia", rt.new_seq(new), HITO_ORDER)
        detalle = [_("Evidencia: {enlace}").format(enlace=e) for e in new] + detalle
        return Cambio(_("Compromiso {numero}, hito {hito}: cumplido").format(**ids), ruta, detalle)

    return _edit(plan_dir, numero, change, hoy=hoy, commit=commit)


def _check_options(
    evidencia: Sequence[str],
    fecha: date | None,
    nota: str | None,
    actividad: int | None,
    reabrir: bool,
) -> None:
    """The options of ``hdr marcar`` that do not go together."""
    if nota is not None and not nota.strip():
        raise UsageError(_("La nota está vacía: escriba el texto o quite --nota."))
    if actividad is not None and (evidencia or fecha or nota):
        raise UsageError(
            _(
                "Las actividades solo se marcan como cumplidas (o se reabren): --evidencia, "
                "--fecha y --nota son para hitos."
            )
        )
    if reabrir and (evidencia or fecha):
        raise UsageError(_("Al reabrir un hito no se indican --evidencia ni --fecha."))


def verificar(
    plan_dir: Path,
    numero: int,
    hito: int,
    *,
    por: str,
    hoy: date,
    fecha: date | None = None,
    commit: bool = False,
) -> Edicion:
    """Record that ``por`` (normally a co-responsible) checked the hito's evidence."""
    _positive(compromiso=numero, hito=hito)
    name = " ".join(por.split())
    if not name:
        raise UsageError(_("Indique con --por el nombre de quien verifica."))

    def change(data: Any) -> Cambio:
        item = _hito(data, numero, hito)
        when = fecha or hoy
        current = item.get("verificado")
        if isinstance(current, dict):
            whose = _("«verificado» del hito {hito}").format(hito=hito)
            current = owned(data, item, "verificado", whose)
            rt.set_key(current, "por", name, VERIFICADO_ORDER)
            rt.set_key(current, "fecha", when, VERIFICADO_ORDER)
        else:
            value = rt.new_map([("por", name), ("fecha", when)])
            rt.set_key(item, "verificado", value, HITO_ORDER)
        return Cambio(
            _("Compromiso {numero}, hito {hito}: verificado por {nombre}").format(
                numero=numero, hito=hito, nombre=name
            ),
            f"/hitos/{hito - 1}",
            avisos=_check_verifier(data, name, numero),
        )

    return _edit(plan_dir, numero, change, hoy=hoy, commit=commit)


def _positive(**values: int | None) -> None:
    starts_at_1 = {
        "compromiso": _("Los números de compromiso empiezan en 1 (recibí {valor})."),
        "hito": _("Los números de hito empiezan en 1 (recibí {valor})."),
        "actividad": _("Los números de actividad empiezan en 1 (recibí {valor})."),
    }
    for name, value in values.items():
        if value is not None and value < 1:
            raise UsageError(starts_at_1[name].format(valor=value))


@locked
def _edit(
    plan_dir: Path,
    numero: int,
    change: Callable[[Any], Cambio],
    *,
    hoy: date,
    commit: bool,
) -> Edicion:
    path, archivo = find_commitment(plan_dir, numero)
    repo = repository_for_commit(path) if commit else None
    raw = path.read_bytes()
    cambio, new_bytes = round_trip(raw, path, archivo, change)
    result = Edicion(archivo, path, cambio.mensaje, avisos=list(cambio.avisos))
    if repo is not None and has_uncommitted(repo, path):
        result.avisos.append(
            _("{archivo} ya tenía cambios sin commit; el commit los incluirá también.").format(
                archivo=archivo
            )
        )
    if new_bytes is None:
        raise UsageError(
            _(
                "No se pudo hacer el cambio en {archivo} sin alterar otras líneas del archivo; "
                "hágalo a mano (vea docs/guia-enlaces.md)."
            ).format(archivo=archivo)
        )
    if new_bytes == raw:
        return result
    check = validate_plan(plan_dir, al=hoy, overrides={archivo: new_bytes})
    mine = [f for f in check.findings if f.archivo == archivo]
    result.rechazo = [f for f in mine if f.es_error]
    if result.rechazo:
        previous = validate_plan(plan_dir, al=hoy)
        result.errores_previos = sum(
            1 for f in previous.findings if f.archivo == archivo and f.es_error
        )
        return result
    for f in mine:
        if f.ruta == cambio.ruta or f.ruta.startswith(cambio.ruta + "/"):
            result.avisos.append(f"{f.mensaje} [{f.codigo}]")
    write_atomic(path, new_bytes, expected=raw)
    result.escrito = True
    if repo is not None:
        result.commit = _commit(repo, path, cambio, archivo)
    return result


def _commit(repo: Path, path: Path, cambio: Cambio, archivo: str) -> str:
    """Commit only the edited file; a failure says the edit itself was saved."""
    try:
        return commit_file(repo, path, cambio.mensaje, cambio.detalle)
    except GitError as err:
        raise GitError(
            _("El cambio se guardó en {archivo}, pero no se pudo crear el commit: {error}").format(
                archivo=archivo, error=err
            )
        ) from err
