import json

from django.core.management.base import CommandError

# Deeper than any document these commands read; a hostile file can nest far deeper.
MAX_JSON_DEPTH = 64


class _Refused(ValueError):
    """A JSON document that parses but that a strict reader refuses."""


def _no_duplicate_keys(pairs):
    seen = set()
    for key, _ in pairs:
        if key in seen:
            slug = dict(pairs).get("slug")
            where = f" (the object with slug {slug!r})" if isinstance(slug, str) else ""
            raise _Refused(f"duplicate key {key!r} in one object{where}: which value is meant is unclear")
        seen.add(key)
    return dict(pairs)


def _no_constant(name):
    raise _Refused(f"{name} is not a number JSON allows")


def _depth(value):
    """How deeply lists and objects nest in `value` (a scalar is 0), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def read_json(path, strict=False):
    """Parse a JSON file, or fail with a message naming the file and the problem.

    `strict` also refuses duplicate keys in an object (JSON would keep the last one
    silently), NaN and ±Infinity, and nesting deeper than MAX_JSON_DEPTH.
    """
    hooks = {"object_pairs_hook": _no_duplicate_keys, "parse_constant": _no_constant} if strict else {}
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle, **hooks)
    except OSError as error:
        raise CommandError(f"{path}: cannot read: {error.strerror}") from None
    except RecursionError:
        raise CommandError(f"{path}: not valid JSON: nested too deeply") from None
    except (UnicodeDecodeError, ValueError) as error:  # JSONDecodeError, _Refused, a number of 5,000 digits
        raise CommandError(f"{path}: not valid JSON: {error}") from None
    if strict and _depth(data) > MAX_JSON_DEPTH:
        raise CommandError(f"{path}: not valid JSON: nested deeper than {MAX_JSON_DEPTH} levels")
    return data


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
