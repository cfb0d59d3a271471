"""The one Jinja environment of hdr: bundled templates, user overrides, strict and escaped.

Templates are looked up first in the user's ``--plantillas`` folder, then in
the bundled ``plantillas/``. Undefined variables are errors (StrictUndefined),
and ``*.html.j2``/``*.xml.j2``/``*.svg.j2`` templates escape every value.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any

# At the top, not in each filter: an import statement costs a microsecond on every call,
# and the filters run some 140 times a page.
from markupsafe import Markup, escape

from hojaderuta.progress import Estado
from hojaderuta.resources import data_dir
from hojaderuta.text.dates import long_date
from hojaderuta.text.i18n import N_, _, translations
from hojaderuta.text.markdown import markdown_cell, markdown_link, markdown_text
from hojaderuta.text.numbers import gap_words, percent, plural, points

# The YAML's codes (a contract, never translated) -> their names, translated where shown.
OGP_VALUES = {
    "transparencia": N_("transparencia"),
    "rendicion_de_cuentas": N_("rendición de cuentas"),
    "participacion_ciudadana": N_("participación ciudadana"),
    "innovacion": N_("innovación"),
}


def ogp_values(values: list[str]) -> str:
    return ", ".join(_(OGP_VALUES[v]) if v in OGP_VALUES else v for v in values)


def person_html(p: dict[str, Any], contactos: bool) -> Any:
    """«Nombre, cargo (institución) · correo · Tel.», escaped (a filter: macros are slow)."""
    text = f"{p['nombre']}, {p['cargo']} ({p['institucion']})"
    if contactos:
        if p.get("correo"):
            text += f" · {p['correo']}"
        if p.get("telefono"):
            text += " · " + _("Tel. {telefono}").format(telefono=p["telefono"])
    return escape(text)


def link_html(e: Any, raiz: str) -> Any:
    """A vetted link, or its text when it is not a safe link."""
    if not e.href:
        return escape(e.texto)
    href = e.href if e.externo else raiz + e.href
    rel = ' rel="noopener noreferrer"' if e.externo else ""
    return Markup('<a href="{}"{}>{}</a>').format(href, Markup(rel), e.texto)


def date_html(value: Any) -> Any:
    """A date in words that never breaks in the middle, readable by machines too (a
    filter: a macro call costs more than the page's text around it)."""
    return _time_html(value, in_words=True)


def iso_date_html(value: Any) -> Any:
    """The same, written «AAAA-MM-DD» (tables)."""
    return _time_html(value, in_words=False)


def _time_html(value: Any, in_words: bool) -> Any:
    if value is None:
        return Markup("—")
    iso = escape(value if isinstance(value, str) else value.isoformat())
    shown = escape(long_date(value)) if in_words else iso
    # Escaped by hand: Markup.format runs Python's string.Formatter (slow on every page).
    return Markup(f'<time datetime="{iso}">{shown}</time>')


def label_html(text: Any) -> Any:
    """A cell's label, shown only where a table is laid out as cards (narrow screens);
    screen readers already say the column's header, so it is hidden from them."""
    return Markup(f'<span class="rotulo" aria-hidden="true">{escape(text)}: </span>')


def csp_hash(content: str) -> str:
    digest = hashlib.sha256(content.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _autoescape(name: str | None) -> bool:
    return bool(name) and str(name).endswith((".html.j2", ".xml.j2", ".svg.j2"))


_CONTENT_TAGS = ("span", "div", "p", "li")


def content_html(value: object, written_in: object, tag: str = "span") -> Any:
    """``value`` escaped, inside ``<tag lang="…">`` when ``written_in`` names the plan's
    language (``other_language`` gives it only when the page speaks another)."""
    text = escape(value)
    if not isinstance(written_in, str) or not written_in:
        return text
    tag = tag if tag in _CONTENT_TAGS else "span"  # a user template's odd tag: still safe
    return Markup(f'<{tag} lang="{escape(written_in)}">{text}</{tag}>')


# Where constanttext.ConstantTranslations finds the catalog of the environment's language.
GETTEXT_ATTRIBUTE = "hdr_gettext"


def environment(user_dir: Path | None = None) -> Any:
    """The Jinja environment; ``user_dir`` templates override bundled ones by name."""
    from jinja2 import (
        ChoiceLoader,
        Environment,
        FileSystemLoader,
        StrictUndefined,
        pass_context,
    )

    @pass_context
    def content(context: Any, value: object, tag: str = "span") -> Any:
        """The plan's own text, marked with the language it is written in when the page
        speaks another (screen readers switch voice); unchanged otherwise."""
        return content_html(value, context.get("idioma_contenido"), tag)

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
        extensions=["jinja2.ext.i18n", "hojaderuta.publish.constanttext.ConstantTranslations"],
    )
    # Templates mark their text with _() and {% trans %}: the run's catalog (Spanish: none).
    catalog = translations()
    env.install_gettext_translations(catalog, newstyle=True)  # type: ignore[attr-defined]
    # _("constant") is translated once, when a template is compiled (constanttext.py).
    env.extend(**{GETTEXT_ATTRIBUTE: catalog.gettext})
    env.filters.update(
        # Filter names are the templates' vocabulary (Spanish); functions live in text/.
        fecha_larga=long_date,
        porcentaje=percent,  # the locale's («82.5%»; Spain's has a no-break space)
        celda=markdown_cell,
        md=markdown_text,
        valores_ogp=ogp_values,
        md_enlace=markdown_link,
        capitalize_first=lambda text: text[:1].upper() + text[1:],
        persona=person_html,
        enlace=link_html,
        cuenta=plural,
        cuenta_estado=lambda code, n: Estado(code).cuenta(n),
        contenido=content,
        brecha=gap_words,
        puntos=points,
        fecha=date_html,
        fecha_iso=iso_date_html,
        rotulo=label_html,
    )
    return env


def asset_path(name: str, user_dir: Path | None = None) -> Path:
    """A static file of the templates (CSS, JS, images), from the user's folder first."""
    for base in ([user_dir] if user_dir else []) + [data_dir("plantillas")]:
        path = base / name
        if path.is_file():
            return path
    raise FileNotFoundError(name)


def asset(name: str, user_dir: Path | None = None) -> str:
    """A static text file (CSS, JS) to inline, from the user's folder first."""
    return asset_path(name, user_dir).read_text(encoding="utf-8")
