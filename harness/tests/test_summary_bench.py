"""harness.summary (the targets side by side), harness.bench and stage documents."""
import json
import tempfile
import unittest
from pathlib import Path

from harness import bench, report, stage, summary, targets


def machine(name, tests, problems=()):
    return {"name": name, "problems": list(problems),
            "tests": [{"name": n, "status": s, "reason": "", "diagnostics": d}
                      for n, s, d in tests]}


def programs(probe, selftests):
    return [("compat_caps_probe", probe, []),
            ("compat_caps_test", selftests, []),
            ("arch_compat_test", selftests, [])]


def matrix_doc(machines_):
    cases = [{"suite": m["name"], "test": t["name"], "subtest": "",
              "status": t["status"], "message": ""}
             for m in machines_ for t in m["tests"]]
    return {"machines": machines_, "cases": cases}


class Summary(unittest.TestCase):
    def test_compare_table(self):
        ours, mainline = targets.load("v7.2"), targets.load("mainline-7.3")
        a = matrix_doc([machine("powernv10", programs("pass", "pass")),
                        machine("p11-v2", programs("pass", "pass"))])
        b = matrix_doc([machine("powernv10", programs("pass", "skip")),
                        machine("p11-v2", programs("fail", "pass"))])
        head, rows = summary.compare_table(ours, a, mainline, b)
        row = {r[0]: r for r in rows}
        self.assertEqual(row["powernv10"][1:], ["P9 P10 / no answer", "PASS / SKIP",
                                                "PASS / SKIP"])
        # a probe that failed puts the answer in doubt
        self.assertEqual(row["p11-v2"][1], "P9 P10 P11 / P9 P10 P11? (probe FAIL)")
        self.assertEqual(row["pr-hash"][1:], ["- / -", "- / -", "- / -"])

    def test_missing_results_are_failures(self):
        with tempfile.TemporaryDirectory() as tmp:
            cases, doc = summary.target_cases(targets.load("v7.2"), Path(tmp))
        self.assertIsNone(doc)
        self.assertTrue(cases)
        self.assertEqual({c.status for c in cases}, {"fail"})
        # one per stage, the matrix among them
        self.assertEqual(len(cases), len(targets.load("v7.2").stages))

    def test_target_cases_are_named_by_target(self):
        with tempfile.TemporaryDirectory() as tmp:
            results = Path(tmp) / "mainline-7.3" / "results" / "matrix"
            results.mkdir(parents=True)
            (results / "results.json").write_text(json.dumps(
                matrix_doc([machine("powernv9", programs("pass", "skip"))])))
            cases, _ = summary.target_cases(targets.load("mainline-7.3"), Path(tmp))
        self.assertEqual({c.suite for c in cases}, {"mainline-7.3 powernv9"})
        self.assertEqual(report.totals(cases), {"passed": 1, "failed": 0, "skipped": 2})

    def test_matrix_table(self):
        doc = matrix_doc([machine("powernv9", programs("pass", "skip"),
                                  problems=[{"kind": "timeout"}])])
        head, rows = summary.matrix_table([(targets.load("v7.2"), doc)])
        self.assertEqual(head[:2], ["target", "program"])
        col = head.index("powernv9")
        self.assertEqual(rows[0][col], "FAIL")
        self.assertEqual(rows[0][head.index("p10-v1")], "-")


class Bench(unittest.TestCase):
    def test_measurements(self):
        doc = {"machines": [
            machine("p11-v2", [("compat_caps_bench", "pass",
                                ["bench: ratio=1.275 check_ns=1350 caps_ns=1720"])]),
            machine("powernv9", [("compat_caps_bench", "skip", [])])]}
        doc["machines"][1]["tests"][0]["reason"] = "SKIP no cap"
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "results.json"
            path.write_text(json.dumps(doc))
            found = bench.measurements(path)
        self.assertEqual(found["p11-v2"], (1.275, 1350, 1720))
        self.assertEqual(found["powernv9"], "SKIP no cap")
        self.assertEqual(bench.cell(found["p11-v2"]), "1.27 (1720/1350)")

    def test_missing_results(self):
        self.assertEqual(bench.measurements(Path("/nonexistent.json")), {})

    def test_time_records(self):
        with tempfile.TemporaryDirectory() as tmp:
            p = Path(tmp) / "t"
            p.write_text("213 2026-11-23T13:00:00Z ccache\n")
            self.assertEqual(bench.read_time(p),
                             (213.0, "ccache, 2026-11-23T13:00:00Z"))
            p.write_text("468 2026-11-23T13:00:00Z no ccache\n")
            self.assertEqual(bench.read_time(p),
                             (468.0, "no ccache, 2026-11-23T13:00:00Z"))
            p.write_text("6 2026-11-23T13:00:00Z\n")
            self.assertEqual(bench.read_time(p), (6.0, "2026-11-23T13:00:00Z"))
            p.write_text("18.8\n")
            self.assertEqual(bench.read_time(p), (18.8, "last run"))
            p.write_text("")
            self.assertIsNone(bench.read_time(p))
            self.assertIsNone(bench.read_time(Path(tmp) / "missing"))


class Stage(unittest.TestCase):
    def test_stage_document_round_trip(self):
        cases = [report.Case("m", "prog", "sub", "pass"),
                 report.Case("m", "prog", "other", "fail", "why")]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "stage.json"
            report.write_stage(path, "bench", cases)
            doc = stage.load(path)
            again = report.all_cases([], [(path, doc)])
        self.assertEqual(doc["failed"], 1)
        self.assertEqual([c.suite for c in again], ["bench", "bench"])
        self.assertEqual(report.summary_line(again), "1 passed, 1 failed, 0 skipped")


if __name__ == "__main__":
    unittest.main()
