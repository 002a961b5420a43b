import os
import signal
import stat
import tempfile
import threading
import time
import unittest
from pathlib import Path

from harness import machines, qemu

from . import samples


def fake_qemu(directory, script):
    """An executable standing in for QEMU."""
    path = Path(directory) / "fake-qemu"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


class Command(unittest.TestCase):
    def test_pseries(self):
        m = machines.get("p11-p10mode-v2")
        cmd = qemu.command(m, "vmlinux", "initramfs.cpio", qemu="qemu-x")
        self.assertEqual(cmd[0], "qemu-x")
        self.assertEqual(cmd[cmd.index("-kernel") + 1], "vmlinux")
        self.assertEqual(cmd[cmd.index("-initrd") + 1], "initramfs.cpio")
        self.assertEqual(cmd[cmd.index("-cpu") + 1], "power11")
        machine = cmd[cmd.index("-M") + 1].split(",")
        self.assertEqual(machine[0], "pseries")
        self.assertIn("x-vof=on", machine)
        self.assertIn("cap-nested-papr=on", machine)
        self.assertIn("max-cpu-compat=power10", machine)
        self.assertIn("-no-reboot", cmd)
        append = cmd[cmd.index("-append") + 1]
        self.assertIn("console=hvc0", append)
        self.assertIn("KVM_PPC_MACHINE=p11-p10mode-v2", append)

    def test_powernv(self):
        cmd = qemu.command(machines.get("powernv9"), "k", "i")
        self.assertEqual(cmd[cmd.index("-M") + 1], "powernv9")
        self.assertEqual(cmd[cmd.index("-m") + 1], "4G")
        self.assertNotIn("-cpu", cmd)


class Check(unittest.TestCase):
    def check(self, text, **kw):
        r = qemu.Run("m", Path("m.log"), [], exit_code=0, **kw)
        return qemu.check(r, text, timeout=9)

    def kinds(self, r):
        return [p.kind for p in r.problems]

    def test_good(self):
        r = self.check(samples.GOOD)
        self.assertTrue(r.ok, r.problems)
        self.assertEqual(r.info["/dev/kvm"], "present")
        self.assertTrue(r.info["cpu"].startswith("POWER10"))

    def test_no_ktap(self):
        r = self.check(samples.NO_KTAP)
        self.assertEqual(self.kinds(r), ["kernel", "ktap"])
        self.assertIn("m.log", r.problems[1].message)

    def test_crash(self):
        r = self.check(samples.CRASH)
        self.assertIn("kernel", self.kinds(r))
        self.assertIn("panic", r.problems[0].message)
        self.assertIn("ktap", self.kinds(r))

    def test_timeout(self):
        r = self.check(samples.GOOD, timed_out=True)
        self.assertEqual(self.kinds(r), ["timeout"])
        self.assertIn("9 s", r.problems[0].message)

    def test_qemu_error(self):
        r = qemu.Run("m", Path("m.log"), [], exit_code=1)
        qemu.check(r, "qemu-system-ppc64: warning: x\n"
                      "qemu-system-ppc64: Property 'x' not found\n")
        self.assertEqual(self.kinds(r), ["qemu", "ktap"])
        self.assertIn("Property 'x' not found", r.problems[0].message)

    def test_kernel_messages(self):
        log = samples.GOOD.replace(
            "# init: powering off",
            "[    0.194567] WARNING: nvram corruption detected: 0-length partition\n"
            "[    1.000000] WARNING: CPU: 0 PID: 1 at arch/powerpc/kvm/x.c:1\n"
            "[    1.100000] BUG: Unable to handle kernel data access\n"
            "Oops: Kernel access of bad area, sig: 11 [#1]")
        r = self.check(log)
        messages = " ".join(p.message for p in r.problems)
        for kind in ("warning", "bug", "oops"):
            self.assertIn(f"kernel {kind} at line", messages)
        self.assertNotIn("nvram", messages)

    def test_a_second_report_is_not_hidden(self):
        # the first warning (lockdep's) once hid another (the soft mask's)
        log = samples.GOOD.replace(
            "# init: powering off",
            "[    0.063887] WARNING: kernel/locking/lockdep.c:4448 at x+0x1/0x2, CPU#0: a/0\n"
            "[    0.457831] WARNING: arch/powerpc/kernel/irq_64.c:265 at y+0x1/0x2, CPU#0: a/0")
        r = self.check(log)
        warnings = [p.message for p in r.problems if "kernel warning" in p.message]
        self.assertEqual(1, len(warnings))
        self.assertIn("lockdep.c:4448", warnings[0])
        self.assertRegex(warnings[0], r"\(and 1 more, the next at line \d+\)")

    def test_checker_reports(self):
        """Each checker's report is a problem of its own name (besides
        "bug", which its "BUG: " also is)."""
        for checker, report in (
                ("kasan", "BUG: KASAN: slab-out-of-bounds in kvm_vm_ioctl+0x4c/0x9a0"),
                ("kfence", "BUG: KFENCE: out-of-bounds read in test_out_of_bounds_read+0xa8/0x2b0"),
                ("kcsan", "BUG: KCSAN: data-race in kvmppc_core_vcpu_load_hv / kvmppc_run_core"),
                ("ubsan", "UBSAN: shift-out-of-bounds in arch/powerpc/kvm/book3s_hv.c:42:7"),
                ("kmemleak", "kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)")):
            log = samples.GOOD.replace("# init: powering off", f"[   12.345678] {report}")
            with self.subTest(checker):
                kinds = [p.message.split(" at line")[0] for p in self.check(log).problems]
                self.assertIn(f"kernel {checker}", kinds)

    def test_new_style_warning(self):
        for splat in ("WARNING: arch/powerpc/kvm/book3s_hv.c:42 at "
                      "kvmppc_foo+0x1c/0x80, CPU#0: init/1",
                      "WARNING: at kvmppc_foo+0x1c/0x80, CPU#0: init/1"):
            log = samples.GOOD.replace("# init: powering off",
                                       f"[    1.000000] {splat}")
            self.assertEqual([p.kind for p in self.check(log).problems],
                             ["kernel"], splat)

    def test_warning_with_the_printk_caller(self):
        # PRINTK_CALLER (ppc64le_defconfig) puts the caller after the time
        splat = ("[    0.062284][    C0] WARNING: kernel/locking/lockdep.c:4448 "
                 "at lockdep_hardirqs_on_prepare+0x22c/0x2d4, CPU#0: swapper/0/0")
        log = samples.GOOD.replace("# init: powering off", splat)
        self.assertEqual([p.kind for p in self.check(log).problems], ["kernel"])

    def test_test_output_is_not_a_kernel_message(self):
        log = samples.GOOD.replace("    ok 1 caps_match",
                                   "    # WARNING: not a kernel warning\n"
                                   "    ok 1 caps_match")
        self.assertTrue(self.check(log).ok)


class Run(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)
        self.machine = machines.get("p10-v1")
        self.sample = self.dir / "console.txt"
        self.sample.write_text(samples.GOOD)

    def tearDown(self):
        self.tmp.cleanup()

    def run_fake(self, script, **kw):
        return qemu.run(self.machine, "vmlinux", "initramfs", self.dir / "out",
                        qemu=fake_qemu(self.dir, script), **kw)

    def test_good(self):
        seen = []
        r = self.run_fake(f"cat {self.sample}\n", echo=seen.append)
        self.assertTrue(r.ok, r.problems)
        self.assertEqual(r.exit_code, 0)
        self.assertIsNotNone(r.boot)
        self.assertEqual(len(r.ktap.tests), 2)
        log = r.log.read_text()
        self.assertEqual(r.log.name, "p10-v1.log")
        self.assertTrue(log.startswith("$ "))
        self.assertIn("ok 2 vm_types", log)
        self.assertIn("ok 2 vm_types", "".join(seen))

    def test_timeout(self):
        r = self.run_fake("echo booting; exec sleep 30\n", timeout=1)
        self.assertTrue(r.timed_out)
        self.assertLess(r.wall, 10)
        self.assertEqual([p.kind for p in r.problems], ["timeout", "ktap"])
        self.assertIn(str(r.log), r.problems[0].message)
        self.assertIn("booting", r.log.read_text())

    def test_timeout_dumps_the_vcpus(self):
        """A hung guest's log ends with what QEMU's monitor says of its
        vCPUs, asked twice."""
        monitor = (
            "exec python3 - \"$@\" <<'EOF'\n"
            "import socket, sys\n"
            "args = sys.argv[1:]\n"
            "path = args[args.index('-monitor') + 1].split(',')[0][len('unix:'):]\n"
            "s = socket.socket(socket.AF_UNIX)\n"
            "s.bind(path)\n"
            "s.listen()\n"
            "print('booting', flush=True)\n"
            "n = 0\n"
            "while True:\n"
            "    c, _ = s.accept()\n"
            "    n += 1\n"
            "    request = c.recv(100).decode().strip()\n"
            "    c.sendall(f'(qemu) {request}\\nNIP 0000000000401234 dump {n}\\n'.encode())\n"
            "    c.close()\n"
            "EOF\n")
        r = self.run_fake(monitor, timeout=2)
        self.assertTrue(r.timed_out)
        self.assertEqual([p.kind for p in r.problems], ["timeout", "ktap"])
        log = r.log.read_text()
        self.assertIn("QEMU's monitor, info registers -a (1 of 2):\n"
                      "NIP 0000000000401234 dump 1\n", log)
        self.assertNotIn("(qemu)", log)
        self.assertIn("NIP 0000000000401234 dump 2", log)
        self.assertIn("-monitor unix:", log.splitlines()[0])

    def test_exit_status(self):
        r = self.run_fake("echo 'qemu-system-ppc64: bad option' >&2; exit 1\n")
        self.assertEqual(r.exit_code, 1)
        self.assertIn("bad option", r.problems[0].message)

    def test_qemu_not_found(self):
        r = qemu.run(self.machine, "k", "i", self.dir / "out",
                     qemu=str(self.dir / "no-such-qemu"))
        self.assertEqual([p.kind for p in r.problems], ["qemu"])
        self.assertIn("no-such-qemu", r.problems[0].message)
        self.assertTrue(r.log.exists())


class ConsoleEcho(unittest.TestCase):
    def test_repeated_noise_shown_once(self):
        seen = set()
        noise = "[    5.1] KVM: TLB LPID invalidation hcall failed, rc=-2\n"
        first = qemu.quiet("a\n" + noise + "b\n", seen)
        self.assertIn("repeats", first)
        self.assertEqual(first.count("hcall failed"), 1)
        self.assertEqual(qemu.quiet(noise + noise + "c\n", seen), "c\n")


class LevelsText(unittest.TestCase):
    def test_levels_text(self):
        self.assertEqual(machines.levels_text(machines.P9_P10_P11), "P9 P10 P11")
        self.assertEqual(machines.levels_text(0), "none")


class Interrupt(unittest.TestCase):
    """Ctrl-C stops every QEMU at once, whichever thread started it, and
    starts no queued one (qemu.run_all, as the matrix and e2e use it)."""

    def setUp(self):
        # Python leaves SIGINT ignored when it started so (a make test run
        # in the background of a shell): Ctrl-C's handler, for this test
        self.sigint = signal.signal(signal.SIGINT, signal.default_int_handler)

    def tearDown(self):
        signal.signal(signal.SIGINT, self.sigint)
        qemu._stopping.clear()

    def test_interrupt_stops_all_and_starts_none(self):
        with tempfile.TemporaryDirectory() as tmp:
            logs = [Path(tmp) / f"{i}.log" for i in range(6)]

            def one(log):
                return qemu.run_console(["sleep", "60"], log, 120)

            timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
            timer.start()
            start = time.monotonic()
            with self.assertRaises(KeyboardInterrupt):
                qemu.run_all(one, logs, 2)
            self.assertLess(time.monotonic() - start, 10)
            self.assertEqual(2, sum(log.exists() for log in logs))
            self.assertFalse(qemu._live)


if __name__ == "__main__":
    unittest.main()
