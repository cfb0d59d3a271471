"""A hostile but valid plan: markup, quotes, script URLs and very long words everywhere."""

from __future__ import annotations

import json
from pathlib import Path

LONG_WORD = "Supercalifragilistico" * 20  # 420 characters without a break
HOSTILE = (
    '<script>window.__pwned = 1</script>"\'&<img src=x onerror="window.__pwned=2">'
    " javascript:window.__pwned=3 {{ 7*7 }} {% raw %} " + LONG_WORD
)


JS_TEXT = "javascript: alert(1) "  # with a space: plain text naming the minutes


def _s(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def persona(tag: str) -> str:
    return (
        f"{{nombre: {_s(tag + HOSTILE)}, cargo: {_s(HOSTILE)}, "
        f"institucion: {_s('Institución ' + tag + HOSTILE)}, correo: hostil@example.org, "
        f"telefono: {_s('55 5555 5555')}}}"
    )


def write_hostile_plan(dest: Path) -> Path:
    (dest / "compromisos").mkdir(parents=True)
    (dest / "plan.yaml").write_text(
        "formato: 1\n"
        "id: plan-hostil\n"
        f"nombre: {_s('Plan ' + HOSTILE)}\n"
        "ambito: local\n"
        f"entidad: {_s(HOSTILE)}\n"
        f"coordinacion: {_s(HOSTILE)}\n"
        "periodo: {inicio: 2020-01-01, fin: 2021-12-31}\n",
        encoding="utf-8",
    )
    t = _s(HOSTILE)
    hito = (
        "  - nombre: {t}\n"
        "    ponderacion: {w}\n"
        "    responsable: {p}\n"
        "    descripcion: {t}\n"
        "    indicador: {t}\n"
        "    medio_verificacion: {t}\n"
        "    inicio: 2020-02-01\n"
        "    termino: 2020-06-30\n"
        "    actividades:\n"
        "      - {{actividad: {t}, descripcion: {t}, medio_verificacion: {t}, cumplida: true}}\n"
    )
    done = (
        "    cumplido: true\n"
        "    fecha_cumplimiento: 2020-05-01\n"
        "    evidencia:\n"
        "      - {u}\n"
        "    verificado: {{por: {t}, fecha: 2020-05-02}}\n"
        "    notas: {t}\n"
    )
    body = (
        "numero: 1\n"
        f"nombre: {t}\n"
        f"responsables: [{persona('R')}]\n"
        f"corresponsables: [{persona('C')}]\n"
        f"objetivo_corto_plazo: {t}\n"
        f"objetivo_mediano_plazo: {t}\n"
        f"problematica: {t}\n"
        f"contribucion: {t}\n"
        f"supuestos: [{t}]\n"
        f"verificacion: {t}\n"
        f"valores_ogp: {{valores: [transparencia], justificacion: {t}}}\n"
        "agenda_2030: [{ods: 16, metas: ['16.10']}]\n"
        f"perspectiva_genero: {t}\n"
        f"eje_pnd: {t}\n"
        f"informacion_adicional: {t}\n"
        f"otros_actores: {t}\n"
        "modificaciones:\n"
        f"  - {{fecha: 2020-03-01, descripcion: {t}, acuerdo: {_s(JS_TEXT + HOSTILE)}}}\n"
        "hitos:\n"
        + hito.format(t=t, w=60, p=persona("H"))
        + done.format(t=t, u=_s('https://example.org/a"><script>window.__pwned=4</script>'))
        + hito.format(t=t, w=40, p=persona("H2"))
        + "irm: {cumplimiento: limitado, informe: "
        + _s('https://example.org/"onmouseover="window.__pwned=5')
        + "}\n"
    )
    (dest / "compromisos" / "01-hostil.yaml").write_text(body, encoding="utf-8")
    return dest
