"""users create | list | grant | revoke | set-password | deactivate | activate."""

from __future__ import annotations

import secrets
import sys

from quanlyhoi.cli.common import add_json, command, emit_json, say, table
from quanlyhoi.core.errors import DomainError, NotFound
from quanlyhoi.core.roles import Role

ROLES_HELP = """vai trò (--role) và phạm vi (--scope):
  system_admin       quản trị hệ thống                     phạm vi * (toàn hệ thống)
  overseer           cán bộ cơ quan theo dõi (MTTQ)         phạm vi *
  association_admin  quản trị hội                           mã hội (NCT) hoặc mã đơn vị
  unit_officer       cán bộ đơn vị                          mã đơn vị (NCT.01.00004), gồm cả cấp dưới
  inspector          thanh tra, kiểm tra (chỉ xem)          *, mã hội hoặc mã đơn vị"""


def register(groups, common) -> None:
    group = groups.add_parser(
        "users",
        help="tài khoản người dùng và vai trò",
        description="Tài khoản người dùng và vai trò.",
        epilog=ROLES_HELP,
    )
    actions = group.add_subparsers(dest="action", metavar="<thao tác>", title="thao tác", required=True)

    p = command(actions, "create", create, help="tạo tài khoản với một vai trò", parents=[common], epilog=ROLES_HELP)
    p.add_argument("username", metavar="USERNAME", help="tên đăng nhập")
    _role_scope(p)
    pw = p.add_mutually_exclusive_group()
    pw.add_argument("--password", help="mật khẩu (lộ trong lịch sử lệnh; nên dùng --password-stdin)")
    pw.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ dòng đầu của stdin")
    p.add_argument("--first-name", default="", help="tên")
    p.add_argument("--last-name", default="", help="họ và tên đệm")
    p.add_argument("--email", default="", help="thư điện tử")
    p.epilog = ROLES_HELP + "\n\nKhông nhập mật khẩu thì hệ thống tạo mật khẩu ngẫu nhiên và in ra một lần."
    add_json(p)

    p = command(actions, "list", list_users, help="liệt kê người dùng mình được quản lý", parents=[common])
    add_json(p)

    p = command(actions, "grant", grant, help="gán thêm vai trò trên một phạm vi", parents=[common], epilog=ROLES_HELP)
    p.add_argument("username", metavar="USERNAME", help="tên đăng nhập")
    _role_scope(p)
    add_json(p)

    p = command(actions, "revoke", revoke, help="thu hồi một vai trò trên một phạm vi", parents=[common])
    p.add_argument("username", metavar="USERNAME", help="tên đăng nhập")
    _role_scope(p)
    add_json(p)

    p = command(
        actions,
        "set-password",
        set_password,
        help="đặt mật khẩu mới",
        description="Đặt mật khẩu mới: gõ hai lần (khi chạy trong terminal), đọc từ stdin, hoặc tạo ngẫu nhiên.",
        parents=[common],
    )
    p.add_argument("username", metavar="USERNAME", help="tên đăng nhập")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ dòng đầu của stdin")
    src.add_argument("--generate", action="store_true", help="tạo mật khẩu ngẫu nhiên và in ra một lần")

    p = command(actions, "deactivate", deactivate, help="khoá tài khoản (không xoá)", parents=[common])
    p.add_argument("username", metavar="USERNAME", help="tên đăng nhập")
    p = command(actions, "activate", activate, help="mở khoá tài khoản", parents=[common])
    p.add_argument("username", metavar="USERNAME", help="tên đăng nhập")


def _role_scope(p) -> None:
    p.add_argument("--role", required=True, choices=Role.values, metavar="ROLE", help="vai trò (xem bên dưới)")
    p.add_argument("--scope", required=True, metavar="CODE", help="phạm vi: * (toàn hệ thống), mã hội hoặc mã đơn vị")


def _role_label(value: str) -> str:
    try:
        return str(Role(value).label)
    except ValueError:
        return value


def _managed_user(actor, username: str):
    from quanlyhoi.accounts.services import users_visible

    user = users_visible(actor).filter(username=(username or "").strip()).first()
    if user is None:
        raise NotFound(f"Không tìm thấy người dùng {username}.")
    return user


def _generated() -> str:
    return secrets.token_urlsafe(12)


def _stdin_password() -> str:
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise DomainError("password_required", "Không đọc được mật khẩu từ stdin (dòng đầu trống).", field="password")
    return line


def _assignments(actor, users):
    """{user id: [(role, scope code)]}, only the assignments inside the actor's user-management scope."""
    from quanlyhoi.accounts.models import RoleAssignment
    from quanlyhoi.core.scoping import has_system_scope

    qs = (
        RoleAssignment.objects.all()
        if has_system_scope(actor, "manage_users")
        else (RoleAssignment.objects.restrict(actor, "manage_users"))
    )
    out: dict[int, list] = {}
    for ra in qs.filter(user__in=users).select_related("unit", "association").order_by("granted_at", "pk"):
        out.setdefault(ra.user_id, []).append((ra.role, ra.scope_code))
    return out


def _user_dict(user, roles) -> dict:
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": user.is_active,
        "last_login": user.last_login,
        "roles": [{"role": role, "scope": scope} for role, scope in roles],
    }


def create(args) -> int:
    from quanlyhoi.accounts.services import user_create

    generated = not args.password and not args.password_stdin
    password = args.password or (_stdin_password() if args.password_stdin else _generated())
    user = user_create(
        actor=args.actor,
        username=args.username,
        password=password,
        role=args.role,
        scope_code=args.scope,
        first_name=args.first_name,
        last_name=args.last_name,
        email=args.email,
    )
    data = _user_dict(user, _assignments(args.actor, [user]).get(user.pk, []))
    if args.json:
        emit_json({**data, **({"password": password} if generated else {})})
        return 0
    say(f"Đã tạo tài khoản {user.username}: {_role_label(args.role)} trên phạm vi {data['roles'][0]['scope']}.")
    if generated:
        say(f"Mật khẩu (chỉ hiện một lần này): {password}")
    return 0


def list_users(args) -> int:
    from quanlyhoi.accounts.services import users_visible

    users = list(users_visible(args.actor).order_by("username"))
    roles = _assignments(args.actor, users)
    if args.json:
        emit_json([_user_dict(u, roles.get(u.pk, [])) for u in users])
        return 0
    if not users:
        say("Không có người dùng nào trong phạm vi quản lý của bạn.")
        return 0
    rows = [
        [
            u.username,
            u.get_full_name(),
            "hoạt động" if u.is_active else "đã khoá",
            "; ".join(f"{role}@{scope}" for role, scope in roles.get(u.pk, [])),
            u.last_login.strftime("%d/%m/%Y %H:%M") if u.last_login else "",
        ]
        for u in users
    ]
    table(rows, ["Tên đăng nhập", "Họ tên", "Trạng thái", "Vai trò@phạm vi", "Đăng nhập gần nhất"])
    say(f"{len(users)} người dùng.")
    return 0


def grant(args) -> int:
    from quanlyhoi.accounts.services import role_grant

    user = _managed_user(args.actor, args.username)
    ra = role_grant(actor=args.actor, user=user, role=args.role, scope_code=args.scope)
    if args.json:
        emit_json({"username": user.username, "role": ra.role, "scope": ra.scope_code, "granted": True})
    else:
        say(f"Đã gán vai trò {_role_label(ra.role)} cho {user.username} trên phạm vi {ra.scope_code}.")
    return 0


def revoke(args) -> int:
    from quanlyhoi.accounts.models import RoleAssignment
    from quanlyhoi.accounts.services import resolve_scope, role_revoke

    user = _managed_user(args.actor, args.username)
    association, unit = resolve_scope(args.actor, args.scope)
    assignment = (
        RoleAssignment.objects.filter(user=user, role=args.role, association=association, unit=unit)
        .select_related("unit", "association", "user")
        .first()
    )
    if assignment is None:
        raise DomainError(
            "role_missing", f"{user.username} không có vai trò {args.role} trên phạm vi {args.scope.strip().upper()}."
        )
    scope = assignment.scope_code
    role_revoke(actor=args.actor, assignment=assignment)
    if args.json:
        emit_json({"username": user.username, "role": args.role, "scope": scope, "revoked": True})
    else:
        say(f"Đã thu hồi vai trò {_role_label(args.role)} của {user.username} trên phạm vi {scope}.")
    return 0


def _interactive_password() -> str:
    import getpass

    if not sys.stdin.isatty():
        raise DomainError(
            "password_required", "Không có terminal để gõ mật khẩu: dùng --password-stdin hoặc --generate."
        )
    first = getpass.getpass("Mật khẩu mới: ")
    if getpass.getpass("Nhập lại: ") != first:
        raise DomainError("password_mismatch", "Hai lần nhập mật khẩu không khớp.", field="password")
    return first


def set_password(args) -> int:
    from quanlyhoi.accounts.services import user_update

    user = _managed_user(args.actor, args.username)
    if args.generate:
        password = _generated()
    elif args.password_stdin:
        password = _stdin_password()
    else:
        password = _interactive_password()
    user_update(actor=args.actor, user=user, data={"password": password})
    say(f"Đã đặt mật khẩu mới cho {user.username}.")
    if args.generate:
        say(f"Mật khẩu (chỉ hiện một lần này): {password}")
    return 0


def _set_active(args, active: bool) -> int:
    from quanlyhoi.accounts.services import user_update

    user = _managed_user(args.actor, args.username)
    was = user.is_active
    user_update(actor=args.actor, user=user, data={"is_active": active})
    if was == active:
        say(f"Tài khoản {user.username} vốn đã {'hoạt động' if active else 'bị khoá'}.")
    else:
        say(f"Đã {'mở khoá' if active else 'khoá'} tài khoản {user.username}.")
    return 0


def deactivate(args) -> int:
    return _set_active(args, False)


def activate(args) -> int:
    return _set_active(args, True)
