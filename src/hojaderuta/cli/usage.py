"""Usage errors in hdr's words, from the structured exceptions typer and click raise.

Each exception is read by its class and its public attributes (the option
name, the parameter, the value that failed), never by its English message.
Classes are recognised by name along the MRO so the same code reads click's
exceptions and the copy of them that typer vendors.
"""

from __future__ import annotations

from typing import Any

from hojaderuta.cli.params import display_name, enumerate_es, expected, find_option
from hojaderuta.text.i18n import _
from hojaderuta.text.safetext import visible


def _kinds(err: BaseException) -> set[str]:
    return {cls.__name__ for cls in type(err).__mro__}


def is_click_usage_error(err: BaseException) -> bool:
    """An error in the command line itself (click's UsageError family)."""
    return "UsageError" in _kinds(err) and hasattr(err, "ctx")


def is_no_args_help(err: BaseException) -> bool:
    return "NoArgsIsHelpError" in _kinds(err)


def _quoted(value: object) -> str:
    return f"«{visible(str(value))}»"


def _suggest(possibilities: Any) -> str:
    options = sorted(possibilities or ())
    return (
        " " + _("¿Quiso decir {opciones}?").format(opciones=enumerate_es(options))
        if options
        else ""
    )


def _bad_value(err: Any) -> str:
    """«abc» no es un número entero para «--compromiso»."""
    param = getattr(err, "param", None)
    ctx = getattr(err, "ctx", None)
    if param is None:
        return _("Un valor no es válido.")
    name = _quoted(display_name(param))
    want = expected(ctx.command if ctx else None, param)
    raw = _input_of(err)
    if raw is None:
        return _("El valor de {opcion} no es válido: debe ser {esperado}.").format(
            opcion=name, esperado=want.describe()
        )
    return _("{valor} no es un valor válido para {opcion}: debe ser {esperado}.").format(
        valor=_quoted(raw), opcion=name, esperado=want.describe()
    )


def _input_of(err: BaseException) -> object | None:
    """The value that failed, when the validation error beneath carries it (pydantic)."""
    cause = err.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors):
        try:
            first = errors()[0]
        except (IndexError, TypeError):
            return None
        if isinstance(first, dict):
            return first.get("input")
    return None


def _missing(err: Any) -> str:
    param = getattr(err, "param", None)
    if param is None:
        return _("Falta un valor obligatorio.")
    if getattr(param, "param_type_name", "") == "argument":
        return _("Falta el argumento {argumento}.").format(argumento=display_name(param))
    return _("Falta la opción {opcion}.").format(opcion=_quoted(display_name(param)))


def _option_usage(err: Any) -> str:
    name = getattr(err, "option_name", None) or "?"
    ctx = getattr(err, "ctx", None)
    option = find_option(ctx.command, name) if ctx is not None else None
    if option is not None and getattr(option, "is_flag", False):
        return _("La opción {opcion} no lleva valor.").format(opcion=_quoted(name))
    return _("La opción {opcion} necesita un valor.").format(opcion=_quoted(name))


def describe(err: BaseException) -> str:
    """One Spanish sentence for a click/typer usage error."""
    kinds = _kinds(err)
    if "NoSuchOption" in kinds:
        name = getattr(err, "option_name", "?")
        missing = _("No existe la opción {opcion}.").format(opcion=_quoted(name))
        return missing + _suggest(getattr(err, "possibilities", ()))
    if "MissingParameter" in kinds:
        return _missing(err)
    if "BadOptionUsage" in kinds:
        return _option_usage(err)
    if "BadParameter" in kinds:
        return _bad_value(err)
    ctx = getattr(err, "ctx", None)
    if ctx is not None and hasattr(ctx.command, "list_commands"):
        names = list(ctx.command.list_commands(ctx))
        return _("Falta el comando: escriba uno de {comandos}.").format(
            comandos=enumerate_es(names)
        )
    return _("El comando no se escribió como se espera.")
