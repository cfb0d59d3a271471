"""What a command-line parameter expects, read from the command's own type hints.

Help screens and usage errors describe parameters in hdr's words from these facts
(a number, one of some choices, a path, a text), not from the English words
typer and click would print. Only public attributes of click's parameters and
the annotations of hdr's own functions are read.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from hojaderuta.text.i18n import N_, _


@dataclass(frozen=True)
class Expected:
    """The kind of value a parameter takes."""

    kind: str  # "entero", "opcion", "ruta", "texto", "bandera"
    choices: tuple[str, ...] = ()

    def describe(self) -> str:
        """«un número entero», «una de: a, b o c»…"""
        if self.kind == "entero":
            return _("un número entero")
        if self.kind == "opcion":
            return _("una de estas opciones: {opciones}").format(
                opciones=enumerate_es(self.choices)
            )
        if self.kind == "ruta":
            return _("una ruta de archivo o carpeta")
        if self.kind == "bandera":
            return _("ningún valor")
        return _("un texto")


def enumerate_es(items: tuple[str, ...] | list[str]) -> str:
    """«a», «a o b», «a, b o c» (in the run's language: «a, b or c»)."""
    quoted = [f"«{i}»" for i in items]
    if len(quoted) <= 1:
        return "".join(quoted)
    # TRANSLATORS: the list «a, b o c»: {anteriores} is «a, b» (joined with «, »).
    return _("{anteriores} o {ultimo}").format(anteriores=", ".join(quoted[:-1]), ultimo=quoted[-1])


def _strip(annotation: Any) -> Any:
    """The value type under Annotated[…], Optional[…] and list[…]."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else str
        elif origin in (list, tuple):
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation


def _hints(command: Any) -> dict[str, Any]:
    callback = getattr(command, "callback", None)
    if callback is None:
        return {}
    try:
        return typing.get_type_hints(callback, include_extras=True)
    except (NameError, TypeError):  # a hint that cannot be evaluated: describe as text
        return {}


def expected(command: Any, param: Any) -> Expected:
    """What ``param`` of ``command`` takes."""
    if getattr(param, "is_flag", False):
        return Expected("bandera")
    annotation = _strip(_hints(command).get(getattr(param, "name", "") or "", str))
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return Expected("opcion", tuple(str(m.value) for m in annotation))
    if annotation is int:
        return Expected("entero")
    if annotation is Path:
        return Expected("ruta")
    return Expected("texto")


def display_name(param: Any) -> str:
    """How a person wrote or would write the parameter: «--formato», «PLAN»."""
    if getattr(param, "param_type_name", "") == "argument":
        return _(param.metavar) if param.metavar else (param.name or "").upper()
    opts: list[str] = sorted(param.opts, key=len, reverse=True)
    return opts[0] if opts else str(param.name)


def value_metavar(command: Any, param: Any) -> str:
    """The placeholder shown after an option in the help: «N», «texto|json», «RUTA»."""
    if getattr(param, "metavar", None):
        return _(param.metavar)
    want = expected(command, param)
    if want.kind == "opcion":
        return "|".join(want.choices)  # the values typed, never translated
    if want.kind == "bandera":
        return ""
    placeholder = {"entero": N_("N"), "ruta": N_("RUTA")}.get(want.kind, N_("TEXTO"))
    return _(placeholder)


def find_option(command: Any, name: str) -> Any:
    """The option of ``command`` that ``name`` («--al», «-f») designates, or None."""
    for param in getattr(command, "params", []):
        if name in getattr(param, "opts", ()) or name in getattr(param, "secondary_opts", ()):
            return param
    return None
