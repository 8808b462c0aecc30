"""/api/docs/: the API reference as a plain server-rendered page, built from the OpenAPI schema.

Swagger UI and Redoc need inline scripts and styles (or a CDN), which our CSP
forbids; a page rendered from the same schema needs neither and stays in step
with it.
"""
from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator

ERROR_SCHEMAS = {
    "Error": {
        "type": "object",
        "description": "What went wrong, in one sentence.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "FilterErrors": {
        "type": "object",
        "description": "Each refused query parameter with its messages, e.g. {\"q\": [\"A search can ...\"]}.",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
}


def _error(description, component="Error"):
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}}}


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: the 400, 404 and 429 answers the API really gives, with their shapes.

    Every list answers 404 to a page past the end (or not a number), every detail to an unknown slug, and
    every endpoint 429 when a client is throttled; the claim list answers 400 to a filter it cannot read.
    """
    result.setdefault("components", {}).setdefault("schemas", {}).update(ERROR_SCHEMAS)
    for path, methods in result.get("paths", {}).items():
        for operation in methods.values():
            responses = operation.setdefault("responses", {})
            if "{" in path:
                responses.setdefault("404", _error("No object with that slug."))
            else:
                responses.setdefault("404", _error("No such page of results (`page` past the end or not a number)."))
            if any(p["name"] != "page" for p in operation.get("parameters", []) if p.get("in") == "query"):
                responses.setdefault("400", _error("A filter value that cannot be read, with a message for each.",
                                                   "FilterErrors"))
            responses.setdefault("429", _error("Too many requests from this address; `Retry-After` says when to "
                                               "try again."))
            operation["responses"] = dict(sorted(responses.items()))
    return result


def type_of(schema, components):
    """A short human name for a JSON schema: 'string (date)', 'array of Claim', 'Actor or null'."""
    if not schema:
        return "any"
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "allOf" in schema:
        return " and ".join(type_of(s, components) for s in schema["allOf"])
    if "oneOf" in schema or "anyOf" in schema:
        return " or ".join(type_of(s, components) for s in schema.get("oneOf") or schema["anyOf"])
    kind = schema.get("type", "object")
    if kind == "array":
        text = f"array of {type_of(schema.get('items', {}), components)}"
    else:
        text = kind + (f" ({schema['format']})" if "format" in schema else "")
    if schema.get("nullable"):
        text += " or null"
    return text


class ApiDocsView(TemplateView):
    template_name = "api/docs.html"

    def get_context_data(self, **kwargs):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        components = schema.get("components", {}).get("schemas", {})
        operations = []
        for path, methods in schema["paths"].items():
            for method, operation in methods.items():
                responses = []
                for status, response in operation.get("responses", {}).items():
                    body = response.get("content", {}).get("application/json", {}).get("schema")
                    responses.append(
                        {"status": status, "description": response.get("description", ""),
                         "type": type_of(body, components) if body else ""}
                    )
                operations.append({
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"], "in": p["in"], "required": p.get("required", False),
                            "type": type_of(p.get("schema", {}), components),
                            "enum": p.get("schema", {}).get("enum") or p.get("schema", {}).get("items", {}).get("enum"),
                            "description": p.get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "responses": responses,
                })
        models = [
            {
                "name": name,
                "description": component.get("description", ""),
                "fields": [
                    {
                        "name": field, "type": type_of(spec, components),
                        "enum": spec.get("enum"), "description": spec.get("description", ""),
                    }
                    for field, spec in component.get("properties", {}).items()
                ],
                "enum": component.get("enum"),
            }
            for name, component in sorted(components.items())
        ]
        return super().get_context_data(info=schema["info"], operations=operations, models=models, **kwargs)
