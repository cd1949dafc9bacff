"""Similar-idea hints: the existing ideas of a zone that read most like a new one.

Ideas are short Polish texts typed on phones (often without diacritics, with typos) or
copied from paper cards by a librarian, and Polish inflects: "klub młodych mam", "klubu
młodych mam" and "klub mlodych mam" are one idea. Texts are compared as bags of character
trigrams taken within words padded with a space at each end (" kl", "klu", "lub", "ub "),
weighted by TF-IDF over the candidates (a zone's ideas) and compared by cosine. Shared stems
score even when the endings differ, word order does not matter, a typo spoils only the
trigrams around it, and words most ideas use ("zajęcia", "bibliotece") weigh little because
they are common in the zone; a short list of function words ("dla", "w", "z"...) is left out
altogether, for the small zones whose few ideas cannot teach IDF that much.

bench/similarity.py measures this against 3-to-5-gram TF-IDF and rapidfuzz's token scorers
on a hand-labelled Polish set: trigrams ranked the duplicates as well as longer n-grams, in
half the indexing time, and better than rapidfuzz, most of all among many other ideas.

Normalisation (`normalise`): NFKC, lower case, diacritics folded ("ł" to "l", "ż" to "z"),
anything but letters and digits dropped. Folding merges the odd pair of different words
("laska" for "łaska" and "laska"); for hints that costs little, while not folding would part
every idea typed without diacritics from its twin.

Building the index of a zone costs much more than a query (≈200 ms against ≈1 ms for 2,000
ideas on the development machine, ≈25 ms for 300), so `similar` keeps the indexes of the
last few candidate lists it was given: a zone whose ideas did not change is indexed once per
process (about 1 MB per thousand short ideas). To serve a whole queue from one index, pass
the same candidates each time and leave the idea itself out with `exclude`.

No Flask, no database: the caller passes (id, text) pairs, e.g. each idea's title and
description joined.
"""

import heapq
import math
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

NGRAM_SIZES = (3,)
DEFAULT_THRESHOLD = 0.3  # ideas sharing only a word or two score below (bench/similarity.py)
DEFAULT_LIMIT = 5
MAX_CHARS = 2_000  # of normalised text compared: a long description's tail adds noise and time
CACHED_INDEXES = 8

# Function words, as `normalise` leaves them: they tell nothing about what an idea is.
_FUNCTION_WORDS = (
    "a aby ale albo bo by byc bylo co czy do dla i ich itd itp jak jego jej jest juz lub mi "
    "na nam nas nie np o od oraz po pod przy sa sie tak tez to u w we z za ze zeby"
)
STOP_WORDS = frozenset(_FUNCTION_WORDS.split())

# Polish letters directly (the common case, and fast); "ł" and a few others also because
# NFKD does not decompose them into a base letter and a combining mark.
_FOLD = str.maketrans(
    {"ą": "a", "ć": "c", "ę": "e", "ł": "l", "ń": "n", "ó": "o", "ś": "s", "ź": "z", "ż": "z"}
    | {"đ": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe"}
)
_NOT_ALNUM = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """`text` in lower case, diacritics folded, letters and digits only, single spaces."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_FOLD)
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    return _NOT_ALNUM.sub(" ", text).strip()


def ngrams(normalised: str, sizes: Sequence[int] = NGRAM_SIZES) -> Counter[str]:
    """How often each character n-gram occurs in the space-padded words of `normalised`,
    function words left out."""
    words = [f" {w} " for w in normalised[:MAX_CHARS].split() if w not in STOP_WORDS]
    return Counter([w[i : i + n] for w in words for n in sizes for i in range(len(w) - n + 1)])


@dataclass(frozen=True)
class Index:
    """The TF-IDF n-gram vectors of some candidates, as postings for fast cosine queries."""

    ids: tuple[Hashable, ...]
    sizes: tuple[int, ...]
    idf: dict[str, float]
    postings: dict[str, tuple[array, array]]  # n-gram -> (candidate positions, weights)

    def idf_of(self, gram: str) -> float:
        # An n-gram no candidate has is as rare as can be (smooth IDF with df = 0).
        return self.idf.get(gram) or math.log(1 + len(self.ids)) + 1

    def search(
        self,
        text: str,
        *,
        limit: int = DEFAULT_LIMIT,
        threshold: float = DEFAULT_THRESHOLD,
        exclude: Collection[Hashable] = (),
    ) -> list[tuple[Hashable, float]]:
        """The `limit` candidates most similar to `text`, scoring at least `threshold` and
        not in `exclude`, best first, as (id, cosine in [0, 1])."""
        vector = _unit_vector(ngrams(normalise(text), self.sizes), self.idf_of)
        if not vector or limit <= 0:
            return []
        scores = [0.0] * len(self.ids)
        for gram, weight in vector.items():
            found = self.postings.get(gram)
            if found:
                for position, w in zip(*found, strict=True):
                    scores[position] += weight * w
        excluded = {p for p, id_ in enumerate(self.ids) if id_ in exclude} if exclude else ()
        best = heapq.nlargest(
            limit,
            (p for p, score in enumerate(scores) if score > 0 and p not in excluded),
            key=scores.__getitem__,
        )
        # Rounding makes a text's score against itself exactly 1.0, and a's score for b
        # equal to b's for a whatever the order in which the products were summed.
        return [
            (self.ids[p], score)
            for p in best
            if (score := min(1.0, round(scores[p], 9))) >= threshold
        ]


def _unit_vector(counts: Counter[str], idf) -> dict[str, float]:
    """Sublinear TF times IDF, scaled to length 1 (empty when there is nothing to weigh)."""
    weights = {g: (1 + math.log(tf) if tf > 1 else 1) * idf(g) for g, tf in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {g: w / norm for g, w in weights.items()} if norm else {}


def build_index(
    candidates: Iterable[tuple[Hashable, str]], *, sizes: Sequence[int] = NGRAM_SIZES
) -> Index:
    """Index `candidates`, (id, text) pairs, for `Index.search`."""
    ids, grams = [], []
    for id_, text in candidates:
        ids.append(id_)
        grams.append(ngrams(normalise(text), sizes))
    documents = len(ids)
    df = Counter(g for counts in grams for g in counts)
    idf = {g: math.log((1 + documents) / (1 + n)) + 1 for g, n in df.items()}
    postings = {g: (array("i"), array("d")) for g in df}
    for position, counts in enumerate(grams):
        for g, w in _unit_vector(counts, idf.__getitem__).items():
            positions, weights = postings[g]
            positions.append(position)
            weights.append(w)
    return Index(tuple(ids), tuple(sizes), idf, postings)


@lru_cache(maxsize=CACHED_INDEXES)
def _cached_index(candidates: tuple[tuple[Hashable, str], ...]) -> Index:
    return build_index(candidates)


def similar(
    query: str,
    candidates: Sequence[tuple[Hashable, str]],
    *,
    limit: int = DEFAULT_LIMIT,
    threshold: float = DEFAULT_THRESHOLD,
    exclude: Collection[Hashable] = (),
) -> list[tuple[Hashable, float]]:
    """The candidates most similar to `query`, best first, as (id, score in [0, 1]).

    `candidates` are (id, text) pairs, typically all of a zone's ideas; at most `limit` are
    returned, only those scoring at least `threshold` and whose id is not in `exclude` (the
    idea being looked at, when it is one of the candidates). An empty or symbol-only text
    matches nothing. IDF comes from the candidates, so for two of them, a's score for b
    equals b's for a, and a text scores 1.0 against itself.
    """
    if not candidates or not normalise(query):
        return []
    key = tuple((id_, text) for id_, text in candidates)
    try:
        index = _cached_index(key)
    except TypeError:  # an unhashable id: index without the cache
        index = build_index(key)
    return index.search(query, limit=limit, threshold=threshold, exclude=exclude)
