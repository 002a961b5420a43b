import unittest

from harness import ktap
from harness.ktap import FAIL, PASS, SKIP

from . import samples


class ParseGood(unittest.TestCase):
    def setUp(self):
        self.log = ktap.parse(samples.GOOD)

    def test_tree(self):
        self.assertEqual(self.log.version, 1)
        self.assertEqual(self.log.plan, 2)
        self.assertEqual([t.name for t in self.log.tests],
                         ["compat_caps", "vm_types"])
        caps = self.log.tests[0]
        self.assertEqual(caps.status, PASS)
        self.assertEqual(caps.plan, 3)
        self.assertEqual([(s.number, s.name, s.status) for s in caps.subtests],
                         [(1, "caps_match", PASS), (2, "caps_cumulative", PASS),
                          (3, "no_unknown_bits", PASS)])
        self.assertEqual(caps.time, 0.05)

    def test_no_errors(self):
        self.assertEqual(self.log.errors, [])
        self.assertTrue(self.log.complete)
        for t, _ in ktap.walk(self.log.tests):
            self.assertEqual(t.errors, [], t.name)

    def test_skip_and_harness_lines(self):
        vm = self.log.tests[1]
        self.assertEqual(vm.subtests[1].status, SKIP)
        self.assertEqual(vm.subtests[1].reason, "SKIP KVM-PR needs a hash MMU")
        self.assertIn("RUN           global.create_hv ...", vm.diagnostics)

    def test_diagnostics(self):
        self.assertIn("/dev/kvm: present", self.log.preamble)
        self.assertIn("cpu\t\t: POWER10 (architected), altivec supported",
                      self.log.preamble)
        self.assertIn("init: powering off", self.log.diagnostics)
        self.assertIn("KVM_PPC_COMPAT_CAPS_EXPECTED=0x6000000000000000",
                      self.log.tests[0].diagnostics)


class ParseBad(unittest.TestCase):
    def test_failure(self):
        log = ktap.parse(samples.FAILURE)
        self.assertEqual(log.errors, [])
        caps, missing = log.tests
        self.assertEqual(caps.status, FAIL)
        self.assertEqual(caps.reason, "exit=1")
        self.assertEqual(caps.subtests[1].status, FAIL)
        self.assertEqual(caps.subtests[1].reason, "got 0x2000000000000000")
        self.assertEqual(missing.status, FAIL)
        self.assertEqual(missing.subtests, [])

    def test_program_skip(self):
        log = ktap.parse(samples.SKIPPED)
        prog = log.tests[0]
        self.assertEqual(prog.status, SKIP)
        self.assertEqual(prog.plan, 0)
        self.assertEqual(prog.reason, "SKIP no /dev/kvm")
        self.assertEqual(prog.errors, [])

    def test_crash_midway(self):
        log = ktap.parse(samples.CRASH)
        self.assertFalse(log.complete)
        self.assertEqual(len(log.tests), 1)
        text = " ".join(log.errors)
        self.assertIn("test 2 stops before its result line", text)
        self.assertIn("planned 3 tests, got 1", text)

    def test_no_ktap(self):
        with self.assertRaises(ktap.NoKtap):
            ktap.parse(samples.NO_KTAP)
        with self.assertRaises(ktap.NoKtap):
            ktap.parse("")

    def test_no_plan(self):
        log = ktap.parse("KTAP version 1\n# kernel: x\n")
        self.assertIn("no plan line", " ".join(log.errors))

    def test_nested_plan_mismatch(self):
        log = ktap.parse("KTAP version 1\n1..1\n    1..3\n    ok 1 a\n"
                         "ok 1 prog\n")
        self.assertEqual(log.errors, [])
        self.assertIn("planned 3 tests, got 1", " ".join(log.tests[0].errors))

    def test_nested_results_without_plan(self):
        log = ktap.parse("KTAP version 1\n1..1\n    ok 1 a\nok 1 prog\n")
        self.assertIn("no plan", " ".join(log.tests[0].errors))

    def test_out_of_order(self):
        log = ktap.parse("KTAP version 1\n1..2\nok 2 b\nok 1 a\n")
        self.assertIn("expected 1", " ".join(log.errors))


class Interleaving(unittest.TestCase):
    def test_printk_and_cr(self):
        log = ktap.parse(samples.INTERLEAVED)
        self.assertEqual(log.errors, [])
        prog = log.tests[0]
        self.assertEqual(prog.errors, [])
        self.assertEqual([(s.name, s.status) for s in prog.subtests],
                         [("foo", PASS), ("bar", FAIL)])

    def test_clean_lines(self):
        self.assertEqual(ktap.clean_lines("a\r\n[    1.000000] x\r\nb"),
                         ["a", "b"])
        self.assertEqual(ktap.clean_lines("\x1b[0mok 1 a"), ["ok 1 a"])
        # A bracketed number in test output is not a timestamp.
        self.assertEqual(ktap.clean_lines("# got [1.5]"), ["# got [1.5]"])

    def test_unended_line_is_not_joined_to_header(self):
        # Seen on pseries: a half line, then kernel lines, then init.
        text = ("\rLinux ppc64le\r\n#1 SMP PREEMPT M[    0.195651] nvram: x\n"
                + "".join(f"[    0.{i:06d}] kernel\n" for i in range(20))
                + "KTAP version 1\n1..0\n")
        self.assertEqual(ktap.parse(text).errors, [])
        lines = ktap.clean_lines(text)
        self.assertIn("#1 SMP PREEMPT M", lines)
        self.assertIn("KTAP version 1", lines)

    def test_cut_indentation_is_kept(self):
        text = "KTAP version 1\n1..1\n    1..1\n    [    1.000000] x\nok 1 a\nok 1 p\n"
        log = ktap.parse(text)
        self.assertEqual(log.errors, [])
        self.assertEqual(log.tests[0].subtests[0].name, "a")

    def test_skiboot_timestamps(self):
        lines = ktap.clean_lines("[    0.005426478,5] OPAL v7.1 starting\nx")
        self.assertEqual(lines, ["x"])


class Directives(unittest.TestCase):
    def result(self, line):
        return ktap.parse(f"KTAP version 1\n1..1\n{line}\n").tests[0]

    def test_directives(self):
        self.assertEqual(self.result("ok 1 a # SKIP why").status, SKIP)
        self.assertEqual(self.result("not ok 1 a # SKIP why").status, SKIP)
        self.assertEqual(self.result("not ok 1 a # TODO later").status, SKIP)
        self.assertEqual(self.result("ok 1 a # XFAIL known").status, PASS)
        self.assertEqual(self.result("not ok 1 a # TIMEOUT").status, FAIL)
        self.assertEqual(self.result("ok 1 - a").name, "a")

    def test_reason(self):
        t = self.result("not ok 1 prog # signal=11")
        self.assertEqual((t.name, t.status, t.reason), ("prog", FAIL, "signal=11"))


if __name__ == "__main__":
    unittest.main()
