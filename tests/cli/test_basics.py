"""Every command has --help; usage errors exit 2 with a Vietnamese message; global options."""

import argparse

import pytest

from quanlyhoi.cli import build_parser, main


def _commands(parser, path=()):
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path
        return
    for name, child in subs[0].choices.items():
        yield from _commands(child, (*path, name))


COMMANDS = [" ".join(p) for p in _commands(build_parser())]


def test_all_commands_are_there():
    expected = {
        "serve", "migrate", "demo", "backup", "restore", "check",
        "users create", "users list", "users grant", "users revoke", "users set-password", "users deactivate",
        "associations levels", "associations level-set", "associations level-delete", "associations levels-reorder",
        "units tree", "units show", "units list", "units merger-2025",
        "units restructure create", "units restructure rename", "units restructure move",
        "units restructure merge", "units restructure split", "units restructure dissolve",
    }  # fmt: skip
    assert expected <= set(COMMANDS)


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help(command, capsys):
    assert main([*command.split(), "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Cách dùng: quanlyhoi")
    assert "hiện hướng dẫn này rồi thoát" in out


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("quanlyhoi ")


@pytest.mark.parametrize(
    "argv, message",
    [
        ([], "thiếu tham số bắt buộc"),
        (["nonsense"], "giá trị 'nonsense' không hợp lệ"),
        (["units"], "thiếu tham số bắt buộc"),
        (["units", "tree"], "thiếu tham số bắt buộc: CODE"),
        (["units", "tree", "NCT", "--depth", "x"], "'x' không phải số nguyên"),
        (["units", "tree", "NCT", "--bogus"], "không hiểu tham số: --bogus"),
        (["units", "restructure", "rename", "NCT.01", "--name", "X"], "thiếu tham số bắt buộc: --date"),
        (["users", "create", "x", "--role", "king", "--scope", "*"], "giá trị 'king' không hợp lệ"),
        (["serve", "--port", "99999"], "cổng 99999 phải nằm trong khoảng"),
    ],
)
def test_usage_errors_exit_2_in_vietnamese(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("Cách dùng: quanlyhoi")
    assert "\nLỗi: " in err
    assert message in err
    assert "--help" in err


def test_argparse_is_left_in_english_afterwards(capsys):
    main(["--help"])
    parser = argparse.ArgumentParser(prog="other")
    assert "usage: other" in parser.format_usage()


def test_unknown_acting_user_is_refused(cli):
    result = cli("--as", "nobody", "units", "tree", "NCT")
    assert result.code == 1
    assert result.err == "Lỗi: Không tìm thấy người dùng nobody (hoặc tài khoản đã bị khoá).\n"


def test_as_also_works_after_the_action(cli):
    before = cli("--as", "commune_officer", "units", "tree", "NCT")
    after = cli("units", "tree", "NCT", "--as", "commune_officer")
    assert before.code == after.code == 1
    assert before.err == after.err == "Lỗi: Không tìm thấy đơn vị NCT.\n"


@pytest.mark.parametrize("command", ["serve", "migrate", "demo --no-serve", "backup x", "restore x"])
def test_operator_commands_refuse_as(command, cli):
    result = cli("--as", "sysadmin", *command.split())
    assert result.code == 2
    assert "không dùng --as" in result.err


def test_serve_refuses_a_port_in_use(cli):
    import socket

    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        result = cli("serve", "--port", str(port))
    assert result.code == 1
    assert f"Lỗi: Không mở được 127.0.0.1:{port}" in result.err and "chọn cổng khác bằng --port" in result.err
