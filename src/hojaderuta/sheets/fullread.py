"""Reading a whole-roadmap workbook (``fullspec``) into one commitment per Compromisos row.

Each row becomes part of a commitment's data, keyed as the format keys it: a dotted
column (``responsable.correo``) is a key inside an object, an empty cell is a key the
file leaves out. Rows of the other sheets join their commitment by ``compromiso``; hitos
and activities take the order of their numbers, persons, ODS and modifications the
order of their rows. What cannot be read is a ``Problema`` with sheet, row and column;
where each part of a commitment came from is kept, to point the plan's findings at rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hojaderuta.sheets import read
from hojaderuta.sheets.fullspec import AGENDA, FULL_SHEETS, MODIFICACIONES, PERSONAS, ROLES
from hojaderuta.sheets.problems import Problema, keep
from hojaderuta.sheets.read import CellError, Table, blank
from hojaderuta.sheets.spec import Column, Kind, Role
from hojaderuta.text.folding import fold
from hojaderuta.text.i18n import _

Place = tuple[str, int]  # (sheet as the workbook names it, row)
_PAPEL = {fold(p): p for p in ROLES} | {"responsable": ROLES[0], "corresponsable": ROLES[1]}


@dataclass
class Draft:
    """One commitment as the workbook describes it."""

    numero: int
    place: Place  # its row in Compromisos
    data: dict[str, Any]
    personas: dict[str, list[tuple[Place, dict[str, Any]]]] = field(
        default_factory=lambda: {p: [] for p in ROLES}
    )
    hitos: dict[int, tuple[Place, dict[str, Any]]] = field(default_factory=dict)
    actividades: dict[int, dict[int, tuple[Place, dict[str, Any]]]] = field(default_factory=dict)
    listas: dict[str, list[tuple[Place, dict[str, Any]]]] = field(
        default_factory=lambda: {"agenda_2030": [], "modificaciones": []}
    )

    def assemble(self) -> tuple[dict[str, Any], dict[tuple[str | int, ...], Place]]:
        """The commitment's data, and the row each part of it came from (by its path)."""
        data = dict(self.data)
        places: dict[tuple[str | int, ...], Place] = {(): self.place}
        for papel, people in self.personas.items():
            if people:
                data[papel] = [person for _, person in people]
                places.update(((papel, i), where) for i, (where, _) in enumerate(people))
        hitos = []
        for i, number in enumerate(sorted(self.hitos)):
            where, hito = self.hitos[number]
            places[("hitos", i)] = where
            acts = self.actividades.get(number, {})
            if acts:
                hito = {**hito, "actividades": [acts[k][1] for k in sorted(acts)]}
                places.update((("hitos", i, "actividades", j), acts[k][0]) for j, k in
                              enumerate(sorted(acts)))  # fmt: skip
            hitos.append(hito)
        if hitos:
            data["hitos"] = hitos
        for key, items in self.listas.items():
            if items:
                data[key] = [item for _, item in items]
                places.update(((key, i), where) for i, (where, _) in enumerate(items))
        return data, places


@dataclass
class Reading:
    """What the workbook says: commitments by number, and what is wrong in it."""

    drafts: dict[int, Draft] = field(default_factory=dict)
    filas: int = 0
    problemas: list[Problema] = field(default_factory=list)
    avisos: list[Problema] = field(default_factory=list)
    problemas_omitidos: int = 0

    def problem(self, label: str, row: int | None, column: str | None, text: str) -> None:
        if not keep(self.problemas, Problema(text, label, row, column)):
            self.problemas_omitidos += 1

    def read(self, table: Table) -> None:
        columns = {c.name: c for c in FULL_SHEETS[table.sheet]}
        by_position = [columns.get(name) for name in table.header]
        ids = [c.name for c in columns.values() if c.role is Role.ID]
        missing = [name for name in ids if name not in table.header]
        if missing:
            self.problem(table.label, 1, missing[0], _("falta esta columna en el encabezado."))
            return
        unknown = [n for n, c in zip(table.header, by_position, strict=True) if c is None and n]
        for name in unknown:
            unknown_text = _("columna desconocida: no se lee.")
            self.avisos.append(Problema(unknown_text, table.label, 1, name))
        for number, cells in table.rows:
            if all(blank(v) for v in cells):
                continue
            self.filas += 1
            values = self._values(table.label, number, by_position, cells)
            if values is not None:
                self._place_row(table, number, values)

    def _values(
        self, label: str, number: int, by_position: list[Column | None], cells: list[Any]
    ) -> dict[str, Any] | None:
        """The row's non-empty values by column name; None when a cell is wrong."""
        values: dict[str, Any] = {}
        ok = True
        for column, cell in zip(by_position, cells, strict=False):
            if column is None:
                continue
            try:
                value = convert(column, cell)
            except CellError as err:
                self.problem(label, number, column.name, str(err))
                ok = False
                continue
            if value is not None and value != []:
                values[column.name] = value
        return values if ok else None

    def _place_row(self, table: Table, number: int, values: dict[str, Any]) -> None:
        label, sheet, where = table.label, table.sheet, (table.label, number)
        ids = [c.name for c in FULL_SHEETS[sheet] if c.role is Role.ID]
        absent = [name for name in ids if name not in values]
        if absent:
            self.problem(label, number, absent[0], _("está vacía: la fila no se puede ubicar."))
            return
        data = nest({k: v for k, v in values.items() if k not in ids})
        if sheet == "Compromisos":
            numero = values["numero"]
            if numero < 1 or numero in self.drafts:
                if numero in self.drafts:
                    text = _("el número {numero} ya está en otra fila.")
                else:
                    text = _("el número {numero} empieza en 1.")
                self.problem(label, number, "numero", text.format(numero=numero))
            else:
                self.drafts[numero] = Draft(numero, where, {"numero": numero, **data})
            return
        draft = self.drafts.get(values["compromiso"])
        if draft is None:
            self.problem(
                label, number, "compromiso",
                _("no hay compromiso {numero} en la hoja Compromisos.").format(
                    numero=values["compromiso"]
                ),
            )  # fmt: skip
            return
        self._add_to(draft, table, number, values, data)

    def _add_to(
        self, draft: Draft, table: Table, number: int, values: dict[str, Any], data: dict[str, Any]
    ) -> None:
        label, sheet, where = table.label, table.sheet, (table.label, number)
        if sheet == PERSONAS:
            papel = _PAPEL.get(fold(str(values["papel"])))
            if papel is None:
                self.problem(label, number, "papel", _("escriba responsables o corresponsables."))
            else:
                draft.personas[papel].append((where, data))
        elif sheet == "Hitos":
            if values["hito"] in draft.hitos:
                self.problem(label, number, "hito", _("ese hito ya está en otra fila."))
            else:
                draft.hitos[values["hito"]] = (where, data)
        elif sheet == "Actividades":
            if values["hito"] not in draft.hitos:
                self.problem(
                    label, number, "hito",
                    _("el compromiso {numero} no tiene ese hito en la hoja Hitos.").format(
                        numero=draft.numero
                    ),
                )  # fmt: skip
                return
            acts = draft.actividades.setdefault(values["hito"], {})
            if values["indice"] in acts:
                self.problem(label, number, "indice", _("esa actividad ya está en otra fila."))
            else:
                acts[values["indice"]] = (where, data)
        else:
            key = {AGENDA: "agenda_2030", MODIFICACIONES: "modificaciones"}[sheet]
            draft.listas[key].append((where, data))


def nest(values: dict[str, Any]) -> dict[str, Any]:
    """``{"periodo.inicio": x}`` as ``{"periodo": {"inicio": x}}``."""
    out: dict[str, Any] = {}
    for dotted, value in values.items():
        *parents, last = dotted.split(".")
        node = out
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return out


def convert(column: Column, value: Any) -> Any:
    """One cell as the format's value; empty is None (the key is left out)."""
    if column.kind is Kind.LIST:  # one item per line: a «;» may be part of a text
        text = read.as_text(value)
        return [line.strip() for line in (text or "").split("\n") if line.strip()]
    if column.kind is Kind.BOOL:
        return read.as_bool(value)
    if column.kind is Kind.NUMBER:
        number = read.as_number(value)
        return int(number) if number is not None and number.is_integer() else number
    return read.convert(column, value)
