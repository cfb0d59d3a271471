"""Constant texts of the templates are translated when the template is compiled
(publish/constanttext.py) and give exactly what Jinja's own gettext gives."""

from __future__ import annotations

from typing import Any

import pytest

from hojaderuta.text.i18n import speaking

SOURCE = (
    '{{ _("Término") }}|{{ _("100%% cumplido") }}|{{ _("<b>Sí</b>") }}|'
    '{{ _("Hito %(n)s", n=2) }}|{{ m._("x") }}|{{ _("Término")|upper }}'
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
    from hojaderuta.publish.rendering import environment
    from hojaderuta.text.i18n import _

    with speaking("en"):
        english = _("Término")
        env = environment()
        code = env.compile('{{ _("Término") }} {{ _("Hito %(n)s", n=1) }}', raw=True)
    assert english != "Término"
    assert english in code and "Término" not in code  # no gettext call left for it
    assert "Hito %(n)s" in code  # a text with values is still Jinja's to translate
    with speaking("es"):
        assert environment().from_string('{{ _("Término") }}').render() == "Término"
