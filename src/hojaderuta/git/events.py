"""The history's events: what happened to one commitment between two of its versions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from hojaderuta.git.agreed import modificaciones_of, new_modificaciones
from hojaderuta.git.repo import Commit
from hojaderuta.git.versions import ParsedBlob, agreed_changes


class EventType(StrEnum):
    """The ``tipo`` of an event, as the contract writes it (formato.md, «History»)."""

    COMPROMISO_NUEVO = "compromiso-nuevo"
    COMPROMISO_ELIMINADO = "compromiso-eliminado"
    HITO_CUMPLIDO = "hito-cumplido"
    HITO_REABIERTO = "hito-reabierto"
    HITO_VERIFICADO = "hito-verificado"
    CAMBIO = "cambio"
    MODIFICACION_REGISTRADA = "modificacion-registrada"


@dataclass(frozen=True, slots=True)
class Evento:
    tipo: EventType
    compromiso: int  # numero
    commit: Commit
    hito: int | None = None  # 1-based, in file order
    campo: str | None = None  # cambio: JSON pointer of the agreed field
    antes: Any = None  # cambio: None when the field was added
    despues: Any = None  # cambio: None when the field was removed
    archivo: str = ""  # the commitment's file at that commit (not in the JSON contract)
    # modificacion-registrada: the entry; hito-verificado: the hito's verificado;
    # hito-reabierto: {"nota": …} when the reopening commit wrote the hito's notas.
    detalle: dict[str, Any] | None = None

    @property
    def nota(self) -> str | None:
        """The note given when a hito was reopened (``hito-reabierto`` only), else None."""
        if self.tipo != EventType.HITO_REABIERTO or self.detalle is None:
            return None
        value = self.detalle.get("nota")
        return value if isinstance(value, str) else None

    @property
    def fecha(self) -> str:
        return self.commit.fecha

    @property
    def autor(self) -> str:
        return self.commit.autor

    def as_json(self) -> dict[str, Any]:
        """Exactly the contract's keys (docs/historial.md, «JSON»).

        ``nota`` is only in ``hito-reabierto`` events, always there: the hito's ``notas``
        as the reopening commit left them when that commit changed them (what
        ``hdr marcar N H --reabrir --nota "…"`` writes), else ``null``. A note that was
        already there before the commit is not taken for the reason of the reopening.
        """
        out: dict[str, Any] = {"tipo": str(self.tipo), "compromiso": self.compromiso}
        if self.hito is not None:
            out["hito"] = self.hito
        out["fecha"] = self.commit.fecha
        out["commit"] = self.commit.sha
        out["autor"] = self.commit.autor
        out["mensaje"] = self.commit.mensaje
        if self.tipo == EventType.CAMBIO:
            out["campo"] = self.campo
            out["antes"] = self.antes
            out["despues"] = self.despues
        if self.tipo == EventType.HITO_REABIERTO:
            out["nota"] = self.nota
        return out


def hitos_of(data: dict[str, Any]) -> list[Any]:
    """The version's hitos; none when ``hitos`` was no list (a file broken at a commit)."""
    hitos = data.get("hitos")
    return hitos if isinstance(hitos, list) else []


def _verified_by(hito: Any) -> str | None:
    """Who verified a hito that is cumplido; None when it is not both."""
    if not isinstance(hito, dict) or hito.get("cumplido") is not True:
        return None
    check = hito.get("verificado")
    por = check.get("por") if isinstance(check, dict) else None
    return str(por) if por else None


def _notas(blob: ParsedBlob | None, i: int) -> str | None:
    """The ``notas`` of hito ``i`` (0-based) in one version, stripped; None if it has none.

    Reads the whole file (``data``): the summary every version keeps leaves notes out,
    and only a reopening, which is rare, asks for them."""
    data = blob.data if blob is not None else None
    hitos = hitos_of(data) if isinstance(data, dict) else []
    hito = hitos[i] if i < len(hitos) else None
    value = hito.get("notas") if isinstance(hito, dict) else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def reopen_detail(old: ParsedBlob | None, new: ParsedBlob, i: int) -> dict[str, Any] | None:
    """``{"nota": …}`` when the commit that reopened hito ``i`` (0-based) also changed its
    ``notas``: the reason given with ``hdr marcar --reabrir --nota``. None otherwise: a
    note written earlier (say, when the hito was reported) is no reason for reopening it.
    """
    after = _notas(new, i)
    if after is None or after == _notas(old, i):
        return None
    return {"nota": after}


def events_between(
    numero: int, old: ParsedBlob | None, new: ParsedBlob, commit: Commit, archivo: str
) -> Iterator[Evento]:
    """Events between two states of one commitment (``old`` is None for a new one)."""
    if old is not None:
        for change in agreed_changes(old, new):
            yield Evento(
                EventType.CAMBIO,
                numero,
                commit,
                campo=change.campo,
                antes=change.antes,
                despues=change.despues,
                archivo=archivo,
            )
    old_data: dict[str, Any] = old.resumen if old is not None else {}
    for entry in new_modificaciones(modificaciones_of(old_data), modificaciones_of(new.resumen)):
        detalle = entry if isinstance(entry, dict) else {"descripcion": str(entry)}
        yield Evento(
            EventType.MODIFICACION_REGISTRADA, numero, commit, archivo=archivo, detalle=detalle
        )
    before, after = hitos_of(old_data), hitos_of(new.resumen)
    for i, hito in enumerate(after):
        if not isinstance(hito, dict):
            continue
        prev = before[i] if i < len(before) and isinstance(before[i], dict) else {}
        was, now = prev.get("cumplido") is True, hito.get("cumplido") is True
        if now and not was:
            yield Evento(EventType.HITO_CUMPLIDO, numero, commit, hito=i + 1, archivo=archivo)
        elif was and not now:
            yield Evento(
                EventType.HITO_REABIERTO,
                numero,
                commit,
                hito=i + 1,
                archivo=archivo,
                detalle=reopen_detail(old, new, i),
            )
        por = _verified_by(hito)
        if por is not None and por != _verified_by(prev):
            yield Evento(
                EventType.HITO_VERIFICADO,
                numero,
                commit,
                hito=i + 1,
                archivo=archivo,
                detalle=dict(hito["verificado"]),
            )
