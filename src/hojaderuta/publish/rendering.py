"""The one Jinja environment of hdr: bundled templates, user overrides, strict and escaped.

Templates are looked up first in the user's ``--plantillas`` folder, then in
the bundled ``plantillas/``. Undefined variables are errors (StrictUndefined),
and ``*.html.j2``/``*.xml.j2``/``*.svg.j2`` templates escape every value.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import date
from pathlib import Path
from typing import Any

from hojaderuta.resources import data_dir

MESES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


VALORES_OGP = {
    "transparencia": "transparencia",
    "rendicion_de_cuentas": "rendición de cuentas",
    "participacion_ciudadana": "participación ciudadana",
    "innovacion": "innovación",
}


def valores_ogp(values: list[str]) -> str:
    return ", ".join(VALORES_OGP.get(v, v) for v in values)


def fecha_larga(value: date | str | None) -> str:
    """2020-04-28 -> «28 de abril de 2020»."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return f"{value.day} de {MESES[value.month - 1]} de {value.year}"


def porcentaje(value: float | None) -> str:
    if value is None:
        return "—"
    rounded = round(float(value), 2)
    text = f"{rounded:.2f}".rstrip("0").rstrip(".")
    return f"{text} %"


def celda(value: Any) -> str:
    """Text for a GFM table cell: one line, pipes escaped, HTML neutralised."""
    return markdown_text(" ".join(str(value).split())).replace("|", "\\|")


def markdown_text(value: Any) -> str:
    """User text inside Markdown: raw HTML would pass through GFM, so neutralise it."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def md_enlace(url: str) -> str:
    """A Markdown autolink when the URL is plain; otherwise inert text."""
    if any(ch in url for ch in '<>"`\\ ') or any(ch.isspace() for ch in url):
        return markdown_text(url).replace("`", "'")
    return f"<{url}>"


def persona_html(p: dict[str, Any], contactos: bool) -> Any:
    """«Nombre, cargo (institución) · correo · Tel.», escaped (a filter: macros are slow)."""
    from markupsafe import escape

    text = f"{p['nombre']}, {p['cargo']} ({p['institucion']})"
    if contactos:
        if p.get("correo"):
            text += f" · {p['correo']}"
        if p.get("telefono"):
            text += f" · Tel. {p['telefono']}"
    return escape(text)


def enlace_html(e: Any, raiz: str) -> Any:
    """A vetted link, or its text when it is not a safe link."""
    from markupsafe import Markup, escape

    if not e.href:
        return escape(e.texto)
    href = e.href if e.externo else raiz + e.href
    rel = ' rel="noopener noreferrer"' if e.externo else ""
    return Markup('<a href="{}"{}>{}</a>').format(href, Markup(rel), e.texto)


def csp_hash(content: str) -> str:
    digest = hashlib.sha256(content.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _autoescape(name: str | None) -> bool:
    return bool(name) and str(name).endswith((".html.j2", ".xml.j2", ".svg.j2"))


def environment(user_dir: Path | None = None) -> Any:
    """The Jinja environment; ``user_dir`` templates override bundled ones by name."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

    loaders = []
    if user_dir is not None:
        loaders.append(FileSystemLoader(str(user_dir)))
    loaders.append(FileSystemLoader(str(data_dir("plantillas"))))
    env = Environment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=_autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        fecha_larga=fecha_larga,
        porcentaje=porcentaje,
        celda=celda,
        md=markdown_text,
        valores_ogp=valores_ogp,
        md_enlace=md_enlace,
        capitalize_first=lambda text: text[:1].upper() + text[1:],
        persona=persona_html,
        enlace=enlace_html,
    )
    return env


def asset(name: str, user_dir: Path | None = None) -> str:
    """A static file (CSS, JS) to inline, from the user's folder first."""
    for base in ([user_dir] if user_dir else []) + [data_dir("plantillas")]:
        path = base / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise FileNotFoundError(name)
