"""harness.provenance: what a results document says produced it."""
import os
import subprocess
import tempfile
import unittest
from pathlib import Path

from harness import provenance


class Provenance(unittest.TestCase):
    def test_base_and_patches_of_a_tree(self):
        env = dict(os.environ, GIT_AUTHOR_NAME="A", GIT_AUTHOR_EMAIL="a@kernel.org",
                   GIT_COMMITTER_NAME="A", GIT_COMMITTER_EMAIL="a@kernel.org")

        def git(*args):
            return subprocess.run(["git", "-C", str(tree), *args], check=True,
                                  capture_output=True, text=True, env=env).stdout

        with tempfile.TemporaryDirectory() as tmp:
            tree = Path(tmp) / "linux"
            tree.mkdir()
            git("init", "-q")
            (tree / "a.c").write_text("int a;\n")
            git("add", "a.c")
            git("commit", "-q", "-m", "Linux 7.3.4")
            git("tag", "base")
            (tree / "a.c").write_text("int a = 1;\n")
            git("commit", "-q", "-am", "a: Fix a")
            (Path(tmp) / "linux.base-version").write_text("Linux 7.3.4 (Debian x)\n")
            made_by = provenance.describe(tree, cross="no-such-cross-", qemu="no-such-qemu")
            self.assertEqual("Linux 7.3.4 (Debian x)", made_by["base"])
            self.assertEqual(git("rev-parse", "base").strip(), made_by["base_commit"])
            self.assertEqual(["a: Fix a"], [p["subject"] for p in made_by["patches"]])
            self.assertRegex(made_by["patches"][0]["patch_id"], "^[0-9a-f]{40}$")
            # tools that are not there are None, not an error
            self.assertIsNone(made_by["qemu"])
            self.assertIsNone(made_by["compiler"])


if __name__ == "__main__":
    unittest.main()
