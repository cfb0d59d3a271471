"""Plain-text templates: ``{{campo}}`` fields filled in, ``COMPLETAR`` boxes, new files.

Used by ``hdr iniciar`` and ``hdr nuevo`` (``scaffold``) and by ``hdr importar --nuevos``.
A template may have a translation beside it, in a folder named by the language's code
(``plantillas/iniciar/en/README.md``); ``template`` picks it for the run's language.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from hojaderuta.errors import UsageError
from hojaderuta.text import i18n
from hojaderuta.text.folding import ascii_fold
from hojaderuta.text.i18n import _

_FIELD = re.compile(r"\{\{[a-z_]+\}\}")


def placeholder(guide: str) -> str:
    """A template box as YAML: ``hdr validar`` reports it as ``plantilla-sin-llenar``.

    ``COMPLETAR`` is the marker hdr looks for (``core.placeholders``): it stays in every
    language; only the ``guide`` after it is translated (by the caller)."""
    return json.dumps(f"COMPLETAR: {guide}", ensure_ascii=False)


def template(folder: Path, name: str) -> Path:
    """The template ``name`` of ``folder`` in the language of the run: ``folder/<code>/name``
    when that translation exists (``plantillas/iniciar/en/README.md``), else the Spanish one."""
    code = i18n.language()
    if code != i18n.SOURCE:
        translated = folder / code / name
        if translated.is_file():
            return translated
    return folder / name


def yaml_text(value: str) -> str:
    """``value`` as a one-line YAML scalar: plain when that reads back the same, else quoted."""
    import yaml

    text = " ".join(value.split())
    if not text:
        raise UsageError(_("El texto está vacío."))
    try:
        plain = yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        plain = False
    # JSON's double-quoted strings are valid YAML double-quoted scalars.
    return text if plain else json.dumps(text, ensure_ascii=False)


def slug(text: str, limit: int = 40) -> str:
    plain = ascii_fold(text).lower()
    words = [w for w in re.split(r"[^a-z0-9]+", plain) if w]
    out = ""
    for word in words:
        if out and len(out) + 1 + len(word) > limit:
            break
        out = f"{out}-{word}" if out else word[:limit]
    return out


def render(template: str, fields: dict[str, str]) -> str:
    for key, value in fields.items():
        template = template.replace("{{" + key + "}}", value)
    left = _FIELD.findall(template)
    if left:  # a template and its caller out of step: a bug, not a user error
        raise RuntimeError(f"campos sin valor en la plantilla: {', '.join(sorted(set(left)))}")
    return template


def write_new(path: Path, content: str | bytes) -> bool:
    """Create ``path`` with ``content``; False (and nothing written) when it already exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        with path.open("xb") as fh:  # "x": never overwrite, even in a race
            fh.write(data)
    except FileExistsError:
        return False
    return True
