"""Static checks of the harness itself: shellcheck on its shell scripts,
pyflakes on its Python.  Both are Debian packages (scripts/setup.sh)."""
import shutil
import subprocess
import unittest
from pathlib import Path

TOP = Path(__file__).resolve().parents[2]
SHELL = sorted([*TOP.glob("scripts/*.sh"), *TOP.glob("scripts/check/*.sh"),
                TOP / ".ci" / "run"])
PYTHON = [TOP / "harness", *TOP.glob("scripts/*.py"), *TOP.glob("scripts/check/*.py")]


class Lint(unittest.TestCase):
    def run_tool(self, argv):
        if not shutil.which(argv[0]):
            self.fail(f"{argv[0]} not installed: run scripts/setup.sh")
        proc = subprocess.run(argv, cwd=TOP, capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)

    def test_shellcheck(self):
        # Warnings and errors; -x follows the libraries the scripts source
        self.run_tool(["shellcheck", "-x", "-P", "SCRIPTDIR", "-S", "warning",
                       *map(str, SHELL)])

    def test_pyflakes(self):
        self.run_tool(["pyflakes3", *map(str, PYTHON)])
