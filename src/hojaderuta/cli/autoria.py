"""Commands of hdr: autoría (they register themselves on ``cli_base.app``).

``iniciar``, ``nuevo``, ``marcar``, ``verificar`` and ``esquema``: the library
(scaffold, editing) does the work; these parse options and report.
"""

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hojaderuta.cli.app import Outcome, command, finish
from hojaderuta.cli.options import PlanArg, PlanOpt, open_plan, parse_date_option, today
from hojaderuta.cli.output import console, say
from hojaderuta.cli.reporters import shown_path
from hojaderuta.cli.reporters.authoring import write_edicion, write_iniciar
from hojaderuta.text.i18n import N_, _

if TYPE_CHECKING:
    from hojaderuta.authoring.editing import Edicion


class Ambito(StrEnum):
    nacional = "nacional"
    local = "local"


class Esquema(StrEnum):
    compromiso = "compromiso"
    plan = "plan"


@command(
    help=N_(
        """Crea un repositorio de plan listo para usar, con CI y editor.

Escribe plan.yaml, compromisos/, los esquemas para el editor, un README
para quienes mantienen el plan, los flujos de GitHub Actions y GitLab CI
(que instalan esta misma versión de hdr y publican el tablero cada día),
.gitignore, la configuración de pre-commit, zizmor y VS Code, y ejecuta
«git init» si hace falta. Nunca sobrescribe un archivo que ya existe."""
    )
)
def iniciar(
    carpeta: Annotated[
        Path,
        typer.Argument(
            help=N_("Carpeta del nuevo plan (se crea si no existe). Por omisión, la actual."),
            show_default=False,
            metavar=N_("CARPETA"),
        ),
    ] = Path(),
    nombre: Annotated[
        str | None,
        typer.Option(
            "--nombre", help=N_("Nombre completo del plan de acción."), show_default=False
        ),
    ] = None,
    plan_id: Annotated[
        str | None,
        typer.Option(
            "--id",
            help=N_(
                "Identificador corto (minúsculas, números y guiones); por omisión, de la "
                "entidad (o «mx» si es nacional) y los años del periodo, p. ej. "
                "pal-guanajuato-2025-2027."
            ),
            show_default=False,
        ),
    ] = None,
    ambito: Annotated[
        Ambito | None,
        typer.Option("--ambito", help=N_("nacional o local."), show_default=False),
    ] = None,
    entidad: Annotated[
        str | None,
        typer.Option("--entidad", help=N_("País, estado o ciudad del plan."), show_default=False),
    ] = None,
    inicio: Annotated[
        str | None,
        typer.Option(
            "--inicio",
            metavar=N_("AAAA-MM-DD"),
            help=N_("Fecha de inicio del plan."),
            show_default=False,
        ),
    ] = None,
    fin: Annotated[
        str | None,
        typer.Option(
            "--fin",
            metavar=N_("AAAA-MM-DD"),
            help=N_("Fecha de conclusión del plan."),
            show_default=False,
        ),
    ] = None,
    sin_accion: Annotated[
        bool,
        typer.Option(
            "--sin-accion",
            help=N_(
                "El flujo de GitHub Actions con pasos simples (instalar hdr, validar, "
                "publicar) en lugar de la acción de hdr."
            ),
        ),
    ] = False,
) -> None:
    from hojaderuta.authoring.scaffold import iniciar as run

    result = run(
        carpeta,
        nombre=nombre,
        plan_id=plan_id,
        ambito=ambito.value if ambito else None,
        entidad=entidad,
        inicio=parse_date_option(inicio, "--inicio"),
        fin=parse_date_option(fin, "--fin"),
        accion=not sin_accion,
    )
    write_iniciar(result)
    finish(Outcome.OK)


@command(
    help=N_(
        """Crea un compromiso desde la plantilla del Anexo 1, con su guía.

Cada valor por llenar empieza con COMPLETAR; «hdr validar» dice cuáles
faltan, con el nombre de la casilla del Anexo 1. Sin --numero, usa el
siguiente número libre."""
    )
)
def nuevo(
    plan: PlanArg = Path(),
    numero: Annotated[
        int | None,
        typer.Option(
            "--numero",
            metavar=N_("N"),
            help=N_("Número del compromiso; por omisión, el siguiente libre."),
            show_default=False,
        ),
    ] = None,
    nombre: Annotated[
        str | None,
        typer.Option(
            "--nombre",
            help=N_("Nombre del compromiso (también da nombre al archivo)."),
            show_default=False,
        ),
    ] = None,
) -> None:
    from hojaderuta.authoring.scaffold import nuevo as run

    result = run(open_plan(plan), numero=numero, nombre=nombre)
    out = console()
    say(
        out,
        _("Compromiso {n} creado: {ruta}").format(n=result.numero, ruta=shown_path(result.path)),
    )
    say(out, _("Reemplace cada valor que empieza con COMPLETAR y revise con «hdr validar»."))
    finish(Outcome.OK)


NumeroArg = Annotated[
    int, typer.Argument(help=N_("Número del compromiso («numero» en su archivo)."), metavar=N_("N"))
]
HitoArg = Annotated[
    int,
    typer.Argument(
        help=N_("Número del hito, contando desde 1 en el orden del archivo."), metavar=N_("HITO")
    ),
]
FechaOpt = Annotated[
    str | None,
    typer.Option(
        "--fecha",
        metavar=N_("AAAA-MM-DD"),
        help=N_("Fecha (por omisión, hoy)."),
        show_default=False,
    ),
]
CommitOpt = Annotated[
    bool,
    typer.Option(
        "--commit", help=N_("Crea un commit de git con solo este archivo y un mensaje claro.")
    ),
]


def _report(result: "Edicion") -> None:
    """Tell what happened; exit 1 when the change was refused."""
    finish(Outcome.OK if write_edicion(result) else Outcome.FINDINGS)


@command(
    help=N_(
        """Reporta un hito cumplido con su evidencia (o una actividad), o lo reabre.

Edita el archivo del compromiso sin tocar nada más: comentarios, orden y
formato quedan igual. Antes de guardar revisa el resultado: si no pasaría
«hdr validar», no guarda nada y sale con 1. Sale con 2 si el compromiso,
el hito o la fecha no existen."""
    )
)
def marcar(
    numero: NumeroArg,
    hito: HitoArg,
    evidencia: Annotated[
        list[str] | None,
        typer.Option(
            "--evidencia",
            metavar=N_("URL|RUTA"),
            help=N_(
                "Enlace (https://…) o ruta de un archivo del repositorio que prueba el "
                "cumplimiento; se puede repetir. Obligatoria si el hito no tiene evidencia."
            ),
            show_default=False,
        ),
    ] = None,
    fecha: FechaOpt = None,
    nota: Annotated[
        str | None,
        typer.Option(
            "--nota", help=N_("Nota sobre el hito (reemplaza la anterior)."), show_default=False
        ),
    ] = None,
    actividad: Annotated[
        int | None,
        typer.Option(
            "--actividad",
            metavar=N_("K"),
            help=N_("Marca la actividad K del hito en lugar del hito (no cuenta para el avance)."),
            show_default=False,
        ),
    ] = None,
    reabrir: Annotated[
        bool,
        typer.Option(
            "--reabrir",
            help=N_(
                "Vuelve a dejar el hito (o la actividad) como no cumplido; quita la fecha de "
                "cumplimiento y la verificación, y conserva la evidencia."
            ),
        ),
    ] = False,
    commit: CommitOpt = False,
    plan: PlanOpt = Path(),
) -> None:
    from hojaderuta.authoring.editing import marcar as run

    result = run(
        open_plan(plan),
        numero,
        hito,
        hoy=today(),
        evidencia=evidencia or [],
        fecha=parse_date_option(fecha, "--fecha"),
        nota=nota,
        actividad=actividad,
        reabrir=reabrir,
        commit=commit,
        cwd=Path.cwd(),
    )
    _report(result)


@command(
    help=N_(
        """Registra que una persona corresponsable revisó la evidencia de un hito.

Avisa (sin impedirlo) si el nombre no es de una de las personas
corresponsables del compromiso. Como «hdr marcar», revisa antes de
guardar y no toca nada más del archivo."""
    )
)
def verificar(
    numero: NumeroArg,
    hito: HitoArg,
    por: Annotated[
        str,
        typer.Option(
            "--por",
            metavar=N_("NOMBRE"),
            help=N_(
                "Nombre de quien revisó la evidencia (normalmente, una persona corresponsable)."
            ),
        ),
    ],
    fecha: FechaOpt = None,
    commit: CommitOpt = False,
    plan: PlanOpt = Path(),
) -> None:
    from hojaderuta.authoring.editing import verificar as run

    result = run(
        open_plan(plan),
        numero,
        hito,
        por=por,
        hoy=today(),
        fecha=parse_date_option(fecha, "--fecha"),
        commit=commit,
    )
    _report(result)


@command(
    help=N_(
        """Muestra el esquema JSON de los archivos, para editores y otras herramientas.

Por ejemplo: hdr esquema plan > plan.schema.json"""
    )
)
def esquema(
    tipo: Annotated[
        Esquema,
        typer.Argument(
            help=N_("plan (plan.yaml) o compromiso (compromisos/*.yaml)."), metavar=N_("TIPO")
        ),
    ] = Esquema.compromiso,
    ruta: Annotated[
        bool,
        typer.Option(
            "--ruta", help=N_("Muestra dónde está el archivo del esquema en lugar de su contenido.")
        ),
    ] = False,
) -> None:
    from hojaderuta.authoring.scaffold import schema_text

    if ruta:
        from hojaderuta.resources import schema_path

        sys.stdout.write(f"{schema_path(tipo.value)}\n")
    else:
        sys.stdout.write(schema_text(tipo.value))
    finish(Outcome.OK)
