"""Numbers in Spanish text: percentages and counted nouns.

Two percent formats exist (issue 17 will unify them): the terminal's, with two
decimals («82.50 %», so columns line up), and the site's, without trailing zeros
(«82.5 %», as people write it).
"""

from __future__ import annotations

from hojaderuta.text.i18n import _, ngettext


def r2(value: float) -> float:
    """A figure as the contract reports it: rounded to two decimals."""
    return round(float(value), 2)


def pct_terminal(value: float | None) -> str:
    """«82.50 %», «100 %», «—» (unknown): the terminal's and Markdown's percent."""
    if value is None:
        return "—"
    return f"{r2(value):.2f} %".replace(".00 %", " %")


def pct_site(value: float | None) -> str:
    """«82.5 %», «100 %», «—» (unknown): the site's and reports' percent."""
    if value is None:
        return "—"
    text = f"{r2(value):.2f}".rstrip("0").rstrip(".")
    return f"{text} %"


def plural(n: int, one: str, many: str) -> str:
    """«1 error», «3 errores»: the noun from the catalog's plural forms. Call it with
    literal words: Babel extracts them (keyword ``plural:2,3``, see babel.cfg's notes)."""
    return f"{n} {ngettext(one, many, n)}"


def _points_figure(value: float) -> tuple[str, int]:
    """The figure of a difference of percentages («16.7», «1») and the count its noun
    agrees with (1 only for exactly one point)."""
    text = pct_site(abs(value)).removesuffix(" %")
    return text, 1 if text == "1" else 2


def points(value: float) -> str:
    """«16.7 puntos», «1 punto», «0.5 puntos»: a difference of percentages."""
    text, count = _points_figure(value)
    return ngettext("{n} punto", "{n} puntos", count).format(n=text)


def gap_words(avance: float | None, esperado: float | None) -> str:
    """The gap between progress and expected progress, in words:
    «16.7 puntos por debajo de lo esperado», «en lo esperado»."""
    if avance is None or esperado is None:
        return _("sin cifras que comparar")
    gap = r2(avance) - r2(esperado)
    if abs(gap) < 0.005:
        return _("justo en lo esperado")
    text, count = _points_figure(gap)
    if gap < 0:
        return ngettext(
            "{n} punto por debajo de lo esperado", "{n} puntos por debajo de lo esperado", count
        ).format(n=text)
    return ngettext(
        "{n} punto por encima de lo esperado", "{n} puntos por encima de lo esperado", count
    ).format(n=text)
