"""``hdr avance --compromiso N`` in text: each hito with its dates, state, notes and evidence.

Everything that comes from the plan's files (names, notes, links) and from git (who
reported a hito) is shown with ``visible_line`` inside a ``Text``, so it is never read as
rich markup. A web address of plain printable ASCII is made clickable through a ``Style``
(never markup); anything else (a local path, a ``javascript:`` text) is only text.
"""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING

from hojaderuta.cli.reporters.progress import SIN_INSTITUCION, STYLES, bar, finding_text
from hojaderuta.progress import CompromisoAvance, HitoAvance, PlanAvance, SinCalcular
from hojaderuta.text.i18n import _, ngettext
from hojaderuta.text.numbers import percent, plural
from hojaderuta.text.safetext import visible_line

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

INDENT = "   "
# A link a terminal may open: http(s) and nothing but printable ASCII (no spaces, no
# control characters that could end the terminal's hyperlink sequence early).
_WEB = re.compile(r"(?i:https?)://[!-~]+")
SHOWN_OBSERVACIONES = 5


def write_text_sin_calcular(c: SinCalcular, console: Console) -> None:
    from rich.text import Text

    console.print(Text(visible_line(c.titulo), style="bold"))
    why = _("Sin calcular: {motivo}.").format(motivo=visible_line(c.motivo))
    console.print(Text(why, style=STYLES[c.estado]))
    out = _("Queda fuera del promedio del plan. Archivo: {archivo}.")
    console.print(Text(out.format(archivo=visible_line(c.archivo))))
    for f in c.hallazgos:
        console.print(finding_text(f, 3))


def write_text_compromiso(
    plan: PlanAvance,
    c: CompromisoAvance,
    console: Console,
    procedencia: dict[int, str] | None = None,
) -> None:
    """The commitment's figures, then each hito: dates, whether it is done, its evidence
    count, who verified it, whether it is overdue, its notes and its evidence links."""
    from rich.text import Text

    title = _("Compromiso {n}. {nombre}").format(n=c.numero, nombre=visible_line(c.nombre))
    console.print(Text(title, style="bold"))
    # The state goes in its own colour: the sentence is cut around it.
    before, _sep, after = _(
        "Al {fecha}: avance {avance}, esperado {esperado}, {estado}. Responsables: {quienes}."
    ).partition("{estado}")
    who = "; ".join(map(visible_line, c.responsables)) or f"({_(SIN_INSTITUCION)})"
    figures = {
        "fecha": plan.al.isoformat(),
        "avance": percent(c.avance),
        "esperado": percent(c.esperado),
        "quienes": who,
    }
    line = Text(before.format(**figures))
    line.append(c.estado.palabra, style=STYLES[c.estado])
    line.append(after.format(**figures))
    console.print(line)
    console.print(Text(bar(c.avance, c.esperado)))
    if c.observaciones:
        n = len(c.observaciones)
        count = plural(n, "observación", "observaciones")
        console.print(
            Text(_("{observaciones} (cuenta en el promedio):").format(observaciones=count))
        )
        for f in c.observaciones[:SHOWN_OBSERVACIONES]:
            console.print(finding_text(f, 3))
        if n > SHOWN_OBSERVACIONES:
            more = n - SHOWN_OBSERVACIONES
            console.print(Text("   " + _("… y {n} más (hdr validar).").format(n=more), style="dim"))
    for h in c.hitos:
        console.print()
        _write_hito(h, console, (procedencia or {}).get(h.indice))
    console.print()
    console.print(
        _(
            "Las actividades guían el trabajo pero no cuentan para el avance: solo los hitos "
            "cumplidos, por su ponderación."
        ),
        style="dim",
    )


def hito_facts(h: HitoAvance) -> str:
    """«del 2026-04-01 al 2026-07-31 · no cumplido · 0 evidencias · VENCIDO»."""
    facts = [
        _("del {inicio} al {termino}").format(
            inicio=h.inicio.isoformat(), termino=h.termino.isoformat()
        )
    ]
    if h.fecha_cumplimiento:
        facts.append(
            _("{situacion} el {fecha}").format(
                situacion=h.situacion, fecha=h.fecha_cumplimiento.isoformat()
            )
        )
    else:
        facts.append(_("no cumplido"))
    n = h.evidencias
    facts.append(ngettext("{n} evidencia", "{n} evidencias", n).format(n=n))
    if h.verificado_por and h.verificado_fecha:
        facts.append(
            _("verificado por {nombre} el {fecha}").format(
                nombre=visible_line(h.verificado_por), fecha=h.verificado_fecha.isoformat()
            )
        )
    if h.vencido:
        facts.append(_("VENCIDO"))
    return " · ".join(facts)


def _wrap(text: str, console: Console) -> list[str]:
    """Wrapped by hand so continuation lines keep the indent and carry no padding."""
    width = max(20, console.width - len(INDENT))
    return textwrap.wrap(text, width=width, break_on_hyphens=False, break_long_words=False)


def _write_hito(h: HitoAvance, console: Console, said: str | None) -> None:
    from rich.text import Text

    title = _("Hito {n}. {nombre} ({peso})").format(
        n=h.indice, nombre=visible_line(h.nombre), peso=percent(h.ponderacion)
    )
    console.print(Text(title, style="bold"))
    # TRANSLATORS: the words of «cumplido con retraso (N días)» shown in red.
    alarming = [_("VENCIDO"), _("con retraso")]
    for row in _wrap(hito_facts(h), console):
        detail = Text(INDENT + row)
        detail.highlight_words(alarming, style="bold red")
        console.print(detail)
    notes_label = _("Notas:") + " "
    for i, paragraph in enumerate(notas_lines(h.notas)):
        for row in _wrap((notes_label if i == 0 else "") + paragraph, console):
            console.print(Text(INDENT + row))
    _write_enlaces(h.enlaces, console)
    if said:
        said = visible_line(said)  # names git authors
        for row in _wrap(said[:1].upper() + said[1:] + ".", console):
            console.print(Text(INDENT + row, style="dim"))


def _write_enlaces(enlaces: tuple[str, ...], console: Console) -> None:
    """«Evidencia: URL» on one line when it fits; else one address a line, never cut
    (``soft_wrap``: the terminal wraps it), so it can still be copied or opened whole."""
    from rich.text import Text

    if not enlaces:
        return
    label = INDENT + (_("Evidencia:") if len(enlaces) == 1 else _("Evidencias:"))
    one = link_text(enlaces[0])
    if len(enlaces) == 1 and len(label) + 1 + len(one) <= console.width:
        console.print(Text(label + " ").append_text(one), soft_wrap=True)
        return
    console.print(Text(label))
    for enlace in enlaces:
        console.print(Text(INDENT + "  ").append_text(link_text(enlace)), soft_wrap=True)


def notas_lines(notas: str) -> list[str]:
    """A hito's notes as the lines the user wrote (a folded ``>`` block is one line)."""
    return [visible_line(line) for line in re.split(r"\r?\n", notas) if line.strip()]


def link_text(enlace: str) -> Text:
    """An evidence link as text: clickable (a rich ``Style``, never markup) only when it
    is a plain http(s) address; a local file or anything else is only shown."""
    from rich.style import Style
    from rich.text import Text

    shown = visible_line(enlace)
    if _WEB.fullmatch(enlace):
        return Text(shown, style=Style(link=enlace))
    return Text(shown)
