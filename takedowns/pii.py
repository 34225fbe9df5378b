"""Spotting personal data that must not be posted in public forms: PRC
resident ID numbers, mainland mobile numbers and bank-card numbers.

Regular expressions find candidates; python-stdnum checks each number's own
structure (the ID's birth date and check digit, the card's Luhn sum), so an
ordinary long number is not refused. The ID's area code is deliberately not
checked: stdnum's list of areas misses codes real IDs carry (new or merged
districts) and its ``is_valid`` raises KeyError on some of them, and letting
a real ID number through is worse than refusing a look-alike."""

import re

from stdnum import luhn
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

# 18 characters: 6-digit area, birth date YYYYMMDD, 3-digit sequence, check digit.
_RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])")

# 11 digits starting 13–19, optionally +86 / 0086, spaces or hyphens between groups.
_MOBILE = re.compile(r"(?<!\d)(?:(?:\+|00)86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)")

# 13–19 digits, optionally in groups separated by single spaces or hyphens.
_CARD = re.compile(r"(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)")


def is_resident_id(number: str) -> bool:
    """An 18-character PRC resident ID: right check digit, a real birth date."""
    number = number.upper()
    try:
        ric.get_birth_date(number)
    except ValidationError:  # e.g. 19900231
        return False
    return ric.calc_check_digit(number) == number[-1]


def find_resident_ids(text: str) -> list[str]:
    return [match[0] for match in _RESIDENT_ID.finditer(text) if is_resident_id(match[0])]


def find_mobile_numbers(text: str) -> list[str]:
    return [match[0] for match in _MOBILE.finditer(text)]


def find_bank_cards(text: str) -> list[str]:
    found = []
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match[0])
        if luhn.is_valid(digits) and not is_resident_id(digits):
            found.append(match[0])
    return found
