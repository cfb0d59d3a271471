"""The agreed roadmap at ``linea_base`` versus now: the ``cambio-sin-acuerdo`` rule.

A roadmap "cannot be modified unilaterally": any change to an agreed field
since the baseline must come with a new ``modificaciones`` entry.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from hojaderuta.core.findings import Finding, make_finding, pointer
from hojaderuta.core.loading import load_text
from hojaderuta.errors import GitError

if TYPE_CHECKING:
    from hojaderuta.core.validation import CompromisoDoc

Parts = tuple[str | int, ...]

HITO_REPORTING = ("cumplido", "fecha_cumplimiento", "evidencia", "verificado", "notas")
ACTIVIDAD_REPORTING = ("cumplida",)
COMPROMISO_NOT_AGREED = ("irm", "modificaciones")


def agreed_view(data: dict[str, Any]) -> dict[str, Any]:
    """The commitment without its reporting fields and modificaciones."""
    view = {k: v for k, v in data.items() if k not in COMPROMISO_NOT_AGREED}
    hitos = []
    for hito in data.get("hitos", []):
        if not isinstance(hito, dict):
            hitos.append(hito)
            continue
        clean = {k: v for k, v in hito.items() if k not in HITO_REPORTING}
        if isinstance(hito.get("actividades"), list):
            clean["actividades"] = [
                {k: v for k, v in a.items() if k not in ACTIVIDAD_REPORTING}
                if isinstance(a, dict)
                else a
                for a in hito["actividades"]
            ]
        hitos.append(clean)
    if "hitos" in data:
        view["hitos"] = hitos
    return view


@dataclass(frozen=True)
class Change:
    parts: Parts
    antes: Any  # None when the field was added
    despues: Any  # None when the field was removed

    @property
    def campo(self) -> str:
        return pointer(self.parts)


def same(a: Any, b: Any) -> bool:
    """Equal values with equal types all the way down (``==`` alone says 1 == 1.0 == True)."""
    if a is b:
        return True
    if isinstance(a, dict | list):
        # Pickling is C-speed; equal bytes mean equal values and types.
        return a == b and pickle.dumps(a, protocol=5) == pickle.dumps(b, protocol=5)
    return bool(a == b) and type(a) is type(b)


def diff(old: Any, new: Any, parts: Parts = ()) -> Iterator[Change]:
    """Leaf-level differences between two plain-data values.

    Equal subtrees are skipped whole, so comparing two versions of a large
    commitment costs little when a few fields changed (the history does it per commit).
    """
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [k for k in new if k not in old]:
            if key not in new:
                yield Change((*parts, key), old[key], None)
            elif key not in old:
                yield Change((*parts, key), None, new[key])
            elif not same(old[key], new[key]):
                yield from diff(old[key], new[key], (*parts, key))
    elif isinstance(old, list) and isinstance(new, list):
        for i in range(max(len(old), len(new))):
            if i >= len(new):
                yield Change((*parts, i), old[i], None)
            elif i >= len(old):
                yield Change((*parts, i), None, new[i])
            elif not same(old[i], new[i]):
                yield from diff(old[i], new[i], (*parts, i))
    elif old != new or type(old) is not type(new):
        yield Change(parts, old, new)


def new_modificaciones(old: dict[str, Any] | None, new: dict[str, Any]) -> list[dict[str, Any]]:
    """Entries of ``modificaciones`` that were not there at the baseline."""
    before = (old or {}).get("modificaciones") or []
    return [m for m in new.get("modificaciones") or [] if m not in before]


def commitments_at(plan_dir: Path, ref: str) -> dict[int, dict[str, Any]]:
    """The commitments (by numero) of the plan as they were at git ``ref``."""
    try:
        import git
    except ImportError as err:  # pragma: no cover - gitpython is a dependency
        raise GitError(f"No se pudo usar git: {err}") from err
    try:
        repo = git.Repo(plan_dir, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as err:
        raise GitError(
            f"La línea base «{ref}» necesita que el plan esté en un repositorio git, y "
            f"«{plan_dir}» no lo está."
        ) from err
    try:
        commit = repo.commit(ref)
    except (git.BadName, ValueError, git.GitCommandError) as err:
        raise GitError(
            f"La línea base «{ref}» no existe en este repositorio. Si es un clon superficial "
            "(como en GitHub Actions), traiga la historia y las etiquetas con "
            "«git fetch --unshallow --tags»; si no, revise «linea_base» en plan.yaml."
        ) from err
    root = Path(repo.working_tree_dir or ".").resolve()
    rel = PurePosixPath(plan_dir.resolve().relative_to(root).as_posix()) / "compromisos"
    try:
        folder = commit.tree / str(rel)
    except KeyError:
        return {}
    found: dict[int, dict[str, Any]] = {}
    for blob in folder.blobs:
        if not blob.name.endswith((".yaml", ".yml")) or blob.name.startswith("."):
            continue
        doc = load_text(blob.data_stream.read(), Path(str(blob.path)), str(blob.path))
        data = doc.data
        if doc.loaded and isinstance(data, dict) and isinstance(data.get("numero"), int):
            found[data["numero"]] = data
    return found


def check_baseline(plan_dir: Path, ref: str, compromisos: list[CompromisoDoc]) -> list[Finding]:
    before = commitments_at(plan_dir, ref)
    findings: list[Finding] = []
    for c in compromisos:
        old = before.get(c.data["numero"])
        if new_modificaciones(old, c.data):
            continue
        doc = c.document
        if old is None:
            linea, columna = doc.locate(("numero",))
            findings.append(
                make_finding(
                    "cambio-sin-acuerdo",
                    c.archivo,
                    linea,
                    columna,
                    "/numero",
                    f"El compromiso {c.data['numero']} no existía en la línea base «{ref}». "
                    "Un compromiso nuevo necesita una entrada en «modificaciones» con la fecha "
                    "y el acuerdo que lo aprobó.",
                )
            )
            continue
        for change in diff(agreed_view(old), agreed_view(c.data)):
            linea, columna = doc.locate(change.parts)
            findings.append(
                make_finding(
                    "cambio-sin-acuerdo",
                    c.archivo,
                    linea,
                    columna,
                    change.campo,
                    f"«{change.campo}» cambió desde la línea base «{ref}» "
                    f"(antes: {_short(change.antes, 'no existía')}; "
                    f"ahora: {_short(change.despues, 'se quitó')}) y el "
                    "compromiso no registra el acuerdo. La hoja de ruta no se modifica "
                    "unilateralmente: agregue una entrada en «modificaciones» (fecha, "
                    "descripción y acuerdo) o deshaga el cambio.",
                )
            )
    return findings


def _short(value: Any, absent: str) -> str:
    if value is None:
        return absent
    text = str(value)
    return f"«{text[:60]}…»" if len(text) > 60 else f"«{text}»"
