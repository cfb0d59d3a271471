"""What ``plan.yaml`` says about the published site: its address, identity and data licence.

``sitio`` is either the site's address (the original form, still valid) or a block with
``url``, ``logo``, ``color`` and ``pie``; ``licencia_datos`` is an SPDX identifier or the
address of a licence. Read leniently: a value with findings is simply not used, and the
rules (``core.siterules``) say why, with the judgements here (``color_problem``,
``licencia_problem``, ``judge_logo``), so the site and the rules never disagree.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hojaderuta.core.evidence import Problem, locate_evidence
from hojaderuta.core.links import Link, classify
from hojaderuta.text.i18n import N_, SHIPPED, SOURCE, _

LICENCIA_POR_OMISION = "CC-BY-4.0"

# The licences open-data portals use most, with the name people know them by (marked for
# the catalog: Creative Commons names them in each language); any other SPDX identifier
# is accepted and linked to its SPDX page.
LICENCIAS: dict[str, tuple[str, str]] = {
    "CC-BY-4.0": (
        N_("Creative Commons Atribución 4.0 Internacional"),
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "CC-BY-SA-4.0": (
        N_("Creative Commons Atribución-CompartirIgual 4.0 Internacional"),
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    "CC0-1.0": (
        N_("Creative Commons CC0 1.0 Universal (dominio público)"),
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    "ODbL-1.0": (
        "Open Data Commons Open Database License 1.0",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
    "ODC-By-1.0": (
        "Open Data Commons Attribution License 1.0",
        "https://opendatacommons.org/licenses/by/1-0/",
    ),
    "PDDL-1.0": (
        "Open Data Commons Public Domain Dedication and License 1.0",
        "https://opendatacommons.org/licenses/pddl/1-0/",
    ),
}

SPDX_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+-]{0,63}")
COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
LOGO_TYPES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".gif"})  # never SVG: it runs code
LOGO_MAX_BYTES = 1024 * 1024  # «1 MB»: a header logo needs a few dozen KB

# The accent colours links and the header's name: text on white and on the panel grey.
FONDOS = ("#ffffff", "#f3f4f6")
# «4.5:1 con el fondo blanco (#ffffff)»: each background's phrase, untranslated.
_CONTRASTE_CON = {
    "#ffffff": N_("{ratio}:1 con el fondo blanco ({color})"),
    "#f3f4f6": N_("{ratio}:1 con el gris de los paneles ({color})"),
}
CONTRASTE_MINIMO = 4.5  # WCAG 2.2 AA, normal text


@dataclass(frozen=True)
class Licencia:
    id: str | None  # SPDX identifier, when it is one
    titulo: str
    url: str | None

    @property
    def titulo_visible(self) -> str:
        """The title in the language in use: a known licence's official name; anything
        else the plan wrote, as written."""
        return _(self.titulo) if self.id in LICENCIAS else self.titulo

    @property
    def nombre(self) -> str:
        """How Data Package and JSON-LD name it: the SPDX id, else the address."""
        return self.id or self.url or self.titulo


@dataclass(frozen=True)
class AjustesSitio:
    url: str | None  # the site's address, ending in "/", when it is a web address
    logo: str | None  # a path inside the plan, as written
    color: str | None  # "#rrggbb", lowercase, only when it passes the contrast check
    pie: str | None
    licencia: Licencia
    idiomas: tuple[str, ...] = ()  # the site's languages, first at the root; () = the run's
    idioma_contenido: str = "es"  # the language the plan's own texts are written in


def licencia(value: object) -> Licencia:
    """The data licence ``licencia_datos`` names (the default when it names none)."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        text = LICENCIA_POR_OMISION
    if classify(text) is Link.WEB:
        return Licencia(None, text, text)
    if SPDX_ID.fullmatch(text):
        known = {k.casefold(): k for k in LICENCIAS}.get(text.casefold())
        if known is not None:
            title, url = LICENCIAS[known]
            return Licencia(known, title, url)
        return Licencia(text, text, f"https://spdx.org/licenses/{text}.html")
    return Licencia(None, text, None)


def licencia_problem(value: object) -> str | None:
    """Why ``licencia_datos`` is not a licence hdr can publish, or None."""
    if not isinstance(value, str):
        return None  # the schema says it
    text = value.strip()
    if classify(text) is Link.WEB or SPDX_ID.fullmatch(text):
        return None
    # «CC BY 4.0», «cc-by 4.0»: the usual name of a known licence, written with spaces.
    joined = re.sub(r"[\s_]+", "-", text).casefold()
    close = next((k for k in LICENCIAS if k.casefold() == joined), None)
    message = _(
        "La licencia de los datos «{valor}» debe ser un identificador SPDX (por ejemplo "
        "{omision} o CC0-1.0), sin espacios, o la dirección web de la licencia "
        "(https://…)."
    ).format(valor=text, omision=LICENCIA_POR_OMISION)
    if close is None:
        return message
    return message + " " + _("¿Quiso decir «{clave}»?").format(clave=close)


def _rgb(color: str) -> tuple[int, int, int]:
    digits = color.lstrip("#")
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _luminance(color: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    a, b = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def normal_color(value: str) -> str:
    """«#ABC» -> «#aabbcc»."""
    return "#" + "".join(f"{v:02x}" for v in _rgb(value))


def color_problem(value: object) -> str | None:
    """Why an accent colour cannot be used (not a colour, or too little contrast)."""
    if not isinstance(value, str):
        return None  # the schema says it
    text = value.strip()
    if not COLOR.fullmatch(text):
        message = (
            _(
                "El color «{valor}» debe escribirse en hexadecimal, como #1f5f3a (le falta el # "
                'del principio), y entre comillas: color: "#1f5f3a" (sin comillas, YAML toma '
                "lo que sigue a # como un comentario)."
            )
            if COLOR.fullmatch("#" + text)
            else _(
                "El color «{valor}» debe escribirse en hexadecimal, como #1f5f3a, y entre "
                'comillas: color: "#1f5f3a" (sin comillas, YAML toma lo que sigue a # como un '
                "comentario)."
            )
        )
        return message.format(valor=text)
    ratios = {f: contrast(normal_color(text), f) for f in FONDOS}
    phrases = [
        _(_CONTRASTE_CON[f]).format(ratio=_ratio(ratios[f]), color=f)
        for f in FONDOS
        if ratios[f] < CONTRASTE_MINIMO
    ]
    if not phrases:
        return None
    against = phrases[0]
    for phrase in phrases[1:]:
        against = _("{contraste} y de {otro}").format(contraste=against, otro=phrase)
    return _(
        "El color «{valor}» no se lee bien: su contraste es de {contraste}; WCAG 2.2 AA "
        "pide al menos {minimo}:1 para el texto de los enlaces. Elija un tono más oscuro."
    ).format(valor=text, contraste=against, minimo=_ratio(CONTRASTE_MINIMO))


def _ratio(value: float) -> str:
    """4.5 -> «4.5», 4.127 -> «4.12»: truncated, so a failing ratio never reads as passing."""
    return f"{int(value * 100) / 100:.2f}".rstrip("0").rstrip(".")


# The first bytes of each image type a logo may be: a name ending in .png proves nothing.
_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")

# Each reason a logo file is refused, a whole sentence untranslated (``{valor}``: the
# value as written).
_LOGO_PROBLEMS: dict[Problem, str] = {
    Problem.MISSING: N_(
        "El logo «{valor}» no existe (se busca desde la carpeta del plan y desde la raíz del "
        "repositorio). Corrija la ruta o agregue el archivo."
    ),
    Problem.OUTSIDE: N_(
        "El logo «{valor}» lleva fuera de la carpeta del plan (o a una carpeta .git), y se "
        "publicaría en el sitio. Copie la imagen dentro de la carpeta del plan (por ejemplo, "
        "en identidad/)."
    ),
    Problem.UNTRACKED: N_(
        "El logo «{valor}» es un archivo que git no sigue (no está en el repositorio). "
        "Agréguelo con «git add»."
    ),
}
_LOGO_KIND = N_(
    "El logo «{valor}» debe ser una imagen PNG, JPG, WebP o GIF. SVG y otros tipos no se "
    "publican como logo porque podrían ejecutar código en el sitio: exporte el logo a PNG."
)
_LOGO_CONTENT = N_(
    "El logo «{valor}» no es una imagen PNG, JPG, WebP ni GIF, aunque su nombre lo diga: su "
    "contenido es otro. Exporte el logo a PNG."
)


@dataclass(frozen=True)
class Logo:
    """Where ``sitio.logo`` leads: the image to copy to the site, or why there is none."""

    path: Path | None  # resolved and confined, when it may be published
    problem: str | None  # a whole sentence that names the value


def _is_image(path: Path) -> bool:
    with path.open("rb") as fh:
        head = fh.read(12)
    return head.startswith(_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def judge_logo(
    value: str, plan_dir: Path, repo_root: Path | None, tracked: frozenset[Path] | None
) -> Logo:
    """Judge ``sitio.logo`` as local evidence is judged (``core.evidence``: inside the
    plan, outside .git, tracked by git when the plan is in git), and more narrowly: an
    image of ``LOGO_TYPES`` (by its name and its content) of at most ``LOGO_MAX_BYTES``.
    ``plan_dir`` and ``repo_root`` must be resolved."""
    text = value.strip()
    if classify(text) is not Link.RELATIVE:
        return _refused(
            N_(
                "El logo «{valor}» debe ser la ruta de una imagen dentro de la carpeta del plan "
                "(por ejemplo identidad/logo.png), no una dirección web: el sitio no carga nada "
                "de otros sitios."
            ),
            text,
        )
    clean = text.split("#", 1)[0].split("?", 1)[0]
    if Path(clean).suffix.lower() not in LOGO_TYPES:
        return _refused(_LOGO_KIND, text)
    found = locate_evidence(text, plan_dir, repo_root, tracked)
    if found.path is None:
        problem = found.problem or Problem.MISSING
        return _refused(_LOGO_PROBLEMS.get(problem, _LOGO_KIND), text)
    try:
        size = found.path.stat().st_size
        image = found.path.suffix.lower() in LOGO_TYPES and _is_image(found.path)
    except OSError:
        return _refused(_LOGO_PROBLEMS[Problem.MISSING], text)
    if not image:
        return _refused(_LOGO_CONTENT, text)
    if size > LOGO_MAX_BYTES:
        return Logo(
            None,
            _(
                "El logo «{valor}» pesa {tamano} MB; el límite es 1 MB. Redúzcalo (un logo de "
                "encabezado necesita unas decenas de KB: por ejemplo, 400 píxeles de ancho)."
            ).format(valor=text, tamano=f"{math.ceil(size * 10 / 2**20) / 10:.1f}"),
        )
    return Logo(found.path, None)


def _refused(message: str, value: str) -> Logo:
    """No logo, and why: ``message`` (untranslated) about ``value``."""
    return Logo(None, _(message).format(valor=value))


def site_url(value: object) -> str | None:
    """The published site's address as a base for its pages' addresses, ending in «/»;
    None unless it is a web address. A query or fragment («?», «#») is dropped."""
    text = value.strip() if isinstance(value, str) else ""
    if not text or classify(text) is not Link.WEB:
        return None
    base = re.split(r"[?#]", text, maxsplit=1)[0]
    return base.rstrip("/") + "/"


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def site_settings(plan: Mapping[str, Any]) -> AjustesSitio:
    """The site's settings from a loaded ``plan.yaml`` (lenient: bad values are unused)."""
    raw = plan.get("sitio")
    block: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {"url": raw}
    url = _text(block.get("url"))
    color = _text(block.get("color"))
    logo = _text(block.get("logo"))
    return AjustesSitio(
        url=site_url(url),
        logo=logo if logo and classify(logo) is Link.RELATIVE else None,
        color=normal_color(color) if color and color_problem(color) is None else None,
        pie=_text(block.get("pie")),
        licencia=licencia(plan.get("licencia_datos")),
        idiomas=_languages(plan.get("idiomas")),
        idioma_contenido=_content_language(plan.get("idioma_contenido")),
    )


def _languages(value: object) -> tuple[str, ...]:
    """The languages hdr ships that ``idiomas`` names, once each, in order (the schema
    already reported any other)."""
    if not isinstance(value, list):
        return ()
    return tuple(dict.fromkeys(v for v in value if isinstance(v, str) and v in SHIPPED))


def _content_language(value: object) -> str:
    text = _text(value)
    return text if text and re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", text) else SOURCE
