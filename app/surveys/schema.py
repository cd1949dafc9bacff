"""Survey templates: the YAML format of `surveys/*.yaml`, checked when a template is loaded.

A template is a title, an introduction and sections of questions. Every text is Polish,
with an optional English version: either a plain string (Polish) or `{pl: …, en: …}`.
An optional `poster_headline` is the large line of the survey's printed poster (what it
asks of passers-by); without it the poster leads with the title.

Question types and their own keys:
- single_choice: options, other (bool: "other, please specify")
- multiple_choice: options, other, max_choices
- likert: labels (exactly 5, from most negative to most positive)
- scale: 0 to 10; min_label, max_label
- number: min, max (whole numbers)
- short_text: max_length (default 200)
- long_text: max_length (default 2000)
- ranking: options (2 to 7); people order them, the first being the most important

Every question has a `key` (stable: results and exports use it), `text`, optional `help`,
`required`, `show_if` ({question: KEY, equals: V} | {question: KEY, one_of: [V, …]} |
{question: KEY, answered: true}, always about an earlier question) and `dimension`
(a single-choice question by which results can be broken down: age group, neighbourhood…).
"""

import enum
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from flask_babel import gettext as _
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

KEY_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"
OTHER = "other"  # the option value of "other, please specify"
MAX_TEMPLATE_BYTES = 256 * 1024


class QuestionType(enum.StrEnum):
    """A question's `type` in a template (kept as text in the templates and the database)."""

    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    LIKERT = "likert"
    SCALE = "scale"
    NUMBER = "number"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    RANKING = "ranking"

    @property
    def label(self) -> str:
        """The kind of question in the reader's language."""
        return {
            QuestionType.SINGLE_CHOICE: _("single choice"),
            QuestionType.MULTIPLE_CHOICE: _("multiple choice"),
            QuestionType.LIKERT: _("agree or disagree (5 points)"),
            QuestionType.SCALE: _("scale from 0 to 10"),
            QuestionType.NUMBER: _("number"),
            QuestionType.SHORT_TEXT: _("short text"),
            QuestionType.LONG_TEXT: _("long text"),
            QuestionType.RANKING: _("ranking"),
        }[self]


QUESTION_TYPES = tuple(QuestionType)
# Each set has one meaning:
# the person chooses among the options (one or several; "other, please specify" is possible);
CHOICE_TYPES = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE})
# the question lists options (the choices, and a ranking's options to order);
OPTION_TYPES = CHOICE_TYPES | {QuestionType.RANKING}
# the answer is one point of a scale given by the template (1 to 5, 0 to 10);
SCALE_TYPES = frozenset({QuestionType.LIKERT, QuestionType.SCALE})
# the answer is a number (kept in Answer.number);
NUMBER_TYPES = SCALE_TYPES | {QuestionType.NUMBER}
# the answer is text the person typed.
TEXT_TYPES = frozenset({QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT})


class TemplateError(ValueError):
    """A template that cannot be used; the message names the file, the question and why."""


def _text(value: Any) -> Any:
    return {"pl": value} if isinstance(value, str) else value


class Text(BaseModel):
    """A text in Polish, optionally in English too (shown in Polish when missing)."""

    model_config = ConfigDict(extra="forbid")
    pl: str = Field(min_length=1, max_length=2000)
    en: str | None = Field(default=None, min_length=1, max_length=2000)

    def get(self, language: str) -> str:
        return (self.en if language == "en" else None) or self.pl


LocalText = Annotated[Text, BeforeValidator(_text)]
Key = Annotated[str, Field(pattern=KEY_PATTERN)]


class Option(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: Key
    label: LocalText


class ShowIf(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: Key
    equals: str | int | None = None
    one_of: list[str | int] | None = Field(default=None, min_length=1)
    answered: Literal[True] | None = None


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: Key
    type: str
    text: LocalText
    help: LocalText | None = None
    required: bool = False
    dimension: bool = False
    show_if: ShowIf | None = None
    options: list[Option] | None = None
    other: bool = False
    max_choices: int | None = Field(default=None, ge=1)
    labels: list[LocalText] | None = None
    min_label: LocalText | None = None
    max_label: LocalText | None = None
    min: int | None = None
    max: int | None = None
    max_length: int | None = Field(default=None, ge=1, le=10_000)

    def option_values(self) -> list[str]:
        values = [option.value for option in self.options or []]
        return [*values, OTHER] if self.other else values


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: Key
    title: LocalText
    description: LocalText | None = None
    questions: list[Question] = Field(min_length=1)


class SurveyTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: Key
    version: int = Field(default=1, ge=1)
    title: LocalText
    introduction: LocalText
    poster_headline: LocalText | None = None
    sections: list[Section] = Field(min_length=1)

    def questions(self) -> list[Question]:
        return [question for section in self.sections for question in section.questions]


def load_template(path: Path | str) -> SurveyTemplate:
    """Read and check a template file; raise TemplateError with a message people can act on."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise TemplateError(f"{path.name}: cannot be read ({error.strerror})") from None
    return parse_template(raw, path.name)


def parse_template(raw: bytes | str, name: str) -> SurveyTemplate:
    """Check a template's text; `name` is what messages call the file."""
    if len(raw.encode() if isinstance(raw, str) else raw) > MAX_TEMPLATE_BYTES:
        raise TemplateError(f"{name}: the file is larger than {MAX_TEMPLATE_BYTES // 1024} KB")
    data = _safe_yaml(raw, name)
    if not isinstance(data, dict):
        raise TemplateError(f"{name}: a template is a mapping with title, introduction, sections")
    try:
        template = SurveyTemplate.model_validate(data)
    except ValidationError as error:
        raise TemplateError(_describe(error, data, name)) from None
    _check_questions(template, name)
    return template


class _TemplateLoader(yaml.SafeLoader):
    """Safe YAML with YAML 1.2 booleans (only true/false: `no` stays the text "no") and no
    repeated keys (the second would silently win)."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(key, deep=True) for key, _value in node.value]
        for key in keys:
            if keys.count(key) > 1:
                line = node.start_mark.line + 1
                raise TemplateError(f"line {line}: the key '{key}' is given twice")
        return super().construct_mapping(node, deep=deep)


_TemplateLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
MAX_NESTING = 20


def _safe_yaml(raw: bytes | str, name: str) -> Any:
    """YAML without anchors and aliases ("billion laughs") or deep nesting, with the line
    of any error."""
    depth = 0
    try:
        for event in yaml.parse(raw, Loader=_TemplateLoader):
            line = event.start_mark.line + 1
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise TemplateError(f"line {line}: YAML anchors and aliases are not allowed")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_NESTING:
                    raise TemplateError(f"line {line}: nested too deeply")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        return yaml.load(raw, Loader=_TemplateLoader)  # noqa: S506 - a SafeLoader subclass
    except TemplateError as error:
        raise TemplateError(f"{name}: {error}") from None
    except yaml.reader.ReaderError:
        raise TemplateError(f"{name}: not UTF-8 text (save the file as UTF-8)") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise TemplateError(f"{name}: {where}{problem}") from None


def _describe(error: ValidationError, data: dict, name: str) -> str:
    """Pydantic's errors, each located by section and question key instead of list indexes."""
    lines = []
    for item in error.errors()[:10]:
        loc, where, node = list(item["loc"]), [], data
        while loc:
            part = loc.pop(0)
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                where.append(str(part))
                where.extend(str(p) for p in loc)
                break
            if isinstance(part, int) and isinstance(node, dict) and "key" in node:
                kind = "question" if "type" in node or "text" in node else "section"
                where[-1:] = [f"{kind} '{node['key']}'"]
            elif not isinstance(part, int):
                where.append(str(part))
        lines.append(f"{name}: {' > '.join(where) or 'template'}: {item['msg']}")
    return "\n".join(lines)


def _check_questions(template: SurveyTemplate, name: str) -> None:
    seen: dict[str, Question] = {}
    section_keys: set[str] = set()
    for section in template.sections:
        if section.key in section_keys:
            raise TemplateError(f"{name}: section '{section.key}': the key is used twice")
        section_keys.add(section.key)
        for question in section.questions:
            problem = _question_problem(question, seen)
            if problem:
                raise TemplateError(f"{name}: question '{question.key}': {problem}")
            seen[question.key] = question


def _question_problem(q: Question, earlier: dict[str, Question]) -> str | None:
    """What is wrong with one question, given the questions before it, or None."""
    if q.key in earlier:
        return "the key is used twice"
    if q.type not in QUESTION_TYPES:
        return f"unknown type '{q.type}' (use one of: {', '.join(QUESTION_TYPES)})"
    if q.type in OPTION_TYPES:
        if not q.options or len(q.options) < 2:
            return "needs at least two options"
        values = [option.value for option in q.options]
        if len(set(values)) != len(values):
            return "two options have the same value"
        if OTHER in values:
            return f"'{OTHER}' is reserved: use `other: true` for 'other, please specify'"
    elif q.options:
        return f"a {q.type} question has no options"
    if q.other and q.type not in CHOICE_TYPES:
        return "only single and multiple choice questions can have 'other'"
    if q.type == QuestionType.RANKING and len(q.options) > 7:
        return "a ranking has at most 7 options: people cannot order more on a phone"
    if q.max_choices is not None:
        if q.type != QuestionType.MULTIPLE_CHOICE:
            return "max_choices is for multiple choice questions"
        if q.max_choices > len(q.option_values()):
            return "max_choices is larger than the number of options"
    if q.type == QuestionType.LIKERT and (not q.labels or len(q.labels) != 5):
        return "a Likert question needs exactly 5 labels"
    if q.type != QuestionType.LIKERT and q.labels:
        return "labels are for Likert questions"
    if (q.min_label or q.max_label) and q.type != QuestionType.SCALE:
        return "min_label and max_label are for 0-10 scale questions"
    if (q.min is not None or q.max is not None) and q.type != QuestionType.NUMBER:
        return "min and max are for number questions"
    if q.type == QuestionType.NUMBER and q.min is not None and q.max is not None and q.min > q.max:
        return "min is larger than max"
    if q.max_length is not None and q.type not in TEXT_TYPES:
        return "max_length is for text questions"
    if q.dimension and q.type != QuestionType.SINGLE_CHOICE:
        return "only a single choice question can be a breakdown dimension"
    if q.dimension and q.show_if:
        return "a breakdown dimension must be asked of everyone (no show_if)"
    if q.show_if:
        return _condition_problem(q.show_if, earlier)
    return None


def _condition_problem(condition: ShowIf, earlier: dict[str, Question]) -> str | None:
    kinds = [k for k in ("equals", "one_of", "answered") if getattr(condition, k) is not None]
    if len(kinds) != 1:
        return "show_if needs exactly one of: equals, one_of, answered"
    target = earlier.get(condition.question)
    if target is None:
        return (
            f"show_if refers to '{condition.question}', which is not an earlier question "
            "(conditions can only look back)"
        )
    wanted = condition.one_of if condition.one_of is not None else [condition.equals]
    if kinds[0] != "answered":
        allowed = _possible_values(target)
        if allowed is None:
            return f"show_if can only test whether '{target.key}' was answered"
        unknown = [str(v) for v in wanted if v not in allowed]
        if unknown:
            return f"show_if: '{target.key}' has no answer {', '.join(unknown)}"
    return None


def _possible_values(question: Question) -> list | None:
    if question.type in CHOICE_TYPES:
        return question.option_values()
    if question.type == QuestionType.LIKERT:
        return list(range(1, 6))
    if question.type == QuestionType.SCALE:
        return list(range(11))
    return None
