"""Finding a group: words, filters and distance, and for every result the reasons it matched.

Every search starts from policies.visible_groups(user), so an unlisted group only ever
appears to its own members. Words use the engine's full-text search (PostgreSQL tsvector
with a GIN index, SQLite FTS5; see migration 0002_group_search_index) with stemming and
prefix matching; each word must match the group's text (name, description, what to expect,
place) or one of its topic names. Distance narrows by a latitude/longitude box through the
group_lat_lon index first, then computes the exact great-circle distance in SQL.

Meeting day and time filters arrive with meetings: pass them as `filters` (GroupFilter
objects); they take part in the query, the reasons and the "what to relax" hints.
"""

from __future__ import annotations

import contextlib
import importlib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import global_settings
from django.db import connection, connections
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peerhaven.accounts.models import LANGUAGE_CODES, Topic
from peerhaven.groups import policies
from peerhaven.groups.exceptions import (
    MalformedCoordinates,
    SearchQueryTooLong,
    UnknownSearchFilter,
)
from peerhaven.groups.models import Group, Membership
from peerhaven.groups.places import (
    EARTH_RADIUS_KM,
    Place,
    bounding_box,
    check_coordinates,
    fold,
    km_to_miles,
)

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
DEFAULT_RADIUS_KM = 25.0
MAX_RADIUS_KM = 1000.0
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 50
# No one pages this far; past it a page is empty without asking the database, whose OFFSET
# (a signed 64-bit number on both engines) a huge page number would overflow.
MAX_PAGE = 10_000
UNITS = ("km", "mi")
DISTANCE_FORMATS = (Group.Format.IN_PERSON, Group.Format.HYBRID)

# PostgreSQL's English stop words (tsearch_data/english.stop): dropped on both engines, so a
# query means the same everywhere and never turns into an empty tsquery.
_STOP_WORDS_TEXT = (
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself "
    "she her hers herself it its itself they them their theirs themselves what which who whom "
    "this that these those am is are was were be been being have has had having do does did "
    "doing a an the and but if or because as until while of at by for with about against "
    "between into through during before after above below to from up down in out on off over "
    "under again further then once here there when where why how all any both each few more "
    "most other some such no nor not only own same so than too very s t can will just don "
    "should now"
)
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
_TOKEN = re.compile(r"[^\W_]+")
_SUFFIXES = ("ies", "ing", "ers", "ed", "es", "er", "ly", "s")

_migration = importlib.import_module("peerhaven.groups.migrations.0002_group_search_index")
_TABLE = Group._meta.db_table
# The indexed expression, with its columns qualified so joins can never make them ambiguous.
PG_VECTOR = re.sub(
    r"\b(name|description|what_to_expect|place_name)\b",
    lambda m: f'"{_TABLE}"."{m.group(1)}"',
    _migration.PG_VECTOR,
)


# --- Results ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reason:
    """One reason a group matched. `kind`: words, topic, format, language, join_policy,
    distance, or the key of an extra filter."""

    kind: str
    text: str
    words: tuple[str, ...] = ()
    distance_km: float | None = None


@dataclass
class SearchResult:
    group: Group
    reasons: list[Reason]
    distance_km: float | None = None


@dataclass(frozen=True)
class Hint:
    """What to relax when nothing matched: dropping `key` alone would find `count` groups."""

    key: str
    text: str
    count: int


@dataclass
class SearchPage:
    results: list[SearchResult]
    total: int
    page: int
    per_page: int
    units: str
    hints: list[Hint] = field(default_factory=list)

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.results else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.results) - 1 if self.results else 0


class GroupFilter(Protocol):
    """A filter from another app (meeting day and time): the seam group_search leaves open."""

    key: str  # machine name, used as Hint.key and Reason.kind
    relax_text: str  # for hints, e.g. "Any meeting day"

    def apply(self, queryset: QuerySet[Group]) -> QuerySet[Group]: ...

    def reason(self, group: Group) -> Reason | None: ...


# --- Input --------------------------------------------------------------------------------
def parse_words(text: str) -> list[str]:
    """The words to search for: lower case, without duplicates or stop words.

    Over MAX_QUERY_LENGTH characters or MAX_WORDS words is a SearchQueryTooLong error.
    """
    if len(text) > MAX_QUERY_LENGTH:
        raise SearchQueryTooLong(
            _("Please use at most %(max)d characters in the search words.")
            % {"max": MAX_QUERY_LENGTH},
            extra={"field": "q", "max_length": MAX_QUERY_LENGTH},
        )
    tokens = [token.casefold() for token in _TOKEN.findall(text)]
    if len(tokens) > MAX_WORDS:
        raise SearchQueryTooLong(
            _("Please use at most %(max)d search words.") % {"max": MAX_WORDS},
            extra={"field": "q", "max_words": MAX_WORDS},
        )
    return list(dict.fromkeys(t for t in tokens if t not in STOP_WORDS))


def _light_stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _topics_for_word(word: str, topics: Sequence[Topic]) -> list[Topic]:
    """Topics whose name (or slug) has a word starting like this one ("parents" → Parenting)."""
    stem = _light_stem(fold(word))
    if len(stem) < 2:
        return []
    return [
        topic
        for topic in topics
        if any(token.startswith(stem) for token in fold(f"{topic.name} {topic.slug}").split())
    ]


def language_name(code: str) -> str:
    return _(dict(global_settings.LANGUAGES).get(code, code))


def _unknown(kind: str, values: Iterable[str], field_name: str) -> UnknownSearchFilter:
    return UnknownSearchFilter(
        _("Unknown %(kind)s: %(values)s") % {"kind": kind, "values": ", ".join(values)},
        extra={"field": field_name},
    )


def _check_choices(
    values: Sequence[str], allowed: Iterable[str], kind: str, field_name: str
) -> tuple[str, ...]:
    allowed_set = set(allowed)
    unknown = [v for v in values if v not in allowed_set]
    if unknown:
        raise _unknown(kind, unknown, field_name)
    return tuple(dict.fromkeys(values))


@dataclass
class _Criteria:
    words: list[str]
    word_topics: dict[str, list[Topic]]
    topics: list[Topic]
    formats: tuple[str, ...]
    languages: tuple[str, ...]
    join_policies: tuple[str, ...]
    near: Place | None
    radius_km: float | None
    filters: Sequence[GroupFilter]


# --- Query building -------------------------------------------------------------------------
def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


# Words are [^\W_]+ tokens and always go in as parameters; only constants are formatted into
# the SQL below (hence the noqa S608/S611).


def _text_match(words: Sequence[str], *, driving: bool = True) -> RawSQL:
    """True where the group's own text has every one of `words` (prefix, stemmed).

    driving=False tells SQLite not to drive the query from the word matches (the unary +
    keeps it off the rowid), so the latitude/longitude index can; PostgreSQL plans by cost.
    """
    if _is_postgres():
        query = " & ".join(f"{w}:*" for w in words)
        return RawSQL(  # noqa: S611
            f"{PG_VECTOR} @@ to_tsquery('english'::regconfig, %s)",
            [query],
            output_field=BooleanField(),
        )
    query = " AND ".join(f'"{w}"*' for w in words)
    plus = "" if driving else "+"
    return RawSQL(  # noqa: S611
        f'{plus}"{_TABLE}"."id" IN (SELECT rowid FROM group_search_fts '  # noqa: S608
        "WHERE group_search_fts MATCH %s)",
        [query],
        output_field=BooleanField(),
    )


def _rank(words: Sequence[str]) -> RawSQL:
    """Text relevance (higher is better) for any of the words; 0 when only topics matched."""
    if _is_postgres():
        query = " | ".join(f"{w}:*" for w in words)
        return RawSQL(  # noqa: S611
            f"ts_rank({PG_VECTOR}, to_tsquery('english'::regconfig, %s))",
            [query],
            output_field=FloatField(),
        )
    query = " OR ".join(f'"{w}"*' for w in words)
    return RawSQL(  # noqa: S611
        "COALESCE((SELECT -bm25(group_search_fts, 4.0, 1.0, 1.0, 1.0) "  # noqa: S608
        "FROM group_search_fts "
        f'WHERE group_search_fts MATCH %s AND rowid = "{_TABLE}"."id"), 0.0)',
        [query],
        output_field=FloatField(),
    )


def _with_topic(topic_ids: Iterable[int], *, driving: bool = True) -> Q:
    """Groups with any of these topics. driving=False: as for _text_match."""
    ids = list(topic_ids)
    through = Group.topics.through
    if driving or _is_postgres():
        return Q(id__in=through.objects.filter(topic_id__in=ids).values("group_id"))
    placeholders = ", ".join(["%s"] * len(ids))
    return Q(
        RawSQL(  # noqa: S611
            f'+"{_TABLE}"."id" IN (SELECT group_id FROM {through._meta.db_table} '  # noqa: S608
            f"WHERE topic_id IN ({placeholders}))",
            ids,
            output_field=BooleanField(),
        )
    )


def _distance_expression(place: Place) -> RawSQL:
    """Haversine distance in km from `place`, in SQL (PostgreSQL, and SQLite through the math
    functions Django registers). Raw SQL because building it from ORM functions costs more
    Python time than the query itself."""
    least = "LEAST" if _is_postgres() else "MIN"
    lat, lon = f'RADIANS("{_TABLE}"."latitude")', f'RADIANS("{_TABLE}"."longitude")'
    phi = math.radians(place.latitude)
    return RawSQL(  # noqa: S611 - only numbers, as parameters
        f"{2 * EARTH_RADIUS_KM} * ASIN(SQRT({least}(POWER(SIN(({lat} - %s) * 0.5), 2) "
        f"+ %s * COS({lat}) * POWER(SIN(({lon} - %s) * 0.5), 2), 1.0)))",
        [phi, math.cos(phi), math.radians(place.longitude)],
        output_field=FloatField(),
    )


def _filtered(criteria: _Criteria, *, user: Any, skip: str = "") -> QuerySet[Group]:
    """The matching groups (unordered). `skip` leaves one criterion out, for the hints."""
    qs = policies.visible_groups(user)
    # Near a place, the latitude/longitude box is the most selective: let it drive.
    drive = not (criteria.near is not None and skip != "distance")
    if criteria.words and skip != "words":
        plain = [w for w in criteria.words if not criteria.word_topics[w]]
        if plain:
            qs = qs.filter(_text_match(plain, driving=drive))
        for word in criteria.words:
            topics = criteria.word_topics[word]
            if topics:
                qs = qs.filter(
                    Q(_text_match([word], driving=drive))
                    | _with_topic((t.pk for t in topics), driving=drive)
                )
    if criteria.topics and skip != "topics":
        qs = qs.filter(_with_topic((t.pk for t in criteria.topics), driving=drive))
    if criteria.formats and skip != "formats":
        qs = qs.filter(format__in=criteria.formats)
    if criteria.languages and skip != "languages":
        any_language = Q()
        for code in criteria.languages:
            # Codes are validated, and the quotes keep "en" from matching "en-gb".
            any_language |= Q(languages__icontains=f'"{code}"')
        qs = qs.filter(any_language)
    if criteria.join_policies and skip != "join_policies":
        qs = qs.filter(join_policy__in=criteria.join_policies)
    if criteria.near is not None and criteria.radius_km is not None and skip != "distance":
        box = bounding_box(criteria.near.latitude, criteria.near.longitude, criteria.radius_km)
        lon_q = (
            Q(longitude__gte=box.min_lon) | Q(longitude__lte=box.max_lon)
            if box.wraps
            else Q(longitude__gte=box.min_lon, longitude__lte=box.max_lon)
        )
        qs = (
            qs.filter(format__in=DISTANCE_FORMATS)
            .filter(Q(latitude__gte=box.min_lat, latitude__lte=box.max_lat) & lon_q)
            .alias(distance=_distance_expression(criteria.near))
            .filter(distance__lte=criteria.radius_km)
        )
    for extra in criteria.filters:
        if skip != extra.key:
            qs = extra.apply(qs)
    return qs


def _format_distance(km: float, units: str) -> str:
    if units == "mi":
        return _("%(distance)s mi") % {"distance": number_format(km_to_miles(km), 1)}
    return _("%(distance)s km") % {"distance": number_format(km, 1)}


def _words_in_text(criteria: _Criteria, group_ids: list[int]) -> dict[int, set[str]]:
    """For the groups on this page: which of the words their own text contains. One query."""
    if not criteria.words or not group_ids:
        return {}
    names = {f"w{i}": word for i, word in enumerate(criteria.words)}
    rows = (
        Group.objects.filter(id__in=group_ids)
        .annotate(**{name: _text_match([word]) for name, word in names.items()})
        .values("id", *names)
    )
    return {row["id"]: {word for name, word in names.items() if row[name]} for row in rows}


def _reasons(
    group: Group,
    criteria: _Criteria,
    words_in_text: set[str],
    distance: float | None,
    units: str,
) -> list[Reason]:
    reasons: list[Reason] = []
    mentioned = tuple(w for w in criteria.words if w in words_in_text)
    if mentioned:
        quoted = ", ".join(f"“{w}”" for w in mentioned)
        reasons.append(
            Reason("words", _("Mentions %(words)s") % {"words": quoted}, words=mentioned)
        )
    group_topics = {t.pk: t for t in group.topics.all()}
    matched_topics: dict[int, tuple[str, ...]] = {}
    for word in criteria.words:
        for topic in criteria.word_topics[word]:
            if topic.pk in group_topics:
                matched_topics[topic.pk] = (*matched_topics.get(topic.pk, ()), word)
    for topic in criteria.topics:
        matched_topics.setdefault(topic.pk, ())
    for topic_id, words in matched_topics.items():
        if topic_id in group_topics:
            reasons.append(
                Reason(
                    "topic",
                    _("Topic: %(topic)s") % {"topic": group_topics[topic_id].name},
                    words=words,
                )
            )
    if criteria.formats:
        reasons.append(Reason("format", group.get_format_display()))
    for code in criteria.languages:
        if code in group.languages:
            reasons.append(
                Reason("language", _("In %(language)s") % {"language": language_name(code)})
            )
    if criteria.join_policies:
        reasons.append(Reason("join_policy", group.get_join_policy_display()))
    if distance is not None and criteria.near is not None:
        reasons.append(
            Reason(
                "distance",
                _("%(distance)s from %(place)s")
                % {"distance": _format_distance(distance, units), "place": criteria.near.name},
                distance_km=round(distance, 1),
            )
        )
    for extra in criteria.filters:
        reason = extra.reason(group)
        if reason is not None:
            reasons.append(reason)
    return reasons


_RELAX_TEXT = {
    "words": lambda: _("Use fewer or different words"),
    "topics": lambda: _("Choose other topics, or any topic"),
    "formats": lambda: _("Allow any format (online, in person, hybrid)"),
    "languages": lambda: _("Allow any language"),
    "join_policies": lambda: _("Allow any way of joining"),
    "distance": lambda: _("Search farther away, or include online groups"),
}


def _hints(criteria: _Criteria, *, user: Any) -> list[Hint]:
    """For an empty result: how many groups each criterion alone is keeping out."""
    present = [
        key
        for key, used in (
            ("words", bool(criteria.words)),
            ("topics", bool(criteria.topics)),
            ("formats", bool(criteria.formats)),
            ("languages", bool(criteria.languages)),
            ("join_policies", bool(criteria.join_policies)),
            ("distance", criteria.near is not None),
        )
        if used
    ]
    texts = {key: _RELAX_TEXT[key]() for key in present}
    for extra in criteria.filters:
        present.append(extra.key)
        texts[extra.key] = extra.relax_text
    hints = []
    for key in present:
        count = _filtered(criteria, user=user, skip=key).count()
        if count:
            text = ngettext(
                "%(change)s: %(count)d group would match.",
                "%(change)s: %(count)d groups would match.",
                count,
            ) % {"change": texts[key], "count": count}
            hints.append(Hint(key, text, count))
    hints.sort(key=lambda hint: -hint.count)
    if len(present) > 1 and not hints:
        hints.append(
            Hint("all", _("No group matches even with one filter removed. Try fewer filters."), 0)
        )
    return hints


# --- The service --------------------------------------------------------------------------
def group_search(
    *,
    user: Any,
    words: str = "",
    topics: Sequence[str] = (),
    formats: Sequence[str] = (),
    languages: Sequence[str] = (),
    join_policies: Sequence[str] = (),
    near: Place | tuple[float, float] | None = None,
    within_km: float | None = None,
    units: str = "km",
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
    filters: Sequence[GroupFilter] = (),
) -> SearchPage:
    """Groups `user` may see that match, best first: text relevance, then distance, then name.

    topics are Topic slugs; formats, join_policies the Group choice values; languages the
    language codes. A group matches a list filter when it has any of the values given. `near`
    with `within_km` (default DEFAULT_RADIUS_KM) keeps in-person and hybrid groups within that
    distance. `filters` is the seam for other apps' filters (meeting day and time).
    A page past the last one, or past MAX_PAGE, is empty but still carries the count.
    Bad input raises a SearchInputError naming the field in extra["field"].
    """
    if units not in UNITS:
        raise _unknown(_("unit"), [units], "units")
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise UnknownSearchFilter(
            _("Pages start at 1 and hold at most %(max)d groups.") % {"max": MAX_PER_PAGE},
            extra={"field": "page"},
        )
    word_list = parse_words(words)
    all_topics: list[Topic] = []
    if word_list or topics:
        all_topics = list(Topic.objects.filter(is_active=True).only("id", "slug", "name"))
    by_slug = {t.slug: t for t in all_topics}
    chosen_topics = [by_slug[s] for s in _check_choices(topics, by_slug, _("topic"), "topic")]
    place = _place_of(near)
    radius = None
    if place is not None:
        radius = DEFAULT_RADIUS_KM if within_km is None else float(within_km)
        if not (math.isfinite(radius) and 0 < radius <= MAX_RADIUS_KM):
            raise MalformedCoordinates(
                _("The distance must be more than 0 and at most %(max)d km.")
                % {"max": int(MAX_RADIUS_KM)},
                extra={"field": "within"},
            )
    criteria = _Criteria(
        words=word_list,
        word_topics={w: _topics_for_word(w, all_topics) for w in word_list},
        topics=chosen_topics,
        formats=_check_choices(formats, Group.Format.values, _("format"), "format"),
        languages=_check_choices(languages, LANGUAGE_CODES, _("language"), "language"),
        join_policies=_check_choices(
            join_policies, Group.JoinPolicy.values, _("join policy"), "join_policy"
        ),
        near=place,
        radius_km=radius,
        filters=filters,
    )

    matching = _filtered(criteria, user=user)
    ordering: list[Any] = []
    if criteria.words:
        matching = matching.annotate(rank=_rank(criteria.words))
        ordering.append(F("rank").desc())
    if place is not None:
        matching = matching.annotate(distance_km=_distance_expression(place))
        ordering.append("distance_km")
    ordering += ["name", "id"]
    # The page carries the count of all matches (COUNT(*) OVER ()), so the filters and the
    # distance run once instead of once for the count and again for the page.
    paged = (
        matching.annotate(total_matches=Window(Count("pk")))
        .order_by(*ordering)
        .prefetch_related("topics")
    )
    offset = (page - 1) * per_page
    groups = list(paged[offset : offset + per_page]) if page <= MAX_PAGE else []
    # Past the last page the count is still needed; an empty first page means none.
    total = groups[0].total_matches if groups else (matching.count() if page > 1 else 0)
    in_text = _words_in_text(criteria, [g.pk for g in groups])
    results = []
    for group in groups:
        distance = getattr(group, "distance_km", None)
        reasons = _reasons(group, criteria, in_text.get(group.pk, set()), distance, units)
        results.append(SearchResult(group, reasons, distance))
    hints = _hints(criteria, user=user) if total == 0 else []
    return SearchPage(results, total, page, per_page, units, hints)


def _place_of(near: Place | tuple[float, float] | None) -> Place | None:
    if near is None or isinstance(near, Place):
        return near
    latitude: object = None
    longitude: object = None
    with contextlib.suppress(TypeError, ValueError):
        latitude, longitude = near
    lat, lon = check_coordinates(latitude, longitude)
    return Place(f"{lat:.2f}, {lon:.2f}", "", lat, lon)


# --- Suggestions ----------------------------------------------------------------------------
@dataclass
class Suggestion:
    group: Group
    reasons: list[Reason]


def group_suggestions(*, user: Any, limit: int = 5) -> list[Suggestion]:
    """Listed groups that share the member's profile topics (in a language they use), or,
    with no topics on the profile, groups in their languages. Never groups they are in."""
    if user is None or not user.is_authenticated:
        return []
    profile = getattr(user, "profile", None)
    if profile is None:
        return []
    topic_ids = set(profile.topics.values_list("id", flat=True))
    languages = [code for code in profile.languages if code in LANGUAGE_CODES]
    if not topic_ids and not languages:
        return []
    qs = (
        policies.visible_groups(user)
        .filter(listing=Group.Listing.LISTED)
        .exclude(id__in=Membership.objects.filter(user=user).values("group_id"))
    )
    in_language = Q()
    for code in languages:
        in_language |= Q(languages__icontains=f'"{code}"')
    if topic_ids:
        qs = qs.filter(_with_topic(topic_ids))
        if languages:
            # A group with no language set is taken to welcome anyone.
            qs = qs.filter(in_language | Q(languages=[]))
        qs = qs.annotate(shared=Count("topics", filter=Q(topics__in=topic_ids), distinct=True))
    else:
        qs = qs.filter(in_language).annotate(shared=Value(0, output_field=IntegerField()))
    speaks = Case(When(in_language, then=Value(1)), default=Value(0), output_field=IntegerField())
    groups = list(
        qs.annotate(speaks=speaks if languages else Value(0, output_field=IntegerField()))
        .order_by("-shared", "-speaks", "name", "id")
        .prefetch_related("topics")[:limit]
    )
    suggestions = []
    for group in groups:
        reasons = [
            Reason("topic", _("You listed %(topic)s") % {"topic": topic.name})
            for topic in group.topics.all()
            if topic.pk in topic_ids
        ]
        reasons += [
            Reason("language", _("In %(language)s") % {"language": language_name(code)})
            for code in languages
            if code in group.languages
        ]
        suggestions.append(Suggestion(group, reasons))
    return suggestions


# --- Keeping the SQLite index whole ------------------------------------------------------------
def repair_search_index(using: str = "default") -> bool:
    """Recreate the SQLite FTS table and triggers if missing; True when anything was rebuilt.

    SQLite alters a table by copying it, which drops its triggers; this runs after every
    migrate (see apps.py) so a later migration of groups_group cannot silently stop search
    from seeing new groups.
    """
    conn = connections[using]
    if conn.vendor != "sqlite":
        return False
    wanted = {
        "group_search_fts",
        "group_search_fts_insert",
        "group_search_fts_delete",
        "group_search_fts_update",
    }
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE name IN (%s, %s, %s, %s)", sorted(wanted)
        )
        present = {row[0] for row in cursor.fetchall()}
        # No FTS table means migration 0002 is not applied (yet, or any more): nothing to mend.
        if present == wanted or "group_search_fts" not in present:
            return False
        for statement in _migration.SQLITE_CREATE:
            cursor.execute(statement)
    return True


def repair_search_index_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    repair_search_index(using)
