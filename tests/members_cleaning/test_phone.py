"""phone(): Vietnamese numbers to 0 + national significant number, digits only."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quanlyhoi.members.cleaning import CleanError, phone


@pytest.mark.parametrize(
    "value",
    [
        "0912345678",
        "0912.345.678",
        "0912-345-678",
        "0912 345 678",
        "+84 912 345 678",
        "+84912345678",
        "+84 (0) 912 345 678",
        "84912345678",
        "0084 912 345 678",
        "912345678",
        912345678,
        912345678.0,
        "912345678.0",
    ],
)
def test_phone_mobile_formats(value):
    assert phone(value) == "0912345678"


def test_phone_mobile_prefix_84_without_country_code_keeps_its_zero():
    # 084 is a mobile prefix: "0841234567" with the zero dropped is 9 digits, not a country code.
    assert phone("841234567") == "0841234567"


def test_phone_landline():
    assert phone("(024) 3825 1234") == "02438251234"
    assert phone("+84 24 3825 1234") == "02438251234"
    assert phone("2438251234") == "02438251234"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("01623456789", "0323456789"),
        ("01693456789", "0393456789"),
        ("01203456789", "0703456789"),
        ("01213456789", "0793456789"),
        ("01223456789", "0773456789"),
        ("01263456789", "0763456789"),
        ("01283456789", "0783456789"),
        ("01233456789", "0833456789"),
        ("01243456789", "0843456789"),
        ("01253456789", "0853456789"),
        ("01273456789", "0813456789"),
        ("01293456789", "0823456789"),
        ("01863456789", "0563456789"),
        ("01883456789", "0583456789"),
        ("01993456789", "0593456789"),
    ],
)
def test_phone_old_eleven_digit_mobile_prefixes_converted(old, new):
    assert phone(old) == new


def test_phone_old_prefix_with_country_code_or_dropped_zero():
    assert phone("+84 162 345 6789") == "0323456789"
    assert phone(1623456789) == "0323456789"


@pytest.mark.parametrize("empty", [None, "", "  "])
def test_phone_empty(empty):
    assert phone(empty) == ""


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "0912 345 678 (nhà)",
        "0912345678 / 0987654321",
        "091234567",
        "09123456789",
        "0112345678",
        "01303456789",
        "+1 212 555 0100",
        "0412345678",
        True,
    ],
)
def test_phone_garbage_refused(value):
    with pytest.raises(CleanError, match="^Số điện thoại"):
        phone(value)


@given(
    st.sampled_from(["03", "05", "07", "08", "09"]).flatmap(
        lambda p: st.text(alphabet="0123456789", min_size=8, max_size=8).map(lambda s: p + s)
    ),
    st.sampled_from(["{}", "+84{}", "84{}", "{} ", "({})"]),
)
def test_phone_is_idempotent_and_format_independent(number, layout):
    national = number[1:]
    cleaned = phone(layout.format(national if "84" in layout else number))
    assert cleaned == number
    assert phone(cleaned) == cleaned
