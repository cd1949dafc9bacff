"""Every reply of the API checked against the OpenAPI document: its status is one the
operation lists, and its JSON body is valid against that status's schema (JSON Schema
2020-12, the document's components resolving every $ref)."""

import json

from jsonschema import Draft202012Validator
from werkzeug.exceptions import MethodNotAllowed, NotFound

from app.api.openapi import document


class ReplyChecker:
    """Checks replies against `app`'s document; `checked` counts them."""

    def __init__(self, app):
        self.app = app
        self.doc = document(app)
        self.checked = 0
        self._validators: dict[str, Draft202012Validator] = {}

    def validator(self, ref: str) -> Draft202012Validator:
        if ref not in self._validators:
            schema = {"$ref": ref, "components": self.doc["components"]}
            self._validators[ref] = Draft202012Validator(
                schema, format_checker=Draft202012Validator.FORMAT_CHECKER
            )
        return self._validators[ref]

    def operation(self, method: str, path: str) -> dict | None:
        """The document's operation for this request, or None (no such route or method)."""
        adapter = self.app.url_map.bind("localhost")
        try:
            endpoint, _args = adapter.match(path, method=method)
        except (NotFound, MethodNotAllowed):
            return None
        if not endpoint.startswith("api."):
            return None
        for ops in self.doc["paths"].values():
            for op in ops.values():
                if op["operationId"] == endpoint.removeprefix("api."):
                    return op
        raise AssertionError(f"{endpoint} is not in the OpenAPI document")

    def check(self, method: str, path: str, response) -> None:
        """Fail when the reply to `method path` breaks the document."""
        if not path.startswith("/api/") or method == "OPTIONS":  # Flask's own, and CORS's
            return
        method = "GET" if method == "HEAD" else method
        op = self.operation(method, path)
        status = str(response.status_code)
        where = f"{method} {path} -> {status}"
        if op is None:  # an unknown route or method: the error shape all the same
            ref = "#/components/schemas/Error"
        else:
            assert status in op["responses"], f"{where}: status not in the document"
            content = op["responses"][status].get("content")
            if content is None:
                assert status != "304" or not response.get_data(), f"{where}: a 304 with a body"
                self.checked += 1
                return
            assert response.mimetype in content, f"{where}: {response.mimetype}"
            ref = content[response.mimetype]["schema"]["$ref"]
        if response.request.method == "HEAD":
            self.checked += 1
            return
        assert response.mimetype == "application/json", f"{where}: {response.mimetype}"
        body = json.loads(response.get_data())
        errors = sorted(self.validator(ref).iter_errors(body), key=lambda e: list(e.path))
        assert not errors, f"{where} breaks {ref}: " + "; ".join(
            f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in errors[:5]
        )
        self.checked += 1
