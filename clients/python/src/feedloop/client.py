"""The Feedloop REST client: standard library only (``urllib``, ``json``, ``gzip``, ``hashlib``)."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tarfile
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from datetime import datetime
from http.client import HTTPResponse
from pathlib import Path
from typing import (
    IO,
    Any,
    Callable,
    Dict,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
)

from .errors import FeedloopError, IntegrityError, JobFailed

__all__ = ["Client", "Progress"]

#: Called with what a long call has done so far: ``{"phase": "upload", "bytes", "total"}`` while
#: a file is sent, then ``{"phase": "job", "job": {...}}`` each time a job is looked at.
Progress = Callable[[Dict[str, Any]], None]

PathLike = Union[str, "os.PathLike[str]"]

_VERSION = "0.1.0"
_BLOCK = 64 * 1024
_ENDED = {"DONE", "FAILED", "CANCELLED", "CANCELED", "ERROR", "FINISHED", "SUCCEEDED"}
_SUCCEEDED = {"DONE", "FINISHED", "SUCCEEDED"}
#: The most lines the server takes in one feedback batch (``feedloop.feedback.max-batch-lines``).
_BATCH_LINES = 1000


class Client:
    """A Feedloop server, called with a personal API token (``flp_…``).

    >>> client = Client("https://feedloop.example.org", os.environ["FEEDLOOP_TOKEN"])
    >>> [p["slug"] for p in client.projects()]

    Every refused call raises :class:`FeedloopError` with the problem's status, detail and field
    errors. ``timeout`` is the socket timeout of each request, in seconds.
    """

    def __init__(self, base_url: str, token: Optional[str], *, timeout: float = 60.0) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"base_url must start with http:// or https://, not {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    # ---- account and projects

    def me(self) -> Dict[str, Any]:
        """The caller: ``{"id", "username", "displayName", "admin"}``."""
        return self._json("GET", "/api/v1/users/me")

    def projects(self) -> List[Dict[str, Any]]:
        """The projects the caller can see."""
        return self._json("GET", "/api/v1/projects")

    def project(self, slug: str) -> Dict[str, Any]:
        """A project's settings and current guidelines."""
        return self._json("GET", f"/api/v1/projects/{_segment(slug)}")

    # ---- import

    def import_items(
        self,
        slug: str,
        source: Union[PathLike, Iterable[Mapping[str, Any]]],
        *,
        format: Optional[str] = None,
        priors: Optional[str] = None,
        progress: Optional[Progress] = None,
        poll_interval: float = 0.5,
        wait_timeout: Optional[float] = None,
    ) -> Dict[str, Any]:
        """Imports items into a project and answers the import's result (its counts).

        ``source`` is a file (JSON Lines, a JSON array or CSV, gzip-compressed or not) or an
        iterable of records (dicts), sent as gzip-compressed JSON Lines. ``format`` and ``priors``
        are the server's (``alpaca``, ``trl``, …; ``ignore``, ``import``, ``gold``). A server that
        takes the import as a job (``202 Accepted`` with ``Location``) is followed until the job
        ends; ``progress`` hears about the upload and each look at the job.
        """
        # the server waits up to a minute for the import job and answers its result (or its refusal)
        # itself; a longer job is followed at its Location
        params = {"format": format, "priors": priors, "wait": 60}
        with _upload_body(source) as (body, size, content_type):
            status, headers, answer = self._send(
                "POST",
                f"/api/v1/projects/{_segment(slug)}/items",
                params=params,
                body=_reporting(body, size, progress),
                headers={"Content-Type": content_type, "Content-Length": str(size)},
            )
        result = _decode(answer)
        if status == 202:
            location = headers.get("Location")
            if not location:
                return result
            return self._follow(location, result, progress, poll_interval, wait_timeout)
        return result

    def imports(self, slug: str, *, limit: int = 50) -> List[Dict[str, Any]]:
        """The project's import history, newest first."""
        return self._json("GET", f"/api/v1/projects/{_segment(slug)}/imports", params={"limit": limit})

    # ---- feedback intake

    def send_feedback(
        self,
        slug: str,
        *,
        messages: Sequence[Mapping[str, Any]],
        trace_id: str,
        rating: Union[str, int, float],
        model: Optional[str] = None,
        comment: Optional[str] = None,
        tags: Optional[Sequence[str]] = None,
        metadata: Optional[Mapping[str, Any]] = None,
        task: Optional[str] = None,
        intake_token: Optional[str] = None,
        retries: int = 3,
    ) -> Dict[str, Any]:
        """Sends one piece of feedback on a model's reply (``POST …/feedback``).

        ``messages`` is the conversation in OpenAI's chat format ending with the reply, ``rating``
        ``"up"``, ``"down"`` or a score from 1 to 5, ``trace_id`` the idempotency key (sending it
        again answers the stored feedback). ``intake_token`` (``flf_…``) is a project intake token,
        used instead of the client's token; ``task="always"`` makes good feedback a task too. A
        ``429`` is waited out (its ``Retry-After``) and sent again, ``retries`` times at most.
        """
        body: Dict[str, Any] = {"traceId": trace_id, "messages": list(messages), "rating": rating}
        for key, value in (("model", model), ("comment", comment), ("tags", tags), ("metadata", metadata)):
            if value is not None:
                body[key] = list(value) if key == "tags" else value
        return self._retrying(
            retries,
            lambda: self._json(
                "POST",
                f"/api/v1/projects/{_segment(slug)}/feedback",
                params={"task": task},
                json_body=body,
                token=intake_token,
            ),
        )

    def send_feedback_batch(
        self,
        slug: str,
        records: Iterable[Mapping[str, Any]],
        *,
        task: Optional[str] = None,
        intake_token: Optional[str] = None,
        batch_lines: int = _BATCH_LINES,
        retries: int = 3,
    ) -> Dict[str, Any]:
        """Sends many pieces of feedback as JSON Lines (``POST …/feedback/batch``).

        Each record has the keys of :meth:`send_feedback`'s body (``traceId``, ``messages``,
        ``rating``, …). They go in batches of ``batch_lines``; the answer adds the batches'
        ``accepted``, ``duplicates`` and ``errors`` up, and ``results`` has one result per record
        with its ``line`` counted over all records (1-based).
        """
        total: Dict[str, Any] = {"accepted": 0, "duplicates": 0, "errors": 0, "results": []}
        offset = 0
        for chunk in _chunks(records, batch_lines):
            payload = b"".join(_json_line(r) for r in chunk)
            answer = self._retrying(
                retries,
                lambda payload=payload: _decode(
                    self._send(
                        "POST",
                        f"/api/v1/projects/{_segment(slug)}/feedback/batch",
                        params={"task": task},
                        body=payload,
                        headers={"Content-Type": "application/x-ndjson"},
                        token=intake_token,
                    )[2]
                ),
            )
            for key in ("accepted", "duplicates", "errors"):
                total[key] += int(answer.get(key, 0))
            for result in answer.get("results", []):
                if isinstance(result, dict) and isinstance(result.get("line"), int):
                    result = {**result, "line": result["line"] + offset}
                total["results"].append(result)
            offset += len(chunk)
        return total

    def create_intake_token(self, slug: str, name: str) -> Dict[str, Any]:
        """Makes a project intake token (administrators): ``{"view": {...}, "token": "flf_…"}``."""
        return self._json("POST", f"/api/v1/projects/{_segment(slug)}/feedback-tokens", json_body={"name": name})

    # ---- live exports

    def export(self, slug: str, kind: str = "preferences", **params: Any) -> Iterator[Dict[str, Any]]:
        """The lines of a live export, one dict each, as the server streams them (gzip).

        ``kind`` is ``preferences``, ``sft`` or ``regression`` (the prompts of fixed failures);
        ``params`` are the export's (``format="trl"``,
        ``aggregation="majority"``, ``split="train"``, ``test_ratio=0.1``, ``annotators="trusted"``,
        …; snake_case names are sent in camelCase). A refused export raises here, before the
        first line.
        """
        response = self._open("GET", self._export_path(slug, kind), params=_params(params), gzip_ok=True)
        return _records(response)

    def export_to_file(self, slug: str, path: PathLike, kind: str = "preferences", **params: Any) -> Path:
        """Saves a live export as a JSON Lines file (gzip-compressed when ``path`` ends in ``.gz``)."""
        target = Path(path)
        response = self._open("GET", self._export_path(slug, kind), params=_params(params), gzip_ok=True)
        compressed = response.headers.get("Content-Encoding", "").lower() == "gzip"
        keep_gzip = target.suffix == ".gz"
        with response, _atomic(target) as out:
            if compressed == keep_gzip:
                shutil.copyfileobj(response, out, _BLOCK)
            elif compressed:
                shutil.copyfileobj(gzip.GzipFile(fileobj=response), out, _BLOCK)
            else:
                with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as packed:
                    shutil.copyfileobj(response, packed, _BLOCK)
        return target

    @staticmethod
    def _export_path(slug: str, kind: str) -> str:
        if kind not in ("preferences", "sft", "regression"):
            raise ValueError(f"kind is 'preferences', 'sft' or 'regression', not {kind!r}")
        return f"/api/v1/projects/{_segment(slug)}/exports/{kind}"

    def rounds_summary(self, slug: str) -> List[Dict[str, Any]]:
        """The project's rounds newest first, each with its failures, fixes and how its model version
        did on the previous round's fixed failures (``regression``)."""
        return self._json("GET", f"/api/v1/projects/{_segment(slug)}/rounds/summary")

    # ---- snapshots and their jobs

    def create_snapshot(
        self,
        slug: str,
        kind: str = "preferences",
        *,
        wait: bool = True,
        progress: Optional[Progress] = None,
        poll_interval: float = 0.5,
        wait_timeout: Optional[float] = None,
        **params: Any,
    ) -> Dict[str, Any]:
        """Asks for a snapshot of an export (``params`` as for :meth:`export`).

        With ``wait`` (the default) it follows the snapshot job, telling ``progress`` each state,
        and answers the snapshot's manifest once written; a job that fails or is cancelled raises
        :class:`JobFailed`. Without, it answers the job at once.
        """
        status, headers, answer = self._send(
            "POST", f"/api/v1/projects/{_segment(slug)}/snapshots", params={"kind": kind, **_params(params)}
        )
        body = _decode(answer)
        if status == 201 or not wait:
            return body
        return self.wait_for_snapshot_job(
            body["id"], progress=progress, poll_interval=poll_interval, wait_timeout=wait_timeout, job=body
        )

    def snapshot_job(self, job_id: int) -> Dict[str, Any]:
        """A snapshot job: ``state``, ``phase``, ``filesDone``/``filesTotal``, ``lines``, ``snapshotId``…"""
        return self._json("GET", f"/api/v1/snapshot-jobs/{int(job_id)}")

    def snapshot_jobs(self, slug: str, state: Optional[str] = None) -> List[Dict[str, Any]]:
        """A project's snapshot jobs, optionally in one ``state`` (``queued``, ``running``, …)."""
        return self._json("GET", f"/api/v1/projects/{_segment(slug)}/snapshot-jobs", params={"state": state})

    def cancel_snapshot_job(self, job_id: int) -> Dict[str, Any]:
        """Cancels a queued or running snapshot job (``409`` once it has ended)."""
        return self._json("POST", f"/api/v1/snapshot-jobs/{int(job_id)}/cancel")

    def wait_for_snapshot_job(
        self,
        job_id: int,
        *,
        progress: Optional[Progress] = None,
        poll_interval: float = 0.5,
        wait_timeout: Optional[float] = None,
        job: Optional[Dict[str, Any]] = None,
    ) -> Dict[str, Any]:
        """Follows a snapshot job until it ends; answers the manifest of the snapshot it made."""
        deadline = None if wait_timeout is None else time.monotonic() + wait_timeout
        current = job if job is not None else self.snapshot_job(job_id)
        while True:
            if progress is not None:
                progress({"phase": "job", "job": current})
            state = str(current.get("state", "")).upper()
            if state in _SUCCEEDED and current.get("snapshotId") is not None:
                return self.snapshot(current["snapshotId"])
            if state in _ENDED:
                raise JobFailed(f"snapshot job {job_id} ended {state.lower()}: {current.get('error')}", current)
            _pause(deadline, poll_interval, f"snapshot job {job_id}")
            current = self.snapshot_job(job_id)

    def snapshots(self, slug: str) -> List[Dict[str, Any]]:
        """The project's snapshots (their manifests), newest first."""
        return self._json("GET", f"/api/v1/projects/{_segment(slug)}/snapshots")

    def snapshot(self, snapshot_id: int) -> Dict[str, Any]:
        """A snapshot's manifest: parameters, counts, ``files`` with ``rows``, ``size`` and ``sha256``."""
        return self._json("GET", f"/api/v1/snapshots/{int(snapshot_id)}")

    def snapshot_card(self, snapshot_id: int) -> str:
        """The snapshot's dataset card (``README.md``, Hugging Face format)."""
        return self._send("GET", f"/api/v1/snapshots/{int(snapshot_id)}/card")[2].decode("utf-8")

    def iter_snapshot(self, snapshot_id: int, name: str = "train.jsonl") -> Iterator[Dict[str, Any]]:
        """The lines of one snapshot file; raises :class:`IntegrityError` after the last line when
        the bytes were not the manifest's (size and SHA-256)."""
        expected = _file_entry(self.snapshot(snapshot_id), name)
        response = self._open("GET", self._file_path(snapshot_id, name), gzip_ok=True)
        return _verified_records(response, expected, snapshot_id)

    def download_snapshot(
        self, snapshot_id: int, directory: PathLike, *, names: Optional[Sequence[str]] = None
    ) -> Dict[str, Path]:
        """Saves a snapshot's files and ``manifest.json`` into ``directory``, each file checked
        against the manifest's size and SHA-256 (:class:`IntegrityError` otherwise, and the file is
        not kept). Answers the saved files by name."""
        manifest = self.snapshot(snapshot_id)
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        saved: Dict[str, Path] = {}
        for entry in manifest.get("files", []):
            if names is not None and entry["name"] not in names:
                continue
            target = folder / _file_name(entry["name"])
            response = self._open("GET", self._file_path(snapshot_id, entry["name"]), gzip_ok=True)
            with response, _atomic(target) as out:
                digest, size = _copy_hashing(_decoded(response), out)
                _check(entry, digest, size, snapshot_id)
            saved[entry["name"]] = target
        manifest_path = folder / "manifest.json"
        manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        saved["manifest.json"] = manifest_path
        return saved

    def download_archive(self, snapshot_id: int, path: PathLike, *, verify: bool = True) -> Path:
        """Saves the whole snapshot as one ``.tar`` (card, ``manifest.json``, files); with
        ``verify`` every file in it is checked against the manifest's SHA-256."""
        target = Path(path)
        response = self._open("GET", f"/api/v1/snapshots/{int(snapshot_id)}/archive")
        with response, _atomic(target) as out:
            shutil.copyfileobj(response, out, _BLOCK)
        if verify:
            _verify_archive(target, self.snapshot(snapshot_id), snapshot_id)
        return target

    def to_hf_dataset(self, snapshot_id: int, directory: Optional[PathLike] = None) -> Any:
        """The snapshot as a Hugging Face ``datasets.DatasetDict`` (one split per file), from its
        files downloaded and verified into ``directory`` (a new temporary one by default).

        Needs the optional ``datasets`` package (``pip install "feedloop[datasets]"``).
        """
        try:
            import datasets  # type: ignore[import-not-found]
        except ImportError as missing:
            raise ImportError(
                "to_hf_dataset needs the 'datasets' package: pip install 'feedloop[datasets]' "
                "(or pip install datasets)"
            ) from missing
        folder = Path(directory) if directory is not None else Path(tempfile.mkdtemp(prefix="feedloop-"))
        files = self.download_snapshot(snapshot_id, folder)
        manifest = json.loads(files["manifest.json"].read_text(encoding="utf-8"))
        data_files: Dict[str, List[str]] = {}
        for entry in manifest.get("files", []):
            split = entry.get("split") or Path(entry["name"]).stem
            data_files.setdefault(split, []).append(str(files[entry["name"]]))
        return datasets.load_dataset("json", data_files=data_files)

    @staticmethod
    def _file_path(snapshot_id: int, name: str) -> str:
        return f"/api/v1/snapshots/{int(snapshot_id)}/files/{_segment(name)}"

    # ---- HTTP

    def _json(
        self,
        method: str,
        path: str,
        *,
        params: Optional[Mapping[str, Any]] = None,
        json_body: Any = None,
        token: Optional[str] = None,
    ) -> Any:
        body = None if json_body is None else json.dumps(json_body, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json"} if body is not None else {}
        return _decode(self._send(method, path, params=params, body=body, headers=headers, token=token)[2])

    def _send(self, method: str, path: str, **options: Any) -> Tuple[int, Mapping[str, str], bytes]:
        """Status, headers and the whole body of a call; ``options`` as for :meth:`_open`."""
        with self._open(method, path, **options) as response:
            return response.status, response.headers, response.read()

    def _open(
        self,
        method: str,
        path: str,
        *,
        params: Optional[Mapping[str, Any]] = None,
        body: Union[bytes, Iterable[bytes], None] = None,
        headers: Optional[Mapping[str, str]] = None,
        token: Optional[str] = None,
        gzip_ok: bool = False,
    ) -> HTTPResponse:
        url = urllib.parse.urljoin(self.base_url + "/", path.lstrip("/")) if not path.startswith("http") else path
        query = urllib.parse.urlencode({k: v for k, v in (params or {}).items() if v is not None})
        if query:
            url += ("&" if "?" in url else "?") + query
        request = urllib.request.Request(url, data=body, method=method)  # type: ignore[arg-type]
        request.add_header("Accept", "application/json, application/x-ndjson, */*")
        request.add_header("User-Agent", f"feedloop-python/{_VERSION}")
        if gzip_ok:
            request.add_header("Accept-Encoding", "gzip")
        bearer = token if token is not None else self.token
        if bearer:
            request.add_header("Authorization", f"Bearer {bearer}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)  # noqa: S310 (http/https only)
        except urllib.error.HTTPError as refused:
            with refused:
                answer = refused.read()
                if refused.headers.get("Content-Encoding", "").lower() == "gzip":
                    answer = gzip.decompress(answer)
                raise FeedloopError.from_response(refused.code, answer, refused.headers) from None
        except urllib.error.URLError as unreachable:
            raise FeedloopError(None, f"{url} cannot be reached: {unreachable.reason}") from unreachable

    def _follow(
        self,
        location: str,
        job: Dict[str, Any],
        progress: Optional[Progress],
        poll_interval: float,
        wait_timeout: Optional[float],
    ) -> Dict[str, Any]:
        """Follows a job at ``location`` until its ``state`` (or ``status``) has ended."""
        url = urllib.parse.urljoin(self.base_url + "/", location)
        deadline = None if wait_timeout is None else time.monotonic() + wait_timeout
        current = job
        while True:
            if progress is not None:
                progress({"phase": "job", "job": current})
            state = str(current.get("state") or current.get("status") or "").upper()
            if state in _SUCCEEDED:
                result = current.get("result")
                if isinstance(result, dict):
                    return result
                if "importId" not in current and "id" in current and "linesRead" in current:
                    # an import's status: the same counts as its result, under its own id
                    current = {**current, "importId": current["id"]}
                return current
            if state in _ENDED:
                raise JobFailed(f"the job at {location} ended {state.lower()}", current)
            _pause(deadline, poll_interval, location)
            current = _decode(self._send("GET", url)[2])

    @staticmethod
    def _retrying(retries: int, call: Callable[[], Any]) -> Any:
        for attempt in range(retries + 1):
            try:
                return call()
            except FeedloopError as refused:
                if refused.status != 429 or attempt == retries:
                    raise
                time.sleep(min(refused.retry_after if refused.retry_after is not None else 1.0, 60.0))
        raise AssertionError("unreachable")


# ---- bodies and streams


class _upload_body:
    """The import's body as blocks with its size and content type: a file as it is, records as
    gzip-compressed JSON Lines spooled to a temporary file first (so the size is known)."""

    def __init__(self, source: Union[PathLike, Iterable[Mapping[str, Any]]]) -> None:
        self.source = source
        self.file: Optional[IO[bytes]] = None

    def __enter__(self) -> Tuple[Iterator[bytes], int, str]:
        if isinstance(self.source, (str, os.PathLike)):
            path = Path(self.source)
            self.file = path.open("rb")
            suffixes = [s.lower() for s in path.suffixes]
            content_type = "text/csv" if ".csv" in suffixes else "application/x-ndjson"
            return _blocks(self.file), path.stat().st_size, content_type
        if isinstance(self.source, Mapping):
            raise TypeError("source is a file or an iterable of records, not one record")
        self.file = tempfile.TemporaryFile()
        packer = zlib.compressobj(6, zlib.DEFLATED, 31)
        for record in self.source:
            self.file.write(packer.compress(_json_line(record)))
        self.file.write(packer.flush())
        size = self.file.tell()
        self.file.seek(0)
        return _blocks(self.file), size, "application/x-ndjson"

    def __exit__(self, *exc: object) -> None:
        if self.file is not None:
            self.file.close()


def _blocks(file: IO[bytes]) -> Iterator[bytes]:
    while True:
        block = file.read(_BLOCK)
        if not block:
            return
        yield block


def _reporting(blocks: Iterator[bytes], total: int, progress: Optional[Progress]) -> Iterator[bytes]:
    sent = 0
    for block in blocks:
        yield block
        sent += len(block)
        if progress is not None:
            progress({"phase": "upload", "bytes": sent, "total": total})


def _decoded(response: HTTPResponse) -> IO[bytes]:
    if response.headers.get("Content-Encoding", "").lower() == "gzip":
        return gzip.GzipFile(fileobj=response)  # type: ignore[return-value]
    return response  # type: ignore[return-value]


def _records(response: HTTPResponse) -> Iterator[Dict[str, Any]]:
    with response:
        for line in _decoded(response):
            if line.strip():
                yield json.loads(line)


def _verified_records(response: HTTPResponse, expected: Mapping[str, Any], snapshot_id: int) -> Iterator[Dict[str, Any]]:
    digest = hashlib.sha256()
    size = 0
    with response:
        for line in _decoded(response):
            digest.update(line)
            size += len(line)
            if line.strip():
                yield json.loads(line)
    _check(expected, digest.hexdigest(), size, snapshot_id)


def _copy_hashing(source: IO[bytes], out: IO[bytes]) -> Tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    while True:
        block = source.read(_BLOCK)
        if not block:
            return digest.hexdigest(), size
        digest.update(block)
        size += len(block)
        out.write(block)


def _check(entry: Mapping[str, Any], digest: str, size: int, snapshot_id: int) -> None:
    if digest != entry.get("sha256") or ("size" in entry and size != entry["size"]):
        raise IntegrityError(
            None,
            f"snapshot {snapshot_id} file {entry.get('name')}: got {size} bytes with SHA-256 {digest}, "
            f"the manifest says {entry.get('size')} bytes with SHA-256 {entry.get('sha256')}",
        )


def _verify_archive(path: Path, manifest: Mapping[str, Any], snapshot_id: int) -> None:
    expected = {e["name"]: e for e in manifest.get("files", [])}
    found = set()
    with tarfile.open(path, "r:") as archive:
        for member in archive:
            name = member.name.rsplit("/", 1)[-1]
            if not member.isfile() or name not in expected:
                continue
            extracted = archive.extractfile(member)
            assert extracted is not None
            digest, size = _copy_hashing(extracted, _Discard())
            _check(expected[name], digest, size, snapshot_id)
            found.add(name)
    missing = sorted(set(expected) - found)
    if missing:
        raise IntegrityError(None, f"snapshot {snapshot_id} archive lacks {', '.join(missing)}")


class _Discard:
    def write(self, block: bytes) -> int:
        return len(block)


class _atomic:
    """A file written beside ``target`` and renamed onto it only when writing succeeded."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.partial = target.with_name(target.name + ".partial")
        self.file: Optional[IO[bytes]] = None

    def __enter__(self) -> IO[bytes]:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.file = self.partial.open("wb")
        return self.file

    def __exit__(self, kind: Optional[type], *exc: object) -> None:
        assert self.file is not None
        self.file.close()
        if kind is None:
            os.replace(self.partial, self.target)
        else:
            self.partial.unlink(missing_ok=True)


# ---- small pieces


def _decode(body: bytes) -> Any:
    return json.loads(body.decode("utf-8")) if body.strip() else {}


def _json_line(record: Mapping[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def _chunks(records: Iterable[Mapping[str, Any]], size: int) -> Iterator[List[Mapping[str, Any]]]:
    chunk: List[Mapping[str, Any]] = []
    for record in records:
        chunk.append(record)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _params(params: Mapping[str, Any]) -> Dict[str, Any]:
    """Python keyword names (``test_ratio``) as the server's (``testRatio``), values as text."""
    sent: Dict[str, Any] = {}
    for key, value in params.items():
        if value is None:
            continue
        head, *rest = key.split("_")
        name = head + "".join(part[:1].upper() + part[1:] for part in rest)
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, datetime):
            value = value.isoformat()
        sent[name] = value
    return sent


def _segment(value: str) -> str:
    return urllib.parse.quote(str(value), safe="")


def _file_name(name: str) -> str:
    base = os.path.basename(name)
    if not base or base in (".", ".."):
        raise IntegrityError(None, f"the manifest names an unusable file name {name!r}")
    return base


def _file_entry(manifest: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    for entry in manifest.get("files", []):
        if entry.get("name") == name:
            return entry
    names = ", ".join(e.get("name", "?") for e in manifest.get("files", []))
    raise FeedloopError(404, f"snapshot {manifest.get('id')} has no file {name!r} (it has {names})")


def _pause(deadline: Optional[float], interval: float, what: str) -> None:
    if deadline is not None and time.monotonic() + interval > deadline:
        raise TimeoutError(f"{what} has not ended in time")
    time.sleep(interval)
