"""Publication mode: every person in the register replaced by their pseudonym, then a check.

:class:`Redactor` is built from the people register. It replaces, in every text of an
:class:`~workbench.export.document.ExportDocument`:

* the full name (and the first and last name without middle names), and "Surname, First";
* each part of the name on its own (first name, surname, middle names), except name
  particles ("de", "van", "bin", ...) and a short list of words that are also months,
  weekdays or very common English words ("May", "June", "Will"): those are replaced
  only inside a longer form of the name;
* the registered aliases that identify the person (initials as registered, nicknames,
  other spellings). An alias that only restates a pseudonym ("Young Person A" for "YPA",
  "Child Z's mother", "Sister" for "YPA's sister") is left as it is.

Matching is case-insensitive, ignores accents ("Zoe" matches "Zoë"), treats straight and
curly apostrophes alike, needs word boundaries (so "Dana's" becomes "Mother's" but
"Danaher" is kept), and prefers the longest form. Scripts written without spaces between
words (Chinese, Japanese, Thai) and scripts that attach small words to names (Arabic,
Hebrew) are matched without word boundaries. A form shared by two people (a surname)
becomes :data:`AMBIGUOUS`.

:func:`find_leaks` then checks every text run of the publication copy for any of those
forms and for each person's date of birth written in a common form (22/05/2002, 22.5.02,
22 May 2002, 22nd May 2002, May 22, 2002, 2002-05-22); a publication export with a leak is
refused, listing each leak with where it is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from workbench.export.document import ExportDocument, iter_text, transform_text
from workbench.export.errors import Leak

AMBIGUOUS = "[name withheld]"
WITHHELD = "[name withheld]"


#: Name parts never replaced on their own (they are ordinary words too).
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


COMMON_WORDS = _words(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday
    will mark grace hope rose faith joy april may june summer autumn winter spring
    bill frank jack ray sue art pat dawn eve iris ivy holly daisy amber ruby pearl
    mr mrs ms miss dr child mother father baby the and
    """
)
#: Name particles, never replaced on their own.
PARTICLES = _words(
    "de da di del della der den du la le van von ten ter al el bin bint ibn ben bat abu "
    "mac st y e o"
)

_APOSTROPHES = "'\u2019\u2018\u02bc`"
_HYPHENS = "-\u2010\u2011\u2012\u2013"


def _fold_char(ch: str) -> str:
    """One character without its accents (length kept, so positions stay the same)."""
    if ch in _APOSTROPHES:
        return "'"
    if ch in _HYPHENS:
        return "-"
    decomposed = unicodedata.normalize("NFD", ch)
    base = decomposed[0] if decomposed else ch
    if len(decomposed) > 1 and all(unicodedata.combining(c) for c in decomposed[1:]):
        return base
    return ch


def fold(text: str) -> str:
    """``text`` with accents removed and apostrophes/hyphens unified, same length."""
    return "".join(_fold_char(c) for c in text)


def _key(text: str) -> str:
    return " ".join(fold(unicodedata.normalize("NFC", text)).casefold().split())


_NO_BOUNDARY_RANGES = (
    (0x0590, 0x08FF),  # Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Arabic ext.
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x2E80, 0x9FFF),  # CJK radicals ... unified ideographs, kana
    (0xA960, 0xA97F),
    (0xAC00, 0xD7AF),  # Hangul
    (0xF900, 0xFAFF),
    (0xFB1D, 0xFDFF),  # Hebrew / Arabic presentation forms
    (0xFE70, 0xFEFF),
    (0x20000, 0x3FFFF),
)


def _mkey(text: str) -> str:
    """The key a matched form is looked up by (spaces and dots do not count)."""
    return re.sub(r"[\s.]+", "", _key(text))


def _needs_no_boundary(text: str) -> bool:
    return any(lo <= ord(c) <= hi for c in text for lo, hi in _NO_BOUNDARY_RANGES)


def _form_pattern(form: str) -> str:
    """The regex of one name form: flexible spaces, apostrophes and hyphens."""
    parts: list[str] = []
    for ch in form:
        if ch.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif ch == "'":
            parts.append("'")
        elif ch == ".":
            parts.append(r"\.?\s*")
        else:
            parts.append(re.escape(ch))
    body = "".join(parts)
    if form.endswith("."):
        body = body[: -len(r"\s*")]
    if _needs_no_boundary(form):
        return body
    return r"(?<!\w)" + body + r"(?!\w)"


def _acronym(text: str) -> str:
    return "".join(w[0] for w in re.findall(r"\w+", _key(text)))


def _compact(text: str) -> str:
    return re.sub(r"[\W_]+", "", _key(text))


@dataclass(frozen=True)
class RegisteredPerson:
    """What the redactor needs of a register entry."""

    real_name: str
    pseudonym: str
    aliases: tuple[str, ...] = ()
    date_of_birth: date | None = None

    @classmethod
    def from_person(cls, person: Any) -> RegisteredPerson:
        return cls(
            real_name=str(person.real_name or ""),
            pseudonym=str(person.pseudonym or ""),
            aliases=tuple(person.alias_list),
            date_of_birth=person.date_of_birth,
        )

    @property
    def replacement(self) -> str:
        return self.pseudonym.strip() or WITHHELD


@dataclass
class Redactor:
    people: Sequence[RegisteredPerson]
    #: form key -> pseudonym (or AMBIGUOUS)
    replacements: dict[str, str] = field(default_factory=dict)
    #: form key -> the people (pseudonyms) it identifies
    owners: dict[str, set[str]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        pseudonyms = [_key(p.pseudonym) for p in self.people if p.pseudonym.strip()]
        forms: dict[str, str] = {}  # key -> form as written (first seen)
        for person in self.people:
            for form in self.identifying_forms(person, pseudonyms):
                k = _mkey(form)
                if not k:
                    continue
                forms.setdefault(k, fold(unicodedata.normalize("NFC", form)))
                self.owners.setdefault(k, set()).add(person.replacement)
        for k, owners in self.owners.items():
            self.replacements[k] = next(iter(owners)) if len(owners) == 1 else AMBIGUOUS
        ordered = sorted(forms.items(), key=lambda kv: (-len(kv[0]), kv[0]))
        self._pattern = (
            re.compile("|".join(_form_pattern(f) for _k, f in ordered), re.IGNORECASE)
            if ordered
            else None
        )
        self._dob_patterns = [
            (p.replacement, dob_pattern(p.date_of_birth))
            for p in self.people
            if p.date_of_birth is not None
        ]

    @staticmethod
    def identifying_forms(person: RegisteredPerson, pseudonyms: Sequence[str]) -> list[str]:
        """The ways ``person`` can be named that identify them."""
        name = " ".join(unicodedata.normalize("NFC", person.real_name).split())
        if not name:
            return []
        forms = [name]
        tokens = name.split(" ")
        if len(tokens) >= 3:
            forms.append(f"{tokens[0]} {tokens[-1]}")
        if len(tokens) >= 2:
            forms.append(f"{tokens[-1]}, {' '.join(tokens[:-1])}")
            forms.append(f"{tokens[-1]}, {tokens[0]}")
        for token in tokens:
            bare = token.strip(".,")
            folded = _key(bare)
            if len(bare) < 2 and not _needs_no_boundary(bare):
                continue
            if folded in COMMON_WORDS or folded in PARTICLES:
                continue
            forms.append(bare)
        # Hyphenated and apostrophe names: each part on its own too ("Smith-Jones").
        for token in tokens:
            for part in re.split(r"[-']", fold(token)):
                if len(part) >= 3 and _key(part) not in COMMON_WORDS | PARTICLES:
                    forms.append(part)
        name_words = {_key(t) for t in tokens}
        initials = _compact("".join(t[0] for t in tokens if t))
        own = _key(person.pseudonym)
        for alias in person.aliases:
            a = _key(alias)
            if not a:
                continue
            identifies = bool(set(a.split()) & name_words) or _compact(alias) == initials
            if not identifies and _restates_pseudonym(a, own, pseudonyms):
                continue
            forms.append(alias.strip())
        return forms

    # -- replacing ---------------------------------------------------------------------------
    def redact(self, text: str) -> str:
        if not text or self._pattern is None:
            return text
        text = unicodedata.normalize("NFC", text)
        folded = fold(text)
        out: list[str] = []
        last = 0
        for m in self._pattern.finditer(folded):
            replacement = self.replacements.get(_mkey(m.group(0)))
            if replacement is None:
                continue
            out.append(text[last : m.start()])
            out.append(replacement)
            self.counts[replacement] = self.counts.get(replacement, 0) + 1
            last = m.end()
        if not out:
            return text
        out.append(text[last:])
        return "".join(out)

    def redact_document(self, doc: ExportDocument) -> ExportDocument:
        """A publication copy of ``doc``: names replaced, marking-free, flagged."""
        copy: ExportDocument = transform_text(doc, self.redact)
        copy.meta.publication = True
        return copy

    # -- checking ----------------------------------------------------------------------------
    def leaks_in(self, text: str, where: str) -> list[Leak]:
        found: list[Leak] = []
        if not text:
            return found
        norm = unicodedata.normalize("NFC", text)
        folded = fold(norm)
        if self._pattern is not None:
            for m in self._pattern.finditer(folded):
                owners = self.owners.get(_mkey(m.group(0)))
                if not owners:
                    continue
                found.append(
                    Leak(
                        where,
                        "name",
                        norm[m.start() : m.end()],
                        " / ".join(sorted(owners)),
                        _context(norm, m.start(), m.end()),
                    )
                )
        for who, pattern in self._dob_patterns:
            for m in pattern.finditer(folded):
                found.append(
                    Leak(
                        where,
                        "date of birth",
                        norm[m.start() : m.end()],
                        who,
                        _context(norm, m.start(), m.end()),
                    )
                )
        return found


def _restates_pseudonym(alias: str, own: str, pseudonyms: Sequence[str]) -> bool:
    """True when an alias is only another way of writing a pseudonym."""
    for p in (own, *pseudonyms):
        if not p:
            continue
        if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", alias):  # "child z's mother"
            return True
        if re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", p):  # "sister" in "ypa's sister"
            return True
        if _acronym(alias) == _compact(p) or _compact(alias) == _acronym(p):
            return True  # "young person a" for "ypa"; "cz" for "child z"
    return False


def _context(text: str, start: int, end: int, width: int = 30) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return (
        ("…" if start > width else "")
        + left
        + text[start:end]
        + right
        + ("…" if end + width < len(text) else "")
    ).replace("\n", " ")


_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


def dob_pattern(dob: date) -> re.Pattern[str]:
    """A date of birth in the ways people write it (day first, month names, ISO)."""
    d, m, y = dob.day, dob.month, dob.year
    dd = rf"0?{d}" if d < 10 else str(d)
    mm = rf"0?{m}" if m < 10 else str(m)
    yy = rf"(?:{y}|{y % 100:02d})"
    name = _MONTH_NAMES[m - 1]
    month_word = rf"(?:{name}|{name[:3]}{'t' if m == 9 else ''}\.?|{name[:3]}\.?)"
    suffix = r"(?:st|nd|rd|th)?"
    sep = r"\s*[/.\-]\s*"
    forms = [
        rf"{dd}{sep}{mm}{sep}{yy}",
        rf"{y}{sep}{mm}{sep}{dd}",
        rf"{dd}{suffix}(?:\s+of)?[\s\-]+{month_word},?[\s\-]+{yy}",
        rf"{month_word}\s+{dd}{suffix},?\s+{yy}",
    ]
    return re.compile(r"(?<![\w/.\-])(?:" + "|".join(forms) + r")(?![\w/]|\.\d)", re.IGNORECASE)


def make_redactor(people: Iterable[Any]) -> Redactor:
    """A redactor for register entries (``Person`` rows or :class:`RegisteredPerson`)."""
    entries = [
        p if isinstance(p, RegisteredPerson) else RegisteredPerson.from_person(p) for p in people
    ]
    return Redactor(entries)


def find_leaks(doc: ExportDocument, redactor: Redactor) -> list[Leak]:
    """Every identifying name or date of birth left in any text run of ``doc``."""
    leaks: list[Leak] = []
    for where, text in iter_text(doc):
        leaks.extend(redactor.leaks_in(text, where))
    return leaks


def publication_copy(
    doc: ExportDocument, people: Iterable[Any]
) -> tuple[ExportDocument, list[Leak]]:
    """The publication copy of ``doc`` and the leaks that remain in it."""
    redactor = make_redactor(people)
    copy = redactor.redact_document(doc)
    return copy, find_leaks(copy, redactor)
