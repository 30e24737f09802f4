"""Verification codes of end-of-placement certificates.

The code is the placement id plus an HMAC-SHA256 (keyed with SECRET_KEY) of the id and the
period, so anyone holding a printed certificate can check it on the public page, and changing the
dates after printing makes the old code invalid.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import date

from django.conf import settings

CODE_PATTERN = re.compile(r"^BNM-(\d{1,12})-([0-9A-F]{4})-([0-9A-F]{4})-([0-9A-F]{4})$")


def _mac(placement_id: int, start: date, end: date) -> str:
    message = f"placement:{placement_id}:{start.isoformat()}:{end.isoformat()}".encode()
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:12].upper()


def certificate_code(placement_id: int, start: date, end: date) -> str:
    mac = _mac(placement_id, start, end)
    return f"BNM-{placement_id}-{mac[0:4]}-{mac[4:8]}-{mac[8:12]}"


def placement_id_of(code: str) -> int | None:
    match = CODE_PATTERN.match(code.strip().upper())
    return int(match.group(1)) if match else None


def code_matches(code: str, placement_id: int, start: date, end: date) -> bool:
    return hmac.compare_digest(code.strip().upper(), certificate_code(placement_id, start, end))
