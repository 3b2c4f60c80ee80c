"""Phone numbers in a book's contacts, checked when the book is read and written in the international form
(+86 153 1395 5512). libphonenumber's numbering plans (the phonenumbers package) know every country's lengths and
groupings, mobiles and landlines alike."""

from __future__ import annotations

import phonenumbers

HOME_REGION = "CN"
"""Where a number written without its country code is dialled: the book's publisher's country."""
LONGEST = 40
"""A longer phone field is not a phone number (and is not handed to the parser)."""


def international(raw: str) -> str:
    """`raw` in the international form, its groups apart: 15313955512 -> +86 153 1395 5512. ValueError (the
    message for the user) where it is not a phone number that can be dialled."""
    if len(raw) > LONGEST:
        raise ValueError(f"a phone number of {len(raw)} characters; write one number, as +86 153 1395 5512")
    try:
        number = phonenumbers.parse(raw, HOME_REGION)
    except phonenumbers.NumberParseException:
        raise ValueError(f"{raw!r} is not a phone number; write it as +86 153 1395 5512") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError(f"{raw!r} is not a phone number that can be dialled; check its digits")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
