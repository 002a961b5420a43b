import contextlib
import io
import json
import tempfile
import unittest
from pathlib import Path

from harness import e2e, ktap, machines, report, stage

from .test_qemu import fake_qemu

# Console logs of the L1s, shaped like the real ones (build/results/e2e/).

L1_BOOT = """\
$ qemu-system-ppc64 -M pseries ...
[    0.000000] Linux version 7.2.13+ (ppc64le)
[    1.225109] Unpacking initramfs...
Linux ppc64le
#5 SMP PREEMPT M[    1.734989] nvram: Failed to initialize oops partition!
[    2.918520] Run /init as init process
"""

CONSUMER_P10 = """\
e2e: qemu: QEMU emulator version 10.0.2 (Debian 1:10.0.2+ds-2+deb13u1~bpo12+1)
e2e: consumer: begin
    KVM_CAP_PPC_COMPAT_CAPS: 1
    compat_capabilities: 0x6000000000000000
    modes: power9 power10
    highest: power10
    qemu machine option: max-cpu-compat=power10
e2e: consumer: end exit=0
"""

ARGS = ("-M pseries,x-vof=on{} -accel kvm -cpu host -smp 1 -m 256M -nographic "
        "-vga none -no-reboot -kernel /l2/vmlinux -initrd /l2/initramfs.cpio "
        "-append 'console=hvc0 panic=-1 quiet'")


def begin(n, name, compat=""):
    return (f"e2e: case {n} begin {name}: "
            + ARGS.format(f",max-cpu-compat={compat}" if compat else "") + "\n")


def l2_boot(cpu):
    return f"""\
    KVM: Failed to create TCE64 table for liobn 0x71000002
    qemu-system-ppc64: warning: kernel_irqchip allowed but unavailable: IRQ_XIVE capability must be present for KVM
    Falling back to kernel-irqchip=off
    [    0.170895] nvram: Failed to find or create ibm,rtas-log partition, err -28
    KTAP version 1
    # kernel: 7.2.13+ #5 SMP PREEMPT ppc64le
    # cpu\t\t: {cpu}, altivec supported
    # platform\t: pSeries
    # /dev/kvm: present
    1..0
    # init: powering off
    [    1.746248] reboot: Power down
"""


REFUSED_AT_RUN = """\
    KVM: Failed to create TCE64 table for liobn 0x71000002
    error: kvm run failed Invalid argument
    NIP 0000000000000148   LR 00000000000003f8 CTR 0000000000000000
"""

REFUSED_AT_SET = """\
    KVM: Failed to create TCE64 table for liobn 0x71000002
    qemu-system-ppc64: Unable to set CPU compatibility mode in KVM: Invalid argument
"""


def p10mode_log(machine="p11-p10mode-v2"):
    return (L1_BOOT + f"e2e: begin {machine}\n"
            "e2e: cpu: POWER10 (architected), altivec supported\n"
            "e2e: kvm: present\n" + CONSUMER_P10
            + begin(1, "cpu host alone") + REFUSED_AT_RUN
            + "e2e: case 1 end stopped time=3.1\n"
            + begin(2, "consumer option", "power10")
            + l2_boot("POWER10 (architected)")
            + "e2e: case 2 end exit=0 time=4.4\n"
            + begin(3, "level below", "power9")
            + l2_boot("POWER9 (architected)")
            + "e2e: case 3 end exit=0 time=5.0\n"
            + begin(4, "level above", "power11") + REFUSED_AT_SET
            + "e2e: case 4 end exit=1 time=1.2\n"
            "e2e: done\n[   17.204066] reboot: Power down\n")


P11_LOG = (L1_BOOT + "e2e: begin p11-v2\n"
           "e2e: cpu: Power11 (architected), altivec supported\n"
           "e2e: kvm: present\n"
           + CONSUMER_P10.replace("modes: power9 power10",
                                  "modes: power9 power10 power11")
           .replace("power10\n", "power11\n")
           + begin(1, "cpu host alone") + l2_boot("Power11 (architected)")
           + "e2e: case 1 end exit=0 time=5.8\n"
           + begin(2, "consumer option", "power11")
           + l2_boot("Power11 (architected)")
           + "e2e: case 2 end exit=0 time=4.6\n"
           + begin(3, "level below", "power10")
           + l2_boot("POWER10 (architected)")
           + "e2e: case 3 end exit=0 time=5.0\n"
           "e2e: case 4 skip level above: the host runs power11, no level above it\n"
           "e2e: done\n")


def judged(name, text, **kw):
    run = e2e.L1Run(name, Path(f"out/{name}.log"), ["qemu"], wall=20.0,
                    exit_code=kw.pop("exit_code", 0), **kw)
    run.console = e2e.parse(text)
    return e2e.judge(e2e.get(name), run)


def statuses(results):
    return {r.name.split(": ", 1)[1]: r.status for r in results}


def unsplice(lines):
    return [line for line, _ in ktap.console_lines("\n".join(lines),
                                                   relayed=True)]


class RelayedConsole(unittest.TestCase):
    """ktap.console_lines(relayed=True), as parse() reads an L1's console."""

    def test_one_joiner(self):
        # Without a relayed console the L1's lines are the matrix's lines
        console = ("e2e: case 2 end ex[   49.996833] KVM: x\nit=0 time=17.9\n"
                   "    ok 1 fo[    1.000000] y\no\n")
        self.assertEqual(ktap.console_lines(console, relayed=True),
                         ktap.console_lines(console))
        self.assertEqual(ktap.clean_lines(console),
                         ["e2e: case 2 end exit=0 time=17.9", "    ok 1 foo", ""])
    def test_printk_in_a_marker(self):
        lines = ["e2e: case 2 end ex[   49.996833] KVM: TLB LPID invalidation "
                 "hcall failed, rc=-2", "it=0 time=17.9"]
        self.assertEqual(unsplice(lines),
                         ["[   49.996833] KVM: TLB LPID invalidation hcall "
                          "failed, rc=-2", "e2e: case 2 end exit=0 time=17.9"])

    def test_printk_in_relayed_l2_printk(self):
        lines = ["    [    0.000000] PPC64 nvram contains 65536 [   41.721501] "
                 "KVM-NESTEDv2: couldn't register the L2 VPA (rc=-56)", "bytes"]
        out = unsplice(lines)
        self.assertEqual(out[-1], "    [    0.000000] PPC64 nvram contains 65536 bytes")

    def test_relayed_printk_left_alone(self):
        lines = ["    [    1.746248] reboot: Power down", "e2e: done"]
        self.assertEqual(unsplice(lines), lines)

    def test_unended_kernel_line_across_printks(self):
        lines = ["#5 SMP PREEMPT M[    0.734989] nvram: x",
                 "[    0.780187] EEH: pSeries platform initialized",
                 "[    2.950927] Run /init as init process", "e2e: begin m"]
        out = unsplice(lines)
        self.assertIn("[    2.950927] Run /init as init process", out)
        self.assertEqual(out[-1], "#5 SMP PREEMPT Me2e: begin m")
        self.assertTrue(e2e.parse("\n".join(lines)).began)


class Parse(unittest.TestCase):
    def test_p10mode(self):
        c = e2e.parse(p10mode_log())
        self.assertTrue(c.began and c.done)
        self.assertEqual(c.machine, "p11-p10mode-v2")
        self.assertEqual(c.cpu, "POWER10 (architected), altivec supported")
        self.assertEqual(c.kvm, "present")
        self.assertTrue(c.qemu.startswith("QEMU emulator version 10.0.2"))
        self.assertEqual(c.consumer_exit, 0)
        self.assertEqual(c.modes, e2e.machines.P9_P10)
        self.assertEqual(c.option, "max-cpu-compat=power10")
        self.assertEqual(sorted(c.cases), [1, 2, 3, 4])
        self.assertEqual(c.cases[1].end, "stopped")
        self.assertEqual((c.cases[2].end, c.cases[2].exit_code, c.cases[2].time),
                         ("exit", 0, 4.4))
        self.assertIn("max-cpu-compat=power9", c.cases[3].args)
        self.assertIsNone(c.current)

    def test_skip(self):
        c = e2e.parse(P11_LOG)
        self.assertEqual(c.cases[4].skip, "the host runs power11, no level above it")

    def test_stops_mid_case(self):
        text = p10mode_log().split("e2e: case 2 end")[0]
        c = e2e.parse(text)
        self.assertFalse(c.done)
        self.assertEqual(c.current, 2)
        self.assertIsNone(c.cases[2].end)


class Outcome(unittest.TestCase):
    def case(self, body, end="e2e: case 1 end exit=0 time=2.0\n"):
        return e2e.parse(begin(1, "x") + body + end).cases[1]

    def test_refused_at_run(self):
        o = e2e.outcome(self.case(REFUSED_AT_RUN, "e2e: case 1 end stopped time=3.1\n"))
        self.assertEqual((o.kind, o.where), (e2e.REFUSED, "KVM_RUN"))
        self.assertEqual(o.message, "refused: kvm run failed Invalid argument")

    def test_refused_at_set_one_reg(self):
        o = e2e.outcome(self.case(REFUSED_AT_SET, "e2e: case 1 end exit=1 time=1.2\n"))
        self.assertEqual((o.kind, o.where), (e2e.REFUSED, "KVM_SET_ONE_REG"))
        self.assertEqual(str(o), "refused at KVM_SET_ONE_REG")

    def test_refusal_seen_before_timeout(self):
        o = e2e.outcome(self.case(REFUSED_AT_RUN, "e2e: case 1 end timeout=25\n"))
        self.assertEqual(o.kind, e2e.REFUSED)

    def test_booted(self):
        o = e2e.outcome(self.case(l2_boot("POWER10 (architected)")))
        self.assertEqual((o.kind, o.level), (e2e.BOOTED, 10))
        self.assertEqual(o.message, "booted at POWER10 (architected), 2.0 s")
        self.assertEqual(str(o), "booted POWER10 (2.0 s)")

    def test_booted_raw_power11(self):
        o = e2e.outcome(self.case(l2_boot("Power11 (raw)")))
        self.assertEqual((o.kind, o.level), (e2e.BOOTED, 11))

    def test_l2_hung(self):
        body = l2_boot("POWER10 (architected)").split("    1..0")[0]
        o = e2e.outcome(self.case(body, "e2e: case 1 end timeout=25\n"))
        self.assertEqual(o.kind, e2e.TIMEOUT)
        self.assertIn("timed out after 25 s", o.message)
        self.assertIn("POWER10 (architected)", o.message)

    def test_no_power_off_is_not_a_boot(self):
        body = l2_boot("POWER10 (architected)").replace("reboot: Power down", "")
        o = e2e.outcome(self.case(body, "e2e: case 1 end exit=1 time=2.0\n"))
        self.assertEqual(o.kind, e2e.FAILED)

    def test_qemu_error(self):
        body = "    qemu-system-ppc64: -M pseries,max-cpu-compat=power12: bad\n"
        o = e2e.outcome(self.case(body, "e2e: case 1 end exit=1 time=0.3\n"))
        self.assertEqual(o.kind, e2e.FAILED)
        self.assertEqual(o.message, "QEMU exited with status 1: "
                         "-M pseries,max-cpu-compat=power12: bad")

    def test_l2_panic(self):
        body = l2_boot("POWER10 (architected)").replace(
            "    # init: powering off",
            "    [    1.500000] Kernel panic - not syncing: Attempted to kill init!")
        o = e2e.outcome(self.case(body))
        self.assertEqual(o.kind, e2e.FAILED)
        self.assertIn("L2 kernel panic", o.message)

    def test_lost(self):
        o = e2e.outcome(e2e.parse(begin(1, "x") + "    half").cases[1])
        self.assertEqual(o.kind, e2e.LOST)


class Expectations(unittest.TestCase):
    def test_field_case(self):
        l1 = e2e.get("p11-p10mode-v2")
        self.assertEqual((l1.raw_level, l1.highest), (11, 10))
        x = e2e.expectations(l1)
        self.assertEqual(x[1], e2e.Expect(e2e.REFUSED))
        self.assertEqual(x[2], e2e.Expect(e2e.BOOTED, 10))
        self.assertEqual(x[3], e2e.Expect(e2e.BOOTED, 9))
        self.assertEqual(x[4], e2e.Expect(e2e.REFUSED))

    def test_raw_power11(self):
        x = e2e.expectations(e2e.get("p11-v2"))
        self.assertEqual(x[1], e2e.Expect(e2e.BOOTED, 11))
        self.assertEqual(x[2], e2e.Expect(e2e.BOOTED, 11))
        self.assertEqual(x[3], e2e.Expect(e2e.BOOTED, 10))
        self.assertEqual(x[4].kind, e2e.SKIPPED)

    def test_default_l1s(self):
        self.assertEqual([l.name for l in e2e.select(None)], list(e2e.DEFAULT_L1S))
        with self.assertRaises(e2e.machines.UnknownMachine):
            e2e.select("nope")


class Judge(unittest.TestCase):
    def test_field_case_passes(self):
        results = judged("p11-p10mode-v2", p10mode_log())
        self.assertEqual(statuses(results), {
            "0 consumer": "pass", "1 cpu host alone": "pass",
            "2 consumer option": "pass", "3 level below": "pass",
            "4 level above": "pass"})
        self.assertEqual(results[1].message,
                         "refused: kvm run failed Invalid argument")

    def test_nested_v1(self):
        results = judged("p11-p10mode-v1", p10mode_log("p11-p10mode-v1"))
        self.assertTrue(all(r.status == "pass" for r in results))

    def test_raw_power11(self):
        results = judged("p11-v2", P11_LOG)
        self.assertEqual(statuses(results), {
            "0 consumer": "pass", "1 cpu host alone": "pass",
            "2 consumer option": "pass", "3 level below": "pass",
            "4 level above": "skip"})
        self.assertEqual(results[-1].message,
                         "the host runs power11, no level above it")

    def test_the_bug_boots_in_the_wrong_mode(self):
        # Without the arch_compat validation: -cpu host boots as Power11
        log = p10mode_log().replace(REFUSED_AT_RUN, l2_boot("Power11 (raw)")) \
            .replace("e2e: case 1 end stopped time=3.1", "e2e: case 1 end exit=0 time=4.0")
        r = judged("p11-p10mode-v2", log)[1]
        self.assertEqual(r.status, "fail")
        self.assertEqual(r.message, "expected refused, got booted at Power11 "
                         "(raw), 4.0 s (see out/p11-p10mode-v2.log)")

    def test_wrong_modes_from_the_consumer(self):
        log = p10mode_log().replace("modes: power9 power10",
                                    "modes: power9 power10 power11")
        r = judged("p11-p10mode-v2", log)[0]
        self.assertEqual(r.status, "fail")
        self.assertIn("expected P9 P10, max-cpu-compat=power10, got P9 P10 P11",
                      r.message)

    def test_capability_absent(self):
        log = p10mode_log().split("e2e: consumer: begin")[0] + (
            "e2e: consumer: begin\n    KVM_CAP_PPC_COMPAT_CAPS: 0\n"
            "    compat_consumer: error: KVM_CAP_PPC_COMPAT_CAPS is not available\n"
            "e2e: consumer: end exit=1\n" + begin(1, "cpu host alone")
            + REFUSED_AT_RUN + "e2e: case 1 end stopped time=3.1\n"
            "e2e: case 2 skip consumer option: the consumer printed no option\n"
            "e2e: case 3 skip level below: the consumer printed no option\n"
            "e2e: case 4 skip level above: the consumer printed no option\n"
            "e2e: done\n")
        s = statuses(judged("p11-p10mode-v2", log))
        self.assertEqual(s, {"0 consumer": "fail", "1 cpu host alone": "pass",
                             "2 consumer option": "fail",
                             "3 level below": "fail", "4 level above": "fail"})

    def test_l2_hang(self):
        body = l2_boot("POWER10 (architected)").split("    1..0")[0]
        log = p10mode_log().replace(
            l2_boot("POWER10 (architected)") + "e2e: case 2 end exit=0 time=4.4",
            body + "e2e: case 2 end timeout=25")
        results = judged("p11-p10mode-v2", log)
        r = results[2]
        self.assertEqual(r.status, "fail")
        self.assertIn("timed out after 25 s: the L2 hung", r.message)
        self.assertIn("out/p11-p10mode-v2.log", r.message)
        self.assertEqual([x.status for x in results if x is not r],
                         ["pass"] * 4)

    def test_l1_hang(self):
        log = p10mode_log().split("e2e: case 2 end")[0] + "\ne2e: killed after 90 s\n"
        results = judged("p11-p10mode-v2", log, timed_out=True, timeout=90,
                         exit_code=None)
        first = results[0]
        self.assertEqual(first.name, "p11-p10mode-v2: (L1)")
        self.assertEqual(first.message, "L1 hung: killed after 90 s during "
                         "case 2 (see out/p11-p10mode-v2.log)")
        s = statuses(results)
        self.assertEqual(s["1 cpu host alone"], "pass")
        for case in ("2 consumer option", "3 level below", "4 level above"):
            self.assertEqual(s[case], "fail")
        self.assertEqual(results[-1].message,
                         "not run: the L1 failed, see 'p11-p10mode-v2: (L1)'")

    def test_l1_hang_before_init(self):
        results = judged("p11-p10mode-v2", L1_BOOT.split("[    2.9")[0],
                         timed_out=True, timeout=90, exit_code=None)
        self.assertIn("before its /init ran", results[0].message)
        self.assertEqual(len(results), 6)
        self.assertTrue(all(r.status == "fail" for r in results))

    def test_qemu_missing_in_image(self):
        consumer = P11_LOG.split("e2e: consumer: begin")[1].split("e2e: case 1")[0]
        log = (L1_BOOT + "e2e: begin p11-v2\ne2e: cpu: Power11\ne2e: kvm: present\n"
               "e2e: consumer: begin" + consumer +
               "e2e: error: qemu: /usr/bin/qemu-system-ppc64: No such file or directory\n"
               "e2e: done\n")
        results = judged("p11-v2", log)
        self.assertEqual(results[0].message,
                         "QEMU does not run in the L1 image: /usr/bin/"
                         "qemu-system-ppc64: No such file or directory "
                         "(see out/p11-v2.log)")
        self.assertEqual([r.status for r in results],
                         ["fail", "pass", "fail", "fail", "fail", "fail"])
        self.assertEqual(results[2].message,
                         "not run: the L1 failed, see 'p11-v2: (L1)'")

    def test_l1_panic(self):
        log = p10mode_log().replace(
            "[   17.204066] reboot: Power down",
            "[   17.200000] Kernel panic - not syncing: Fatal exception")
        results = judged("p11-p10mode-v2", log)
        self.assertEqual(results[0].name, "p11-p10mode-v2: (L1)")
        self.assertIn("L1 kernel panic", results[0].message)

    def test_l0_qemu_missing(self):
        run = e2e.L1Run("p11-v2", Path("x.log"), [], error="cannot run qemu-x")
        results = e2e.judge(e2e.get("p11-v2"), run)
        self.assertEqual(results[0].message, "cannot run qemu-x (see x.log)")


class Document(unittest.TestCase):
    def test_schema_and_report(self):
        results = (judged("p11-p10mode-v2", p10mode_log())
                   + judged("p11-v2", P11_LOG))
        doc = e2e.document(results)
        self.assertEqual(set(doc), {"suite", "passed", "failed", "skipped", "tests"})
        self.assertEqual((doc["suite"], doc["passed"], doc["failed"],
                          doc["skipped"]), ("e2e", 9, 0, 1))
        self.assertEqual(doc["tests"][1], {
            "name": "p11-p10mode-v2: 1 cpu host alone", "status": "pass",
            "message": "refused: kvm run failed Invalid argument"})
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "e2e.json"
            stage.write(path, doc)
            loaded = stage.load(path)
        cases = list(report.stage_cases(loaded, path))
        self.assertEqual(report.summary_line(cases), "9 passed, 0 failed, 1 skipped")
        self.assertEqual(cases[0].suite, "e2e")

    def test_table(self):
        text = e2e.table(judged("p11-p10mode-v2", p10mode_log()))
        lines = text.splitlines()
        self.assertEqual(lines[0].split(), ["L1", "case", "outcome",
                                            "expected", "result"])
        self.assertRegex(lines[2], r"^p11-p10mode-v2\s+1 cpu host alone\s+"
                         r"refused at KVM_RUN\s+refused\s+PASS$")
        self.assertRegex(lines[3], r"booted POWER10 \(4\.4 s\)\s+boots POWER10\s+PASS$")

    def test_image_error(self):
        with tempfile.TemporaryDirectory() as d:
            log = Path(d) / "image.log"
            log.write_text("fetch-vmm: updating the package lists\nfetch-vmm: "
                           "error: apt-get update failed: is deb.debian.org "
                           "reachable? see /c/apt/update.log\n")
            out = Path(d) / "e2e.json"
            with contextlib.redirect_stdout(io.StringIO()) as said:
                self.assertEqual(e2e.main(["--image-error", str(log),
                                           "--json", str(out)]), 1)
            doc = json.loads(out.read_text())
        self.assertEqual((doc["passed"], doc["failed"], doc["skipped"]), (0, 1, 0))
        self.assertEqual(doc["tests"][0]["name"], "e2e: (image)")
        self.assertIn("apt-get update failed", doc["tests"][0]["message"])
        self.assertIn(str(log), doc["tests"][0]["message"])
        self.assertIn("e2e: 0 passed, 1 failed, 0 skipped", said.getvalue())


class Run(unittest.TestCase):
    def test_the_matrix_runner_boots_the_l1(self):
        # The L1 is its matrix machine, booted as the matrix boots it
        l1 = e2e.get("p11-v2")
        cmd = e2e.command(l1, "vmlinux", "l1.cpio", "qemu-x", 25)
        self.assertEqual(cmd[:len(l1.machine.qemu_args) + 1],
                         ["qemu-x", *l1.machine.qemu_args])
        self.assertEqual(tuple(cmd[-len(machines.COMMON_QEMU_ARGS):]),
                         machines.COMMON_QEMU_ARGS)

    def test_command(self):
        cmd = e2e.command(e2e.get("p11-p10mode-v2"), "vmlinux", "l1.cpio",
                          "qemu-x", 25)
        self.assertEqual(cmd[0], "qemu-x")
        self.assertEqual(cmd[cmd.index("-cpu") + 1], "power11")
        machine = cmd[cmd.index("-M") + 1].split(",")
        self.assertIn("cap-nested-papr=on", machine)
        self.assertIn("max-cpu-compat=power10", machine)
        self.assertEqual(cmd[cmd.index("-initrd") + 1], "l1.cpio")
        append = cmd[cmd.index("-append") + 1]
        self.assertIn("E2E_MACHINE=p11-p10mode-v2", append)
        self.assertIn("E2E_CASE_TIMEOUT=25", append)
        self.assertNotIn("-icount", cmd)

    def test_fake_l1(self):
        with tempfile.TemporaryDirectory() as d:
            (Path(d) / "console").write_text(P11_LOG)
            q = fake_qemu(d, f"cat {d}/console\n")
            r = e2e.run_l1(e2e.get("p11-v2"), "k", "i", d, q, 10, 25)
            results = e2e.judge(e2e.get("p11-v2"), r)
        self.assertFalse(r.timed_out)
        self.assertEqual([x.status for x in results],
                         ["pass", "pass", "pass", "pass", "skip"])

    def test_l1_killed_at_timeout(self):
        with tempfile.TemporaryDirectory() as d:
            q = fake_qemu(d, "echo 'e2e: begin p11-v2'\nexec sleep 30\n")
            r = e2e.run_l1(e2e.get("p11-v2"), "k", "i", d, q, 0.5, 25)
            problem = e2e.l1_problem(r)
        self.assertTrue(r.timed_out)
        self.assertLess(r.wall, 10)
        self.assertTrue(problem.startswith("L1 hung: killed after 0 s"), problem)

    def test_l0_qemu_missing(self):
        with tempfile.TemporaryDirectory() as d:
            r = e2e.run_l1(e2e.get("p11-v2"), "k", "i", d, f"{d}/none", 5, 25)
        self.assertIn("cannot run", r.error)


if __name__ == "__main__":
    unittest.main()
