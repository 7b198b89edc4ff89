"""Messages a user reads: bounded, escaped, and never a whole value.

CloudFormation keeps at most 1,024 characters of a status message (RecordHandlerProgress'
StatusMessage), and Lambda's Python runtime encodes a response as UTF-8 without escaping, so a
lone surrogate anywhere in it makes the invocation itself fail. So a message names at most a few
problems, quotes at most a short prefix of any value, and escapes control and surrogate
characters; log lines are built the same way.
"""

import difflib
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

MAX_MESSAGE = 1024  # characters of a status message that CloudFormation keeps
MAX_QUOTED = 40  # characters of a value quoted in a message
MAX_PROBLEMS = 5  # problems named in one message, before "and N more"
MAX_SERVICE_TEXT = 300  # characters of Cognito's or botocore's own text kept in a message
ELLIPSIS = "..."
# How near a name must be to another to be suggested for it (difflib's ratio, without case).
SUGGESTION_CUTOFF = 0.6


def escaped(text: str) -> str:
    """The text with control, format and surrogate characters written as escapes."""
    if text.isascii() and text.isprintable():
        return text
    out = []
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            out.append(char.encode("unicode_escape").decode())
        else:
            out.append(char)
    return "".join(out)


def clipped(text: str, limit: int) -> str:
    """At most `limit` characters of the text, escaped, with an ellipsis when cut."""
    cut = text if len(text) <= limit else text[:limit] + ELLIPSIS
    shown = escaped(cut)
    return shown if len(shown) <= limit + len(ELLIPSIS) else shown[:limit] + ELLIPSIS


def quoted(value: Any) -> str:
    """A value as a message quotes it: a short, escaped prefix; never a structure's content."""
    if isinstance(value, str):
        return "'" + clipped(value, MAX_QUOTED) + "'"
    if isinstance(value, bool) or value is None:
        return str(value).lower() if isinstance(value, bool) else "null"
    if isinstance(value, int):
        digits = len(str(abs(value))) if abs(value) < 10**MAX_QUOTED else None
        return str(value) if digits is not None else f"an integer of more than {MAX_QUOTED} digits"
    if isinstance(value, float):
        return clipped(repr(value), MAX_QUOTED)
    return f"a value of type {type(value).__name__}"


def key_text(key: Any) -> str:
    """A property name as a path in a message shows it."""
    return clipped(key, MAX_QUOTED) if isinstance(key, str) else quoted(key)


def problem_list(problems: Sequence[str]) -> str:
    """The first few problems, then how many more there are."""
    shown = "; ".join(problems[:MAX_PROBLEMS])
    more = len(problems) - MAX_PROBLEMS
    return f"{shown}; and {more} more" if more > 0 else shown


def bounded(message: str) -> str:
    """A whole message fit for CloudFormation and Lambda: escaped and at most MAX_MESSAGE long."""
    shown = escaped(message)
    if len(shown) <= MAX_MESSAGE:
        return shown
    return shown[: MAX_MESSAGE - len(ELLIPSIS)] + ELLIPSIS


def nearest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate nearest to a name, compared without case, if it is near enough to be what
    the name meant: a property, an attribute, a provider or a scope."""
    by_lower = {candidate.lower(): candidate for candidate in candidates}
    near = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=SUGGESTION_CUTOFF)
    return by_lower[near[0]] if near else None
