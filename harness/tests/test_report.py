import json
import tempfile
import unittest
import xml.etree.ElementTree as ET
from pathlib import Path

from harness import machines, qemu, report, stage

from . import samples


def run_of(name, text, **kw):
    r = qemu.Run(name, Path(f"{name}.log"), ["qemu"], exit_code=0, wall=1.5, **kw)
    return qemu.check(r, text, timeout=60)


class Report(unittest.TestCase):
    def setUp(self):
        self.runs = [run_of("p10-v1", samples.GOOD),
                     run_of("p11-v2", samples.FAILURE),
                     run_of("powernv9", samples.CRASH),
                     run_of("pr-hash", samples.SKIPPED)]
        self.cases = report.all_cases(self.runs)

    def test_counts(self):
        # GOOD: 4 passed, 1 skipped.  FAILURE: caps 1 pass 1 fail, missing
        # 1 fail.  CRASH: 1 pass; harness: kernel panic, 2 ktap errors.
        # SKIPPED: 1 skipped.
        self.assertEqual(report.totals(self.cases),
                         {"passed": 6, "failed": 5, "skipped": 2})
        self.assertEqual(report.summary_line(self.cases),
                         "6 passed, 5 failed, 2 skipped")

    def test_unexplained_program_failure(self):
        log = samples.GOOD.replace("ok 2 vm_types # time=0.10s",
                                   "not ok 2 vm_types # signal=11")
        cases = report.all_cases([run_of("m", log)])
        failed = [c for c in cases if c.status == "fail"]
        self.assertEqual([(c.test, c.subtest, c.message) for c in failed],
                         [("vm_types", "", "signal=11")])

    def test_nested_plan_mismatch_fails(self):
        log = "KTAP version 1\n1..1\n    1..2\n    ok 1 a\nok 1 prog\n"
        cases = report.all_cases([run_of("m", log)])
        self.assertEqual(report.totals(cases),
                         {"passed": 1, "failed": 1, "skipped": 0})

    def test_selftest_results(self):
        doc = {"suite": "harness-selftest", "passed": 2, "failed": 0,
               "skipped": 1, "tests": [
                   {"name": "a", "status": "pass", "message": ""},
                   {"name": "b", "status": "pass", "message": ""},
                   {"name": "c", "status": "skip", "message": "why"}]}
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "h.json"
            path.write_text(json.dumps(doc))
            self.assertEqual(stage.load(path), doc)
            cases = report.all_cases([], [(path, stage.load(path))])
            self.assertEqual({c.suite for c in cases}, {"harness-selftest"})
            self.assertEqual(report.summary_line(cases),
                             "2 passed, 0 failed, 1 skipped")
            missing = Path(tmp) / "missing.json"
            cases = report.all_cases([], [(missing, stage.load(missing))])
            self.assertEqual(cases[0].suite, "missing")
            self.assertEqual(report.summary_line(cases),
                             "0 passed, 1 failed, 0 skipped")
            path.write_text("{")
            self.assertIsNone(stage.load(path))

    def test_table(self):
        text = report.table(self.runs, self.cases)
        lines = text.splitlines()
        self.assertEqual(lines[0].split(), ["test", "p10-v1", "p11-v2",
                                            "powernv9", "pr-hash"])
        rows = {line.split()[0]: line.split()[1:] for line in lines[1:]}
        self.assertEqual(rows["(boot)"], ["ok", "ok", "FAIL", "ok"])
        self.assertEqual(rows["compat_caps"], ["PASS", "FAIL", "-", "SKIP"])
        self.assertEqual(rows["caps_cumulative"], ["PASS", "FAIL", "-", "-"])
        self.assertEqual(rows["missing"], ["-", "FAIL", "-", "-"])
        self.assertEqual(rows["(time)"], ["1.5s"] * 4)
        brief = report.table(self.runs, self.cases, subtests=False)
        self.assertNotIn("caps_cumulative", brief)

    def test_table_groups_subtests_under_their_program(self):
        other = samples.GOOD.replace("ok 3 no_unknown_bits",
                                     "ok 3 no_unknown_bits\n    ok 4 extra"
                                     ).replace("    1..3", "    1..4")
        runs = [run_of("a", samples.GOOD), run_of("b", other)]
        labels = [line.split()[0] for line in
                  report.table(runs, report.all_cases(runs)).splitlines()]
        self.assertEqual(labels.index("extra"),
                         labels.index("no_unknown_bits") + 1)

    def test_failures(self):
        lines = report.failures(self.cases)
        self.assertIn("FAIL p11-v2: compat_caps/caps_cumulative: "
                      "got 0x2000000000000000", lines)
        self.assertTrue(any(line.startswith("FAIL powernv9: kernel: kernel panic")
                            for line in lines))

    def test_files(self):
        ms = [machines.get(r.machine) for r in self.runs]
        with tempfile.TemporaryDirectory() as tmp:
            json_path, xml_path = report.write(Path(tmp), self.runs, ms, self.cases)
            doc = json.loads(json_path.read_text())
            self.assertEqual(doc["summary"],
                             {"passed": 6, "failed": 5, "skipped": 2})
            first = doc["machines"][0]
            self.assertEqual(first["name"], "p10-v1")
            self.assertEqual(first["status"], "pass")
            self.assertEqual(first["info"]["/dev/kvm"], "present")
            self.assertEqual(first["tests"][0]["subtests"][0]["name"], "caps_match")
            self.assertEqual(doc["machines"][2]["status"], "fail")

            root = ET.parse(xml_path).getroot()
            self.assertEqual(root.tag, "testsuites")
            suites = root.findall("testsuite")
            self.assertEqual([s.get("name") for s in suites],
                             [r.machine for r in self.runs])
            cases = root.findall("testsuite/testcase")
            self.assertEqual(len(cases), len(self.cases))
            # CRASH's panic and 2 KTAP errors are the harness's: errors
            self.assertEqual(len(root.findall("testsuite/testcase/failure")), 2)
            self.assertEqual(len(root.findall("testsuite/testcase/error")), 3)
            self.assertEqual(root.get("errors"), "3")
            self.assertEqual(root.get("failures"), "2")
            self.assertEqual(len(root.findall("testsuite/testcase/skipped")), 2)
            for s in suites:
                self.assertEqual(int(s.get("tests")), len(s.findall("testcase")))

    def test_junit_times(self):
        root = ET.fromstring(report.junit_xml(self.runs, self.cases).encode())
        times = {c.get("name"): float(c.get("time"))
                 for c in root.findall("testsuite[@name='p10-v1']/testcase")}
        self.assertTrue(any(t > 0 for t in times.values()), times)

    def test_junit_control_characters(self):
        log = samples.GOOD.replace("    ok 1 caps_match",
                                   "    # junk \x01\x1b[0m\x07\n    ok 1 caps_match")
        text = report.junit_xml([run_of("m", log)],
                                report.all_cases([run_of("m", log)]))
        ET.fromstring(text.encode())


if __name__ == "__main__":
    unittest.main()
