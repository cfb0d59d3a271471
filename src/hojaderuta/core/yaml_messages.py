"""libyaml's errors for people: plain Spanish messages and 1-based positions."""

from __future__ import annotations

import yaml

from hojaderuta.text.i18n import N_, _

# libyaml's English messages, in plain Spanish with a hint where one helps (untranslated:
# ``yaml_message`` translates them).
_YAML_MESSAGES: tuple[tuple[str, str], ...] = (
    (
        "mapping values are not allowed",
        N_(
            "Hay dos puntos («:») donde no se esperaban. Si un texto contiene «: », "
            "escríbalo entre comillas; si es una clave nueva, revise su sangría."
        ),
    ),
    (
        "could not find expected ':'",
        N_(
            "Falta «:» después de una clave, o un texto de varias líneas no está sangrado "
            "bajo su clave."
        ),
    ),
    (
        "did not find expected key",
        N_(
            "La sangría no es coherente: una clave está más o menos adentro que sus "
            "vecinas, o un elemento de lista («- ») está mal alineado."
        ),
    ),
    (
        "did not find expected '-' indicator",
        N_("Un elemento de lista no empieza con «- » a la misma sangría que los demás."),
    ),
    (
        "found character '\\t'",
        N_("Hay un tabulador donde YAML exige espacios: sangre solo con espacios."),
    ),
    (
        "that cannot start any token",
        N_(
            "Hay un carácter que no puede empezar un valor (¿un tabulador? YAML solo admite "
            "espacios para sangrar; o un texto que empieza con «@» o «`»: póngalo entre comillas)."
        ),
    ),
    ("found undefined alias", N_("Se usa un alias (*nombre) que no se definió antes con &nombre.")),
    (
        "found unexpected end of stream",
        N_("El archivo termina antes de cerrar unas comillas, un corchete o una llave."),
    ),
    (
        "found unknown escape character",
        N_(
            "Un texto entre comillas dobles tiene una barra invertida («\\») no válida; "
            "use comillas simples o duplique la barra."
        ),
    ),
    (
        "but found another document",
        N_("El archivo tiene más de un documento (separado por «---»); deje uno solo."),
    ),
    (
        "found duplicate anchor",
        N_("Un ancla (&nombre) se define dos veces; use nombres distintos."),
    ),
    (
        "control characters are not allowed",
        N_("El archivo contiene caracteres de control invisibles; bórrelos."),
    ),
    ("found a tab character", N_("Hay un tabulador donde YAML exige espacios; use espacios.")),
)


def yaml_message(err: yaml.YAMLError) -> str:
    text = str(err)
    for needle, spanish in _YAML_MESSAGES:
        if needle in text:
            return _(spanish)
    problem = getattr(err, "problem", None) or (text.splitlines() or ["?"])[0]
    return _("El archivo no es YAML válido ({problema}).").format(problema=problem)


def mark_of(err: yaml.YAMLError) -> tuple[int, int]:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    if mark is not None:
        return (mark.line + 1, mark.column + 1)
    return (1, 1)


def is_nesting_error(err: yaml.YAMLError) -> bool:
    """libyaml's own nesting limit (newer versions): unsafe, not a typo."""
    return "nesting depth" in str(err).lower()
