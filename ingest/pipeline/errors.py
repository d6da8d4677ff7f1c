"""Errors raised by the extraction pipeline, each with a machine-readable code."""


class IngestError(Exception):
    """Root of every pipeline error; `code` is stable, `message` is for people."""

    code = "ingest_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class UnreadableInput(IngestError):
    """The input is binary, undecodable or empty."""

    code = "unreadable_input"


class KeyTaken(IngestError):
    """Another text already has the document key, and replacing it was not asked for."""

    code = "key_taken"


class InputTooLarge(IngestError):
    """The input exceeds the configured size limit."""

    code = "input_too_large"
