"""Similar-idea hints: character n-gram TF-IDF (app/cafes/similarity.py) against rapidfuzz.

Quality: a hand-labelled set of Polish ideas (LABELLED below: groups of ideas a librarian
would call one idea, written with inflection, typos, missing diacritics, other word orders,
short paper-card texts and longer phone texts, plus ideas that are not duplicates of
anything but share words with some). Each idea is asked for in turn against all the others:

- P@1:  the best match (itself left out) is from its group (ideas that have a group);
- R@3:  share of its group found in the top 3 (out of at most 3);
- MRR:  mean reciprocal rank of the first idea of its group;
- hints at each method's own best threshold (the one with the best F1 on this set, so an
  optimistic figure for every method alike): precision and recall of the top-5 hints shown,
  and how many of the lone ideas got any hint at all (false alarms).

The same is measured with 2,000 generated distractor ideas (other topics, the same
audiences, places and phrasing) mixed in: a zone's board at its busiest.

Speed: one query against 2,000 candidates (the distractors), warm (the index of the zone is
built, or the candidates normalised, already) and cold (that done first), on the median of
repeated runs; each as a ratio to the baseline of the same run, a plain `sorted()` of the
2,000 normalised candidate texts (a trivial pure-Python pass over the same data), and in
milliseconds. Goal: a warm query within ~20 ms.

    .venv/bin/python bench/similarity.py
    .venv/bin/python bench/similarity.py --candidates 5000 --show 3   # and a few hint lists

rapidfuzz is not needed by the app; when it is not installed its rows are skipped with a
note (`.venv/bin/pip install rapidfuzz` to include them). Exits 0: benchmarks report.

What it showed (development machine, 2 cores, shared with other work, so times move by
±50% between runs; the ratios to the baseline move less):

    method                      set    P@1  R@3  MRR  | warm, 2,000  cold, 2,000  cold, 300
    TF-IDF char 3 (app)         alone  0.94 0.81 0.96 |    0.6-0.8 ms   200-270 ms   25-50 ms
                                +2000  0.94 0.84 0.97 |
    TF-IDF char 3-5             alone  0.94 0.80 0.96 |    1.1-1.2 ms   450-650 ms   55-65 ms
                                +2000  0.94 0.83 0.97 |
    rapidfuzz token_set_ratio   alone  0.94 0.76 0.96 |    2.9-3.5 ms    25-60 ms     4-6 ms
                                +2000  0.91 0.59 0.93 |
    rapidfuzz token_sort_ratio  +2000  0.78 0.45 0.80 |        1.4 ms    25-45 ms    4-12 ms
    rapidfuzz WRatio            +2000  0.72 0.61 0.79 |      11-16 ms   60-100 ms     9-15 ms

On the labelled set alone both kinds put a duplicate first about equally often; among
2,000 other ideas rapidfuzz's token scorers lose a third of the duplicates from the top 3
(R@3 0.59 against 0.84): a shared frame ("zajęcia ... dla dzieci") weighs as much as the
topic, where IDF makes the zone's common words cheap. Trigrams do as well as 3-to-5-grams
at half the indexing time. So the app uses trigram TF-IDF, in pure Python: no new
dependency, under a millisecond a query once a zone is indexed (the index is cached per
candidate list; building it is the cold cost). At the default threshold 0.3 about two
hints in three are true duplicates and half the duplicates get one; the misses are pairs
no spelling-based method can see ("pomoc w obsłudze telefonu dla starszych osób" and
"kurs smartfonów dla seniorów").
"""

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.cafes import similarity  # noqa: E402

try:
    from rapidfuzz import fuzz, process
except ImportError:  # pragma: no cover - reported in the output
    fuzz = process = None

# (group, text). A group is one idea written by several people; None is a lone idea.
LABELLED: list[tuple[str | None, str]] = [
    ("mamy", "Klub Młodych Mam"),
    ("mamy", "klub mlodych mam"),
    ("mamy", "Spotkania dla mam z dziećmi"),
    ("mamy", "spotkania dla mam"),
    ("mamy", "Klubik dla młodych mam z maluszkami, raz w tygodniu przy kawie"),
    ("mamy", "mlode mamy - spotkania w bibliotece, wymiana doswiadczen"),
    ("mamy", "Spotkania dla rodziców z maluchami"),
    (
        "mamy",
        (
            "Klub mam. Chciałabym żeby w bibliotece raz w tygodniu były spotkania dla mam z "
            "małymi dziećmi, można wypić kawę i pogadać a dzieci się pobawią"
        ),
    ),
    ("robotyka", "Zajęcia z robotyki dla dzieci"),
    ("robotyka", "zajecia z robotyki dla dzieci i mlodziezy"),
    ("robotyka", "Robotyka dla dzieci – budowanie robotów z klocków"),
    ("robotyka", "zajęcia z robtyki"),
    ("robotyka", "programowanie robotów dla dzieciaków, np. z klocków lego"),
    ("smartfon", "Kurs obsługi smartfona dla seniorów"),
    ("smartfon", "Pomoc w obsłudze telefonu dla starszych osób"),
    ("smartfon", "kurs smartfonów dla seniorów"),
    ("smartfon", "nauka korzystania ze smartfona dla osob starszych"),
    ("smartfon", "Seniorzy i smartfony: jak korzystać z aplikacji, zdjęć i WhatsAppa"),
    ("smartfon", "kurs obslugi smarfona dla senioruw"),
    ("planszowki", "Planszówki dla młodzieży"),
    ("planszowki", "Wieczory gier planszowych"),
    ("planszowki", "wieczory gier"),
    ("planszowki", "gry planszowe dla nastolatków w piątki wieczorem"),
    ("planszowki", "planszowki w bibliotece dla mlodziezy"),
    ("kino", "Kino plenerowe latem"),
    ("kino", "kino pod chmurką w parku miejskim"),
    ("kino", "plenerowe kino letnie"),
    ("kino", "Kino plenerowe na rynku w wakacje, filmy dla całych rodzin"),
    ("laweczki", "Nowe ławki w parku"),
    ("laweczki", "ławki w parku przy bibliotece"),
    ("laweczki", "wiecej lawek w parku miejskim"),
    ("laweczki", "postawić ławki i kosze na śmieci w parku"),
    (None, "Kurs języka angielskiego dla dorosłych"),
    (None, "Naprawa chodnika na ulicy Parkowej"),
    (None, "Klub książki dla seniorów"),
    (None, "stojaki na rowery przed biblioteką"),
    (None, "Zajęcia z szachów dla dzieci"),
    (None, "warsztaty kulinarne dla młodzieży"),
    (None, "darmowe wi-fi w parku"),
    (None, "Koncert muzyki klasycznej w bibliotece"),
]

# Distractors: other topics, with the audiences, places and phrasing of real ideas.
ACTIVITIES = [
    "warsztaty ceramiki", "kurs szydełkowania", "nauka hiszpańskiego", "klub fotograficzny",
    "warsztaty druku 3D", "zajęcia jogi", "kurs pierwszej pomocy",
    "kurs rysunku", "spotkania z podróżnikami", "kącik wymiany książek", "warsztaty krawieckie",
    "nauka gry na gitarze", "pomoc w pisaniu CV", "dyskusyjny klub filmowy", "ogród społeczny",
    "sprzątanie lasu", "warsztaty z pszczelarstwa", "zbiórka dla schroniska", "teatrzyk kukiełkowy",
    "zajęcia z kaligrafii", "spotkania z historią miasta", "kurs tańca towarzyskiego",
    "naprawa rowerów", "biegi w parku", "warsztaty dziennikarskie", "kurs montażu filmów",
    "zajęcia plastyczne", "warsztaty z ekologii", "nauka pływania",
    "punkt porad prawnych", "warsztaty decoupage", "spotkania autorskie", "kurs Excela",
    "zajęcia z logopedą", "warsztaty z bezpieczeństwa w sieci", "klub miłośników kryminałów",
    "wystawa lokalnych artystów", "festyn sąsiedzki", "kurs języka migowego", "chór",
]  # fmt: skip
AUDIENCES = [
    "dla seniorów", "dla dzieci", "dla młodzieży", "dla dorosłych", "dla całych rodzin",
    "dla uczniów", "dla mieszkańców osiedla", "dla osób z niepełnosprawnościami", "",
]  # fmt: skip
WHEN = ["w soboty rano", "raz w miesiącu", "w każdy wtorek", "w wakacje", "po południu", ""]
WHERE = ["w czytelni", "w sali na piętrze", "w domu kultury", "w szkole", "w bibliotece", ""]
SENTENCES = [
    "Chętnie pomogę w organizacji.", "Można by zaprosić kogoś z zewnątrz.",
    "Myślę, że przyszłoby dużo osób.", "Brakuje u nas takiego miejsca.",
    "Mogę przynieść swoje materiały.", "U nas nic takiego nie ma.",
    "Sąsiedzi też są chętni.", "Najlepiej bezpłatnie.", "Fajnie by było.",
    "Widziałam to w innym mieście i bardzo się podobało.", "Potrzebny byłby sprzęt.",
]  # fmt: skip


def distractors(count: int, seed: int = 7) -> list[str]:
    """`count` plausible ideas on topics none of LABELLED's groups is about."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        title = " ".join(
            part for part in (rng.choice(ACTIVITIES), rng.choice(AUDIENCES)) if part
        ).capitalize()
        detail = " ".join(part for part in (rng.choice(WHEN), rng.choice(WHERE)) if part)
        sentences = rng.sample(SENTENCES, rng.randint(0, 3))
        parts = [title + ".", detail.capitalize() + "." if detail else "", *sentences]
        texts.append(" ".join(part for part in parts if part))
    return texts


# A method is (name, build, query): build(candidates) -> state; query(state, text, limit)
# -> [(id, score in [0, 1])] best first, no threshold.
Method = tuple[str, Callable, Callable]


def tfidf_method(name: str, sizes: tuple[int, ...]) -> Method:
    def build(candidates):
        return similarity.build_index(candidates, sizes=sizes)

    def query(index, text, limit):
        return index.search(text, limit=limit, threshold=0.0)

    return (name, build, query)


def rapidfuzz_method(name: str, scorer) -> Method:
    # The same normalisation and function words as the app's, so only the scorer differs.
    def prepare(text):
        words = similarity.normalise(text)[: similarity.MAX_CHARS].split()
        return " ".join(w for w in words if w not in similarity.STOP_WORDS)

    def build(candidates):
        return {id_: prepare(text) for id_, text in candidates}

    def query(choices, text, limit):
        found = process.extract(prepare(text), choices, scorer=scorer, limit=limit, processor=None)
        return [(key, score / 100) for _, score, key in found]

    return (f"rapidfuzz {name}", build, query)


APP = "TF-IDF char 3 (app)"


def methods() -> list[Method]:
    found = [
        tfidf_method(APP, similarity.NGRAM_SIZES),
        tfidf_method("TF-IDF char 3-5", (3, 4, 5)),
    ]
    if fuzz is not None:
        found += [
            rapidfuzz_method("token_set_ratio", fuzz.token_set_ratio),
            rapidfuzz_method("token_sort_ratio", fuzz.token_sort_ratio),
            rapidfuzz_method("WRatio", fuzz.WRatio),
        ]
    return found


def rankings(method: Method, noise: list[str], limit: int = 6) -> dict[int, list]:
    """Each labelled idea's top matches among all the others (and `noise`)."""
    _, build, query = method
    candidates = [(i, text) for i, (_, text) in enumerate(LABELLED)]
    candidates += [(len(LABELLED) + j, text) for j, text in enumerate(noise)]
    state = build(candidates)
    return {
        i: [(id_, s) for id_, s in query(state, text, limit + 1) if id_ != i][:limit]
        for i, (_, text) in enumerate(LABELLED)
    }


def group_of(id_: int) -> str | None:
    return LABELLED[id_][0] if id_ < len(LABELLED) else None


def group_size(group: str | None) -> int:
    return sum(1 for g, _ in LABELLED if g == group) if group else 1


def hints(ranked: dict[int, list], threshold: float) -> tuple[float, float, int]:
    """Precision and recall of the top-5 hints scoring >= threshold, and the lone ideas
    that got any."""
    pairs = sum(min(5, group_size(g) - 1) for g, _ in LABELLED if g)
    shown = right = alarms = 0
    for i, found in ranked.items():
        group = LABELLED[i][0]
        kept = [id_ for id_, s in found[:5] if s >= threshold]
        shown += len(kept)
        right += sum(group is not None and group_of(id_) == group for id_ in kept)
        alarms += group is None and bool(kept)
    return (right / shown if shown else 1.0), right / pairs, alarms


def quality(ranked: dict[int, list], threshold: float | None = None) -> dict[str, float]:
    """P@1, R@3, MRR, and the hints at `threshold` (default: the one with the best F1)."""
    p1, r3, rr = [], [], []
    for i, found in ranked.items():
        group = LABELLED[i][0]
        if group is None:
            continue
        same = [group_of(id_) == group for id_, _ in found]
        p1.append(bool(same) and same[0])
        r3.append(sum(same[:3]) / min(3, group_size(group) - 1))
        rr.append(next((1 / (k + 1) for k, s in enumerate(same) if s), 0.0))

    def f1(precision, recall):
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    if threshold is None:
        threshold = max(
            (step / 100 for step in range(5, 96)), key=lambda t: f1(*hints(ranked, t)[:2])
        )
    precision, recall, alarms = hints(ranked, threshold)
    return {
        "P@1": statistics.fmean(p1),
        "R@3": statistics.fmean(r3),
        "MRR": statistics.fmean(rr),
        "threshold": threshold,
        "precision": precision,
        "recall": recall,
        "F1": f1(precision, recall),
        "alarms": alarms,
    }


def median_time(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def timings(method: Method, noise: list[str], queries: list[str], repeat: int) -> list[float]:
    """Seconds: a warm query (median over `queries` and `repeat` rounds), a cold one (build
    included) at 2,000 and at 300 candidates, and a warm 10,000-character one."""
    _, build, query = method
    candidates = list(enumerate(noise))
    state = build(candidates)
    warm = statistics.median(
        median_time(lambda q=q: query(state, q, 5), 1) for _ in range(repeat) for q in queries
    )
    cold = median_time(lambda: query(build(candidates), queries[0], 5), 3)
    small = median_time(lambda: query(build(candidates[:300]), queries[0], 5), repeat)
    hostile_text = " ".join(distractors(150, seed=99))[:10_000]  # a pasted essay
    hostile = median_time(lambda: query(state, hostile_text, 5), 1)
    return [warm, cold, small, hostile]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=2000, help="distractors (2000)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds per timing (3)")
    parser.add_argument("--show", type=int, default=0, help="print the app's hints for N ideas")
    args = parser.parse_args()

    noise = distractors(args.candidates)
    texts = [text for _, text in LABELLED]
    normalised = [similarity.normalise(t) for t in noise]
    baseline = median_time(lambda: sorted(normalised), 25)
    lone = sum(1 for g, _ in LABELLED if g is None)
    print(
        f"Labelled set: {len(LABELLED)} ideas in {len({g for g, _ in LABELLED if g})} groups "
        f"and {lone} lone ones; {len(noise):,} distractors."
    )
    if fuzz is None:
        print("rapidfuzz is not installed: its rows are skipped.")

    print("\nQuality (thr: the method's best-F1 threshold on this set, unless marked)")
    print(
        f"{'method':<28} {'set':<7} {'P@1':>5} {'R@3':>5} {'MRR':>5} "
        f"{'thr':>5} {'prec':>5} {'rec':>5} {'F1':>5} {'alarms':>7}"
    )
    every = methods()
    shown = {}
    for method in every:
        for label, extra in (("alone", []), (f"+{len(noise)}", noise)):
            ranked = rankings(method, extra)
            shown.setdefault(label, ranked) if method[0] == APP else None
            rows = [(label, quality(ranked))]
            if method[0] == APP:
                rows.append((label, quality(ranked, similarity.DEFAULT_THRESHOLD)))
            for i, (set_label, q) in enumerate(rows):
                mark = "*" if i else " "
                print(
                    f"{method[0]:<28} {set_label:<7} {q['P@1']:>5.2f} {q['R@3']:>5.2f} "
                    f"{q['MRR']:>5.2f} {q['threshold']:>4.2f}{mark} {q['precision']:>5.2f} "
                    f"{q['recall']:>5.2f} {q['F1']:>5.2f} {q['alarms']:>4}/{lone}"
                )
    print(f"* the app's default threshold, {similarity.DEFAULT_THRESHOLD}")

    print(
        f"\nSpeed: ratio to the baseline, sorted() of the {len(noise):,} normalised texts "
        f"({baseline * 1e3:.2f} ms this run), and milliseconds"
    )
    columns = ["warm query", f"cold, {len(noise):,}", "cold, 300", "10k-char query"]
    print(f"{'method':<28}" + "".join(f"{c:>20}" for c in columns))
    for method in every:
        cells = timings(method, noise, texts, args.repeat)
        print(
            f"{method[0]:<28}" + "".join(f"{t / baseline:>9.0f}x {t * 1e3:>6.1f} ms" for t in cells)
        )

    for label, ranked in shown.items() if args.show else ():
        print(f"\n{APP}, {label}: best 3 for the first {args.show} ideas of each group")
        seen: dict[str | None, int] = {}
        for i, found in ranked.items():
            group = LABELLED[i][0]
            seen[group] = seen.get(group, 0) + 1
            if seen[group] <= args.show:
                print(f"  {LABELLED[i][1][:60]!r} ({group})")
                for id_, score in found[:3]:
                    text = LABELLED[id_][1] if id_ < len(LABELLED) else noise[id_ - len(LABELLED)]
                    print(f"      {score:.2f} {text[:60]!r} ({group_of(id_)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
