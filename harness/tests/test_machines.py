import unittest

from harness import machines
from harness.machines import CAP_ALL, CAP_POWER9, CAP_POWER10, CAP_POWER11


class MachineList(unittest.TestCase):
    def test_unique_names(self):
        names = machines.names()
        self.assertEqual(len(names), len(set(names)))

    def test_expected_machines(self):
        self.assertEqual(set(machines.names()), {
            "p10-v1", "p10-p9mode-v1", "p11-p10mode-v1", "p11-v1", "p11-v2",
            "p11-p10mode-v2", "p11-p9mode-v2", "pr-hash", "powernv9",
            "powernv10"})

    def test_default_present(self):
        self.assertEqual(machines.get(machines.DEFAULT_MACHINE).name,
                         "p11-p10mode-v2")

    def test_levels_known_bits_and_cumulative(self):
        levels = [CAP_POWER9, CAP_POWER10, CAP_POWER11]
        for m in machines.MACHINES:
            with self.subTest(m.name):
                self.assertNotEqual(m.levels, 0)
                self.assertEqual(m.levels & ~CAP_ALL, 0)
                # A level implies every older one: the set is a prefix.
                have = [bool(m.levels & bit) for bit in levels]
                self.assertEqual(have, sorted(have, reverse=True))

    def test_a_kvm_flavour_everywhere(self):
        for m in machines.MACHINES:
            with self.subTest(m.name):
                self.assertTrue(m.hv or m.pr)
                self.assertIn(m.platform, ("pseries", "powernv"))
                self.assertEqual(m.platform == "powernv",
                                 m.name.startswith("powernv"))

    def test_levels_follow_compat_mode(self):
        expect = {"power9": CAP_POWER9, "power10": CAP_POWER9 | CAP_POWER10}
        for m in machines.MACHINES:
            for mode, levels in expect.items():
                if f"max-cpu-compat={mode}" in " ".join(m.qemu_args):
                    self.assertEqual(m.levels, levels, m.name)

    def test_guest_env(self):
        m = machines.get("pr-hash")
        self.assertEqual(m.guest_env(), {"KVM_PPC_MACHINE": "pr-hash"})
        self.assertIn("disable_radix", m.kernel_cmdline())

    def test_cmdline_env_reaches_init(self):
        # The kernel gives init only KEY=value parameters without a dot
        # in KEY; a value with spaces in double quotes, without them.
        for m in machines.MACHINES:
            for key, value in m.guest_env().items():
                self.assertNotIn(".", key)
                self.assertNotIn('"', value)
                word = f'{key}="{value}"' if " " in value else f"{key}={value}"
                self.assertIn(f" {word}", m.kernel_cmdline())
            self.assertIn("console=hvc0", m.kernel_cmdline())

    def test_skips_where_qemu_is_l0(self):
        """A nested L1 skips memslot_perf_test, with the reason; bare metal
        and an LPAR without KVM-HV run it."""
        for m in machines.MACHINES:
            with self.subTest(m.name):
                nested = "cap-nested" in " ".join(m.qemu_args)
                env = m.guest_env()
                self.assertEqual("SKIP_memslot_perf_test" in env, nested)
                if nested:
                    self.assertIn("QEMU as L0", env["SKIP_memslot_perf_test"])
                    self.assertIn('SKIP_memslot_perf_test="QEMU as L0 ',
                                  m.kernel_cmdline())

    def test_nested_caps(self):
        for m in machines.MACHINES:
            args = " ".join(m.qemu_args)
            with self.subTest(m.name):
                self.assertFalse("cap-nested-hv=on" in args and
                                 "cap-nested-papr=on" in args)
                if m.name.endswith("-v1"):
                    self.assertIn("cap-nested-hv=on", args)
                if m.name.endswith("-v2"):
                    self.assertIn("cap-nested-papr=on", args)

    def test_processors(self):
        """Every machine has one processor (with_cpus gives more)."""
        for m in machines.MACHINES:
            args = list(m.qemu_args)
            with self.subTest(m.name):
                self.assertLessEqual(args.count("-smp"), 1, args)
                smp = args[args.index("-smp") + 1] if "-smp" in args else "1"
                self.assertEqual(smp, "1")

    def test_unknown_name(self):
        with self.assertRaises(machines.UnknownMachine) as cm:
            machines.get("p12-v3")
        self.assertIn("p12-v3", str(cm.exception))
        self.assertIn("p11-p10mode-v2", str(cm.exception))

    def test_select(self):
        self.assertEqual(len(machines.select(None)), len(machines.MACHINES))
        self.assertEqual([m.name for m in machines.select("pr-hash, p10-v1,pr-hash")],
                         ["pr-hash", "p10-v1"])
        with self.assertRaises(machines.UnknownMachine):
            machines.select("p10-v1,nope")

    def test_with_cpus(self):
        """Two processors, one -smp, cores of one thread, on both platforms."""
        for name in ("p11-p10mode-v1", "powernv10"):
            m = machines.with_cpus(machines.get(name), 2)
            args = list(m.qemu_args)
            self.assertEqual(args.count("-smp"), 1, args)
            self.assertEqual(args[args.index("-smp") + 1], "2,cores=2,threads=1")
            self.assertEqual(m.name, name)


if __name__ == "__main__":
    unittest.main()
