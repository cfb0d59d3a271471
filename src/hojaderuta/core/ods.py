"""The 17 Sustainable Development Goals and their 169 targets (Agenda 2030)."""

from __future__ import annotations

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

NOMBRES: dict[int, str] = {
    1: "Fin de la pobreza",
    2: "Hambre cero",
    3: "Salud y bienestar",
    4: "Educación de calidad",
    5: "Igualdad de género",
    6: "Agua limpia y saneamiento",
    7: "Energía asequible y no contaminante",
    8: "Trabajo decente y crecimiento económico",
    9: "Industria, innovación e infraestructura",
    10: "Reducción de las desigualdades",
    11: "Ciudades y comunidades sostenibles",
    12: "Producción y consumo responsables",
    13: "Acción por el clima",
    14: "Vida submarina",
    15: "Vida de ecosistemas terrestres",
    16: "Paz, justicia e instituciones sólidas",
    17: "Alianzas para lograr los objetivos",
}


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
        return (
            f"La meta «{meta}» es del ODS {other}, no del ODS {goal}. Pásela a una "
            f"alineación con «ods: {other}» o corrija el número."
        )
    numbered = sorted(m for m in METAS[goal] if m.split(".")[1].isdigit())
    letters = sorted(m for m in METAS[goal] if not m.split(".")[1].isdigit())
    last = max(numbered, key=lambda m: int(m.split(".")[1]))
    extra = f" y {', '.join(letters)}" if letters else ""
    return f"«{meta}» no es una meta del ODS {goal}; sus metas son {goal}.1 a {last}{extra}."
