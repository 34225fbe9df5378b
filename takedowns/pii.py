"""Spotting personal data that must not be posted in public forms: PRC
resident ID numbers, mainland mobile numbers and bank-card numbers.

Each finder checks the number's own structure (ID check digit, card Luhn
sum, mobile prefixes), so an ordinary long number is not refused."""

import re

# 18 characters: 6-digit area, birth date YYYYMMDD, 3-digit sequence, check digit.
_RESIDENT_ID = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])"
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# 11 digits starting 13–19, optionally +86 / 0086, spaces or hyphens between groups.
_MOBILE = re.compile(r"(?<!\d)(?:(?:\+|00)86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)")

# 13–19 digits, optionally in groups separated by single spaces or hyphens.
_CARD = re.compile(r"(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)")


def resident_id_check_digit(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def find_resident_ids(text: str) -> list[str]:
    return [
        match[0]
        for match in _RESIDENT_ID.finditer(text)
        if resident_id_check_digit(match[0][:17]) == match[0][17].upper()
    ]


def find_mobile_numbers(text: str) -> list[str]:
    return [match[0] for match in _MOBILE.finditer(text)]


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def find_bank_cards(text: str) -> list[str]:
    found = []
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match[0])
        if luhn_valid(digits) and not find_resident_ids(digits):
            found.append(match[0])
    return found
