"""What kind of binary file some bytes are, by their leading signature (puremagic's table of magic
numbers), so a refusal can say "a PNG image" rather than "binary".

A signature alone does not make a file binary: prose may start with `ID3`, `RIFF` or `From:` as well.
Only bytes that are not readable text (a NUL or control byte near the start, or no valid UTF-8)
are named; readable text is left to the reader whatever its first word.
"""

import re

import puremagic

_HEAD = 4096
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# MIME types and names of text a person could submit (text with a byte-order mark among them): never
# refused for their signature.
_TEXT_TYPES = re.compile(r"^(text/|message/)|(json|xml|rtf|postscript|x-uuencode)")
_TEXT_NAMES = re.compile(r"UTF|UCS|text|INI file", re.IGNORECASE)
_ZIP = b"PK\x03\x04"
# The common kinds, named the way a person calls them; any other kind takes puremagic's name.
_FRIENDLY = {
    "image/png": "a PNG image",
    "image/jpeg": "a JPEG image",
    "image/gif": "a GIF image",
    "image/webp": "a WebP image",
    "image/tiff": "a TIFF image",
    "image/x-ms-bmp": "a BMP image",
    "application/pdf": "a PDF document",
    "application/zip": "a ZIP archive",
    "application/x-gzip": "a gzip archive",
    "application/gzip": "a gzip archive",
    "application/msword": "a Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "a ZIP archive or Office document",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "a ZIP archive or Office document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "a ZIP archive or Office document",
}


def binary_kind(*, data: bytes) -> str | None:
    """ "a PNG image", "a PDF document" …: the kind of binary file `data` starts as; None for text
    and for bytes no signature names."""
    head = data[:_HEAD]
    if _reads_as_text(head=head):
        return None
    try:
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        return None
    for match in matches:
        if match.offset != 0 or _TEXT_TYPES.search(match.mime_type) or _TEXT_NAMES.search(match.name):
            continue
        if head.startswith(_ZIP):  # Office files are ZIP archives: which one it is, the signature cannot say
            return "a ZIP archive or Office document"
        extension = f" ({match.extension})" if match.extension else ""
        return _FRIENDLY.get(match.mime_type) or f"a file of the kind “{match.name.strip()}”{extension}"
    return None


def _reads_as_text(*, head: bytes) -> bool:
    if _CONTROL.search(head):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # only a character cut at the end of the head
    return True
