"""The TOTP helper the other tests sign in with, against RFC 6238's own test vectors."""

import base64

from conftest import totp

RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()  # the RFC's SHA-1 key


def test_totp_matches_rfc_6238():
    assert totp(RFC_SECRET, at=59, digits=8) == "94287082"
    assert totp(RFC_SECRET, at=1111111109, digits=8) == "07081804"
    assert totp(RFC_SECRET, at=1234567890, digits=8) == "89005924"
    assert totp(RFC_SECRET, at=59) == "287082"


def test_totp_accepts_unpadded_lowercase_secrets():
    assert totp(RFC_SECRET.rstrip("=").lower(), at=59) == "287082"
