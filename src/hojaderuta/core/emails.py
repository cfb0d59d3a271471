"""Is an e-mail address syntactically valid? email-validator decides; the common case is fast."""

from __future__ import annotations

import re
from functools import lru_cache

from hojaderuta.text.i18n import N_, _

# Plain ASCII addresses that email-validator always accepts; checking them with this
# first spares the library's full RFC parse on the common case (a test keeps both in step).
_PLAIN_EMAIL = re.compile(
    r"[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}",
    re.ASCII,
)


# email-validator's SPECIAL_USE_DOMAIN_NAMES (RFC 6761 and others), which it rejects:
# copied so that the common case never imports the library (a test keeps them equal).
SPECIAL_USE_DOMAINS = ("arpa", "invalid", "local", "localhost", "onion", "test")


def plainly_valid(address: str) -> bool:
    if len(address) > 254 or not _PLAIN_EMAIL.fullmatch(address):
        return False
    local, domain = address.rsplit("@", 1)
    domain = domain.lower()
    return (
        len(local) <= 64
        # "ab--c": hyphens in the 3rd and 4th places are reserved for IDNA (RFC 5891).
        and not any(label[2:4] == "--" for label in domain.split("."))
        and not any(domain == name or domain.endswith("." + name) for name in SPECIAL_USE_DOMAINS)
    )


def email_problem(address: str) -> str | None:
    """Why ``address`` is not a valid e-mail address (None when it is), in the run's
    language."""
    reason = _reason(address)
    return _(reason) if reason is not None else None


@lru_cache(maxsize=65536)
def _reason(address: str) -> str | None:
    """The reason, untranslated (cached: the language may change between calls)."""
    if plainly_valid(address):
        return None
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        if any(ch.isspace() for ch in address):
            return N_("tiene espacios")
        if address.count("@") != 1:
            return N_("debe tener exactamente una @")
        local, domain = address.split("@")
        if not local:
            return N_("falta el nombre antes de la @")
        if "." not in domain:
            return N_("el dominio después de la @ no tiene punto")
        return N_("tiene caracteres o partes no válidas")
    return None
