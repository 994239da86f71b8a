"""Vietnamese collation as a stored sort key, so that lists sort in the database in the official order.

The order is the Vietnamese alphabet a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (with f j w z
in their Latin places, for names of other origins), then, for the same letters, the tones unmarked, huyền,
hỏi, ngã, sắc, nặng (ICU/CLDR `vi`); case is ignored. A key is digits only, like the tree paths, so its byte
order is its order under any database collation (SQLite BINARY, PostgreSQL en_US or C).

A name key compares the given name first, then the middle name, then the family name, as official lists do.
"""

import functools
import itertools
import unicodedata

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER = {ch: f"{10 + i:02d}" for i, ch in enumerate(_ALPHABET)}
_END = "00"  # end of a word list: sorts before any letter, so "An" < "Anh"
_SPACE = "01"  # between words: after the end, before any letter, so "Thị" < "Thị Minh" < "Thịa"
_OTHER = "02"  # digits and punctuation: before letters
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
# Marks that make a letter of its own (ă â ê ô ơ ư); đ is a letter with no combining form.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


def _split(ch: str) -> tuple[str, str]:
    """(base letter of the Vietnamese alphabet, tone digit) of one lower-case character."""
    parts = unicodedata.normalize("NFD", ch)
    base, tone = parts[0], "0"
    for mark in parts[1:]:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark in _LETTER_MARKS:
            base += mark
    return unicodedata.normalize("NFC", base), tone


@functools.lru_cache(maxsize=65536)  # names repeat: a few thousand distinct parts cover millions of people
def word_key(text: str) -> str:
    """Key of one text: letters first (primary), then tones (secondary), each part closed by _END."""
    primary, tones = [], []
    for ch in " ".join(text.lower().split()):
        if ch == " ":
            primary.append(_SPACE)
            tones.append("0")
            continue
        base, tone = _split(ch)
        primary.append(_LETTER.get(base, _OTHER))
        tones.append(tone)
    return "".join(primary) + _END + "".join(tones)


def name_key(given: str, middle: str, family: str) -> str:
    """Sort key of a person's name: given, then middle, then family name."""
    return _END.join(word_key(part) for part in (given, middle, family))


@functools.lru_cache(maxsize=65536)  # given names repeat, like name parts
def plain_word(text: str) -> bool:
    """Whether `text` is one word of letters of the alphabet (tones allowed): such a word folds letter for letter
    (ă â -> a, đ -> d, ư -> u ...), so a folded prefix of it is a range of keys (prefix_range)."""
    return bool(text) and all(_split(ch)[0] in _LETTER for ch in text.lower())


def prefix_ranges(folded: str, *, whole: bool = False) -> list[tuple[str, str]] | None:
    """The [low, high) ranges of keys of the plain words whose folded form starts with `folded` (is `folded`,
    when `whole`), one per spelling: a folded letter (a-z) stands for each letter that folds to it ("u" for u and
    ư, "d" for d and đ), and each spelling's words sit together in the order. None for anything but a-z."""
    choices = []
    for ch in folded:
        codes = _FOLDED_CODES.get(ch)
        if codes is None:
            return None
        choices.append(codes)
    # A whole word ends where its letters do (_END, before the tones); ":" follows every digit.
    ends = (_END, _SPACE) if whole else ("", ":")
    return [("".join(s) + ends[0], "".join(s) + ends[1]) for s in itertools.product(*choices)]


def _folded_codes() -> dict[str, list[str]]:
    """Plain letter -> the codes of the letters of the alphabet that fold to it, smallest first."""
    codes: dict[str, list[str]] = {}
    for letter, code in _LETTER.items():
        codes.setdefault(unicodedata.normalize("NFD", letter)[0].replace("đ", "d"), []).append(code)
    return codes


_FOLDED_CODES = _folded_codes()
