"""One spreadsheet row -> a clean record or the list of what is wrong with it, column by column."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from quanlyhoi.core.collation import name_key
from quanlyhoi.core.text import fold
from quanlyhoi.members import cleaning
from quanlyhoi.members.cleaning import CleanError
from quanlyhoi.members.imports.columns import BY_KEY
from quanlyhoi.members.search_index import search_name

# Person columns an import writes, in the order of the INSERT statement (see store.py).
PERSON_VALUES = ("family_name", "middle_name", "given_name", "full_name", "name_folded", "sort_key", "sex",
                 "birth_date", "birth_year", "id_number", "phone", "ethnicity", "religion", "occupation", "address",
                 "area_id", "notes")  # fmt: skip
# Fields compared to decide "updated" vs "unchanged" (derived keys follow the name).
COMPARED = ("full_name", "sex", "birth_date", "birth_year", "id_number", "phone", "ethnicity", "religion",
            "occupation", "address", "area_id", "notes")  # fmt: skip


@dataclass(slots=True)
class Record:
    row: int
    person: dict
    unit_id: int
    member_number: str
    type_id: int | None
    joined_on: datetime.date | None
    given: set = field(default_factory=set)  # person fields the row actually gives (empty cells change nothing)


class RowCleaner:
    """Cleans rows with one mapping, against preloaded lookups (no query per row)."""

    def __init__(self, *, mapping: dict[str, int], headers: list[str], matcher, types: dict, units: dict,
                 default_unit_id: int, today: datetime.date):  # fmt: skip
        self.mapping = mapping
        self.headers = headers
        self.matcher = matcher
        self.types = types  # folded code or name -> type id
        self.units = units  # unit code (upper) -> unit id, the job unit's living subtree
        self.default_unit_id = default_unit_id
        self.today = today

    def header(self, key: str) -> str:
        col = self.mapping.get(key)
        if col is not None and col < len(self.headers) and str(self.headers[col]).strip():
            return str(self.headers[col]).strip()
        return BY_KEY[key].header

    def clean(self, row_number: int, cells: list) -> tuple[Record | None, list[tuple[str, str]]]:
        m = self.mapping
        width = len(cells)

        def get(key):
            col = m.get(key)
            return cells[col] if col is not None and col < width else None

        errors: list[tuple[str, str]] = []
        person: dict = {}
        given: set = set()

        def attempt(key, fn, *args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except CleanError as exc:
                errors.append((self.header(key), str(exc)))
                return None

        if "full_name" in m:
            name = attempt("full_name", cleaning.name, get("full_name"))
            name_key_field = "full_name"
        else:
            parts = " ".join(cleaning.text(get(k)) for k in ("family_name", "middle_name", "given_name"))
            name = attempt("given_name", cleaning.name, parts)
            name_key_field = "given_name"
        if name is not None and not name[0]:
            errors.append((self.header(name_key_field), "Thiếu họ và tên."))
        elif name is not None:
            full, family, middle, given_name = name
            person.update(full_name=full, family_name=family, middle_name=middle, given_name=given_name,
                          name_folded=search_name(given_name, full),
                          sort_key=name_key(given_name, middle, family))  # fmt: skip
            given.add("full_name")
        birth = attempt("birth", cleaning.birth, get("birth")) if "birth" in m else (None, None)
        birth_date, birth_year = birth or (None, None)
        if birth_date or birth_year:
            person.update(birth_date=birth_date, birth_year=birth_year)
            given.update(("birth_date", "birth_year"))
        sex = attempt("sex", cleaning.sex, get("sex")) if "sex" in m else ""
        if sex:
            person["sex"] = sex
            given.add("sex")
        if "id_number" in m:
            number = attempt(
                "id_number", cleaning.id_number, get("id_number"), birth_date=birth_date, birth_year=birth_year,
                sex=sex or "",
            )  # fmt: skip
            if number:
                person["id_number"] = number
                given.add("id_number")
        for key, fn in (("phone", cleaning.phone), ("ethnicity", cleaning.ethnicity)):
            if key in m:
                value = attempt(key, fn, get(key))
                if value:
                    person[key] = value
                    given.add(key)
        for key in ("religion", "occupation", "notes", "address"):
            if key in m:
                value = cleaning.text(get(key))
                if value:
                    person[key] = value
                    given.add(key)
        if "address" in m or "province" in m or "commune" in m:
            province, commune = cleaning.text(get("province")), cleaning.text(get("commune"))
            area = self.matcher.match(person.get("address", ""), province=province, commune=commune)
            if area is not None:
                person["area_id"] = area.pk
                given.add("area_id")
        joined_on = (
            attempt("joined_on", cleaning.date, get("joined_on"), label="Ngày vào hội") if "joined_on" in m else None
        )
        if joined_on and joined_on > self.today:
            errors.append((self.header("joined_on"), f"Ngày vào hội {joined_on:%d/%m/%Y} ở tương lai."))
        if joined_on and birth_year and joined_on.year < birth_year:
            errors.append((self.header("joined_on"), "Ngày vào hội trước năm sinh."))
        if birth_year and birth_year > self.today.year:
            errors.append((self.header("birth"), "Năm sinh ở tương lai."))
        type_id = None
        if "type" in m and cleaning.text(get("type")):
            type_id = self.types.get(fold(cleaning.text(get("type"))))
            if type_id is None:
                errors.append((self.header("type"), f"Loại hội viên '{cleaning.text(get('type'))}' không tồn tại."))
        unit_id = self.default_unit_id
        if "unit" in m and cleaning.text(get("unit")):
            code = cleaning.text(get("unit")).upper()
            unit_id = self.units.get(code)
            if unit_id is None:
                errors.append((self.header("unit"), f"Mã đơn vị '{code}' không có trong đơn vị nhận tệp."))
        member_number = cleaning.text(get("member_number")) if "member_number" in m else ""
        if len(member_number) > 30:
            errors.append((self.header("member_number"), "Số thẻ hội viên dài quá 30 ký tự."))
        if errors:
            return None, errors
        return Record(row_number, person, unit_id, member_number, type_id, joined_on, given), []
