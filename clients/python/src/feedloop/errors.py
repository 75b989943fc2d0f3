"""The errors the client raises."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Mapping, Optional


class FeedloopError(Exception):
    """A call Feedloop refused or could not answer.

    ``status`` is the HTTP status (``None`` when the server could not be reached), ``detail`` the
    problem's ``detail`` (English, stable enough for programs to match), ``code`` its ``code``
    property when it has one, and ``errors`` its field errors as given: objects with ``field`` and
    ``message`` (an import's also carry ``line``, ``code`` and ``args``). ``problem`` is the whole
    RFC 9457 problem document (empty when the answer was not one).
    """

    def __init__(
        self,
        status: Optional[int],
        detail: str,
        *,
        title: Optional[str] = None,
        code: Optional[str] = None,
        errors: Optional[List[Dict[str, Any]]] = None,
        problem: Optional[Mapping[str, Any]] = None,
        retry_after: Optional[float] = None,
    ) -> None:
        self.status = status
        self.detail = detail
        self.title = title
        self.code = code
        self.errors: List[Dict[str, Any]] = list(errors or [])
        self.problem: Dict[str, Any] = dict(problem or {})
        self.retry_after = retry_after
        super().__init__(self._message())

    @property
    def fields(self) -> Dict[str, str]:
        """The field errors as ``{field: message}`` (the first message of each field)."""
        found: Dict[str, str] = {}
        for error in self.errors:
            field = error.get("field")
            if field is not None and field not in found:
                found[str(field)] = str(error.get("message", ""))
        return found

    def _message(self) -> str:
        head = f"{self.status} {self.detail}" if self.status is not None else self.detail
        if self.errors:
            listed = "; ".join(_describe(e) for e in self.errors[:5])
            more = f" (+{len(self.errors) - 5} more)" if len(self.errors) > 5 else ""
            head += f" [{listed}{more}]"
        return head

    @classmethod
    def from_response(cls, status: int, body: bytes, headers: Mapping[str, str]) -> "FeedloopError":
        """The error of an answer that is not a success, from its problem JSON when it has one."""
        retry_after = _seconds(headers.get("Retry-After"))
        try:
            problem = json.loads(body.decode("utf-8")) if body else {}
        except (UnicodeDecodeError, ValueError):
            problem = {}
        if not isinstance(problem, dict):
            problem = {}
        detail = problem.get("detail") or problem.get("title") or _excerpt(body) or f"HTTP {status}"
        errors = problem.get("errors")
        return cls(
            status,
            str(detail),
            title=problem.get("title"),
            code=problem.get("code"),
            errors=[e for e in errors if isinstance(e, dict)] if isinstance(errors, list) else None,
            problem=problem,
            retry_after=retry_after,
        )


class IntegrityError(FeedloopError):
    """A downloaded file whose size or SHA-256 is not the one its snapshot's manifest names."""


class JobFailed(FeedloopError):
    """A job (a snapshot or an import) that ended failed or cancelled; ``job`` is its last state."""

    def __init__(self, detail: str, job: Mapping[str, Any]) -> None:
        super().__init__(None, detail, problem=job)
        self.job: Dict[str, Any] = dict(job)


def _describe(error: Mapping[str, Any]) -> str:
    where = []
    if error.get("line") is not None:
        where.append(f"line {error['line']}")
    if error.get("field") is not None:
        where.append(str(error["field"]))
    prefix = " ".join(where)
    return f"{prefix}: {error.get('message', '')}" if prefix else str(error.get("message", ""))


def _excerpt(body: bytes) -> str:
    text = body[:300].decode("utf-8", "replace").strip()
    return text if text and not text.startswith("<") else ""


def _seconds(value: Optional[str]) -> Optional[float]:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None
