"""The OpenAPI document at /api/v1/openapi.json, and the reference page made from it at
/api/v1/docs: the same document, in the reader's language, as plain HTML."""

from flask import jsonify, render_template
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from app.api import bp
from app.api.openapi import document, documented, schema_rows, type_text
from app.api.paging import DEFAULT_LIMIT, MAX_LIMIT

METHOD_ORDER = {"get": 0, "post": 1}


@bp.get("/openapi.json")
@documented(
    summary=_l("This document"),
    description=_l("The OpenAPI 3.1 document of this API, made from its code."),
    responses={200: _l("The OpenAPI document.")},
    tag="document",
)
def openapi():
    return jsonify(document())


@bp.get("/docs")
@documented(
    summary=_l("The reference page"),
    description=_l("This document as a page to read (HTML), in the reader's language."),
    responses={200: _l("The page (text/html).")},
    tag="document",
    public=False,
)
def reference():
    doc = document(locale=str(get_locale()))
    operations = [
        {"method": method.upper(), "path": path, **op}
        for path, ops in doc["paths"].items()
        for method, op in sorted(ops.items(), key=lambda item: METHOD_ORDER.get(item[0], 9))
    ]
    schemas = {name: schema_rows(doc, name) for name in doc["components"]["schemas"]}
    return render_template(
        "api/reference.html", doc=doc, operations=operations, schemas=schemas,
        default_limit=DEFAULT_LIMIT, max_limit=MAX_LIMIT, type_text=type_text,
    )  # fmt: skip
