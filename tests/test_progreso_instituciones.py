"""What falls due next and progress by institution (``progress.upcoming``,
``progress.institutions``): the numbers the index, the institution pages and
``hdr reporte --institucion`` share."""

from __future__ import annotations

from datetime import date
from typing import Any

from hojaderuta.progress import (
    Estado,
    buscar_institucion,
    plan_avance,
    por_institucion,
    proximos,
    proximos_json,
)
from hojaderuta.text.numbers import gap_words, points

AL = date(2026, 6, 15)
PLAN = {"id": "p", "nombre": "Plan", "periodo": {"inicio": "2026-01-01", "fin": "2026-12-31"}}


def _hito(
    termino: str, institucion: Any, peso: float, hecho: str | None = None, **extra: Any
) -> dict[str, Any]:
    hito = {
        "nombre": f"Hito que termina el {termino}",
        "ponderacion": peso,
        "inicio": "2026-01-01",
        "termino": termino,
        "responsable": {"nombre": "Lucía Pérez", "institucion": institucion},
        **extra,
    }
    if hecho:
        hito.update(cumplido=True, fecha_cumplimiento=hecho)
    return hito


def _compromiso(numero: int, instituciones: list[str], hitos: list[dict[str, Any]]) -> Any:
    return {
        "numero": numero,
        "nombre": f"Compromiso {numero}",
        "responsables": [{"nombre": "X", "institucion": i} for i in instituciones],
        "hitos": hitos,
    }


def _plan() -> Any:
    return plan_avance(
        PLAN,
        [
            (
                "compromisos/1.yaml",
                _compromiso(
                    1,
                    ["Secretaría de Salud"],
                    [
                        _hito("2026-03-31", "Secretaría de Salud", 40, hecho="2026-03-30"),
                        _hito("2026-05-31", "Secretaría de Salud", 30),  # 15 days overdue
                        _hito("2026-06-15", "Órgano Garante", 10),  # due today
                        _hito("2026-07-10", "Secretaría de Salud", 20),  # in 25 days
                    ],
                ),
            ),
            (
                "compromisos/2.yaml",
                _compromiso(
                    2,
                    ["Órgano Garante"],
                    [
                        _hito("2026-06-16", "Órgano Garante", 50, hecho="2026-06-01"),  # done
                        _hito("2026-08-31", "", 50),  # nobody named: no institution
                    ],
                ),
            ),
        ],
        AL,
    )


def test_upcoming_lists_overdue_first_then_due_soon_and_skips_done() -> None:
    found = proximos(_plan(), 30)
    assert [(v.compromiso.numero, v.hito.indice, v.dias) for v in found.vencidos] == [(1, 2, -15)]
    assert [(v.compromiso.numero, v.hito.indice, v.dias) for v in found.proximos] == [
        (1, 3, 0),
        (1, 4, 25),
    ]
    assert [v.situacion for v in found.vencidos + found.proximos] == [
        "venció hace 15 días",
        "vence hoy",
        "vence en 25 días",
    ]
    assert found  # something to list
    assert not proximos(_plan(), 30, hitos=[])
    # The window is inclusive, and a short one leaves out what comes later.
    assert [v.dias for v in proximos(_plan(), 25).proximos] == [0, 25]
    assert [v.dias for v in proximos(_plan(), 24).proximos] == [0]


def test_upcoming_json_is_a_whole_document() -> None:
    plan = _plan()
    doc = proximos_json(plan, proximos(plan, 30))
    assert doc["formato"] == 2 and doc["dias"] == 30
    assert doc["vencidos"] == [
        {
            "compromiso": 1,
            "compromiso_nombre": "Compromiso 1",
            "hito": 2,
            "nombre": "Hito que termina el 2026-05-31",
            "institucion": "Secretaría de Salud",
            "termino": "2026-05-31",
            "dias": -15,
            "vencido": True,
        }
    ]
    assert [v["dias"] for v in doc["proximos"]] == [0, 25]  # type: ignore[attr-defined]


def test_institutions_lead_commitments_and_answer_for_hitos_elsewhere() -> None:
    found = {i.nombre: i for i in por_institucion(_plan())}
    assert list(found) == ["Órgano Garante", "Secretaría de Salud"]  # by name, accents aside
    salud, garante = found["Secretaría de Salud"], found["Órgano Garante"]
    assert [c.numero for c in salud.compromisos] == [1]
    assert [(c.numero, h.indice) for c, h in salud.hitos] == [(1, 1), (1, 2), (1, 4)]
    assert (salud.avance, salud.esperado, salud.rezago) == (40.0, 80.0, 40.0)
    assert salud.estado is Estado.CON_REZAGO and salud.vencidos == 1 and salud.cumplidos == 1
    # The Órgano Garante leads commitment 2 and answers for a hito of commitment 1.
    assert [(c.numero, h.indice) for c, h in garante.ajenos] == [(1, 3)]
    assert (garante.avance, garante.esperado, garante.rezago) == (50.0, 0.0, 0.0)
    # A hito that names no institution is nobody's: no blank institution appears.
    assert "" not in found


def test_an_institution_that_leads_nothing_has_no_average() -> None:
    plan = plan_avance(
        PLAN,
        [("c.yaml", _compromiso(1, ["A"], [_hito("2026-03-31", "B", 100)]))],
        AL,
    )
    b = next(i for i in por_institucion(plan) if i.nombre == "B")
    assert b.compromisos == [] and b.avance is None and b.rezago is None and b.estado is None
    assert b.vencidos == 1


def test_finding_an_institution_by_what_people_type() -> None:
    every = por_institucion(_plan())
    assert [i.nombre for i in buscar_institucion(every, "secretaria de SALUD")] == [
        "Secretaría de Salud"
    ]
    assert [i.nombre for i in buscar_institucion(every, "organo")] == ["Órgano Garante"]
    assert len(buscar_institucion(every, "a")) == 2  # ambiguous: the caller asks which
    assert buscar_institucion(every, "   ") == []
    assert buscar_institucion(every, "Hacienda") == []


def test_the_gap_in_words() -> None:
    assert gap_words(45.2, 61.9) == "16.7 puntos por debajo de lo esperado"
    assert gap_words(51, 50) == "1 punto por encima de lo esperado"
    assert gap_words(33.333, 33.33) == "justo en lo esperado"
    assert gap_words(None, 10) == "sin cifras que comparar"
    assert points(-0.5) == "0.5 puntos"
