"""make test's order: the set-up before anything that needs its tools."""
import subprocess
import tempfile
import unittest
from pathlib import Path

TOP = Path(__file__).resolve().parents[2]


class MakeTestOrder(unittest.TestCase):
    def test_setup_before_unit_tests(self):
        # On a new machine the unit tests' lint needs shellcheck and
        # pyflakes3, which only the set-up installs.
        with tempfile.TemporaryDirectory() as build:
            out = subprocess.run(["make", "-n", "test", f"BUILD={build}"], cwd=TOP,
                                 capture_output=True, text=True, check=True).stdout
        lines = out.splitlines()
        setup = [i for i, line in enumerate(lines) if line.startswith("scripts/setup.sh")]
        unit = [i for i, line in enumerate(lines) if "-m harness.selftest" in line]
        self.assertTrue(setup, "make test runs no set-up:\n" + out[:2000])
        self.assertTrue(unit, "make test runs no unit tests:\n" + out[:2000])
        self.assertLess(setup[0], unit[0], "the unit tests run before the set-up")


if __name__ == "__main__":
    unittest.main()
