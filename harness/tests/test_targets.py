"""harness.targets: loading the targets and what they expect."""
import tempfile
import unittest
from pathlib import Path

from harness import machines, targets


def write_target(root, name, text):
    (root / name).mkdir(parents=True)
    (root / name / "target.mk").write_text(text)


GOOD = """# a comment
DESCRIPTION := a kernel
BASE_VERSION := 7.2
BASE_SUITES := sid
FRAGMENTS := configs/kvm-ppc64le.config
ANSWERS := pseries
STAGES := matrix check
"""


class Targets(unittest.TestCase):
    def test_the_project_targets_load(self):
        names = targets.names()
        self.assertIn(targets.DEFAULT, names)
        self.assertIn("mainline-7.3", names)
        for t in targets.all_targets():
            with self.subTest(t.name):
                self.assertEqual(bool(t.answers), targets.MATRIX in t.stages)
                if t.name != "mainline-7.3":
                    self.assertTrue(t.patches)

    def test_expected_answers(self):
        ours = targets.load("v7.2")
        mainline = targets.load("mainline-7.3")
        p10 = machines.get("p11-p10mode-v2")
        nv = machines.get("powernv10")
        pr = machines.get("pr-hash")
        self.assertEqual(ours.expected_caps(p10), machines.P9_P10)
        self.assertEqual(mainline.expected_caps(p10), machines.P9_P10)
        self.assertEqual(ours.expected_caps(nv), machines.P9_P10)
        self.assertIsNone(mainline.expected_caps(nv))
        self.assertIsNone(ours.expected_caps(pr))
        env = targets.guest_env(mainline, nv)
        self.assertEqual(env["KVM_PPC_COMPAT_CAPS_EXPECTED"], "none")
        self.assertEqual(targets.guest_env(ours, nv)["KVM_PPC_COMPAT_CAPS_EXPECTED"],
                         "0x6000000000000000")
        self.assertEqual(targets.guest_env(ours, pr)["KVM_PPC_PR_EXPECTED"], "1")

    def test_unknown_target(self):
        with tempfile.TemporaryDirectory() as tmp:
            write_target(Path(tmp), "a", GOOD)
            with self.assertRaisesRegex(targets.BadTarget, "unknown target 'b'.*: a"):
                targets.load("b", Path(tmp))

    def test_missing_setting(self):
        with tempfile.TemporaryDirectory() as tmp:
            write_target(Path(tmp), "a", GOOD.replace("ANSWERS := pseries\n", ""))
            with self.assertRaisesRegex(targets.BadTarget, "lacks ANSWERS"):
                targets.load("a", Path(tmp))
            write_target(Path(tmp), "b", GOOD.replace("ANSWERS := pseries\n", "")
                         .replace("matrix check", "check"))
            self.assertEqual(targets.load("b", Path(tmp)).answers, ())
            write_target(Path(tmp), "c", GOOD.replace("matrix check", "check")
                         + "COMPARE_WITH := a\n")
            with self.assertRaisesRegex(targets.BadTarget, "no matrix"):
                targets.load("c", Path(tmp))

    def test_bad_line_and_platform(self):
        with tempfile.TemporaryDirectory() as tmp:
            write_target(Path(tmp), "a", GOOD + "OOPS = 1\n")
            with self.assertRaisesRegex(targets.BadTarget, "target.mk:8"):
                targets.load("a", Path(tmp))
            write_target(Path(tmp), "b", GOOD.replace("pseries", "bookE"))
            with self.assertRaisesRegex(targets.BadTarget, "ANSWERS names bookE"):
                targets.load("b", Path(tmp))

    def test_names_another_target_that_does_not_exist(self):
        with tempfile.TemporaryDirectory() as tmp:
            write_target(Path(tmp), "a", GOOD + "TESTS_FROM := nope\n")
            with self.assertRaisesRegex(targets.BadTarget, "'nope'"):
                targets.load("a", Path(tmp))
