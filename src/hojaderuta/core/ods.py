"""The 17 Sustainable Development Goals and their 169 targets (Agenda 2030)."""

from __future__ import annotations

from hojaderuta.text.i18n import N_, _

# Goal -> (number of numbered targets, letters of the means-of-implementation targets).
_TARGETS: dict[int, tuple[int, str]] = {
    1: (5, "ab"),
    2: (5, "abc"),
    3: (9, "abcd"),
    4: (7, "abc"),
    5: (6, "abc"),
    6: (6, "ab"),
    7: (3, "ab"),
    8: (10, "ab"),
    9: (5, "abc"),
    10: (7, "abc"),
    11: (7, "abc"),
    12: (8, "abc"),
    13: (3, "ab"),
    14: (7, "abc"),
    15: (9, "abc"),
    16: (10, "ab"),
    17: (19, ""),
}

METAS: dict[int, frozenset[str]] = {
    goal: frozenset(
        [f"{goal}.{n}" for n in range(1, numbered + 1)] + [f"{goal}.{c}" for c in letters]
    )
    for goal, (numbered, letters) in _TARGETS.items()
}

# The goals' official names, untranslated: show them with ``nombre_ods``/``nombres_ods``.
NOMBRES: dict[int, str] = {
    1: N_("Fin de la pobreza"),
    2: N_("Hambre cero"),
    3: N_("Salud y bienestar"),
    4: N_("Educación de calidad"),
    5: N_("Igualdad de género"),
    6: N_("Agua limpia y saneamiento"),
    7: N_("Energía asequible y no contaminante"),
    8: N_("Trabajo decente y crecimiento económico"),
    9: N_("Industria, innovación e infraestructura"),
    10: N_("Reducción de las desigualdades"),
    11: N_("Ciudades y comunidades sostenibles"),
    12: N_("Producción y consumo responsables"),
    13: N_("Acción por el clima"),
    14: N_("Vida submarina"),
    15: N_("Vida de ecosistemas terrestres"),
    16: N_("Paz, justicia e instituciones sólidas"),
    17: N_("Alianzas para lograr los objetivos"),
}


def nombre_ods(goal: int) -> str:
    """The goal's official name in the run's language."""
    return _(NOMBRES[goal])


def nombres_ods() -> dict[int, str]:
    """Every goal's name in the run's language (for templates)."""
    return {goal: _(name) for goal, name in NOMBRES.items()}


def goal_of(meta: str) -> int | None:
    """The goal a target belongs to, if it is a real target of any goal."""
    head = meta.split(".", 1)[0]
    if head.isdigit() and meta in METAS.get(int(head), frozenset()):
        return int(head)
    return None


def wrong_target(goal: int, meta: str) -> str | None:
    """Why ``meta`` is not a target of ``goal`` (None when it is), for a finding."""
    if meta in METAS[goal]:
        return None
    other = goal_of(meta)
    if other is not None:
        return _(
            "La meta «{meta}» es del ODS {otro}, no del ODS {ods}. Pásela a una "
            "alineación con «ods: {otro}» o corrija el número."
        ).format(meta=meta, otro=other, ods=goal)
    numbered = sorted(m for m in METAS[goal] if m.split(".")[1].isdigit())
    letters = sorted(m for m in METAS[goal] if not m.split(".")[1].isdigit())
    last = max(numbered, key=lambda m: int(m.split(".")[1]))
    if letters:
        return _(
            "«{meta}» no es una meta del ODS {ods}; sus metas son {ods}.1 a {ultima} y {letras}."
        ).format(meta=meta, ods=goal, ultima=last, letras=", ".join(letters))
    return _("«{meta}» no es una meta del ODS {ods}; sus metas son {ods}.1 a {ultima}.").format(
        meta=meta, ods=goal, ultima=last
    )
