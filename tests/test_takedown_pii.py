"""takedowns.pii: the finders the takedown form uses to refuse personal data.

Each finder must catch the real thing (valid check digit, valid Luhn sum, a
real mobile prefix) and let ordinary long numbers through."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.cn import ric

from takedowns import pii

# The example ID number printed in GB 11643-1999 and countless tutorials.
PUBLISHED_EXAMPLE_ID = "11010519491231002X"


def iso7064_check(first17: str) -> str:
    """ISO 7064 MOD 11-2 written the other way round (weights 2^i mod 11), so
    it checks python-stdnum's check digit rather than repeating it."""
    total = sum(int(digit) * pow(2, 17 - index, 11) for index, digit in enumerate(first17))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def resident_id(first17="11010119900307123") -> str:
    return first17 + ric.calc_check_digit(first17 + "?")


def resident_id_ending_in_x() -> str:
    """A valid ID whose check digit is X (searched over the sequence number)."""
    for sequence in range(1000):
        first17 = f"44030419851015{sequence:03d}"
        if ric.calc_check_digit(first17 + "?") == "X":
            return first17 + "X"
    raise AssertionError("no sequence number gives the check digit X")


def with_wrong_check_digit(valid: str) -> str:
    """The same 17 digits with a check digit that is wrong and, so that the
    number is not a bank-card look-alike either, fails the Luhn sum."""
    for candidate in "0123456789X":
        number = valid[:17] + candidate
        if candidate != valid[17] and (candidate == "X" or not luhn.is_valid(number)):
            return number
    raise AssertionError("no wrong check digit found")


def luhn_complete(body: str) -> str:
    """``body`` plus the digit that makes the Luhn sum valid."""
    for digit in "0123456789":
        if luhn.is_valid(body + digit):
            return body + digit
    raise AssertionError("no Luhn digit")


def luhn_broken(body: str) -> str:
    valid = luhn_complete(body)
    return valid[:-1] + str((int(valid[-1]) + 1) % 10)


# ------------------------------------------------------------ resident IDs


def test_check_digit_of_the_published_example_is_x():
    assert ric.calc_check_digit(PUBLISHED_EXAMPLE_ID[:17] + "?") == "X"


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_check_digit_agrees_with_iso_7064(first17):
    assert ric.calc_check_digit(first17 + "?") == iso7064_check(first17)


@pytest.mark.parametrize(
    "text",
    [
        PUBLISHED_EXAMPLE_ID,
        PUBLISHED_EXAMPLE_ID.lower(),
        f"我的身份证号是{PUBLISHED_EXAMPLE_ID}，请删除。",
        f"ID: {resident_id()} (mine)",
    ],
)
def test_valid_resident_id_is_found(text):
    found = pii.find_resident_ids(text)

    assert [number.upper() for number in found] == [
        PUBLISHED_EXAMPLE_ID if PUBLISHED_EXAMPLE_ID.lower() in text.lower() else resident_id()
    ]


def test_resident_id_with_lowercase_x_check_digit_is_found():
    number = resident_id_ending_in_x().lower()

    assert number.endswith("x")
    assert pii.find_resident_ids(f"号码 {number} 结束") == [number]


def test_eighteen_digits_with_a_wrong_check_digit_are_not_an_id():
    assert pii.find_resident_ids(with_wrong_check_digit(resident_id())) == []
    assert pii.find_resident_ids(with_wrong_check_digit(PUBLISHED_EXAMPLE_ID)) == []


def test_number_with_an_impossible_birth_date_is_not_an_id():
    first17 = "11010119901307123"  # month 13
    assert pii.find_resident_ids(first17 + ric.calc_check_digit(first17 + "?")) == []


def test_valid_id_inside_a_longer_number_is_not_reported():
    assert pii.find_resident_ids("9" + resident_id()) == []
    assert pii.find_resident_ids(resident_id() + "7") == []


@given(
    area=st.integers(110000, 659999),
    year=st.integers(1900, 2025),
    month=st.integers(1, 12),
    day=st.integers(1, 28),
    sequence=st.integers(0, 999),
)
def test_any_wellformed_id_is_found_only_with_its_own_check_digit(area, year, month, day, sequence):
    first17 = f"{area}{year}{month:02d}{day:02d}{sequence:03d}"
    right = ric.calc_check_digit(first17 + "?")

    for digit in "0123456789X":
        found = pii.find_resident_ids(f"证件 {first17}{digit} 。")
        assert found == ([first17 + digit] if digit == right else [])


# --------------------------------------------------------- mobile numbers


@pytest.mark.parametrize(
    "text",
    [
        "13812345678",
        "+86 138 1234 5678",
        "+8613812345678",
        "0086-138-1234-5678",
        "138-1234-5678",
        "138 1234 5678",
        "请打19912345678联系我",
    ],
)
def test_mainland_mobile_number_is_found(text):
    assert len(pii.find_mobile_numbers(text)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "12812345678",  # 11 digits, but no mobile prefix starts with 12
        "11012345678",
        "1381234567",  # 10 digits
        "138123456789",  # 12 digits
        "order 20261128",
        "2026-11-28",
    ],
)
def test_mobile_look_alike_is_not_found(text):
    assert pii.find_mobile_numbers(text) == []


# -------------------------------------------------------------- bank cards


def test_luhn_accepts_known_valid_numbers_and_refuses_a_changed_digit():
    assert luhn.is_valid("79927398713")
    assert luhn.is_valid("4111111111111111")
    assert not luhn.is_valid("79927398710")
    assert not luhn.is_valid("4111111111111112")


@pytest.mark.parametrize(
    "card",
    [
        luhn_complete("622202123456789"),  # 16 digits
        luhn_complete("62220212345678901"),  # 18 digits
        luhn_complete("622202123456789012"),  # 19 digits
    ],
)
@pytest.mark.parametrize("separator", ["", " ", "-"])
def test_luhn_valid_card_number_is_found_with_or_without_separators(card, separator):
    written = separator.join(card[i : i + 4] for i in range(0, len(card), 4))

    assert pii.find_bank_cards(f"卡号 {written} 。") == [written]


def test_sixteen_digits_failing_luhn_are_not_a_card():
    assert pii.find_bank_cards(luhn_broken("622202123456789")) == []


def test_twenty_digits_are_not_a_card():
    assert pii.find_bank_cards(luhn_complete("6222021234567890123")) == []


def test_valid_resident_id_is_not_also_reported_as_a_card():
    """An ID that happens to pass the Luhn sum is an ID, reported once."""
    for sequence in range(1000):
        number = resident_id(f"11010119900307{sequence:03d}")
        if number[-1] != "X" and luhn.is_valid(number):
            break
    else:
        raise AssertionError("no Luhn-valid ID found")

    assert pii.find_resident_ids(number) == [number]
    assert pii.find_bank_cards(number) == []


@pytest.mark.parametrize(
    "text",
    [
        "Order number 20261128, placed on 2026-11-28.",
        "订单号 20261128 于 2026年11月28日",
        f"Invoice {luhn_broken('202611280000')} of 3 December",
    ],
)
def test_order_numbers_and_dates_are_not_personal_data(text):
    assert pii.find_resident_ids(text) == []
    assert pii.find_mobile_numbers(text) == []
    assert pii.find_bank_cards(text) == []


@pytest.mark.parametrize("impossible_date", ["19900231", "19901301", "20991301"])
def test_id_number_with_an_impossible_birth_date_is_not_an_id(impossible_date):
    first17 = f"110101{impossible_date}123"
    number = first17 + ric.calc_check_digit(first17 + "?")

    assert pii.find_resident_ids(f"号码 {number} 结束") == []
