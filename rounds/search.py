"""Search over published processes, rounds, events, people and resolutions that
reads Arabic the way people type it.

Readers write أ, إ, آ or ا for the same alef, ه for ة, ي for ى, and add or leave
out the short vowels (tashkeel). `normalise()` folds all of these, as well as case
and Latin accents, to one form. The query is normalised, split into terms, and
each term becomes a regular expression that accepts every spelling folding to it,
so the database does the matching (SQLite through Django's REGEXP function,
PostgreSQL with ~*) and a search costs one query per kind of record, however large
the tables. `normalise()` then ranks the matches in Python.
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from itertools import chain
from operator import and_, or_

from django.db.models import Q, QuerySet

from .models import (
    Event,
    Person,
    Process,
    Resolution,
    Round,
)

MAX_QUERY_LENGTH = 100
MIN_TERM_LENGTH = 2
RESULTS_PER_KIND = 20

# Letters that read as another: hamzated and wasla alefs as bare alef, ta marbuta
# as ha, alef maqsura as ya; tatweel (the joining stroke) as nothing; Arabic-Indic
# digits as ASCII ones. Hamza carried on a letter (أ إ ؤ ئ) and madda (آ) are
# split off by NFKD below, like the short vowels and Latin accents.
FOLDS = str.maketrans(
    {
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ـ": None,
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
)

# What a stored text may carry between two letters of a match: combining marks
# (tashkeel, Quranic marks, superscript alef, Latin accents) and tatweel.
IGNORABLE = "[\u0300-\u036f\u064b-\u065f\u0670\u06d6-\u06ed\u0640]*"


def normalise(text: str) -> str:
    """Fold Arabic spelling variants, tashkeel, case and accents to one form."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.translate(FOLDS).casefold().split())


def _variants() -> dict[str, str]:
    """For each folded letter, every single character that folds to it: "ا" ->
    "اأإآٱ", "ه" -> "هة", "e" -> "eEéÉèÈ…". Derived from normalise() itself, so the
    regular expressions cannot disagree with it."""
    found = defaultdict(set)
    ranges = ((0x0041, 0x005B), (0x0061, 0x007B), (0x00C0, 0x0250), (0x0600, 0x06FF))
    for code in chain.from_iterable(range(*r) for r in ranges):
        char = chr(code)
        folded = normalise(char)
        if len(folded) == 1 and unicodedata.category(char)[0] in "LN":
            found[folded] |= {char, folded}
    return {letter: "".join(sorted(chars)) for letter, chars in found.items()}


VARIANTS = _variants()


def term_pattern(term: str) -> str:
    """A regular expression, valid for Python and PostgreSQL alike, matching any
    spelling of a normalised term: each letter by its variants, with tashkeel and
    tatweel allowed after it."""
    parts = []
    for char in term:
        variants = VARIANTS.get(char)
        parts.append(f"[{variants}]" if variants and len(variants) > 1 else re.escape(char))
    return IGNORABLE.join(parts)


def terms(query: str) -> list[str]:
    return normalise(query).split()


def public_people() -> QuerySet:
    """People the public may see: those a published record names."""
    return Person.objects.public()


def both_languages(*fields: str) -> tuple[str, ...]:
    return tuple(f"{field}_{code}" for field in fields for code in ("en", "ar"))


@dataclass(frozen=True)
class Kind:
    """One kind of record the search covers: what to query, where to look, which
    of those fields name the record (for ranking), and what to call a hit."""

    name: str
    queryset: Callable[[], QuerySet]
    fields: tuple[str, ...]
    names: tuple[str, ...]
    title: Callable[[object], str]


KINDS = (
    Kind(
        "process",
        lambda: Process.objects.published(),
        both_languages("name", "conflict", "description"),
        both_languages("name"),
        lambda p: p.name,
    ),
    Kind(
        "round",
        lambda: Round.objects.published().select_related("process"),
        both_languages("label", "city", "venue", "summary", "outcome"),
        both_languages("label"),
        lambda r: r.label,
    ),
    Kind(
        "event",
        lambda: Event.objects.published().select_related("process"),
        both_languages("title", "description", "place"),
        both_languages("title"),
        lambda e: e.title,
    ),
    Kind(
        "person",
        public_people,
        both_languages("name", "nationality"),
        both_languages("name"),
        lambda p: p.name,
    ),
    Kind(
        "resolution",
        lambda: Resolution.objects.published(),
        ("symbol", *both_languages("subject")),
        ("symbol", *both_languages("subject")),
        lambda r: f"{r.symbol}: {r.subject}" if r.symbol else r.subject,
    ),
)


def matching(kind: Kind, query_terms: list[str]) -> QuerySet:
    """Records where every term appears in at least one of the kind's fields."""
    conditions = [
        reduce(or_, (Q(**{f"{field}__iregex": term_pattern(term)}) for field in kind.fields))
        for term in query_terms
    ]
    return kind.queryset().filter(reduce(and_, conditions))


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    record: object


def rank(kind: Kind, record, query: str) -> int:
    """0 when a name of the record (in either language) is the query, 1 when one
    starts with it, 2 when one contains it, 3 when only other fields match."""
    best = 3
    for field in kind.names:
        name = normalise(getattr(record, field) or "")
        if name == query:
            return 0
        if name.startswith(query):
            best = min(best, 1)
        elif query in name:
            best = min(best, 2)
    return best


def search(query: str, limit: int = RESULTS_PER_KIND) -> dict[str, list[Hit]]:
    """Hits per kind, best first (then in the kind's usual order, e.g. by date);
    one query per kind. Terms shorter than MIN_TERM_LENGTH are ignored: callers
    check the query with `problem()` first."""
    query_terms = [t for t in terms(query) if len(t) >= MIN_TERM_LENGTH]
    if not query_terms:
        return {}
    folded = " ".join(query_terms)
    results = {}
    for kind in KINDS:
        # A bounded candidate set: enough to rank, never the whole table.
        records = list(matching(kind, query_terms)[: limit * 5])
        records.sort(key=lambda record: rank(kind, record, folded))
        results[kind.name] = [Hit(kind.name, kind.title(r), r) for r in records[:limit]]
    return results


def problem(query: str) -> str | None:
    """Why a query cannot be searched, in a word the page turns into a message."""
    if len(query) > MAX_QUERY_LENGTH:
        return "too_long"
    if not any(len(t) >= MIN_TERM_LENGTH for t in terms(query)):
        return "too_short"
    return None
