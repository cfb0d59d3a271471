"""The fast e-mail check never accepts what email-validator would refuse."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from hojaderuta.core.emails import email_problem, plainly_valid

LABEL = st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)
ADDRESS = st.builds(
    lambda local, labels, tld: f"{local}@{'.'.join(labels)}.{tld}",
    st.from_regex(r"[A-Za-z0-9._%+-]{1,70}", fullmatch=True),
    st.lists(LABEL, min_size=1, max_size=3),
    st.sampled_from(["org", "mx", "gob", "test", "local", "arpa", "example", "c0m", "io"]),
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(ADDRESS, st.emails(), st.text(max_size=40)))
def test_fast_path_is_a_subset_of_email_validator(address: str) -> None:
    if plainly_valid(address):
        validate_email(address, check_deliverability=False)  # must not raise


def test_messages() -> None:
    assert email_problem("gobierno.abierto@inai.org.mx") is None
    assert email_problem("alfredo.elizondo @gesoc.org.mx") == "tiene espacios"
    assert email_problem("sin-arroba.org") == "debe tener exactamente una @"
    assert email_problem("a@localhost") == "el dominio después de la @ no tiene punto"
    assert email_problem("a@b.test") is not None
    assert email_problem("a@ab--c.org") is not None  # found by hypothesis: IDNA-reserved label
    try:
        validate_email("a..b@x.org", check_deliverability=False)
    except EmailNotValidError:
        assert email_problem("a..b@x.org") is not None


def test_special_use_domains_are_email_validators() -> None:
    """The copy that spares the import stays the library's list."""
    from email_validator import SPECIAL_USE_DOMAIN_NAMES

    from hojaderuta.core.emails import SPECIAL_USE_DOMAINS

    assert sorted(SPECIAL_USE_DOMAINS) == sorted(SPECIAL_USE_DOMAIN_NAMES)
