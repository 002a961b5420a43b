"""scripts/check-space.sh: a first make test stops early without room."""
import subprocess
import tempfile
import unittest
from pathlib import Path

CHECK_SPACE = Path(__file__).resolve().parents[2] / "scripts" / "check-space.sh"


def check(directory, gib):
    return subprocess.run([str(CHECK_SPACE), str(directory), str(gib)],
                          capture_output=True, text=True)


class Space(unittest.TestCase):
    def test_an_empty_build_directory_needs_the_room(self):
        with tempfile.TemporaryDirectory() as tmp:
            p = check(Path(tmp) / "build", 10 ** 9)
            self.assertEqual(p.returncode, 1)
            self.assertIn("a first make test needs about 1000000000 GiB there", p.stderr)
            self.assertEqual(check(Path(tmp) / "build", 0).returncode, 0)

    def test_an_earlier_run_is_not_checked(self):
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "results").mkdir()
            self.assertEqual(check(tmp, 10 ** 9).returncode, 0)


if __name__ == "__main__":
    unittest.main()
