"""Small linear text classifiers: word and word-pair features, logistic regression.

Pure Python and no third-party packages. A model is one JSON file (gzipped) under
``peerhaven/coach/data/`` holding a weight per feature and a bias; it is read once, on first
use. ``scripts/train_coach.py`` writes the files; training and scoring share ``features()``,
so a model always sees text the way it was trained.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
FORMAT_VERSION = 1

# Words: letters and digits (any script), with inner apostrophes ("don't"); "_" is not a letter.
_TOKEN_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
# Long texts are scored on their first words only: the cost stays bounded and a message
# of the size people write is always read whole.
MAX_TOKENS = 1500


def tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text.lower().translate(_APOSTROPHES))[:MAX_TOKENS]


def features(text: str) -> set[str]:
    """Word unigrams ("w:word") and adjacent pairs ("b:one two") of the text, as a set."""
    words = tokens(text)
    found = {"w:" + word for word in words}
    found.update(f"b:{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return found


def sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    z = math.exp(value)
    return z / (1.0 + z)


@dataclass(frozen=True)
class LinearModel:
    """p(positive | text) = sigmoid(bias + sum of the weights of the text's features / sqrt(n))

    where n is the number of distinct features of the text (binary features, L2-normalized),
    but at least ``min_features``: a few words alone cannot swing the score far.
    """

    name: str
    weights: Mapping[str, float]
    bias: float
    min_features: int = 1
    meta: Mapping[str, Any] = field(default_factory=dict)

    def margin(self, text: str) -> float:
        found = features(text)
        if not found:
            return self.bias
        get = self.weights.get
        total = 0.0
        for feature in found:
            weight = get(feature)
            if weight is not None:
                total += weight
        return self.bias + total / math.sqrt(max(len(found), self.min_features))

    def probability(self, text: str) -> float:
        return sigmoid(self.margin(text))

    def top_features(self, text: str, n: int = 5) -> list[tuple[str, float]]:
        """The features that pushed this text's score most (explaining a score)."""
        found = [(f, self.weights[f]) for f in features(text) if f in self.weights]
        return sorted(found, key=lambda item: -abs(item[1]))[:n]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "name": self.name,
            "bias": self.bias,
            "min_features": self.min_features,
            "meta": dict(self.meta),
            "weights": dict(sorted(self.weights.items())),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LinearModel:
        if data.get("format") != FORMAT_VERSION:
            raise ValueError(f"unsupported model format {data.get('format')!r}")
        weights = {str(k): float(v) for k, v in data["weights"].items()}
        return cls(
            name=str(data["name"]),
            weights=weights,
            bias=float(data["bias"]),
            min_features=int(data.get("min_features", 1)),
            meta=dict(data.get("meta", {})),
        )


def model_path(name: str) -> Path:
    return DATA_DIR / f"{name}.json.gz"


def save(model: LinearModel, path: Path | None = None) -> Path:
    target = path or model_path(model.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(model.to_json(), separators=(",", ":"), ensure_ascii=False)
    # No name and mtime=0 in the header: the same model always gives the same bytes.
    with (
        open(target, "wb") as raw,
        gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as out,
    ):
        out.write(payload.encode("utf-8"))
    return target


def read(path: Path) -> LinearModel:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return LinearModel.from_json(json.load(handle))


_loaded: dict[str, LinearModel | None] = {}
_lock = threading.Lock()


def get(name: str) -> LinearModel | None:
    """The shipped model called ``name``, read once; None when no such file ships."""
    try:
        return _loaded[name]
    except KeyError:
        pass
    with _lock:
        if name not in _loaded:
            path = model_path(name)
            _loaded[name] = read(path) if path.exists() else None
        return _loaded[name]


def forget() -> None:
    """Drop the loaded models (after the training script has rewritten them)."""
    with _lock:
        _loaded.clear()
