"""Messages of ``hdr iniciar``, ``hdr marcar`` and ``hdr verificar``.

Names and messages that quote the plan's values reach the terminal through ``say``,
which shows their control characters and never reads them as rich markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hojaderuta.cli.output import console, say, stderr_console
from hojaderuta.cli.reporters import shown_path
from hojaderuta.text.i18n import _, ngettext

if TYPE_CHECKING:
    from hojaderuta.authoring.editing import Edicion
    from hojaderuta.authoring.scaffold import Iniciado


def write_iniciar(result: Iniciado) -> None:
    """What ``hdr iniciar`` created or left alone, and the next steps."""
    out = console()
    if result.git_iniciado:
        say(
            out,
            _("Se creó un repositorio git en {carpeta}.").format(
                carpeta=f"«{shown_path(result.plan_dir)}»"
            ),
        )
    for path in result.creados:
        say(out, "  " + _("creado: {ruta}").format(ruta=shown_path(path)))
    for path in result.existentes:
        say(out, "  " + _("ya existía, no se tocó: {ruta}").format(ruta=shown_path(path)))
    if result.plan_dir / "plan.yaml" in result.creados:
        say(
            out,
            _("Identificador del plan: {id} (cámbielo en plan.yaml si prefiere otro).").format(
                id=result.plan_id
            ),
        )
    if result.origen is not None:
        say(
            out,
            _("El CI instalará hdr desde: {paquete} (HDR_PAQUETE).").format(
                paquete=result.origen.paquete
            ),
        )
    for aviso in result.avisos:
        say(stderr_console(), _("Aviso: {aviso}").format(aviso=aviso), "yellow")
    out.print()
    steps = []
    if result.pendientes:
        steps.append(
            _("Complete en plan.yaml: {campos} («hdr validar» dice qué falta).").format(
                campos=", ".join(result.pendientes)
            )
        )
    steps += [
        _('Agregue cada compromiso con «hdr nuevo --nombre "…"» y llénelo.'),
        _("Revise con «hdr validar» y guarde con «git add . && git commit»."),
    ]
    say(out, _("Siguientes pasos:"))
    for i, step in enumerate(steps, 1):
        say(out, f"  {i}. {step}")


def write_edicion(result: Edicion) -> bool:
    """What an edit did; False when it was refused (nothing was written)."""
    err = stderr_console()
    for aviso in result.avisos:
        say(err, _("Aviso: {aviso}").format(aviso=aviso), "yellow")
    if result.rechazo:
        refused = _(
            "No se guardó {cambio}: {archivo} no pasaría la revisión. El archivo quedó intacto."
        )
        cambio = f"«{result.mensaje}»"
        say(err, "✘ " + refused.format(cambio=cambio, archivo=result.archivo), "bold red")
        for f in result.rechazo:
            where = _("línea {n}").format(n=f.linea)
            say(err, f"  {where}  [{f.codigo}] {f.mensaje}")
        if result.errores_previos:
            # The Spanish says «error(es)» whatever the count; other languages may inflect.
            before = ngettext(
                "El archivo ya tenía {n} error(es) antes de este cambio: corríjalos primero "
                "(vea «hdr validar»).",
                "El archivo ya tenía {n} error(es) antes de este cambio: corríjalos primero "
                "(vea «hdr validar»).",
                result.errores_previos,
            )
            say(err, before.format(n=result.errores_previos), "bold")
        return False
    out = console()
    if not result.escrito:
        unchanged = _("Sin cambios: {cambio} ya estaba así en {archivo}.")
        say(out, unchanged.format(cambio=f"«{result.mensaje}»", archivo=result.archivo))
        return True
    say(out, f"✔ {result.mensaje} ({shown_path(result.path)})")
    if result.commit:
        say(
            out,
            _("Commit {sha}: {mensaje}").format(sha=result.commit[:10], mensaje=result.mensaje),
        )
    return True
