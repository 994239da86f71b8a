"""Rules shared by every restructuring operation: a preview writes nothing, a refusal leaves nothing half-written,
nothing is ever deleted, and the caller's objects are not left describing a rolled-back state."""

import pytest

from quanlyhoi.orgs.models import Unit, UnitPeriod
from quanlyhoi.orgs.services import (
    Basis,
    NewUnit,
    unit_create,
    unit_dissolve,
    unit_move,
    unit_rename,
    unit_split,
    units_merge,
)
from tests.orgs.util import check_invariants, counts, d, get, refused, state
from tests.world import area

pytestmark = pytest.mark.django_db

DAY = "01/10/2025"


def basis(day=DAY):
    return Basis(effective_date=d(day), decision_number="01/QĐ")


OPERATIONS = {
    "create": lambda op, **kw: unit_create(
        actor=op,
        association=get("NCT").association,
        level=get("NCT.01.00004.001").level,
        spec=NewUnit(name="Chi hội thử", parent=get("NCT.01.00004")),
        basis=basis(),
        **kw,
    ),
    "rename": lambda op, **kw: unit_rename(actor=op, unit=get("NCT.01.00004"), name="Tên thử", basis=basis(), **kw),
    "move": lambda op, **kw: unit_move(
        actor=op, unit=get("NCT.01.00004"), new_parent=get("NCT.08"), basis=basis(), **kw
    ),
    "merge_existing": lambda op, **kw: units_merge(
        actor=op, sources=[get("NCT.01.00004")], target=get("NCT.01.00008"), basis=basis(), **kw
    ),
    "merge_new": lambda op, **kw: units_merge(
        actor=op,
        sources=[get("NCT.01.00004"), get("NCT.01.00008")],
        new_target=NewUnit(name="Hội NCT mới", area=area("00025")),
        basis=basis(),
        **kw,
    ),
    "split": lambda op, **kw: unit_split(
        actor=op,
        source=get("NCT.01.00004"),
        parts=[NewUnit(name="A"), NewUnit(name="B")],
        children={get("NCT.01.00004.001").pk: 1},
        basis=basis(),
        **kw,
    ),
    "dissolve": lambda op, **kw: unit_dissolve(actor=op, unit=get("NCT.01.00004.001"), basis=basis(), **kw),
}


@pytest.mark.parametrize("kind", sorted(OPERATIONS))
def test_preview_writes_nothing_and_describes_the_result(operator, kind):
    before = state()
    preview = OPERATIONS[kind](operator, preview=True)
    assert state() == before
    assert preview.preview is True and preview.event_id is None and preview.lines
    real = OPERATIONS[kind](operator)
    assert real.preview is False and real.event_id is not None
    assert (preview.kind, preview.summary, preview.lines, preview.unit_codes) == (
        real.kind,
        real.summary,
        real.lines,
        real.unit_codes,
    )
    check_invariants()


def test_preview_leaves_the_callers_objects_as_they_were(operator):
    """A form shows a preview and then applies it with the same objects: the preview must not leave them
    describing the rolled-back change (here: renamed, so that the real rename would be "no change")."""
    unit = get("NCT.01.00004")
    unit_rename(actor=operator, unit=unit, name="Tên thử", basis=basis(), preview=True)
    assert unit.name == "Hội NCT phường Ba Đình"
    unit_rename(actor=operator, unit=unit, name="Tên thử", basis=basis())
    assert get("NCT.01.00004").name == "Tên thử"

    moving, parent = get("NCT.01.00008"), get("NCT.08")
    old_path = moving.path
    unit_move(actor=operator, unit=moving, new_parent=parent, basis=basis(), preview=True)
    assert (moving.path, moving.parent_id) == (old_path, get("NCT.01").pk)
    unit_move(actor=operator, unit=moving, new_parent=parent, basis=basis())
    assert get("NCT.01.00008").parent_id == parent.pk
    check_invariants()


def test_operations_on_stale_objects_use_the_database_state(operator):
    """Objects loaded before another change (here: their commune moved) must not write outdated paths."""
    branch, commune = get("NCT.01.00004.001"), get("NCT.01.00008")  # loaded now; NCT.01.00004 moves below
    unit_move(actor=operator, unit=get("NCT.01.00004"), new_parent=get("NCT.08"), basis=basis("01/10/2025"))
    assert branch.path != get("NCT.01.00004.001").path
    unit_move(actor=operator, unit=branch, new_parent=commune, basis=basis("01/11/2025"))
    assert get("NCT.01.00004.001").path.startswith(get("NCT.01.00008").path)
    assert [p.parent.code for p in UnitPeriod.objects.filter(unit=branch).order_by("valid_from")] == [
        "NCT.01.00004",
        "NCT.01.00004",
        "NCT.01.00008",
    ]
    check_invariants()


def test_nothing_is_ever_deleted(operator):
    history = []

    def snap():
        history.append(
            (
                set(Unit.objects.values_list("pk", flat=True)),
                set(UnitPeriod.objects.values_list("pk", flat=True)),
                {pk: vt for pk, vt in Unit.objects.exclude(valid_to=None).values_list("pk", "valid_to")},
            )
        )

    snap()
    OPERATIONS["create"](operator)  # NCT.01.00004.002 on 01/10/2025
    snap()
    unit_rename(actor=operator, unit=get("NCT.01.00004"), name="Tên thử", basis=basis("15/10/2025"))
    snap()
    unit_move(actor=operator, unit=get("NCT.01.00004"), new_parent=get("NCT.08"), basis=basis("20/10/2025"))
    snap()
    unit_split(
        actor=operator,
        source=get("NCT.01.00004"),
        parts=[NewUnit(name="A"), NewUnit(name="B")],
        children={get("NCT.01.00004.001").pk: 0, get("NCT.01.00004.002").pk: 1},
        basis=basis("01/11/2025"),
    )
    snap()
    a, b = Unit.objects.filter(code__in=["NCT.08.001", "NCT.08.002"]).order_by("code")
    units_merge(actor=operator, sources=[b], target=a, basis=basis("01/12/2025"))
    snap()
    unit_dissolve(actor=operator, unit=get("NCT.01.00004.002"), basis=basis("01/01/2026"))
    snap()
    for (units0, periods0, ended0), (units1, periods1, ended1) in zip(history, history[1:], strict=False):
        assert units0 <= units1 and periods0 <= periods1
        assert all(ended1[pk] == day for pk, day in ended0.items()), "an end date changed"
    assert {get(c).valid_to for c in ("NCT.01.00004", "NCT.08.002", "NCT.01.00004.002")} == {
        d("01/11/2025"),
        d("01/12/2025"),
        d("01/01/2026"),
    }
    check_invariants()


def test_refused_merge_after_moving_some_children_leaves_nothing(operator):
    """The first source's children are moved before the second source's child is found to change later."""
    unit_create(
        actor=operator,
        association=get("NCT").association,
        level=get("NCT.01.00004.001").level,
        spec=NewUnit(name="Chi hội Ngọc Hà", parent=get("NCT.01.00008")),
        basis=basis("01/12/2025"),
    )
    refused(
        "before_unit_exists",
        units_merge,
        actor=operator,
        sources=[get("NCT.01.00004"), get("NCT.01.00008")],
        new_target=NewUnit(name="Hội NCT mới"),
        basis=basis("01/11/2025"),
    )


def test_refused_split_after_creating_a_part_leaves_nothing(operator):
    refused(
        "area_level_mismatch",
        unit_split,
        actor=operator,
        source=get("NCT.01.00004"),
        parts=[NewUnit(name="A", area=area("00025")), NewUnit(name="B", area=area("01"))],
        children={get("NCT.01.00004.001").pk: 0},
        basis=basis(),
    )


def test_refused_move_with_a_later_change_deep_in_the_subtree_leaves_nothing(operator):
    unit_rename(actor=operator, unit=get("NCT.01.00004.001"), name="Chi hội Một", basis=basis("01/12/2025"))
    before = counts()
    refused(
        "overlapping_event",
        unit_move,
        actor=operator,
        unit=get("NCT.01.00004"),
        new_parent=get("NCT.08"),
        basis=basis("01/11/2025"),
    )
    assert counts() == before
