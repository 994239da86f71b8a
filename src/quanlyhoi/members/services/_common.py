"""What every member service shares: the cleaned person record, derived keys, member numbers, lookups."""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass, field, fields

from django.db.models import F, Q

from quanlyhoi.core.collation import name_key
from quanlyhoi.core.errors import DomainError
from quanlyhoi.geo.models import AdminArea
from quanlyhoi.members import cleaning
from quanlyhoi.members.models import MemberNumberCounter, MembershipType, Person, WelfareNeedKind
from quanlyhoi.members.search_index import search_name

# Fields whose values are personal data: masked for roles without the personal-data permission and never
# written in clear into the (append-only, so never erasable) audit log.
PERSONAL_FIELDS = ("id_number", "phone", "address", "birth_date")
# What the audit log may hold in clear about a person: the values an erasure keeps for anonymous statistics.
# Everything else (names, identity, contact, ethnicity and religion, free-text notes) is recorded as changed
# without its value, so that erasing a person leaves nothing of them in the log.
AUDIT_CLEAR = ("sex", "birth_year", "area_id")


@dataclass
class PersonData:
    """A person's data as cleaned by members.cleaning (forms, API and imports all produce this)."""

    full_name: str
    given_name: str
    family_name: str = ""
    middle_name: str = ""
    sex: str = ""
    birth_date: datetime.date | None = None
    birth_year: int | None = None
    id_number: str | None = None
    phone: str = ""
    ethnicity: str = ""
    religion: str = ""
    occupation: str = ""
    address: str = ""
    area: AdminArea | None = field(default=None, compare=False)
    area_id: int | None = None
    notes: str = ""

    def __post_init__(self):
        if self.area is not None:
            self.area_id = self.area.pk
        if self.birth_date is not None:
            self.birth_year = self.birth_date.year

    def values(self) -> dict:
        """Column values for a Person row (area by id), with the derived search and sort keys."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "area"}
        data["name_folded"] = search_name(self.given_name, self.full_name)
        data["sort_key"] = name_key(self.given_name, self.middle_name, self.family_name)
        return data


PERSON_COLUMNS = [f.name for f in fields(PersonData) if f.name != "area"]


def person_state(person: Person) -> dict:
    return {name: getattr(person, name) for name in PERSON_COLUMNS}


def audit_person_changes(before: dict, after: dict) -> dict:
    """A diff for the audit log with personal values masked (all but AUDIT_CLEAR): it records that they
    changed, not what to."""
    changes = {}
    for key in dict.fromkeys([*before, *after]):
        old, new = before.get(key), after.get(key)
        if old != new:
            changes[key] = [old, new] if key in AUDIT_CLEAR else ["***", "***"]
    return changes


class InvalidPerson(DomainError):
    """Person data that does not clean: every field's message in `errors` (forms show each on its field)."""

    def __init__(self, errors: dict[str, str]):
        field, message = next(iter(errors.items()))
        super().__init__("invalid_person", message if len(errors) == 1 else " ".join(errors.values()), field=field)
        self.errors = errors


def clean_person(
    *,
    full_name,
    birth=None,
    sex=None,
    id_number=None,
    phone=None,
    ethnicity=None,
    religion=None,
    occupation=None,
    address=None,
    area: AdminArea | None = None,
    notes=None,
) -> PersonData:
    """Raw values from a form, the API or the CLI -> PersonData, by the import's rules (members.cleaning):
    name capitalised, birth as a date or a year, CCCD checked against birth and sex, phone normalised. The area
    is the one chosen, else matched from the address (current and pre-2025 province names)."""
    errors: dict[str, str] = {}

    def attempt(key, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except cleaning.CleanError as exc:
            errors[key] = str(exc)
            return None

    full, family, middle, given = attempt("full_name", cleaning.name, full_name) or ("", "", "", "")
    if not full and "full_name" not in errors:
        errors["full_name"] = "Cần nhập họ và tên."
    birth_date, birth_year = attempt("birth", cleaning.birth, birth) or (None, None)
    sex_code = attempt("sex", cleaning.sex, sex) or ""
    number = attempt(
        "id_number", cleaning.id_number, id_number, birth_date=birth_date, birth_year=birth_year, sex=sex_code
    )
    phone_number = attempt("phone", cleaning.phone, phone) or ""
    ethnic_group = attempt("ethnicity", cleaning.ethnicity, ethnicity) or ""
    texts = {key: cleaning.text(value) for key, value in (("religion", religion), ("occupation", occupation),
                                                          ("address", address))}  # fmt: skip
    lengths = {"full_name": full, "religion": texts["religion"], "occupation": texts["occupation"],
               "address": texts["address"]}  # fmt: skip
    for key, value in lengths.items():
        limit = Person._meta.get_field(key).max_length
        if len(value) > limit:
            errors.setdefault(key, f"Dài quá {limit} ký tự.")
    if errors:
        raise InvalidPerson(errors)
    if area is None and texts["address"]:
        area = cleaning.AreaMatcher.load().match(texts["address"])
    return PersonData(
        full_name=full, family_name=family, middle_name=middle, given_name=given, sex=sex_code,
        birth_date=birth_date, birth_year=birth_year, id_number=number, phone=phone_number, ethnicity=ethnic_group,
        religion=texts["religion"], occupation=texts["occupation"], address=texts["address"], area=area,
        notes=unicodedata.normalize("NFC", str(notes or "")).strip(),
    )  # fmt: skip


def membership_type(association, code: str | None) -> MembershipType:
    """The association's own type of that code, else the shared one; the official type when no code."""
    code = (code or "official").strip()
    found = (
        MembershipType.objects.filter(Q(association=association) | Q(association__isnull=True), code=code)
        .order_by(F("association").desc(nulls_last=True))
        .first()
    )
    if found is None:
        raise DomainError("bad_type", f"Loại hội viên '{code}' không tồn tại.", field="type")
    return found


def types_for(association) -> list[MembershipType]:
    return list(MembershipType.objects.filter(Q(association=association) | Q(association__isnull=True)))


def need_kinds_for(association) -> list[WelfareNeedKind]:
    return list(WelfareNeedKind.objects.filter(Q(association=association) | Q(association__isnull=True)))


def reserve_numbers(association, count: int) -> list[str]:
    """`count` new member numbers for the association ("NCT0000123"), reserved in one locked update."""
    if count <= 0:
        return []
    counter, _ = MemberNumberCounter.objects.select_for_update().get_or_create(association=association)
    start = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return [f"{association.code}{n:07d}" for n in range(start, start + count)]
