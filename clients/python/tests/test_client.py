"""The client against a real Feedloop server.

FEEDLOOP_URL, FEEDLOOP_TOKEN (an administrator's API token) and FEEDLOOP_PROJECT (a project with
ranked items) name it; FEEDLOOP_EXPECTED_LINES, when given, is the number of TRL pairs the project
exports. ``PythonClientTests`` on the Java side starts a server, makes them and runs this file.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tarfile
import tempfile
import unittest
import uuid
from pathlib import Path
from typing import Any, Dict, List

from feedloop import Client, FeedloopError, IntegrityError

URL = os.environ.get("FEEDLOOP_URL")
TOKEN = os.environ.get("FEEDLOOP_TOKEN")
PROJECT = os.environ.get("FEEDLOOP_PROJECT", "")
EXPECTED = os.environ.get("FEEDLOOP_EXPECTED_LINES")


@unittest.skipUnless(URL and TOKEN and PROJECT, "FEEDLOOP_URL, FEEDLOOP_TOKEN and FEEDLOOP_PROJECT name no server")
class ClientTests(unittest.TestCase):
    client: Client

    @classmethod
    def setUpClass(cls) -> None:
        cls.client = Client(str(URL), TOKEN, timeout=30)

    def setUp(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="feedloop-test-"))

    def tearDown(self) -> None:
        for path in sorted(self.folder.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        self.folder.rmdir()

    # ---- projects

    def test_the_project_is_listed_and_read(self) -> None:
        self.assertIn(PROJECT, [p["slug"] for p in self.client.projects()])
        self.assertEqual(PROJECT, self.client.project(PROJECT)["slug"])
        self.assertTrue(self.client.me()["admin"])

    # ---- import

    def test_records_are_imported_with_the_upload_reported(self) -> None:
        prefix = "py-" + uuid.uuid4().hex[:8]
        records = (
            {
                "id": f"{prefix}-{i}",
                "prompt": f"Вопрос {i}: what is {i} + {i}?",
                "candidates": [
                    {"id": "a", "model": "m1", "content": str(2 * i)},
                    {"id": "b", "model": "m2", "content": "I don't know."},
                ],
                "metadata": {"source": "python-client"},
            }
            for i in range(1, 26)
        )
        heard: List[Dict[str, Any]] = []

        result = self.client.import_items(PROJECT, records, progress=heard.append)

        self.assertEqual("DONE", result["status"])
        self.assertEqual(25, result["itemsCreated"])
        self.assertEqual(50, result["candidatesAdded"])
        uploads = [h for h in heard if h["phase"] == "upload"]
        self.assertTrue(uploads, "the upload was reported")
        self.assertEqual(uploads[-1]["total"], uploads[-1]["bytes"])
        self.assertIn(result["importId"], [i.get("importId", i.get("id")) for i in self.client.imports(PROJECT)])

        again = self.client.import_items(PROJECT, [{"id": f"{prefix}-1", "prompt": "Вопрос 1: what is 1 + 1?"}])
        self.assertEqual(0, again["itemsCreated"])

    def test_a_file_is_imported_as_it_is(self) -> None:
        path = self.folder / "items.jsonl.gz"
        prefix = "pyf-" + uuid.uuid4().hex[:8]
        with gzip.open(path, "wt", encoding="utf-8") as out:
            for i in range(3):
                out.write(json.dumps({"id": f"{prefix}-{i}", "prompt": f"Q{i}"}) + "\n")

        self.assertEqual(3, self.client.import_items(PROJECT, path)["itemsCreated"])

    # ---- exports

    def test_an_export_is_iterated_line_by_line_and_saved_the_same(self) -> None:
        lines = list(self.client.export(PROJECT, format="trl", test_ratio=0, seed="s"))

        self.assertTrue(lines)
        if EXPECTED:
            self.assertEqual(int(EXPECTED), len(lines))
        for line in lines:
            self.assertEqual({"id", "prompt", "chosen", "rejected", "margin", "metadata"}, set(line))
            self.assertIsInstance(line["margin"], float)
            self.assertEqual("train", line["metadata"]["split"])

        saved = self.client.export_to_file(PROJECT, self.folder / "prefs.jsonl.gz", format="trl", test_ratio=0, seed="s")
        with gzip.open(saved, "rt", encoding="utf-8") as read:
            self.assertEqual(lines, [json.loads(line) for line in read])
        plain = self.client.export_to_file(PROJECT, self.folder / "prefs.jsonl", format="trl", test_ratio=0, seed="s")
        self.assertEqual(lines, [json.loads(line) for line in plain.read_text(encoding="utf-8").splitlines()])

        rankings = list(self.client.export(PROJECT, format="rankings", test_ratio=0, seed="s"))
        self.assertTrue(all("candidates" in r and "rankings" in r for r in rankings))

    # ---- snapshots

    def test_a_snapshot_is_made_downloaded_checked_and_archived(self) -> None:
        heard: List[Dict[str, Any]] = []

        manifest = self.client.create_snapshot(
            PROJECT, "preferences", format="trl", test_ratio=0.5, seed="py", progress=heard.append, poll_interval=0.2
        )

        self.assertTrue(heard and heard[0]["phase"] == "job")
        self.assertIn(heard[-1]["job"]["state"], ("done", "DONE"))
        self.assertEqual(manifest["id"], heard[-1]["job"]["snapshotId"])
        self.assertIn(manifest["id"], [s["id"] for s in self.client.snapshots(PROJECT)])
        files = {f["name"]: f for f in manifest["files"]}
        self.assertEqual({"train.jsonl", "test.jsonl"}, set(files))

        saved = self.client.download_snapshot(manifest["id"], self.folder / "snapshot")
        for name, entry in files.items():
            data = saved[name].read_bytes()
            self.assertEqual(entry["sha256"], hashlib.sha256(data).hexdigest())
            self.assertEqual(entry["size"], len(data))
            self.assertEqual(entry["rows"], len(data.splitlines()))
        self.assertEqual(manifest, json.loads(saved["manifest.json"].read_text(encoding="utf-8")))
        self.assertEqual(files["train.jsonl"]["rows"], len(list(self.client.iter_snapshot(manifest["id"], "train.jsonl"))))

        archive = self.client.download_archive(manifest["id"], self.folder / "snapshot.tar")
        with tarfile.open(archive) as tar:
            names = sorted(m.name.rsplit("/", 1)[-1] for m in tar.getmembers() if m.isfile())
        self.assertEqual(["README.md", "manifest.json", "test.jsonl", "train.jsonl"], names)
        self.assertTrue(self.client.snapshot_card(manifest["id"]).startswith("---\n"))

        job = self.client.create_snapshot(PROJECT, format="trl", wait=False)
        self.assertIn(job["state"].lower(), ("queued", "running", "done"))
        self.client.wait_for_snapshot_job(job["id"], poll_interval=0.2, wait_timeout=30)

    def test_a_file_that_is_not_the_manifests_is_refused_and_not_kept(self) -> None:
        manifest = self.client.create_snapshot(PROJECT, format="trl", test_ratio=0, seed="py", poll_interval=0.2)
        wrong = json.loads(json.dumps(manifest))
        wrong["files"][0]["sha256"] = "0" * 64
        tampered = Client(str(URL), TOKEN)
        tampered.snapshot = lambda snapshot_id: wrong  # type: ignore[method-assign]

        with self.assertRaises(IntegrityError) as refused:
            tampered.download_snapshot(manifest["id"], self.folder / "bad")
        self.assertIn("0" * 64, str(refused.exception))
        self.assertFalse((self.folder / "bad" / wrong["files"][0]["name"]).exists())
        with self.assertRaises(IntegrityError):
            list(tampered.iter_snapshot(manifest["id"], wrong["files"][0]["name"]))

    # ---- errors

    def test_refusals_carry_status_detail_and_field(self) -> None:
        with self.assertRaises(FeedloopError) as bad_ratio:
            self.client.export(PROJECT, format="trl", test_ratio=2)
        self.assertEqual(400, bad_ratio.exception.status)
        self.assertIn("testRatio", bad_ratio.exception.fields)
        self.assertTrue(bad_ratio.exception.detail)

        with self.assertRaises(FeedloopError) as bad_policy:
            self.client.create_snapshot(PROJECT, format="trl", annotators="best")
        self.assertEqual(422, bad_policy.exception.status)
        self.assertIn("annotators", bad_policy.exception.fields)
        self.assertIn("best", bad_policy.exception.detail)

        with self.assertRaises(FeedloopError) as bad_import:
            self.client.import_items(PROJECT, [{"id": "py-bad", "messages": [{"role": "assistant", "content": "x"}]}])
        self.assertEqual(422, bad_import.exception.status)
        self.assertEqual(1, bad_import.exception.errors[0]["line"])
        self.assertTrue(bad_import.exception.errors[0]["field"].startswith("messages"))

        with self.assertRaises(FeedloopError) as unknown:
            self.client.project("no-such-project-" + uuid.uuid4().hex[:6])
        self.assertEqual(404, unknown.exception.status)

        with self.assertRaises(FeedloopError) as unauthorised:
            Client(str(URL), "flp_not-a-token").projects()
        self.assertEqual(401, unauthorised.exception.status)

    def test_hugging_face_datasets_are_optional(self) -> None:
        try:
            import datasets  # type: ignore[import-not-found]  # noqa: F401
        except ImportError:
            with self.assertRaises(ImportError) as missing:
                self.client.to_hf_dataset(1)
            self.assertIn("pip install", str(missing.exception))
            return
        manifest = self.client.create_snapshot(PROJECT, format="trl", test_ratio=0.5, seed="hf", poll_interval=0.2)
        dataset = self.client.to_hf_dataset(manifest["id"], self.folder / "hf")
        self.assertEqual(manifest["counts"]["train"], dataset["train"].num_rows)

    # ---- feedback

    def test_feedback_is_sent_with_an_intake_token(self) -> None:
        try:
            intake = self.client.create_intake_token(PROJECT, "python-" + uuid.uuid4().hex[:6])["token"]
        except FeedloopError as refused:
            if refused.status == 404:
                self.skipTest("this server takes no feedback")
            raise
        trace = "py-" + uuid.uuid4().hex
        conversation = [
            {"role": "user", "content": "How do I turn off the e-mail digest?"},
            {"role": "assistant", "content": "Open Settings, then Privacy."},
        ]

        first = self.client.send_feedback(PROJECT, messages=conversation, trace_id=trace, rating="down", intake_token=intake)
        again = self.client.send_feedback(PROJECT, messages=conversation, trace_id=trace, rating="down", intake_token=intake)
        batch = self.client.send_feedback_batch(
            PROJECT,
            [{"traceId": trace + "-b", "messages": conversation, "rating": 2}, {"traceId": trace + "-c", "messages": conversation}],
            intake_token=intake,
        )

        self.assertEqual("accepted", first["status"])
        self.assertEqual("duplicate", again["status"])
        self.assertEqual((1, 1), (batch["accepted"], batch["errors"]))
        self.assertEqual([1, 2], [r["line"] for r in batch["results"]])


class ParameterTests(unittest.TestCase):
    """What needs no server."""

    def test_keyword_names_are_sent_in_camel_case(self) -> None:
        from feedloop.client import _params

        self.assertEqual(
            {"testRatio": 0.5, "minAnnotators": 2, "format": "trl"},
            _params({"test_ratio": 0.5, "min_annotators": 2, "format": "trl", "seed": None}),
        )

    def test_a_problem_becomes_an_error_with_its_fields(self) -> None:
        body = json.dumps(
            {
                "title": "Bad Request",
                "status": 400,
                "detail": "The submission has invalid fields; nothing was stored.",
                "code": "invalid-submission",
                "errors": [{"field": "tiers", "message": "every candidate must be ranked"}],
            }
        ).encode()

        error = FeedloopError.from_response(400, body, {"Retry-After": "3"})

        self.assertEqual(400, error.status)
        self.assertEqual("invalid-submission", error.code)
        self.assertEqual({"tiers": "every candidate must be ranked"}, error.fields)
        self.assertEqual(3.0, error.retry_after)
        self.assertIn("tiers: every candidate must be ranked", str(error))

    def test_an_answer_that_is_no_problem_still_has_its_status(self) -> None:
        error = FeedloopError.from_response(502, b"<html>Bad gateway</html>", {})
        self.assertEqual((502, "HTTP 502", []), (error.status, error.detail, error.errors))

    def test_a_server_that_does_not_answer_is_an_error_without_status(self) -> None:
        with self.assertRaises(FeedloopError) as refused:
            Client("http://127.0.0.1:9", "t", timeout=2).projects()
        self.assertIsNone(refused.exception.status)


if __name__ == "__main__":
    unittest.main()
