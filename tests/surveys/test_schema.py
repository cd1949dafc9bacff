"""Survey templates (app/surveys/schema.py): the shipped ones load, in Polish and English, and
every bad or hostile template is refused with a TemplateError that names the file, the question
and what is wrong: never another exception, never anything executed or expanded."""

import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from app.surveys.schema import (
    MAX_TEMPLATE_BYTES,
    QUESTION_TYPES,
    SurveyTemplate,
    TemplateError,
    Text,
    load_template,
    parse_template,
)

SURVEYS = Path(__file__).resolve().parents[2] / "surveys"
SHIPPED = {
    "diagnoza-potrzeb.yaml": "diagnoza_potrzeb",
    "uslugi-biblioteki.yaml": "uslugi_biblioteki",
}
NAME = "bad.yaml"
FIVE_LABELS = [
    "Zdecydowanie nie",
    "Raczej nie",
    "Ani tak, ani nie",
    "Raczej tak",
    "Zdecydowanie tak",
]


def q(key: str, type_: str = "short_text", **fields: Any) -> dict:
    """A question as it is written in YAML."""
    return {"key": key, "type": type_, "text": f"Pytanie {key}?", **fields}


def options(*values: str) -> list[dict]:
    return [{"value": value, "label": value.capitalize()} for value in values]


def choice(key: str, type_: str = "single_choice", *values: str, **fields: Any) -> dict:
    return q(key, type_, options=options(*(values or ("tak", "nie"))), **fields)


def template(*questions: dict, sections: list[dict] | None = None, **top: Any) -> str:
    """A whole template's YAML text: one section holding `questions`, unless `sections`."""
    data = {
        "key": "test",
        "title": {"pl": "Ankieta", "en": "Survey"},
        "introduction": "Dzień dobry!",
        "sections": sections or [{"key": "s", "title": "Sekcja", "questions": list(questions)}],
        **top,
    }
    return yaml.safe_dump({k: v for k, v in data.items() if v is not None}, allow_unicode=True)


def refused(raw: bytes | str, *fragments: str, name: str = NAME) -> str:
    """Parse `raw`, expect exactly a TemplateError naming the file and each fragment."""
    with pytest.raises(TemplateError) as info:
        parse_template(raw, name)
    assert type(info.value) is TemplateError
    message = str(info.value)
    assert message.startswith(f"{name}: ")
    for fragment in fragments:
        assert fragment in message
    return message


def texts(node: Any) -> list[Text]:
    """Every Text object in a parsed template."""
    if isinstance(node, Text):
        return [node]
    if isinstance(node, BaseModel):
        return [t for field in type(node).model_fields for t in texts(getattr(node, field))]
    if isinstance(node, list):
        return [t for item in node for t in texts(item)]
    return []


# The shipped templates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", sorted({*SURVEYS.glob("*.yaml"), *map(SURVEYS.joinpath, SHIPPED)}), ids=lambda p: p.name
)
def test_every_template_in_surveys_loads_with_english_everywhere(path):
    template_ = load_template(path)
    assert isinstance(template_, SurveyTemplate)
    found = texts(template_)
    assert len(found) > 3 * len(template_.questions())  # options, labels and help are walked too
    missing = [text.pl for text in found if not text.en]
    assert not missing, f"{path.name}: no English for {missing}"


@pytest.mark.parametrize(("file", "key"), SHIPPED.items())
def test_shipped_templates(file, key):
    template_ = load_template(SURVEYS / file)
    assert template_.key == key
    questions = template_.questions()
    assert "grupa_wieku" in {question.key for question in questions if question.dimension}
    assert all(question.required for question in questions if question.key == "grupa_wieku")
    assert template_.introduction.get("en") != template_.introduction.get("pl")


def test_needs_diagnosis_covers_the_whole_format():
    template_ = load_template(SURVEYS / "diagnoza-potrzeb.yaml")
    questions = {question.key: question for question in template_.questions()}
    assert 5 <= len(template_.sections) <= 6
    assert 18 <= len(questions) <= 24
    assert {question.type for question in questions.values()} == set(QUESTION_TYPES)
    assert {key for key, question in questions.items() if question.dimension} == {
        "grupa_wieku",
        "plec",
        "czesc_miejscowosci",
        "wizyty_w_bibliotece",
        "rodzic_malego_dziecka",
    }
    conditions = [question.show_if for question in questions.values() if question.show_if]
    assert any(condition.equals is not None for condition in conditions)
    assert any(condition.one_of is not None for condition in conditions)
    assert any(condition.answered for condition in conditions)
    missing = questions["czego_brakuje"]
    assert missing.max_choices == 3
    assert missing.other
    assert "miejsce_rodzice_dzieci" in missing.option_values()
    children = questions["liczba_malych_dzieci"]
    assert (children.min, children.max) == (0, 15)
    assert children.show_if.question == "rodzic_malego_dziecka"


# What is accepted ----------------------------------------------------------------------------

EVERY_TYPE = {
    "single_choice": choice("a", "single_choice", "tak", "nie", other=True, dimension=True),
    "multiple_choice": choice("a", "multiple_choice", "x", "y", "z", other=True, max_choices=4),
    "likert": q("a", "likert", labels=FIVE_LABELS, required=True),
    "scale": q("a", "scale", min_label="Wcale", max_label={"pl": "Bardzo", "en": "Very"}),
    "number": q("a", "number", min=0, max=15),
    "short_text": q("a", "short_text", max_length=80, help={"pl": "Krótko", "en": "Briefly"}),
    "long_text": q("a", "long_text", max_length=10_000),
    "ranking": choice("a", "ranking", "p1", "p2", "p3", "p4", "p5", "p6", "p7"),
}


def test_every_type_is_tested():
    assert set(EVERY_TYPE) == set(QUESTION_TYPES)


@pytest.mark.parametrize("type_", QUESTION_TYPES)
def test_every_question_type_is_accepted(type_):
    (question,) = parse_template(template(EVERY_TYPE[type_]), NAME).questions()
    assert question.type == type_
    assert set(EVERY_TYPE[type_]) <= set(question.model_dump(exclude_defaults=True))
    assert question.text.get("pl") == question.text.get("en") == "Pytanie a?"


@pytest.mark.parametrize(
    ("target", "condition"),
    [
        (choice("a"), {"equals": "nie"}),
        (choice("a", "multiple_choice", "x", "y", other=True), {"one_of": ["y", "other"]}),
        (q("a", "likert", labels=FIVE_LABELS), {"one_of": [1, 2]}),
        (q("a", "scale"), {"equals": 0}),
        (q("a", "number"), {"answered": True}),
        (q("a", "long_text"), {"answered": True}),
    ],
)
def test_show_if_is_accepted(target, condition):
    raw = template(target, q("b", show_if={"question": "a", **condition}))
    assert parse_template(raw, NAME).questions()[1].show_if.question == "a"


def test_show_if_looks_back_across_sections():
    sections = [
        {"key": "s1", "title": "Jeden", "questions": [choice("a")]},
        {
            "key": "s2",
            "title": "Dwa",
            "questions": [q("b", show_if={"question": "a", "equals": "tak"})],
        },
    ]
    assert len(parse_template(template(sections=sections), NAME).sections) == 2


def test_text_in_polish_only_is_shown_in_polish():
    parsed = parse_template(template(q("a")), NAME)
    assert parsed.introduction == Text(pl="Dzień dobry!")
    assert parsed.introduction.get("en") == "Dzień dobry!"
    assert parsed.title.get("en") == "Survey"


def test_load_template_reads_a_file(tmp_path):
    path = tmp_path / "moja.yaml"
    path.write_text(template(q("a")), encoding="utf-8")
    assert load_template(path).key == load_template(str(path)).key == "test"


# What is refused: questions and sections -------------------------------------------------------

LIKERT = {"type": "likert", "labels": FIVE_LABELS}
QUESTION_PROBLEMS = {
    "unknown-type": (
        [q("a", "dropdown")],
        "question 'a': unknown type 'dropdown' (use one of: single_choice, multiple_choice,",
    ),
    "dup-key": ([q("a"), q("a", "long_text")], "question 'a': the key is used twice"),
    "show-if-forward": (
        [q("a", show_if={"question": "b", "answered": True}), q("b")],
        (
            "question 'a': show_if refers to 'b', which is not an earlier question "
            "(conditions can only look back)"
        ),
    ),
    "show-if-itself": (
        [q("a", show_if={"question": "a", "answered": True})],
        "question 'a': show_if refers to 'a', which is not an earlier question",
    ),
    "show-if-nothing": (
        [q("a"), q("b", show_if={"question": "nikt", "answered": True})],
        "question 'b': show_if refers to 'nikt', which is not an earlier question",
    ),
    "show-if-no-such-option": (
        [choice("a"), q("b", show_if={"question": "a", "equals": "moze"})],
        "question 'b': show_if: 'a' has no answer moze",
    ),
    "show-if-other-not-offered": (
        [choice("a"), q("b", show_if={"question": "a", "one_of": ["tak", "other"]})],
        "question 'b': show_if: 'a' has no answer other",
    ),
    "show-if-scale-11": (
        [q("a", "scale"), q("b", show_if={"question": "a", "one_of": [9, 10, 11]})],
        "question 'b': show_if: 'a' has no answer 11",
    ),
    "show-if-likert-0": (
        [q("a", **LIKERT), q("b", show_if={"question": "a", "equals": 0})],
        "question 'b': show_if: 'a' has no answer 0",
    ),
    "show-if-likert-label": (
        [q("a", **LIKERT), q("b", show_if={"question": "a", "equals": "Raczej tak"})],
        "question 'b': show_if: 'a' has no answer Raczej tak",
    ),
    "show-if-number-value": (
        [q("a", "number"), q("b", show_if={"question": "a", "equals": 3})],
        "question 'b': show_if can only test whether 'a' was answered",
    ),
    "show-if-two-conditions": (
        [choice("a"), q("b", show_if={"question": "a", "equals": "tak", "answered": True})],
        "question 'b': show_if needs exactly one of: equals, one_of, answered",
    ),
    "show-if-no-condition": (
        [choice("a"), q("b", show_if={"question": "a"})],
        "question 'b': show_if needs exactly one of: equals, one_of, answered",
    ),
    "no-options": ([q("a", "single_choice")], "question 'a': needs at least two options"),
    "one-option": (
        [choice("a", "multiple_choice", "jedna")],
        "question 'a': needs at least two options",
    ),
    "ranking-one-option": (
        [choice("a", "ranking", "jedna")],
        "question 'a': needs at least two options",
    ),
    "dup-option": (
        [choice("a", "single_choice", "x", "x")],
        "question 'a': two options have the same value",
    ),
    "options-on-text": (
        [q("a", "short_text", options=options("x", "y"))],
        "question 'a': a short_text question has no options",
    ),
    "other-as-value": (
        [choice("a", "single_choice", "tak", "other")],
        "question 'a': 'other' is reserved: use `other: true` for 'other, please specify'",
    ),
    "other-on-ranking": (
        [choice("a", "ranking", "x", "y", other=True)],
        "question 'a': only single and multiple choice questions can have 'other'",
    ),
    "ranking-8-options": (
        [choice("a", "ranking", *(f"p{i}" for i in range(8)))],
        "question 'a': a ranking has at most 7 options",
    ),
    "likert-no-labels": ([q("a", "likert")], "question 'a': a Likert question needs exactly 5"),
    "likert-4-labels": (
        [q("a", "likert", labels=FIVE_LABELS[:4])],
        "question 'a': a Likert question needs exactly 5 labels",
    ),
    "likert-6-labels": (
        [q("a", "likert", labels=[*FIVE_LABELS, "Nie wiem"])],
        "question 'a': a Likert question needs exactly 5 labels",
    ),
    "labels-on-scale": (
        [q("a", "scale", labels=FIVE_LABELS)],
        "question 'a': labels are for Likert questions",
    ),
    "max-choices-too-big": (
        [choice("a", "multiple_choice", "x", "y", max_choices=3)],
        "question 'a': max_choices is larger than the number of options",
    ),
    "max-choices-on-single": (
        [choice("a", "single_choice", "x", "y", max_choices=1)],
        "question 'a': max_choices is for multiple choice questions",
    ),
    "min-label-on-number": (
        [q("a", "number", min_label="Mało")],
        "question 'a': min_label and max_label are for 0-10 scale questions",
    ),
    "max-on-scale": ([q("a", "scale", max=5)], "question 'a': min and max are for number"),
    "min-over-max": ([q("a", "number", min=10, max=1)], "question 'a': min is larger than max"),
    "max-length-on-choice": (
        [choice("a", max_length=50)],
        "question 'a': max_length is for text questions",
    ),
    "dimension-multiple": (
        [choice("a", "multiple_choice", "x", "y", dimension=True)],
        "question 'a': only a single choice question can be a breakdown dimension",
    ),
    "dimension-scale": (
        [q("a", "scale", dimension=True)],
        "question 'a': only a single choice question can be a breakdown dimension",
    ),
    "dimension-show-if": (
        [choice("a"), choice("b", dimension=True, show_if={"question": "a", "equals": "tak"})],
        "question 'b': a breakdown dimension must be asked of everyone (no show_if)",
    ),
}


@pytest.mark.parametrize(
    ("questions", "expected"), QUESTION_PROBLEMS.values(), ids=QUESTION_PROBLEMS.keys()
)
def test_question_problems_are_refused(questions, expected):
    assert refused(template(*questions)).startswith(f"{NAME}: {expected}")


def test_a_key_used_in_two_sections_is_refused():
    sections = [
        {"key": "s1", "title": "Jeden", "questions": [q("wiek")]},
        {"key": "s2", "title": "Dwa", "questions": [q("wiek", "long_text")]},
    ]
    refused(template(sections=sections), "question 'wiek': the key is used twice")


def test_a_duplicate_section_key_is_refused():
    sections = [
        {"key": "o_tobie", "title": "Jeden", "questions": [q("a")]},
        {"key": "o_tobie", "title": "Dwa", "questions": [q("b")]},
    ]
    assert refused(template(sections=sections)) == (
        f"{NAME}: section 'o_tobie': the key is used twice"
    )


# What is refused: the shape, found by pydantic and located by _describe ------------------------

SHAPE_PROBLEMS = [
    pytest.param(
        template(q("Wiek grupa")),
        ["question 'Wiek grupa' > key", "String should match pattern"],
        id="key-with-space",
    ),
    pytest.param(
        template(q("1wiek")),
        ["question '1wiek' > key", "String should match pattern"],
        id="key-starting-with-digit",
    ),
    pytest.param(
        template(q("a", requird=True)),
        ["section 's' > question 'a' > requird: Extra inputs are not permitted"],
        id="typo-requird",
    ),
    pytest.param(
        template(q("a", text={"pl": "Pytanie", "eng": "Question"})),
        ["question 'a' > text > eng: Extra inputs are not permitted"],
        id="typo-in-text",
    ),
    pytest.param(
        template(q("a", text="")),
        ["question 'a' > text > pl: String should have at least 1"],
        id="empty-text",
    ),
    pytest.param(
        template(q("a", "long_text", max_length=20_000)),
        ["question 'a' > max_length: Input should be less than or equal to 10000"],
        id="max-length-huge",
    ),
    pytest.param(
        template(choice("a", "multiple_choice", "x", "y", max_choices=0)),
        ["question 'a' > max_choices: Input should be greater than or equal to 1"],
        id="max-choices-zero",
    ),
    pytest.param(
        template(q("a"), q("b", show_if={"question": "a", "answered": False})),
        ["question 'b' > show_if > answered: Input should be True"],
        id="answered-false",
    ),
    pytest.param(
        template(choice("a"), q("b", show_if={"question": "a", "one_of": []})),
        ["question 'b' > show_if > one_of: List should have at least 1 item"],
        id="one-of-empty",
    ),
    pytest.param(
        template(q("a", "single_choice", options=[{"value": "Tak!", "label": "Tak"}, "nie"])),
        ["question 'a' > options > value: String should match pattern"],
        id="bad-options",
    ),
    pytest.param(
        template(q("a"), title=None),
        [f"{NAME}: title: Field required"],
        id="missing-title",
    ),
    pytest.param(
        template(q("a"), introduction=None, key=None),
        [f"{NAME}: key: Field required", f"{NAME}: introduction: Field required"],
        id="missing-key-and-introduction",
    ),
    pytest.param(
        template(q("a"), autor="Biblioteka"),
        [f"{NAME}: autor: Extra inputs are not permitted"],
        id="unknown-top-level-field",
    ),
    pytest.param(
        template(sections=[{"key": "s", "title": "Pusta", "questions": []}]),
        ["section 's' > questions: List should have at least 1 item"],
        id="empty-section",
    ),
    pytest.param(
        template(sections=[{"key": "s", "title": "Bez pytań"}]),
        ["section 's' > questions: Field required"],
        id="section-without-questions",
    ),
    pytest.param(
        template(q("a"), version=0),
        ["version: Input should be greater than or equal to 1"],
        id="version-zero",
    ),
]


@pytest.mark.parametrize(("raw", "fragments"), SHAPE_PROBLEMS)
def test_shape_problems_are_refused_and_located(raw, fragments):
    refused(raw, *fragments)


@pytest.mark.parametrize(
    "raw",
    [
        "title: [1, 2]\n",
        "key: 5\ntitle: T\nintroduction: I\nsections: abc\n",
        "key: t\ntitle: T\nintroduction: I\nsections: [abc, 5, [1]]\n",
        "key: t\ntitle: T\nintroduction: I\nsections: {key: s}\n",
        "key: t\ntitle: T\nintroduction: I\nsections: [{key: [1], title: S, questions: [5, x]}]\n",
        "key: t\ntitle: {pl: [1]}\nintroduction: 2024-05-01\nsections: [{key: s, title: S}]\n",
        (
            "key: t\ntitle: T\nintroduction: I\nsections:\n- {key: s, title: S, questions:"
            " [{key: a, type: single_choice, text: A, options: [{value: no, label: 5}]}]}\n"
        ),
        (
            "key: t\ntitle: T\nintroduction: I\nsections:\n- {key: s, title: S, questions:"
            " [{key: a, type: scale, text: A}, {key: b, type: scale, text: B,"
            " show_if: {question: a, equals: [1]}}]}\n"
        ),
    ],
    ids=lambda raw: raw.replace("\n", " ")[:40],
)
def test_wrong_types_anywhere_are_refused(raw):
    refused(raw)


# What is refused: files that are not templates, or are hostile --------------------------------


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        pytest.param(
            "key: t\ntitle: T\n\tintroduction: I\n", "line 3: found character '\\t'", id="tab"
        ),
        pytest.param(
            "key: t\ntitle: T\n  introduction: I\n", "line 3: mapping values", id="indent"
        ),
        pytest.param(
            "key: t\nsections:\n  - key: s\n    title: S\n   questions: []\n",
            "line 5: ",
            id="dedent",
        ),
        pytest.param("key: t\ntitle: {pl: T\nintroduction: I\n", "line 3: ", id="unclosed-brace"),
        pytest.param('key: t\ntitle: "Ankieta\n', "line 3: ", id="unclosed-quote"),
    ],
)
def test_not_yaml_is_refused_with_its_line(raw, fragment):
    refused(raw, fragment)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("- key: t\n- title: T\n", id="list"),
        pytest.param("Ankieta dla mieszkańców", id="scalar"),
        pytest.param("42", id="number"),
        pytest.param("", id="empty"),
        pytest.param(b"", id="empty-bytes"),
        pytest.param("# tylko komentarz\n\n", id="comment-only"),
        pytest.param("---\n...\n", id="empty-document"),
    ],
)
def test_anything_but_a_mapping_is_refused(raw):
    refused(raw, "a template is a mapping with title, introduction, sections")


BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(c)}: &{chr(c)} [{', '.join([f'*{chr(c - 1)}'] * 9)}]\n"
    for c in range(ord("b"), ord("j"))
)


def test_billion_laughs_is_refused_quickly_without_expanding():
    start = time.perf_counter()
    refused(BILLION_LAUGHS, "line 1: YAML anchors and aliases are not allowed")
    assert time.perf_counter() - start < 1


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(template(q("a")).replace("title:", "title: &t", 1), id="anchor-alone"),
        pytest.param("x: *nothing\n", id="alias-alone"),
        pytest.param("base: &b {type: short_text}\nq:\n  <<: *b\n", id="merge-key"),
    ],
)
def test_any_anchor_or_alias_is_refused(raw):
    refused(raw, "YAML anchors and aliases are not allowed")


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/apply:subprocess.check_output",
        "!!python/object/new:pathlib.Path.touch",
    ],
)
def test_python_tags_are_refused_and_nothing_runs(tmp_path, tag):
    marker = tmp_path / "hacked"
    raw = template(q("a")) + f'pwned: {tag} [["touch {marker}"]]\n'
    refused(raw, "could not determine a constructor for the tag", tag.removeprefix("!!"))
    raw = f'key: t\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n'
    refused(raw, "line 2: could not determine a constructor")
    assert not marker.exists()


def test_a_python_name_tag_is_refused():
    refused("key: !!python/name:os.system\n", "line 1: could not determine a constructor")


def test_a_file_over_256_kb_is_refused_before_parsing():
    assert MAX_TEMPLATE_BYTES == 256 * 1024
    refused(b"#" * (MAX_TEMPLATE_BYTES + 1), "the file is larger than 256 KB")
    # One byte fewer is read (and then refused as not a template, not for its size).
    refused(b"#" * MAX_TEMPLATE_BYTES, "a template is a mapping")


def test_a_big_file_on_disk_is_refused(tmp_path):
    path = tmp_path / "ogromny.yaml"
    path.write_bytes(template(q("a")).encode() + b"#" * MAX_TEMPLATE_BYTES)
    with pytest.raises(TemplateError, match=r"^ogromny\.yaml: the file is larger than 256 KB$"):
        load_template(path)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(bytes(range(256)), id="all-bytes"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", id="png"),
        pytest.param(b"\x00\x01\x02\x03", id="nul"),
        pytest.param("key: t\ntitle: Zajęcia\n".encode("iso-8859-2"), id="latin-2"),
        pytest.param(b"key: t\ntitle: \xc5", id="cut-utf8"),
    ],
)
def test_binary_or_invalid_utf8_is_refused(raw):
    refused(raw)


def outcome(raw: bytes) -> str:
    try:
        parse_template(raw, NAME)
    except TemplateError as error:
        return str(error)
    return f"{NAME}: ok"


def test_a_cut_template_is_always_refused_cleanly():
    """Every prefix of a shipped template (also mid-character) is a template or a TemplateError."""
    raw = (SURVEYS / "diagnoza-potrzeb.yaml").read_bytes()
    outcomes = [outcome(raw[:end]) for end in range(0, len(raw), 331)]
    assert all(message.startswith(f"{NAME}: ") for message in outcomes)


def test_deeply_nested_yaml_is_refused():
    assert "nested too deeply" in refused("[" * 1000 + "]" * 1000)


def test_yes_and_no_are_text_not_booleans():
    raw = (
        "key: t\ntitle: T\nintroduction: I\nsections:\n- key: s\n  title: S\n  questions:\n"
        "  - {key: a, type: single_choice, text: A, options: [{value: yes, label: Tak},"
        " {value: no, label: Nie}]}\n"
        "  - {key: b, type: short_text, text: B, show_if: {question: a, equals: no}}\n"
    )
    template = parse_template(raw, NAME)
    assert template.questions()[0].option_values() == ["yes", "no"]
    assert template.questions()[1].show_if.equals == "no"


def test_a_key_given_twice_is_refused():
    raw = "key: t\ntitle: T\ntitle: U\nintroduction: I\nsections: []\n"
    assert "the key 'title' is given twice" in refused(raw)


def test_size_limit_counts_bytes_of_text():
    assert "larger than 256 KB" in refused("# " + "ą" * 200_000)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(TemplateError) as info:
        load_template(tmp_path / "brak.yaml")
    assert type(info.value) is TemplateError
    assert str(info.value).startswith("brak.yaml: cannot be read (")


def test_a_folder_is_not_a_template(tmp_path):
    folder = tmp_path / "ankiety"
    folder.mkdir()
    with pytest.raises(TemplateError, match=r"^ankiety: cannot be read \("):
        load_template(folder)


def test_errors_in_a_file_name_the_file(tmp_path):
    path = tmp_path / "moja-ankieta.yaml"
    path.write_text(template(q("a", "dropdown")), encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        load_template(path)
    assert type(info.value) is TemplateError
    assert str(info.value).startswith("moja-ankieta.yaml: question 'a': unknown type 'dropdown'")
    assert info.value.__cause__ is None
