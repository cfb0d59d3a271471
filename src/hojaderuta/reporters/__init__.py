"""Reporters turn results (data) into text for people and machines. Only they print."""


def plural(n: int, one: str, many: str) -> str:
    """«1 error», «3 errores»."""
    return f"{n} {one if n == 1 else many}"
