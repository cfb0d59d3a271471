"""The agreed roadmap at ``linea_base`` versus now: the ``cambio-sin-acuerdo`` rule.

A roadmap "cannot be modified unilaterally": any change to an agreed field
since the baseline must come with a new ``modificaciones`` entry.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from hojaderuta.core.discovery import COMMITMENTS_DIR
from hojaderuta.core.findings import Codigo, Finding, make_finding
from hojaderuta.core.loading import load_text
from hojaderuta.errors import GitError
from hojaderuta.git.agreed import Parts, agreed_view, diff, new_modificaciones
from hojaderuta.git.repo import NotARepositoryError, PlanRepo, is_commitment_path
from hojaderuta.text.i18n import _

if TYPE_CHECKING:
    from hojaderuta.core.validation import CompromisoDoc


def commitments_at(plan_dir: Path, ref: str) -> dict[int, dict[str, Any]]:
    """The commitments (by numero) of the plan as they were at git ``ref``."""
    try:
        needed_for = _(
            "«{plan}» no está en un repositorio git, y la línea base «{ref}» sale de la "
            "historia de git."
        ).format(plan=plan_dir, ref=ref)
        store = PlanRepo(plan_dir, needed_for)
    except NotARepositoryError as err:
        raise GitError(
            _(
                "La línea base «{ref}» necesita que el plan esté en un repositorio git, y "
                "«{plan}» no lo está."
            ).format(ref=ref, plan=plan_dir)
        ) from err
    with store:
        sha = store.peel(ref)
        if sha is None:
            raise GitError(
                _(
                    "La línea base «{ref}» no existe en este repositorio. Si es un clon "
                    "superficial (como en GitHub Actions), traiga la historia y las etiquetas "
                    "con «git fetch --unshallow --tags»; si no, revise «linea_base» en plan.yaml."
                ).format(ref=ref)
            )
        return commitments_in(store, sha)


def commitments_in(store: PlanRepo, sha: str) -> dict[int, dict[str, Any]]:
    """The commitments (by numero) in the plan's folder at commit ``sha``; with a repeated
    numero, the last file in git's order wins."""
    files = [
        item
        for item in store.tree_files(sha, under=store.rel + COMMITMENTS_DIR)
        if is_commitment_path(item.path[len(store.rel) :])
    ]
    blobs = store.stream_blobs([item.blob for item in files])
    found: dict[int, dict[str, Any]] = {}
    for item, (_sha, raw) in zip(files, blobs, strict=True):
        doc = load_text(raw, Path(item.path), item.path)
        data = doc.data
        if doc.loaded and isinstance(data, dict) and isinstance(data.get("numero"), int):
            found[data["numero"]] = data
    return found


def check_baseline(plan_dir: Path, ref: str, compromisos: list[CompromisoDoc]) -> list[Finding]:
    """``cambio-sin-acuerdo`` for each agreed field changed since ``ref`` without an entry
    in «modificaciones» (a new commitment counts as one change, at its «numero»)."""
    before = commitments_at(plan_dir, ref)
    findings: list[Finding] = []
    for c in compromisos:
        old = before.get(c.data["numero"])
        if new_modificaciones(old, c.data):
            continue
        if old is None:
            message = _(
                "El compromiso {n} no existía en la línea base «{ref}». Un compromiso nuevo "
                "necesita una entrada en «modificaciones» con la fecha y el acuerdo que lo "
                "aprobó."
            ).format(n=c.data["numero"], ref=ref)
            findings.append(_unagreed(c, ("numero",), "/numero", message))
            continue
        for change in diff(agreed_view(old), agreed_view(c.data)):
            message = _(
                "«{lugar}» cambió desde la línea base «{ref}» (antes: {antes}; ahora: "
                "{despues}) y el compromiso no registra el acuerdo. La hoja de ruta no se "
                "modifica unilateralmente: agregue una entrada en «modificaciones» (fecha, "
                "descripción y acuerdo) o deshaga el cambio."
            ).format(
                lugar=change.lugar(c.data),
                ref=ref,
                antes=_short(change.antes, _("no existía")),
                despues=_short(change.despues, _("se quitó")),
            )
            findings.append(_unagreed(c, change.parts, change.campo, message))
    return findings


def _unagreed(c: CompromisoDoc, parts: Parts, ruta: str, message: str) -> Finding:
    linea, columna = c.document.locate(parts)
    return make_finding(Codigo.CAMBIO_SIN_ACUERDO, c.archivo, linea, columna, ruta, message)


def _short(value: Any, absent: str) -> str:
    if value is None:
        return absent
    text = str(value)
    return f"«{text[:60]}…»" if len(text) > 60 else f"«{text}»"
