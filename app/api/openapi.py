"""The API's OpenAPI 3.1 document, made from the code: each view of the `api` blueprint is
`@documented` with its summary, parameters and the pydantic model of each reply
(app/api/schemas.py); `document()` walks the blueprint's routes and assembles them with
apispec. A route without `@documented` is missing from the document, and
tests/api/test_openapi.py fails.

apispec, not spectree or flask-openapi3: both of those validate requests themselves and
answer with their own 422 body, where this API has one error dialect
(app.errors.handlers.api_error), a safe body reader (app/api/bodies.py) and rules no
schema states (a random Idempotency-Key, answers checked against each survey's
questions); flask-openapi3 also replaces Flask's app and Blueprint classes. apispec only
assembles the document, and pydantic's JSON Schema (2020-12) is OpenAPI 3.1's own.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from apispec import APISpec
from flask import current_app
from flask_babel import force_locale
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from app.api.schemas import Error

OPENAPI_VERSION = "3.1.0"
API_VERSION = "1.0.0"
REF = "#/components/schemas/{model}"
CONVERTER = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")


@dataclass(frozen=True)
class Param:
    """A query, path or header parameter: its JSON Schema and what it is for."""

    name: str
    where: str  # "query", "path" or "header"
    schema: dict
    description: Any = ""
    required: bool = False
    example: Any = None


@dataclass
class Operation:
    summary: Any
    description: Any
    responses: dict[int, tuple[Any, type[BaseModel] | None]]
    params: Sequence[Param] = ()
    body: type[BaseModel] | None = None
    links: dict[int, dict[str, dict]] = field(default_factory=dict)
    headers: dict[int, dict[str, dict]] = field(default_factory=dict)
    tag: str = "zones"
    public: bool = True  # ETag and CORS (the reply to an anonymous GET)


def documented(*, summary, responses: dict, description=None, params: Sequence[Param] = (),
               body: type[BaseModel] | None = None, links: dict | None = None,
               headers: dict | None = None, tag: str = "zones",
               public: bool = True) -> Callable:  # fmt: skip
    """Describe a view for the document. `responses` maps each status to (description,
    model or None); error statuses get the error shape by themselves."""

    def decorator(view: Callable) -> Callable:
        view.openapi = Operation(
            summary=summary,
            description=description,
            responses={
                status: (reply if isinstance(reply, tuple) else (reply, None))
                for status, reply in responses.items()
            },
            params=params,
            body=body,
            links=links or {},
            headers=headers or {},
            tag=tag,
            public=public,
        )
        return view

    return decorator


def operations(app) -> list[tuple[str, str, str, Operation | None]]:
    """(method, OpenAPI path, endpoint, operation or None) of every route of the `api`
    blueprint, by path."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("api."):
            continue
        view = app.view_functions[rule.endpoint]
        path = CONVERTER.sub(r"{\1}", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((method, path, rule.endpoint, getattr(view, "openapi", None)))
    return sorted(found, key=lambda item: (item[1], item[0]))


def document(app=None, locale: str = "en") -> dict:
    """The OpenAPI document, its texts in `locale` (the served one is English). Made once
    per app and language."""
    app = app or current_app
    cache = app.extensions.setdefault("strefy_openapi", {})
    if locale not in cache:
        with force_locale(locale):
            cache[locale] = _build(app)
    return cache[locale]


def _build(app) -> dict:
    from flask_babel import gettext as _

    found = [item for item in operations(app) if item[3] is not None]
    models = {Error}
    for _method, _path, _endpoint, op in found:
        models |= {model for _text, model in op.responses.values() if model}
        if op.body:
            models.add(op.body)
    _mapping, schemas = models_json_schema(
        [(model, "validation") for model in sorted(models, key=lambda m: m.__name__)],
        ref_template=REF,
    )
    spec = APISpec(
        title=_("Strefy: open data of the Innovation Zones"),
        version=API_VERSION,
        openapi_version=OPENAPI_VERSION,
        info={
            "description": _(
                "Read-only JSON for everything public in the network of Innovation Zones, "
                "and the submission of survey responses. Lists are paged; public replies "
                "carry an ETag and may be read from any origin."
            ),
            "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
        },
        tags=[
            {"name": "zones", "description": _("The network's zones and what each publishes.")},
            {"name": "surveys", "description": _("Surveys, their results and responses.")},
            {
                "name": "catalogue",
                "description": _(
                    "What the zones did and their residents proposed, for other libraries to take "
                    "up: search it, read an entry, see where it travelled."
                ),
            },
            {"name": "document", "description": _("This document.")},
        ],
    )
    for name, schema in sorted(schemas.get("$defs", {}).items()):
        spec.components.schema(name, schema)
    paths: dict[str, dict] = {}
    for method, path, endpoint, op in found:
        paths.setdefault(path, {})[method.lower()] = _operation(endpoint, op)
    for path, ops in paths.items():
        spec.path(path=path, operations=ops)
    return spec.to_dict()


def _ref(model: type[BaseModel]) -> dict:
    return {"$ref": REF.format(model=model.__name__)}


def _operation(endpoint: str, op: Operation) -> dict:
    from app.api.params import BAD_TEXT, ETAG, IF_NONE_MATCH, NOT_MODIFIED

    answers = {400: (BAD_TEXT, None)} | op.responses
    params = list(op.params)
    headers = dict(op.headers)
    if op.public:  # a GET: conditional, with an ETag
        answers[304] = (NOT_MODIFIED, None)
        params.append(IF_NONE_MATCH)
        headers[200] = ETAG | headers.get(200, {})
    responses = {}
    for status, (text, model) in sorted(answers.items()):
        model = model or (Error if status >= 400 else None)
        reply: dict[str, Any] = {"description": str(text)}
        if model is not None:
            reply["content"] = {"application/json": {"schema": _ref(model)}}
        if status in headers:
            reply["headers"] = {
                name: {"description": str(h["description"]), "schema": h["schema"]}
                for name, h in headers[status].items()
            }
        if status in op.links:
            reply["links"] = op.links[status]
        responses[str(status)] = reply
    operation = {
        "operationId": endpoint.removeprefix("api."),
        "summary": str(op.summary),
        "tags": [op.tag],
        "parameters": [_param(param) for param in params],
        "responses": responses,
    }
    if op.description:
        operation["description"] = str(op.description)
    if op.body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _ref(op.body)}},
        }
    return operation


def _param(param: Param) -> dict:
    data = {
        "name": param.name,
        "in": param.where,
        "required": param.required or param.where == "path",
        "schema": param.schema,
    }
    if param.description:
        data["description"] = str(param.description)
    if param.example is not None:
        data["example"] = param.example
    return data


# The reference page: the document's schemas as tables of fields


def schema_rows(doc: dict, name: str) -> list[dict]:
    """The fields of the component `name`, one level: name, type, required, description."""
    schema = doc["components"]["schemas"][name]
    required = set(schema.get("required", ()))
    return [
        {
            "name": key,
            "type": type_text(prop),
            "refs": sorted(refs(prop)),
            "required": key in required,
            "description": prop.get("description", ""),
        }
        for key, prop in schema.get("properties", {}).items()
    ]


def refs(schema: Any) -> set[str]:
    """The names of the components a schema refers to."""
    found: set[str] = set()
    if isinstance(schema, dict):
        if "$ref" in schema:
            found.add(schema["$ref"].rsplit("/", 1)[-1])
        for value in schema.values():
            found |= refs(value)
    elif isinstance(schema, list):
        for value in schema:
            found |= refs(value)
    return found


def type_text(schema: dict) -> str:
    """A schema in a few words: "string | null", "array of Zone", "integer 1–100"."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " | ".join(type_text(s) for s in schema[key])
    if "enum" in schema:
        return " | ".join(f'"{v}"' for v in schema["enum"])
    if "const" in schema:
        return f'"{schema["const"]}"' if isinstance(schema["const"], str) else str(schema["const"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"array of {type_text(schema.get('items', {}))}"
    if kind == "object" and "additionalProperties" in schema:
        extra = schema["additionalProperties"]
        return f"object of {type_text(extra) if isinstance(extra, dict) else 'any'}"
    text = str(kind)
    if "minimum" in schema or "maximum" in schema:
        text += f" {schema.get('minimum', '')}–{schema.get('maximum', '')}"
    if "maxLength" in schema:
        text += f" (≤ {schema['maxLength']})"
    if "pattern" in schema:
        text += f" /{schema['pattern']}/"
    return text
