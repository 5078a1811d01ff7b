"""Search over published processes, rounds, events, documents, people and resolutions that
reads Arabic the way people type it, through a full-text index.

Readers write أ, إ, آ or ا for the same alef, ه for ة, ي for ى, and add or leave
out the short vowels (tashkeel). `normalise()` folds all of these, as well as case
and Latin accents, to one form. Every searchable record has a SearchEntry row with
its text so folded and split into words, rewritten on each save (signals below);
the database indexes those rows (SQLite: an FTS5 table kept in step by triggers;
PostgreSQL: a tsvector column with a GIN index, migration 0005). A query is folded
the same way, each word becomes a prefix term, and every term must match. The
index gives, per kind of record, the best-ranked candidates (names weigh more than
other text); the kind's published queryset then keeps only what the public may
see, in one query per kind, and `rank()` puts exact name and symbol matches first.
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain

from django.db import OperationalError, connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_save

from .models import (
    Document,
    Event,
    Person,
    Process,
    Resolution,
    Round,
    SearchEntry,
)

MAX_QUERY_LENGTH = 100
MAX_TERMS = 8
MIN_TERM_LENGTH = 2
RESULTS_PER_KIND = 20
# An anonymous search on PostgreSQL is cancelled after this long.
STATEMENT_TIMEOUT_MS = 2000

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


def words(text: str) -> list[str]:
    """Folded text as the index stores it: runs of letters and digits (so that
    "S/RES/2254" is the words s, res and 2254 for every database's parser)."""
    return WORD.findall(normalise(text))


WORD = re.compile(r"[^\W_]+")


def query_words(query: str) -> list[str]:
    """The words of a query that are searched (long enough), without repeats."""
    return list(dict.fromkeys(w for w in words(query) if len(w) >= MIN_TERM_LENGTH))


def public_people() -> QuerySet:
    """People the public may see: those a published record names."""
    return Person.objects.public()


def both_languages(*fields: str) -> tuple[str, ...]:
    return tuple(f"{field}_{code}" for field in fields for code in ("en", "ar"))


def resolution_names(resolution) -> list[str]:
    """What readers call a resolution: its symbol, and for an adopted one its
    number with the word "resolution" in English or Arabic ("resolution 2254",
    "القرار 2254"), so that each of these finds it and ranks it first."""
    names = [resolution.symbol or ""]
    if resolution.number:
        number = str(resolution.number)
        names += [number, f"resolution {number}", f"القرار {number}", f"قرار {number}"]
        if resolution.symbol:
            names.append(resolution.symbol.split(" (")[0])  # S/RES/2254
    return [name for name in names if name]


@dataclass(frozen=True)
class Kind:
    """One kind of record the search covers: its model, what the public may see,
    where to look, which of those fields name the record (indexed with more
    weight, and used for ranking), and what to call a hit."""

    name: str
    model: type
    queryset: Callable[[], QuerySet]
    fields: tuple[str, ...]
    names: tuple[str, ...]
    title: Callable[[object], str]
    extra_names: Callable[[object], list[str]] = lambda record: []

    def names_of(self, record) -> list[str]:
        return [getattr(record, f) or "" for f in self.names] + self.extra_names(record)

    def entry(self, record) -> tuple[str, str]:
        """The folded words of the record's names, and of the rest of its text."""
        names = " ".join(words(" ".join(self.names_of(record))))
        others = [getattr(record, f) or "" for f in self.fields if f not in self.names]
        return names, " ".join(words(" ".join(others)))


KINDS = (
    Kind(
        "process",
        Process,
        lambda: Process.objects.published(),
        both_languages("name", "conflict", "description"),
        both_languages("name"),
        lambda p: p.name,
    ),
    Kind(
        "round",
        Round,
        lambda: Round.objects.published().select_related("process"),
        both_languages("label", "city", "venue", "summary", "outcome"),
        both_languages("label"),
        lambda r: r.label,
    ),
    Kind(
        "event",
        Event,
        lambda: Event.objects.published().select_related("process"),
        both_languages("title", "description", "place"),
        both_languages("title"),
        lambda e: e.title,
    ),
    Kind(
        "document",
        Document,
        lambda: Document.objects.published().select_related("process"),
        (*both_languages("title", "summary"), "pax_id", "ucdp_id"),
        both_languages("title"),
        lambda d: d.title,
    ),
    Kind(
        "person",
        Person,
        public_people,
        both_languages("name", "nationality"),
        both_languages("name"),
        lambda p: p.name,
    ),
    Kind(
        "resolution",
        Resolution,
        lambda: Resolution.objects.published(),
        ("symbol", *both_languages("subject")),
        ("symbol", *both_languages("subject")),
        lambda r: f"{r.symbol}: {r.subject}" if r.symbol else r.subject,
        resolution_names,
    ),
)
KIND_OF_MODEL = {kind.model: kind for kind in KINDS}


# --- The index ------------------------------------------------------------------------


def index(record) -> None:
    """Write (or rewrite) the record's search entry."""
    kind = KIND_OF_MODEL[type(record)]
    names, text = kind.entry(record)
    SearchEntry.objects.update_or_create(
        kind=kind.name, record_id=record.pk, defaults={"names": names, "text": text}
    )


def unindex(record) -> None:
    kind = KIND_OF_MODEL[type(record)]
    SearchEntry.objects.filter(kind=kind.name, record_id=record.pk).delete()


def rebuild(using: str = "default") -> int:
    """Rewrite the whole index from the records (after a bulk load); returns the
    number of entries."""
    entries = []
    for kind in KINDS:
        for record in kind.model._base_manager.using(using).iterator(chunk_size=2000):
            names, text = kind.entry(record)
            entries.append(SearchEntry(kind=kind.name, record_id=record.pk, names=names, text=text))
    with transaction.atomic(using=using):
        SearchEntry.objects.using(using).all().delete()
        SearchEntry.objects.using(using).bulk_create(entries, batch_size=2000)
    return len(entries)


def _on_save(sender, instance, raw=False, **kwargs):
    index(instance)


def _on_delete(sender, instance, **kwargs):
    unindex(instance)


def connect_signals() -> None:
    """Keep the index in step with every save and delete (called at start-up)."""
    for kind in KINDS:
        post_save.connect(_on_save, sender=kind.model, dispatch_uid=f"search-{kind.name}")
        post_delete.connect(_on_delete, sender=kind.model, dispatch_uid=f"unsearch-{kind.name}")


def candidates(kind: Kind, query_terms: list[str], limit: int | None = None) -> RawSQL:
    """The ids of the kind's records matching every term, as a subquery: all of them,
    or with `limit`, the best ranked (see `ranked()`)."""
    vendor = connection.vendor
    if limit and vendor in ("postgresql", "sqlite"):
        return ranked(kind, query_terms, limit)
    if vendor == "postgresql":
        sql = (
            "SELECT record_id FROM rounds_searchentry WHERE kind = %s "
            "AND vector @@ to_tsquery('simple', %s)"
        )
        params = [kind.name, _tsquery(query_terms)]
    elif vendor == "sqlite":
        sql = (
            "SELECT e.record_id FROM rounds_search_fts f "
            "JOIN rounds_searchentry e ON e.id = f.rowid WHERE rounds_search_fts MATCH %s"
        )
        params = [_fts_match(kind, query_terms, "{names text}")]
    else:  # no full-text index: every entry whose words start with each term
        entries = SearchEntry.objects.filter(kind=kind.name)
        for term in query_terms:
            entries = entries.filter(
                Q(names__startswith=term)
                | Q(names__contains=f" {term}")
                | Q(text__startswith=term)
                | Q(text__contains=f" {term}")
            )
        sql, params = entries.values("record_id")[:limit].query.sql_with_params()
    return RawSQL(sql, params)


# Ranking (bm25, ts_rank) costs a read of every entry it scores: only the newest
# RANKING_WINDOW matches of a kind are ranked, so that ranking a common word costs
# the same with 4,000 matches or 200,000 (on SQLite, FTS5 still lists every match
# of a prefix term, and bm25 counts them, once per query). Matches in the names are
# ranked apart (in a window of their own), so an exact name is found however old.
RANKING_WINDOW = 3000


def _tsquery(query_terms: list[str], weight: str = "") -> str:
    return " & ".join(f"{term}:*{weight}" for term in query_terms)


def _estimable_tsquery(query_terms: list[str]) -> str:
    """The same matches as `_tsquery()`, written so that PostgreSQL estimates how
    many there are: it gives any prefix term ("talks:*") 2% of the rows, and so for
    a common word would read and sort every match rather than walk the ids down
    until it has the window; "talks | talks:*" it estimates from its statistics."""
    return " & ".join(f"({term} | {term}:*)" for term in query_terms)


def _fts_match(kind: Kind, query_terms: list[str], columns: str) -> str:
    terms_ = " AND ".join(f'"{term}"*' for term in query_terms)
    return f'kind : "{kind.name}" AND {columns} : ({terms_})'


def _pg_arm(vector: str, order: str) -> str:
    """The best matches among the newest: the planner walks the ids down from the
    newest (a common word) or sorts what the GIN index finds (a rare one)."""
    return (
        "(SELECT record_id FROM (SELECT id, record_id, names, vector FROM rounds_searchentry "
        f"WHERE kind = %s AND {vector} @@ to_tsquery('simple', %s) "
        f"ORDER BY id DESC LIMIT %s) AS newest ORDER BY {order}, id LIMIT %s)"
    )


def ranked(kind: Kind, query_terms: list[str], limit: int) -> RawSQL:
    """The ids of the best `limit` matches among the newest RANKING_WINDOW, and of
    the best few name matches among the newest RANKING_WINDOW of those, as one
    subquery. FTS5 reads the newest matches from the end of its index and scores
    (bm25) only those it returns."""
    # rank() puts name matches first: a page's worth of them is enough.
    names = min(limit, RESULTS_PER_KIND)
    if connection.vendor == "postgresql":
        tsquery, estimable = _tsquery(query_terms), _estimable_tsquery(query_terms)
        by_rank = _pg_arm("vector", "ts_rank(vector, to_tsquery('simple', %s)) DESC")
        # The names alone (migration 0016); among them the shortest comes closest to
        # the query.
        by_length = _pg_arm("names_vector", "length(names)")
        return RawSQL(
            f"{by_rank} UNION {by_length}",
            [kind.name, estimable, RANKING_WINDOW, tsquery, limit]
            + [kind.name, estimable, RANKING_WINDOW, names],
        )
    arm = (
        "SELECT record_id FROM (SELECT e.record_id FROM (SELECT rowid AS id, rank "
        "FROM rounds_search_fts WHERE rounds_search_fts MATCH %s "
        "ORDER BY rowid DESC LIMIT %s) AS newest "
        "JOIN rounds_searchentry e ON e.id = newest.id ORDER BY newest.rank LIMIT %s)"
    )
    params = []
    for columns, n in (("{names text}", limit), ("{names}", names)):
        params += [_fts_match(kind, query_terms, columns), RANKING_WINDOW, n]
    return RawSQL(f"{arm} UNION {arm}", params)


def matching(kind: Kind, query_terms: list[str], limit: int | None = None) -> QuerySet:
    """The kind's public records where every term starts a word of its text."""
    return kind.queryset().filter(pk__in=candidates(kind, query_terms, limit))


def filter_queryset(queryset: QuerySet, query: str) -> QuerySet:
    """`queryset` narrowed to records matching the query (the API's `search=`)."""
    kind = KIND_OF_MODEL[queryset.model]
    query_terms = query_words(query)
    if not query_terms:
        return queryset
    return queryset.filter(pk__in=candidates(kind, query_terms))


@contextmanager
def time_limit(bounded: bool = True):
    """On PostgreSQL, cancel any statement of the block that runs longer than
    STATEMENT_TIMEOUT_MS (one query: SET LOCAL, in a transaction)."""
    if not bounded or connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(savepoint=False):  # no savepoint queries when nested
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = %s", [STATEMENT_TIMEOUT_MS])
        yield


class SearchTimeout(Exception):
    """The database gave up on a search (too broad for the time allowed)."""


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    record: object


def rank(kind: Kind, record, query: str) -> int:
    """0 when a name of the record (in either language, or a resolution's symbol or
    number) is the query, 1 when one starts with it, 2 when one contains it, 3
    when only other fields match."""
    best = 3
    query = " ".join(words(query))
    for name in kind.names_of(record):
        name = " ".join(words(name))
        if name == query:
            return 0
        if name.startswith(query):
            best = min(best, 1)
        elif query in name:
            best = min(best, 2)
    return best


def search(
    query: str, limit: int = RESULTS_PER_KIND, *, bounded: bool = False
) -> dict[str, list[Hit]]:
    """Hits per kind, best first (then in the kind's usual order, e.g. by date);
    one query per kind. Words shorter than MIN_TERM_LENGTH are ignored: callers
    check the query with `problem()` first. `bounded` applies the time limit
    (anonymous readers); a search over it raises SearchTimeout."""
    query_terms = query_words(query)
    if not query_terms:
        return {}
    folded = " ".join(query_terms)
    results = {}
    try:
        with time_limit(bounded):
            for kind in KINDS:
                # A bounded candidate set: enough to rank, never the whole table.
                records = list(matching(kind, query_terms, limit * 5))
                records.sort(key=lambda record, kind=kind: rank(kind, record, folded))
                results[kind.name] = [Hit(kind.name, kind.title(r), r) for r in records[:limit]]
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == "57014":  # query_canceled
            raise SearchTimeout from error
        raise
    return results


def problem(query: str) -> str | None:
    """Why a query cannot be searched, in a word the page turns into a message."""
    if len(query) > MAX_QUERY_LENGTH:
        return "too_long"
    if len(terms(query)) > MAX_TERMS:
        return "too_many_terms"
    if not any(len(t) >= MIN_TERM_LENGTH for t in terms(query)):
        return "too_short"
    return None
