"""The rule for every text field of a request body (kg.validators: no control characters), on the
input serializers through one mixin, and stated in the OpenAPI schema as a `pattern`."""

from rest_framework import serializers

from kg.validators import ControlCharacterValidator

# The rule as the schema states it (ECMA and Python regex alike): no control character anywhere.
NO_CONTROL_CHARACTERS = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]*$"


class ControlCharactersRefused:
    """Mix into an input serializer: each text field (and each text item of a list) refuses control
    characters with a message naming it: 'title contains a control character (U+0000) at position 4'."""

    def get_fields(self):
        fields = super().get_fields()
        for name, field in fields.items():
            text = field.child if isinstance(field, serializers.ListField) else field
            if isinstance(text, serializers.CharField):
                text.validators.append(ControlCharacterValidator(name))
        return fields


def document_control_characters(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook: every text field of a request body says what the input
    serializers refuse (a `pattern`), so clients and Schemathesis know a control character is a 400."""
    components = result.get("components", {}).get("schemas", {})
    seen: set[int] = set()

    def mark(schema: dict) -> None:
        if "$ref" in schema:
            schema = components.get(schema["$ref"].rsplit("/", 1)[-1], {})
        if id(schema) in seen:
            return
        seen.add(id(schema))
        if schema.get("type") == "string" and "format" not in schema and "enum" not in schema:
            schema.setdefault("pattern", NO_CONTROL_CHARACTERS)
        for child in schema.get("properties", {}).values():
            mark(child)
        if isinstance(schema.get("items"), dict):
            mark(schema["items"])
        for key in ("allOf", "oneOf", "anyOf"):
            for child in schema.get(key, []):
                mark(child)

    for path_item in result.get("paths", {}).values():
        for operation in (op for op in path_item.values() if isinstance(op, dict)):
            for media in operation.get("requestBody", {}).get("content", {}).values():
                mark(media.get("schema", {}))
    return result
