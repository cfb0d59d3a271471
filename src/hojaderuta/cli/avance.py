"""``hdr avance``: progress, expected progress and delay at a date, by commitment or group,
and what falls due next (``--proximos``)."""

import io
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from hojaderuta.cli.app import Outcome, command, finish
from hojaderuta.cli.options import AlOpt, PlanArg, open_plan, parse_date_option, today
from hojaderuta.cli.output import console, report_excluded, say, stderr_console, write_json
from hojaderuta.errors import PlanFileError, UsageError
from hojaderuta.text.i18n import N_, _

if TYPE_CHECKING:
    from hojaderuta.progress import PlanAvance


class FormatoAvance(StrEnum):
    texto = "texto"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class Por(StrEnum):
    institucion = "institucion"
    ods = "ods"
    eje = "eje"


@command(
    help=N_(
        """Avance, avance esperado y rezago de cada compromiso y del plan a una fecha.

Un hito cuenta cuando está cumplido con fecha de cumplimiento hasta la fecha de
evaluación; el avance es la suma de las ponderaciones de esos hitos, y el esperado la
de los hitos cuyo término ya pasó. Las actividades no cuentan.

Con --proximos DÍAS, en lugar del avance: los hitos vencidos y los que vencen en los
próximos DÍAS días. El CSV empieza con una marca BOM para que Excel lea bien los acentos."""
    )
)
def avance(
    plan: PlanArg = Path(),
    al: AlOpt = None,
    formato: Annotated[
        FormatoAvance,
        typer.Option("--formato", "-f", help=N_("texto, json, csv o markdown (tabla GFM).")),
    ] = FormatoAvance.texto,
    compromiso: Annotated[
        int | None,
        typer.Option(
            "--compromiso",
            "-c",
            metavar=N_("N"),
            help=N_(
                "Detalle de un compromiso: sus hitos, pesos, fechas, evidencias y verificación."
            ),
            show_default=False,
        ),
    ] = None,
    por: Annotated[
        Por | None,
        typer.Option(
            "--por",
            help=N_("Agrupa por institución responsable, ODS o eje del plan de desarrollo."),
            show_default=False,
        ),
    ] = None,
    proximos: Annotated[
        int | None,
        typer.Option(
            "--proximos",
            metavar=N_("DÍAS"),
            help=N_(
                "Hitos vencidos y los que vencen en los próximos DÍAS días a la fecha de "
                "evaluación (0: los que vencen ese mismo día), con su compromiso, institución "
                "responsable y término."
            ),
            show_default=False,
        ),
    ] = None,
    en: Annotated[
        str | None,
        typer.Option(
            "--en",
            metavar=N_("REF"),
            help=N_(
                "Calcula con los archivos tal como estaban en una referencia git (etiqueta, "
                "rama o commit); sin --al, a la fecha de ese commit."
            ),
            show_default=False,
        ),
    ] = None,
) -> None:
    _check_views(compromiso, por, proximos)
    from hojaderuta.checks.progress import check_for_progress

    plan_dir = open_plan(plan)
    try:
        run = check_for_progress(plan_dir, al=parse_date_option(al, "--al"), hoy=today(), en=en)
    except PlanFileError as err:
        if formato is FormatoAvance.json:
            # Still one JSON document on stdout: a script reads why, not an empty stream.
            from hojaderuta.progress import FORMATO_AVANCE

            write_json({"formato": FORMATO_AVANCE, "plan": None, "error": str(err)})
        raise
    outcome = Outcome.FINDINGS if report_excluded(run.check) else Outcome.OK
    if not run.avance.total:
        say(
            stderr_console(),
            _(
                "El plan no tiene compromisos todavía: agregue archivos en compromisos/ "
                "(por ejemplo con «hdr nuevo»)."
            ),
        )
        if formato is FormatoAvance.texto:
            finish(outcome)  # every other format still gets a whole (empty) document
    if proximos is not None:
        _show_proximos(run.avance, proximos, formato)
    elif compromiso is not None:
        _show_compromiso(
            run.avance, compromiso, formato, procedencia=plan_dir if en is None else None
        )
    elif por is not None:
        _show_groups(run.avance, por, formato)
    else:
        _show_plan(run.avance, formato)
    finish(outcome)


def _check_views(compromiso: int | None, por: Por | None, proximos: int | None) -> None:
    """One view at a time: a commitment, groups or what falls due next."""
    if proximos is not None and (compromiso is not None or por is not None):
        other = "--compromiso" if compromiso is not None else "--por"
        raise UsageError(
            _("Use --proximos sin {opcion}: la lista de vencimientos es de todo el plan.").format(
                opcion=other
            )
        )
    if proximos is not None and proximos < 0:
        raise UsageError(
            _(
                "--proximos necesita un número de días igual o mayor que 0 (recibió {valor})."
            ).format(valor=proximos)
        )
    if compromiso is not None and por is not None:
        raise UsageError(_("Use --compromiso o --por, no ambos a la vez."))


def _write_csv(write: Callable[[TextIO], None]) -> None:
    """CSV on stdout as UTF-8 bytes whatever the terminal's encoding: its BOM says UTF-8,
    and a Windows console's code page could not even write the BOM."""
    text = io.StringIO()
    write(text)
    raw = getattr(sys.stdout, "buffer", None)
    if raw is None:  # a stream without bytes underneath (tests may swap stdout)
        sys.stdout.write(text.getvalue())
        return
    sys.stdout.flush()
    raw.write(text.getvalue().encode("utf-8", "backslashreplace"))
    raw.flush()


def _show_proximos(result: "PlanAvance", dias: int, formato: FormatoAvance) -> None:
    """Overdue hitos, then those due within ``dias`` days of the evaluation date."""
    from hojaderuta.cli.reporters import upcoming as view
    from hojaderuta.progress import proximos, proximos_json

    # No date comes after 9999-12-31: a window past it lists the same hitos, not an error.
    room = (date.max - result.al).days
    found = replace(proximos(result, min(dias, room)), dias=dias)
    if formato is FormatoAvance.json:
        write_json(proximos_json(result, found))
    elif formato is FormatoAvance.csv:
        _write_csv(lambda out: view.write_csv(found, out))
    elif formato is FormatoAvance.markdown:
        view.write_markdown(result, found, sys.stdout)
    else:
        view.write_text(result, found, console())


def _show_compromiso(
    result: "PlanAvance", numero: int, formato: FormatoAvance, procedencia: Path | None
) -> None:
    """One commitment's detail; with ``procedencia``, who reported each hito (from git)."""
    from hojaderuta.cli.reporters import progress as view
    from hojaderuta.cli.reporters import progress_detail as detail
    from hojaderuta.cli.reporters import progress_md
    from hojaderuta.progress import plan_json

    chosen = [c for c in result.compromisos if c.numero == numero]
    if not chosen:
        _show_sin_calcular(result, numero, formato)
        return
    one = chosen[0]
    if formato is FormatoAvance.json:
        write_json(plan_json(result, only=[one]))
    elif formato is FormatoAvance.csv:
        _write_csv(lambda out: view.write_csv_compromiso(one, out))
    elif formato is FormatoAvance.markdown:
        progress_md.write_markdown_compromiso(result, one, sys.stdout)
    else:
        from hojaderuta.git.provenance import try_provenance
        from hojaderuta.text.describe import provenance_text

        # Nothing (and no error) outside a repository, or for an old commit's files.
        known = try_provenance(procedencia) if procedencia is not None else None
        lines = {h: provenance_text(p) for (n, h), p in (known or {}).items() if n == numero}
        detail.write_text_compromiso(result, one, console(), procedencia=lines)


def _show_sin_calcular(result: "PlanAvance", numero: int, formato: FormatoAvance) -> None:
    """A commitment left out of the average: why, and its file's findings."""
    from hojaderuta.cli.reporters import progress as view
    from hojaderuta.cli.reporters import progress_detail as detail
    from hojaderuta.cli.reporters import progress_md
    from hojaderuta.progress import plan_json, sin_calcular_json

    left = [c for c in result.sin_calcular if c.numero == numero]
    if not left:
        numbers = [str(c.numero) for c in result.compromisos]
        numbers += [str(c.numero) for c in result.sin_calcular if c.numero is not None]
        if numbers:
            message = _("No hay un compromiso {n} en el plan (hay: {hay}).")
        else:
            message = _("No hay un compromiso {n} en el plan (hay: ninguno).")
        raise UsageError(message.format(n=numero, hay=", ".join(numbers)))
    if formato is FormatoAvance.json:
        write_json({**plan_json(result, only=[]), "compromisos": [sin_calcular_json(left[0])]})
    elif formato is FormatoAvance.csv:
        # The header: it has no hitos to list.
        _write_csv(lambda out: view.write_csv_compromiso(None, out))
    elif formato is FormatoAvance.markdown:
        progress_md.write_markdown_sin_calcular(left[0], sys.stdout)
    else:
        detail.write_text_sin_calcular(left[0], console())


def _show_groups(result: "PlanAvance", por: Por, formato: FormatoAvance) -> None:
    from hojaderuta.cli.reporters import progress as view
    from hojaderuta.cli.reporters import progress_md
    from hojaderuta.progress import agrupar, groups_json

    groups = agrupar(result, por.value)
    if formato is FormatoAvance.json:
        write_json(groups_json(result, por.value, groups))
    elif formato is FormatoAvance.csv:
        _write_csv(lambda out: view.write_csv_groups(por.value, groups, out))
    elif formato is FormatoAvance.markdown:
        progress_md.write_markdown_groups(result, por.value, groups, sys.stdout)
    else:
        view.write_text_groups(result, por.value, groups, console())


def _show_plan(result: "PlanAvance", formato: FormatoAvance) -> None:
    from hojaderuta.cli.reporters import progress as view
    from hojaderuta.cli.reporters import progress_md
    from hojaderuta.progress import plan_json

    if formato is FormatoAvance.json:
        write_json(plan_json(result))
    elif formato is FormatoAvance.csv:
        _write_csv(lambda out: view.write_csv(result, out))
    elif formato is FormatoAvance.markdown:
        progress_md.write_markdown(result, sys.stdout)
    else:
        view.write_text(result, console())
