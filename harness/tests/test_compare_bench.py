"""harness.compare (mainline side by side), harness.bench and stage documents."""
import json
import tempfile
import unittest
from pathlib import Path

from harness import bench, compare, report


def machine(name, tests, problems=()):
    return {"name": name, "problems": list(problems),
            "tests": [{"name": n, "status": s, "reason": "", "diagnostics": d}
                      for n, s, d in tests]}


def programs(probe, selftests):
    return [("compat_caps_probe", probe, []),
            ("compat_caps_test", selftests, []),
            ("arch_compat_test", selftests, [])]


class Compare(unittest.TestCase):
    def verdicts(self, machines):
        return {n: s for n, s, _ in
                compare.verdicts({m["name"]: m for m in machines})}

    def test_expected_behaviour_passes(self):
        # mainline answers on pseries; on PowerNV our probe fails and the
        # selftests skip; on pr-hash nothing answers for HV
        v = self.verdicts([machine("p11-v2", programs("pass", "pass")),
                           machine("powernv10", programs("fail", "skip")),
                           machine("pr-hash", programs("pass", "skip"))])
        self.assertEqual(set(v.values()), {"pass"})
        self.assertEqual(len(v), 9)

    def test_mainline_answering_on_powernv_is_a_failure(self):
        # our claim to go beyond mainline there would be false
        v = self.verdicts([machine("powernv9", programs("pass", "pass"))])
        self.assertEqual(set(v.values()), {"fail"})

    def test_selftest_failing_where_mainline_does_not_answer(self):
        # they must skip on a kernel that lacks the answer, never fail
        v = self.verdicts([machine("powernv9", programs("fail", "fail"))])
        self.assertEqual(v["powernv9: compat_caps_probe"], "pass")
        self.assertEqual(v["powernv9: compat_caps_test"], "fail")
        self.assertEqual(v["powernv9: arch_compat_test"], "fail")

    def test_failure_on_pseries_is_a_failure(self):
        v = self.verdicts([machine("p10-v1", [("compat_caps_probe", "pass", []),
                                              ("compat_caps_test", "fail", []),
                                              ("arch_compat_test", "pass", [])])])
        self.assertEqual(v["p10-v1: compat_caps_test"], "fail")
        self.assertEqual(v["p10-v1: arch_compat_test"], "pass")

    def test_skip_on_pseries_hv_is_a_failure(self):
        # mainline answers there: a skip would hide that the test ran nothing
        v = self.verdicts([machine("p11-v1", programs("pass", "skip"))])
        self.assertEqual(v["p11-v1: compat_caps_test"], "fail")

    def test_machine_that_crashed_counts_as_failed(self):
        v = self.verdicts([machine("p11-v1", programs("pass", "pass"),
                                   problems=[{"kind": "timeout"}])])
        self.assertEqual(set(v.values()), {"fail"})

    def test_program_that_did_not_run(self):
        v = self.verdicts([machine("p11-v1", [])])
        self.assertEqual(set(v.values()), {"fail"})


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
            doc = report.load_selftest(path)
            again = report.all_cases([], [(path, doc)])
        self.assertEqual(doc["failed"], 1)
        self.assertEqual([c.suite for c in again], ["bench", "bench"])
        self.assertEqual(report.summary_line(again), "1 passed, 1 failed, 0 skipped")


if __name__ == "__main__":
    unittest.main()
