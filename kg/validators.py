"""The one rule for what people type into any form or API field: no control characters
(kg.text.control_character_problem). A Django validator, and a form mixin that puts it on every
text field, so each admin form refuses them with a message naming the field."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

from kg.text import control_character_problem

CONTROL_CHARACTER = "control_character"


@deconstructible
class ControlCharacterValidator:
    def __init__(self, field: str) -> None:
        self.field = field

    def __call__(self, value) -> None:
        problem = control_character_problem(field=self.field, value=str(value))
        if problem is not None:
            raise ValidationError(problem, code=CONTROL_CHARACTER)

    def __eq__(self, other) -> bool:
        return isinstance(other, ControlCharacterValidator) and other.field == self.field


class ControlCharactersRefused:
    """Mix into a form: every text field refuses control characters."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # the form's own copies: the class's fields stay as they are
            if isinstance(field, forms.CharField):
                field.validators.append(ControlCharacterValidator(str(field.label or name)))
