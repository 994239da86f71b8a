"""Search: names without diacritics or case (đ folds to d, NFD input too), every word a whole word and the
last one a prefix; exact identity number (lost leading zeros restored), phone and member number."""

import datetime
import unicodedata

import pytest

from quanlyhoi.members import queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(join):
    join("NCT.01.00008", "Nguyễn Văn An", id_number="001050001234", phone="0912345678", number="NCT-NH-101",
         birth_date=datetime.date(1950, 1, 5), sex="M")  # fmt: skip
    join("NCT.01.00008", "Nguyễn Văn A", number="123456")
    join("NCT.01.00008", "Trần Văn Anh", phone="02438251234")
    join("NCT.01.00008", "Trịnh Thị Đào")
    join("NCT.01.00008", "Lê Thị Hoa", id_number="012345678")


def found(operator, text):
    rows = queries.search_memberships(queries.member_rows(operator).filter(unit__code="NCT.01.00008"), text, operator)
    return sorted(m.person.full_name for m in rows)


def test_name_without_diacritics_finds_the_accented_name(people, operator):
    assert found(operator, "nguyen van an") == ["Nguyễn Văn An"]


def test_last_word_is_a_prefix(people, operator):
    assert found(operator, "nguyen van a") == ["Nguyễn Văn A", "Nguyễn Văn An"]


def test_words_need_not_start_at_the_family_name(people, operator):
    assert found(operator, "van an") == ["Nguyễn Văn An", "Trần Văn Anh"]


def test_words_other_than_the_last_must_be_whole_words(people, operator):
    assert found(operator, "nguy van") == []


def test_a_word_must_match_from_its_start(people, operator):
    assert found(operator, "guyen") == []


def test_search_ignores_case_and_keeps_diacritics_optional(people, operator):
    assert found(operator, "NGUYỄN VĂN AN") == ["Nguyễn Văn An"]


def test_d_with_stroke_folds_to_d(people, operator):
    assert found(operator, "dao") == ["Trịnh Thị Đào"]


def test_d_with_stroke_typed_finds_the_name(people, operator):
    assert found(operator, "Đào") == ["Trịnh Thị Đào"]


def test_decomposed_input_is_normalised(people, operator):
    assert found(operator, unicodedata.normalize("NFD", "Trịnh Thị Đào")) == ["Trịnh Thị Đào"]


def test_every_word_must_match(people, operator):
    assert found(operator, "tran van an hoa") == []


@pytest.mark.parametrize("text", ['an" OR "hoa', "an*", "NEAR(an hoa)", "an -hoa", "hoa:*", "(an", "an & hoa | x"])
def test_search_syntax_in_the_text_is_searched_as_plain_words(people, operator, text):
    assert found(operator, text) == found(operator, " ".join(queries.name_tokens(text)))


def test_operator_words_are_searched_as_names(people, operator):
    assert found(operator, 'an" OR "hoa') == []


def test_text_without_any_word_finds_nothing(people, operator):
    assert found(operator, "***") == []


def test_blank_text_does_not_filter(people, operator):
    assert len(found(operator, "  ")) == 5


def test_exact_cccd(people, operator):
    assert found(operator, "001050001234") == ["Nguyễn Văn An"]


def test_cccd_with_lost_leading_zeros(people, operator):
    assert found(operator, "1050001234") == ["Nguyễn Văn An"]


def test_cccd_with_spaces_and_dots(people, operator):
    assert found(operator, "001 050.001 234") == ["Nguyễn Văn An"]


def test_old_cmnd_number(people, operator):
    assert found(operator, "012345678") == ["Lê Thị Hoa"]


def test_part_of_an_identity_number_finds_nothing(people, operator):
    assert found(operator, "1234") == []


def test_exact_phone(people, operator):
    assert found(operator, "0912345678") == ["Nguyễn Văn An"]


def test_phone_written_with_country_code(people, operator):
    assert found(operator, "+84 912 345 678") == ["Nguyễn Văn An"]


def test_phone_with_lost_leading_zero(people, operator):
    assert found(operator, "912345678") == ["Nguyễn Văn An"]


def test_landline_phone(people, operator):
    assert found(operator, "024 3825 1234") == ["Trần Văn Anh"]


def test_digits_only_member_number(people, operator):
    assert found(operator, "123456") == ["Nguyễn Văn A"]


def test_member_number_with_letters(people, operator):
    assert found(operator, "NCT-NH-101") == ["Nguyễn Văn An"]


def test_member_number_in_lower_case(people, operator):
    assert found(operator, "nct-nh-101") == ["Nguyễn Văn An"]


def test_name_tokens_keep_only_letters_and_digits():
    assert queries.name_tokens('Nguyễn "Văn" AND a*') == ["nguyen", "van", "and", "a"]
