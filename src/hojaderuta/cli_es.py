"""Spanish for the words click and typer print around hdr's own help and errors.

Both libraries mark their strings for gettext; they are translated here by
rebinding each module's ``_``/``ngettext`` to a small catalogue, so people
who are not programmers never meet an English line.
"""

from __future__ import annotations

import re
from types import ModuleType
from typing import Any

CATALOGO: dict[str, str] = {
    "Show this message and exit.": "Muestra esta ayuda y termina.",
    "Usage:": "Uso:",
    "Options": "Opciones",
    "Arguments": "Argumentos",
    "Positional arguments": "Argumentos",
    "Commands": "Comandos",
    "Error": "Error",
    "Aborted.": "Cancelado.",
    "Aborted!": "¡Cancelado!",
    "[default: {}]": "[por omisión: {}]",
    "default: {default}": "por omisión: {default}",
    "[required]": "[obligatorio]",
    "[env var: {}]": "[variable de entorno: {}]",
    "(deprecated) ": "(obsoleto) ",
    "Try [blue]'{command_path} {help_option}'[/] for help.": (
        "Para ver la ayuda: [blue]{command_path} {help_option}[/]"
    ),
    "Try '{command} {option}' for help.": "Para ver la ayuda: {command} {option}",
    "Error: {message}": "Error: {message}",
    "Invalid value: {message}": "Valor no válido: {message}",
    "Invalid value for {param_hint}: {message}": "Valor no válido para {param_hint}: {message}",
    "Missing argument": "Falta el argumento",
    "Missing option": "Falta la opción",
    "Missing parameter": "Falta el parámetro",
    "Missing parameter: {param_name}": "Falta el parámetro: {param_name}",
    "Missing command.": "Falta el comando.",
    "No such option: {name}": "No existe la opción: {name}",
    "No such option {name!r}.": "No existe la opción {name!r}.",
    "No such command {name!r}.": "No existe el comando {name!r}.",
    "Did you mean {possibility}?": "¿Quiso decir {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(¿Quiso decir alguna de: {possibilities}?)",
    "{value!r} is not {choice}.": "{value!r} no es {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} no es ninguna de estas opciones: {choices}.",
    "{value!r} is not a valid {number_type}.": "{value!r} no es un {number_type} válido.",
    "integer": "número entero",
    "Option {name!r} requires an argument.": "La opción {name!r} necesita un valor.",
    "Option {name!r} does not take a value.": "La opción {name!r} no lleva valor.",
    "Got unexpected extra argument ({args})": "Sobra un argumento ({args})",
    "Got unexpected extra arguments ({args})": "Sobran argumentos ({args})",
    "{name} {filename!r} does not exist.": "No existe {filename!r}.",
}


_RICH_CONSTANTS = {
    "DEPRECATED_STRING": "(deprecated) ",
    "DEFAULT_STRING": "[default: {}]",
    "ENVVAR_STRING": "[env var: {}]",
    "REQUIRED_LONG_STRING": "[required]",
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands",
    "ERRORS_PANEL_TITLE": "Error",
    "ABORTED_TEXT": "Aborted.",
    "RICH_HELP": "Try [blue]'{command_path} {help_option}'[/] for help.",
}


def _gettext(message: str) -> str:
    return CATALOGO.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def traducir(*modules: ModuleType) -> None:
    for module in modules:
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]


_HELP = "Muestra esta ayuda y termina."
_PARAM_ERRORS = (
    (re.compile(r"^Invalid value for "), "Valor no válido para "),
    (re.compile(r"^Invalid value: "), "Valor no válido: "),
    (
        re.compile(r"Value error, (.+?) is not one of (.+)\.$", re.DOTALL),
        r"\1 no es ninguna de estas opciones: \2.",
    ),
)


def _patch_hardcoded(core: ModuleType) -> None:
    """typer's vendored click writes a few strings without gettext; wrap those methods."""
    import typer._click.exceptions as exceptions
    import typer._click.formatting as formatting

    command = core.Command
    if getattr(command, "_hdr_es", False):
        return
    command._hdr_es = True
    get_help_option = command.get_help_option

    def spanish_help_option(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = _HELP
        return option

    command.get_help_option = spanish_help_option

    write_usage = formatting.HelpFormatter.write_usage

    def spanish_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, "Uso: " if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = spanish_usage  # type: ignore[method-assign]

    format_message = exceptions.BadParameter.format_message

    def spanish_message(self: Any) -> str:
        text: str = format_message(self)
        for pattern, replacement in _PARAM_ERRORS:
            text = pattern.sub(replacement, text)
        return text

    exceptions.BadParameter.format_message = spanish_message  # type: ignore[method-assign]


def instalar() -> None:
    """Translate click's and typer's messages (call once, before building the app)."""
    import importlib

    import typer.rich_utils as ru

    # Recent typer vendors click as typer._click; older ones use click itself.
    for package in ("typer._click", "click"):
        for name in ("core", "decorators", "exceptions", "formatting", "parser", "types"):
            try:
                traducir(importlib.import_module(f"{package}.{name}"))
            except ImportError:
                continue
    traducir(importlib.import_module("typer.core"))
    try:
        vendored = importlib.import_module("typer._click.core")
    except ImportError:
        return
    _patch_hardcoded(vendored)
    ru._ = _gettext  # type: ignore[attr-defined]
    # These constants were evaluated when typer was imported; set them again.
    for name, english in _RICH_CONSTANTS.items():
        if isinstance(getattr(ru, name, None), str):
            setattr(ru, name, _gettext(english))
