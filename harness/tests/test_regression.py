"""harness.regression: a fix's check fails on the base and passes with it."""
import contextlib
import io
import json
import tempfile
import unittest
from pathlib import Path

from harness import regression, summary, targets


def machine(name, status, reason="", problems=()):
    return {"name": name, "problems": [{"kind": k, "message": m} for k, m in problems],
            "tests": [{"name": "checkers_on", "status": status, "reason": "",
                       "subtests": [{"name": "lockdep_on", "status": status,
                                     "reason": reason}]}]}


def write_run(root, name, machines):
    (root / name).mkdir()
    (root / name / "results.json").write_text(json.dumps({"machines": machines}))
    return root / name


class Regression(unittest.TestCase):
    def judge(self, base, series, *options):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            args = ["--base", str(write_run(root, "base", base)),
                    "--series", str(write_run(root, "series", series)),
                    "--tests", "checkers_on", "--json", str(root / "r.json"), *options]
            with contextlib.redirect_stdout(io.StringIO()):
                status = regression.main(args)
            return status, json.loads((root / "r.json").read_text())

    def test_fails_without_passes_with(self):
        status, doc = self.judge([machine("p10-v1", "fail", "debug_locks 0")],
                                 [machine("p10-v1", "pass", "debug_locks 1")])
        self.assertEqual((status, doc["passed"], doc["failed"]), (0, 1, 0))
        self.assertIn("without the series: fail (lockdep_on fail: debug_locks 0)",
                      doc["tests"][0]["message"])

    def test_the_base_kernels_own_report_is_the_bug(self):
        warned = [("kernel", "kernel warning at line 98: WARNING: lockdep.c:4448")]
        status, doc = self.judge([machine("p10-v1", "fail", "debug_locks 0", warned)],
                                 [machine("p10-v1", "pass", "debug_locks 1")])
        self.assertEqual((status, doc["passed"]), (0, 1))
        self.assertIn("debug_locks 0; kernel warning at line 98", doc["tests"][0]["message"])
        # with the series, the same report fails the case
        status, doc = self.judge([machine("p10-v1", "fail")],
                                 [machine("p10-v1", "pass", "", warned)])
        self.assertEqual((status, doc["failed"]), (1, 1))

    def test_a_check_that_passes_on_the_base_proves_nothing(self):
        status, doc = self.judge([machine("p10-v1", "pass")], [machine("p10-v1", "pass")])
        self.assertEqual((status, doc["failed"]), (1, 1))

    def test_still_failing_with_the_series(self):
        status, doc = self.judge([machine("p10-v1", "fail")], [machine("p10-v1", "fail")])
        self.assertEqual((status, doc["failed"]), (1, 1))

    def test_a_machine_that_did_not_finish_judges_nothing(self):
        # a base that timed out has no verdict, even if the program failed
        base = machine("powernv10", "fail", problems=[("timeout", "no end after 240 s")])
        status, doc = self.judge([base], [machine("powernv10", "pass")])
        self.assertEqual((status, doc["failed"]), (1, 1))
        self.assertIn("no verdict (no end after 240 s)", doc["tests"][0]["message"])

    def test_a_machine_or_program_missing_on_one_side(self):
        status, doc = self.judge([machine("p10-v1", "fail")],
                                 [machine("p10-v1", "pass"), machine("powernv10", "pass")])
        self.assertEqual((status, doc["passed"], doc["failed"]), (1, 1, 1))

    def test_a_base_that_dies_before_any_result(self):
        dead = {"name": "p11-v2", "tests": [],
                "problems": [{"kind": "timeout", "message": "timed out after 180 s"}]}
        status, doc = self.judge([dead], [machine("p11-v2", "pass")], "--base-dies")
        self.assertEqual((status, doc["passed"]), (0, 1))
        self.assertIn("without the series: died (timed out after 180 s)",
                      doc["tests"][0]["message"])
        # without --base-dies that is no verdict
        status, doc = self.judge([dead], [machine("p11-v2", "pass")])
        self.assertEqual((status, doc["failed"]), (1, 1))

    def test_a_base_that_dies_must_not_get_to_its_programs(self):
        # a base that ran its programs, even failing, did not die of the bug
        status, doc = self.judge([machine("p11-v2", "fail")], [machine("p11-v2", "pass")],
                                 "--base-dies")
        self.assertEqual((status, doc["failed"]), (1, 1))
        self.assertIn("it ran checkers_on", doc["tests"][0]["message"])
        # and a series that dies too proves nothing
        dead = {"name": "p11-v2", "tests": [],
                "problems": [{"kind": "qemu", "message": "QEMU exited 1"}]}
        status, doc = self.judge([dead], [dead], "--base-dies")
        self.assertEqual((status, doc["failed"]), (1, 1))

    def test_no_results_at_all(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            with contextlib.redirect_stdout(io.StringIO()), \
                    contextlib.redirect_stderr(io.StringIO()):
                status = regression.main(["--base", str(root / "a"), "--series",
                                          str(root / "b"), "--tests", "checkers_on",
                                          "--json", str(root / "r.json")])
            doc = json.loads((root / "r.json").read_text())
        self.assertEqual((status, doc["failed"]), (1, 1))


class TargetWithoutMatrix(unittest.TestCase):
    def test_its_stages_are_counted_and_no_matrix_is_asked_for(self):
        t = targets.load("lockdep-7.3")
        self.assertNotIn(targets.MATRIX, t.stages)
        with tempfile.TemporaryDirectory() as tmp:
            cases, doc = summary.target_cases(t, Path(tmp))
        self.assertIsNone(doc)
        self.assertEqual(sorted(c.suite for c in cases), ["lockdep-7.3 regression"])
        self.assertTrue(all(c.status == "fail" for c in cases))


class MakeFailed(unittest.TestCase):
    """A target or series whose make failed fails the summary, whatever
    results an earlier run left (make test writes results/make.failed)."""

    def test_old_results_do_not_count(self):
        t = targets.load("lockdep-7.3")
        s = targets.load_series("lockdep-fix")
        with tempfile.TemporaryDirectory() as tmp:
            build = Path(tmp)
            green = {"suite": "x", "passed": 1, "failed": 0, "skipped": 0,
                     "tests": [{"name": "a", "status": "pass", "message": ""}]}
            for results, doc in ((build / t.name / "results", "regression.json"),
                                 (build / "series" / s.name / "results", "check.json")):
                results.mkdir(parents=True)
                (results / doc).write_text(json.dumps(green))
            cases = summary.target_cases(t, build)[0] + summary.series_cases(s, build)
            self.assertEqual(["pass", "pass"], [c.status for c in cases])
            for results in (build / t.name / "results", build / "series" / s.name / "results"):
                (results / "make.failed").touch()
            cases = summary.target_cases(t, build)[0] + summary.series_cases(s, build)
            self.assertEqual(["fail", "pass", "fail", "pass"], [c.status for c in cases])


if __name__ == "__main__":
    unittest.main()
