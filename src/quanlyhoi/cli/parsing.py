"""argparse in Vietnamese: the parser class every command uses, and the stdlib messages translated.

argparse looks its messages up through the module-level `gettext` function `argparse._`; `vietnamese()`
swaps in a translating lookup only while the command line is being built and parsed, then restores it."""

from __future__ import annotations

import argparse
import contextlib
import sys

EXIT_USAGE = 2

_MESSAGES = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "tham số",
    "options": "tuỳ chọn",
    "subcommands": "lệnh",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "giá trị %(value)r không hợp lệ (chọn một trong: %(choices)s)"
    ),
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "invalid %(type)s value: %(value)r": "giá trị %(value)r không hợp lệ",
    "not allowed with argument %s": "không dùng được cùng với %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "ignored explicit argument %r": "không nhận giá trị %r",
    "ambiguous option: %(option)s could match %(matches)s": "tuỳ chọn %(option)s không rõ ràng, có thể là: %(matches)s",
    "unexpected option string: %s": "tuỳ chọn không mong đợi: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "không có lệnh %(parser_name)r (có: %(choices)s)",
    "can't open '%(filename)s': %(error)s": "không mở được '%(filename)s': %(error)s",
}
_PLURALS = {"expected %s argument": "cần %s giá trị", "expected %s arguments": "cần %s giá trị"}


def _gettext(message):
    return _MESSAGES.get(message, message)


def _ngettext(singular, plural, n):
    return _PLURALS.get(singular if n == 1 else plural, singular if n == 1 else plural)


@contextlib.contextmanager
def vietnamese():
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _gettext, _ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the line breaks of descriptions and epilogs (the examples) and shows defaults where set."""

    def __init__(self, prog, **kwargs):
        kwargs.setdefault("max_help_position", 32)
        super().__init__(prog, **kwargs)


class Parser(argparse.ArgumentParser):
    """Usage errors: the usage line, `Lỗi: <message>` and where to find help; exit status 2."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message):
        self.print_usage(sys.stderr)
        sys.stderr.write(f"Lỗi: {message}\nXem thêm: {self.prog} --help\n")
        sys.exit(EXIT_USAGE)


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' không phải số nguyên") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"'{text}' phải lớn hơn hoặc bằng 0")
    return value


def port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"cổng '{text}' không phải số nguyên") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"cổng {value} phải nằm trong khoảng 1–65535")
    return value
