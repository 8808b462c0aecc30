import json

from django.core.management.base import CommandError


def read_json(path):
    """Parse a JSON file, or fail with a message naming the file and the problem."""
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as error:
        raise CommandError(f"{path}: cannot read: {error.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CommandError(f"{path}: not valid JSON: {error}") from None


def write_output(command, out, text):
    """Write `text` to the file `out`, or to the command's standard output when `out` is '-'."""
    if out == "-":
        command.stdout.write(text, ending="")
        return
    try:
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        raise CommandError(f"{out}: cannot write: {error.strerror}") from None
