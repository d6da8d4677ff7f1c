"""URL converters for the vocabulary, shared by the API and the pages."""

from django.urls import register_converter

from kg.vocabulary import Label


class LabelSlugConverter:
    regex = "|".join(label.plural_slug for label in Label)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LabelSlugConverter, "label")
