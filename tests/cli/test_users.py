"""users create | list | grant | revoke | set-password | deactivate | activate."""

import pytest
from django.contrib.auth import get_user_model

from quanlyhoi.accounts.models import RoleAssignment
from quanlyhoi.core.models import AuditRecord

User = get_user_model()
STRONG = "Mat-khau-rat-manh-2026"


def test_create_with_generated_password(cli):
    result = cli("users", "create", "an", "--role", "unit_officer", "--scope", "nct.01", "--first-name", "An")
    assert result.code == 0, result.err
    assert result.out.startswith("Đã tạo tài khoản an: ")
    password = result.out.split("Mật khẩu (chỉ hiện một lần này): ")[1].strip()
    user = User.objects.get(username="an")
    assert user.check_password(password) and user.first_name == "An"
    assert RoleAssignment.objects.get(user=user).unit.code == "NCT.01"
    actions = set(AuditRecord.objects.filter(object_id=str(user.pk), source="cli").values_list("action", flat=True))
    assert actions == {"create", "role_grant"}


def test_create_json_with_password_from_stdin(cli, stdin):
    stdin(STRONG + "\n")
    data = cli("users", "create", "binh", "--role", "inspector", "--scope", "NCT", "--password-stdin", "--json").json()
    assert data["username"] == "binh" and data["roles"] == [{"role": "inspector", "scope": "NCT"}]
    assert "password" not in data
    assert User.objects.get(username="binh").check_password(STRONG)


def test_create_system_role(cli):
    data = cli("users", "create", "root2", "--role", "system_admin", "--scope", "*", "--json").json()
    assert data["roles"] == [{"role": "system_admin", "scope": "*"}] and len(data["password"]) >= 12


@pytest.mark.parametrize(
    "argv, message",
    [
        (["sysadmin", "--role", "inspector", "--scope", "NCT"], "Tên đăng nhập sysadmin đã có."),
        (["x1", "--role", "unit_officer", "--scope", "NCT.99"], "Không có hội hoặc đơn vị mang mã NCT.99."),
        (["x1", "--role", "system_admin", "--scope", "NCT"], "Vai trò này chỉ gán trên toàn hệ thống."),
        (["x1", "--role", "inspector", "--scope", "NCT", "--password", "123"], "quá phổ biến"),
    ],
)
def test_create_refusals(cli, argv, message):
    result = cli("users", "create", *argv)
    assert result.code == 1
    assert message in result.err
    assert not User.objects.filter(username="x1").exists()


def test_create_is_scoped_with_as(cli):
    outside = cli("--as", "assoc_admin", "users", "create", "x2", "--role", "unit_officer", "--scope", "CTD.01")
    assert outside.code == 1 and outside.err == "Lỗi: Không có hội hoặc đơn vị mang mã CTD.01.\n"
    inside = cli("--as", "assoc_admin", "users", "create", "x2", "--role", "unit_officer", "--scope", "NCT.01")
    assert inside.code == 0
    record = AuditRecord.objects.filter(action="create", object_type="auth.user").first()
    assert record.actor.username == "assoc_admin" and record.source == "cli"


def test_create_needs_role_and_scope(cli):
    assert cli("users", "create", "x3", "--scope", "NCT").code == 2
    assert cli("users", "create", "x3", "--role", "inspector").code == 2
    both = cli("users", "create", "x3", "--role", "inspector", "--scope", "NCT", "--password", "a", "--password-stdin")
    assert both.code == 2


def test_list(cli):
    result = cli("users", "list")
    assert result.code == 0
    assert "sysadmin" in result.out and "unit_officer@NCT.01.00004" in result.out
    data = cli("users", "list", "--json").json()
    assert {u["username"] for u in data} >= {"sysadmin", "outsider", "commune_officer"}


def test_list_is_scoped(cli):
    data = cli("--as", "assoc_admin", "users", "list", "--json").json()
    names = {u["username"] for u in data}
    assert "commune_officer" in names and "outsider" not in names and "sysadmin" not in names
    nobody = cli("--as", "inspector", "users", "list")
    assert nobody.code == 0 and "Không có người dùng nào" in nobody.out


def test_grant_and_revoke(cli):
    granted = cli("users", "grant", "commune_officer", "--role", "inspector", "--scope", "NCT", "--json")
    assert granted.json() == {"username": "commune_officer", "role": "inspector", "scope": "NCT", "granted": True}
    twice = cli("users", "grant", "commune_officer", "--role", "inspector", "--scope", "NCT")
    assert twice.code == 1 and "đã có vai trò này" in twice.err
    revoked = cli("users", "revoke", "commune_officer", "--role", "inspector", "--scope", "NCT")
    assert revoked.code == 0 and "Đã thu hồi" in revoked.out
    again = cli("users", "revoke", "commune_officer", "--role", "inspector", "--scope", "NCT")
    assert again.err == "Lỗi: commune_officer không có vai trò inspector trên phạm vi NCT.\n"
    actions = list(
        AuditRecord.objects.filter(action__startswith="role_", source="cli").values_list("action", flat=True)
    )
    assert sorted(actions) == ["role_grant", "role_revoke"]


def test_grant_out_of_scope_user_is_not_found(cli):
    hidden = cli("--as", "assoc_admin", "users", "grant", "outsider", "--role", "inspector", "--scope", "NCT")
    assert hidden.err == "Lỗi: Không tìm thấy người dùng outsider.\n"
    missing = cli("users", "grant", "ghost", "--role", "inspector", "--scope", "NCT")
    assert missing.err == "Lỗi: Không tìm thấy người dùng ghost.\n"


def test_set_password(cli, stdin):
    stdin(STRONG + "\n")
    assert cli("users", "set-password", "inspector", "--password-stdin").code == 0
    assert User.objects.get(username="inspector").check_password(STRONG)
    generated = cli("users", "set-password", "inspector", "--generate")
    password = generated.out.split("Mật khẩu (chỉ hiện một lần này): ")[1].strip()
    assert User.objects.get(username="inspector").check_password(password)
    records = AuditRecord.objects.filter(action="update", object_type="auth.user", source="cli")
    assert records.count() == 2 and STRONG not in str(records[0].changes)


def test_set_password_needs_a_terminal_or_stdin(cli, stdin):
    stdin("", tty=False)
    result = cli("users", "set-password", "inspector")
    assert result.code == 1 and "dùng --password-stdin hoặc --generate" in result.err
    stdin("\n")
    empty = cli("users", "set-password", "inspector", "--password-stdin")
    assert empty.code == 1 and "dòng đầu trống" in empty.err


def test_set_password_interactive(cli, stdin, monkeypatch):
    stdin("", tty=True)
    answers = iter([STRONG, STRONG + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    result = cli("users", "set-password", "inspector")
    assert result.code == 1 and "không khớp" in result.err
    answers = iter([STRONG, STRONG])
    assert cli("users", "set-password", "inspector").code == 0


def test_deactivate_and_activate(cli):
    assert cli("users", "deactivate", "inspector").out == "Đã khoá tài khoản inspector.\n"
    assert not User.objects.get(username="inspector").is_active
    assert cli("users", "deactivate", "inspector").out == "Tài khoản inspector vốn đã bị khoá.\n"
    as_locked = cli("--as", "inspector", "units", "list")
    assert as_locked.code == 1 and "đã bị khoá" in as_locked.err
    assert cli("users", "activate", "inspector").out == "Đã mở khoá tài khoản inspector.\n"
    assert User.objects.get(username="inspector").is_active


def test_deactivate_scope(cli):
    assert cli("--as", "outsider", "users", "deactivate", "inspector").err == (
        "Lỗi: Không tìm thấy người dùng inspector.\n"
    )
    self_lock = cli("--as", "assoc_admin", "users", "deactivate", "assoc_admin")
    assert self_lock.code == 1 and "chính mình" in self_lock.err
