"""Constant texts of the templates are translated when the template is compiled
(publish/constanttext.py) and give exactly what Jinja's own gettext gives."""

from __future__ import annotations

from typing import Any

import pytest

from hojaderuta.text.i18n import speaking

SOURCE = (
    '{{ _("Término") }}|{{ _("100%% cumplido") }}|{{ _("<b>Sí</b>") }}|'
    '{{ _("Hito %(n)s", n=2) }}|{{ m._("x") }}|{{ _("Término")|upper }}|'
    # Values: escaped (or not, outside HTML) exactly as Jinja's gettext escapes them.
    '{{ _("Hito %(n)s", n="<b>&</b>") }}|{{ _("Hito %(n)s", n=_("<b>Sí</b>")) }}|'
    '{{ _("del %(inicio)s al %(fin)s", fin=[3, 1]|sort|join(", "), inicio={"a": (1)}["a"]) }}|'
    '{{ _("%(n)s%%", n=5)|upper }}|{{ _("Hito %(n)s", n=_("Hito %(n)s", n=7)) }}|'
    # Split and filled (HTML), or left to «%»: «%%», a name twice, a value not used,
    # other conversions, a value that is already markup.
    '{{ _("%(n)s%% de %(n)s", n="<i>") }}|{{ _("Sí", n=1) }}|{{ _("%(n)d hitos", n=3) }}|'
    '{{ _("%(n)5s|%(m)s", n="a", m=_("<b>Sí</b>")) }}|{{ _("<b>%(x)s</b>%(y)s", x=1.5, y=none) }}|'
    # Left to Jinja: positional values, ngettext, a trailing comma.
    '{{ ngettext("%(num)s hito", "%(num)s hitos", 2) }}|{{ _("Término", ) }}'
)


def _render(inline: bool, html: bool, language: str) -> str:
    from jinja2 import DictLoader, Environment

    from hojaderuta.publish.rendering import GETTEXT_ATTRIBUTE
    from hojaderuta.text.i18n import translations

    extensions = ["jinja2.ext.i18n"]
    if inline:
        extensions.append("hojaderuta.publish.constanttext.ConstantTranslations")
    with speaking(language):
        env: Any = Environment(
            loader=DictLoader({"t.html": SOURCE, "t.md": SOURCE}),
            autoescape=lambda name: bool(name and name.endswith(".html")),
            extensions=extensions,
        )
        env.install_gettext_translations(translations(), newstyle=True)
        env.extend(**{GETTEXT_ATTRIBUTE: translations().gettext})
        template = env.get_template("t.html" if html else "t.md")
    method = {"_": lambda text: f"método:{text}"}
    return str(template.render(m=method))


@pytest.mark.parametrize("html", [True, False], ids=["html", "markdown"])
@pytest.mark.parametrize("language", ["es", "en"])
def test_same_output_as_jinja_gettext(html: bool, language: str) -> None:
    assert _render(True, html, language) == _render(False, html, language)


def test_the_constant_is_written_into_the_compiled_template() -> None:
    from hojaderuta.publish.constanttext import FILL_FILTER
    from hojaderuta.publish.rendering import environment
    from hojaderuta.text.i18n import _

    with speaking("en"):
        english = _("Término")
        env = environment()
        source = '{{ _("Término") }} {{ _("Hito %(n)s", n=x) }}'
        code = env.compile(source, raw=True)  # no name: not HTML
        html = env.compile(source, name="sitio/x.html.j2", raw=True)
        milestone = _("Hito %(n)s")
    assert english != "Término"
    for compiled in (code, html):
        assert english in compiled and "Término" not in compiled  # no gettext call left
        assert "Hito %(n)s" not in compiled and "gettext" not in compiled  # values too
    assert milestone in code and FILL_FILTER not in code  # formatted with «%»
    # In HTML, split where the values go («Milestone », n, «») and filled by a filter.
    assert milestone not in html and FILL_FILTER in html
    assert f"({milestone.split('%(n)s')[0]!r}, 'n', ''" in html
    with speaking("es"):
        assert environment().from_string('{{ _("Término") }}').render() == "Término"


def test_the_old_macros_give_what_the_filters_give() -> None:
    """A user's template written for the macros «m.fecha», «m.fecha_iso» and «m.rotulo»
    still works, and shows what the bundled templates show with the filters."""
    from datetime import date

    from hojaderuta.publish.rendering import environment

    source = (
        '{%- import "sitio/_macros.html.j2" as m with context -%}'
        "{% for d in fechas %}{{ m.fecha(d) }}{{ m.fecha_iso(d) }}{{ m.rotulo(d) }}|{% endfor %}"
    )
    filters = "{% for d in fechas %}{{ d|fecha }}{{ d|fecha_iso }}{{ d|rotulo }}|{% endfor %}"
    fechas = [date(2020, 4, 28), "2021-01-05", None]
    env = environment()
    by_macro = env.from_string(source).render(fechas=fechas)
    assert by_macro == env.from_string(filters).render(fechas=fechas)
    assert '<time datetime="2020-04-28">28 de abril de 2020</time>' in by_macro
    assert "——" in by_macro  # no date
    rotulo = env.from_string('{% import "sitio/_macros.html.j2" as m %}{{ m.rotulo(x) }}')
    assert rotulo.render(x="<b>") == '<span class="rotulo" aria-hidden="true">&lt;b&gt;: </span>'
