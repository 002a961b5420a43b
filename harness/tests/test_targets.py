"""harness.targets: loading the targets and what they expect."""
import re
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
FRAGMENTS := configs/kvm-ppc64le.config
ANSWERS := pseries
STAGES := matrix bench
"""


SERIES = """DESCRIPTION := a fix
BASE_VERSION := 7.2
FOR_TREE := powerpc
FRAGMENTS := configs/kvm-ppc64le.config
CHECK_GATES := checkpatch
TESTED_ON := a
"""


def write_series(root, name, text):
    (root / name).mkdir(parents=True)
    (root / name / "series.mk").write_text(text)


class Targets(unittest.TestCase):
    def test_the_project_targets_load(self):
        names = targets.names()
        self.assertIn(targets.DEFAULT, names)
        self.assertIn("mainline-7.3", names)
        for t in targets.all_targets():
            with self.subTest(t.name):
                self.assertEqual(bool(t.answers), targets.MATRIX in t.stages)
                self.assertTrue(t.series)
        for s in targets.all_series():
            with self.subTest(s.name):
                self.assertTrue(s.patches)
                self.assertIn(s.tested_on, names)

    def test_no_patch_is_stored_twice(self):
        # the same subject and the same changed lines in two files
        seen = {}
        for s in targets.all_series():
            for p in s.patches:
                text = p.read_text()
                subject = re.search(r"^Subject: (.*(?:\n .*)*)", text, re.M).group(1)
                changed = [line for line in text.split("\n---\n", 1)[1].splitlines()
                           if line[:1] in "+-" and line[:3] not in ("+++", "---")]
                key = (subject, tuple(changed))
                with self.subTest(p.name):
                    self.assertFalse(key in seen, f"{p} is also {seen.get(key)}")
                seen[key] = p

    def test_each_series_touches_its_own_tree(self):
        # the selftests go to the KVM selftest maintainers: nothing else in
        # them; the kernel series touch no selftest
        def paths(series):
            return {m for p in targets.load_series(series).patches
                    for m in re.findall(r"^diff --git a/(\S+) ", p.read_text(), re.M)}
        selftests = paths("kvm-selftests")
        self.assertTrue(selftests)
        self.assertEqual(set(), {f for f in selftests if f != "MAINTAINERS" and
                                 not f.startswith("tools/testing/selftests/kvm/")})
        for series in ("nested-v2-fix", "compat-levels", "lockdep-fix", "backport-7.2"):
            with self.subTest(series):
                self.assertFalse({f for f in paths(series) if f.startswith("tools/")})

    def test_unknown_setting_is_an_error(self):
        with tempfile.TemporaryDirectory() as tmp:
            write_target(Path(tmp), "a", GOOD + "CHEK_GATES := all\n")
            with self.assertRaisesRegex(targets.BadTarget, "target.mk:7: unknown setting CHEK_GATES"):
                targets.load("a", Path(tmp))

    def test_series_and_stacks(self):
        with tempfile.TemporaryDirectory() as tmp:
            troot, sroot = Path(tmp) / "targets", Path(tmp) / "series"
            write_series(sroot, "fix", SERIES)
            write_series(sroot, "more", SERIES + "DEPENDS := fix\n")
            self.assertEqual(("fix",), targets.load_series("more", sroot).depends)
            write_target(troot, "a", GOOD + "SERIES := fix more\n")
            self.assertEqual(("fix", "more"), targets.load("a", troot, sroot).series)
            write_target(troot, "b", GOOD + "SERIES := more\n")
            with self.assertRaisesRegex(targets.BadTarget, "depends on 'fix'"):
                targets.load("b", troot, sroot)
            write_target(troot, "c", GOOD + "SERIES := nope\n")
            with self.assertRaisesRegex(targets.BadTarget, "series 'nope'"):
                targets.load("c", troot, sroot)
            # a series under the base: applied first, and counts for DEPENDS
            write_target(troot, "d", GOOD + "BASE_SERIES := fix\nSERIES := more\n")
            d = targets.load("d", troot, sroot)
            self.assertEqual((("fix",), ("more",)), (d.base_series, d.series))
            write_target(troot, "e", GOOD + "BASE_SERIES := nope\nSERIES := fix\n")
            with self.assertRaisesRegex(targets.BadTarget, "series 'nope'"):
                targets.load("e", troot, sroot)
            write_series(sroot, "bad", SERIES.replace("TESTED_ON := a\n", ""))
            with self.assertRaisesRegex(targets.BadTarget, "lacks TESTED_ON"):
                targets.load_series("bad", sroot)

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
                         .replace("matrix bench", "bench"))
            self.assertEqual(targets.load("b", Path(tmp)).answers, ())
            write_target(Path(tmp), "c", GOOD.replace("matrix bench", "bench")
                         + "COMPARE_WITH := a\n")
            with self.assertRaisesRegex(targets.BadTarget, "no matrix"):
                targets.load("c", Path(tmp))

    def test_bad_line_and_platform(self):
        with tempfile.TemporaryDirectory() as tmp:
            write_target(Path(tmp), "a", GOOD + "OOPS = 1\n")
            with self.assertRaisesRegex(targets.BadTarget, "target.mk:7"):
                targets.load("a", Path(tmp))
            write_target(Path(tmp), "b", GOOD.replace("pseries", "bookE"))
            with self.assertRaisesRegex(targets.BadTarget, "ANSWERS names bookE"):
                targets.load("b", Path(tmp))

    def test_names_another_target_that_does_not_exist(self):
        with tempfile.TemporaryDirectory() as tmp:
            write_target(Path(tmp), "a", GOOD + "COMPARE_WITH := nope\n")
            with self.assertRaisesRegex(targets.BadTarget, "'nope'"):
                targets.load("a", Path(tmp))
