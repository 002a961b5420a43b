"""scripts/series.py: the identity on the mails.

The stored patches carry the project's placeholder identity; make series
must send them as the sender, the author and one Signed-off-by of each
patch, keep other people's tags, and refuse a placeholder sender.
"""
import contextlib
import importlib.util
import io
import os
import subprocess
import tempfile
import unittest
from pathlib import Path

TOP = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("series_mail", TOP / "scripts" / "series.py")
series = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(series)

STORED = ("Seed ebd30eaf maintainers",
          "maintainers@users.noreply.b-seed-ebd30eaf.example")
SENDER = ("Jane Developer", "jane@linux.ibm.com")


def git(repo, *args, env=None, stdin=None):
    return subprocess.run(["git", "-C", str(repo), *args], check=True, text=True,
                          capture_output=True, env=env, input=stdin).stdout


class Identity(unittest.TestCase):
    def test_placeholders(self):
        for a in (STORED[1], "x@users.noreply.github.com", "me@example.org",
                  "me@host.example", "root@localhost", "a@b.invalid"):
            with self.subTest(a):
                self.assertTrue(series.is_placeholder(a))
        for a in ("maddy@linux.ibm.com", "seanjc@google.com", "kvm@vger.kernel.org"):
            with self.subTest(a):
                self.assertFalse(series.is_placeholder(a))

    def test_sender_signs_off_alone_and_other_tags_stay(self):
        message = ("KVM: Fix it\n\nWhy.\n\nFixes: 96e266e3bcd6 (\"KVM: x\")\n"
                   "Reviewed-by: Ann Reviewer <ann@kernel.org>\n"
                   f"Signed-off-by: {STORED[0]} <{STORED[1]}>\n")
        out = series.as_sender(message, STORED[1], SENDER)
        self.assertNotIn(STORED[1], out)
        self.assertIn("Reviewed-by: Ann Reviewer <ann@kernel.org>\n", out)
        self.assertTrue(out.endswith("Reviewed-by: Ann Reviewer <ann@kernel.org>\n"
                                     "Signed-off-by: Jane Developer <jane@linux.ibm.com>\n"))
        self.assertEqual(1, out.count("Signed-off-by:"))
        # a message without trailers gets its own paragraph
        self.assertEqual("Subject\n\nBody.\n\nSigned-off-by: Jane Developer "
                         "<jane@linux.ibm.com>\n",
                         series.as_sender("Subject\n\nBody.\n", STORED[1], SENDER))

    def test_rewritten_commits_and_mails(self):
        with tempfile.TemporaryDirectory() as tmp:
            repo = Path(tmp)
            env = dict(os.environ, GIT_AUTHOR_NAME=STORED[0], GIT_AUTHOR_EMAIL=STORED[1],
                       GIT_COMMITTER_NAME=STORED[0], GIT_COMMITTER_EMAIL=STORED[1],
                       GIT_AUTHOR_DATE="2026-12-01T08:00:00Z",
                       GIT_COMMITTER_DATE="2026-12-01T08:00:00Z")
            git(repo, "init", "-q")
            (repo / "a.c").write_text("int a;\n")
            git(repo, "add", "a.c", env=env)
            git(repo, "commit", "-q", "-m", "base", env=env)
            base = git(repo, "rev-parse", "HEAD").strip()
            (repo / "a.c").write_text("int a = 1;\n")
            git(repo, "commit", "-q", "-a", "-m",
                f"a: Fix a\n\nAcked-by: Bob <bob@kernel.org>\n"
                f"Signed-off-by: {STORED[0]} <{STORED[1]}>", env=env)
            stored = git(repo, "rev-parse", "HEAD").strip()
            head = series.rewrite_identity(repo, base, stored, SENDER)
            self.assertEqual(git(repo, "rev-parse", f"{stored}^{{tree}}"),
                             git(repo, "rev-parse", f"{head}^{{tree}}"))
            self.assertEqual("Jane Developer <jane@linux.ibm.com> "
                             "Tue, 1 Dec 2026 08:00:00 +0000",
                             git(repo, "log", "-1", "--format=%an <%ae> %aD", head).strip())
            out = repo / "out"
            git(repo, "format-patch", "-q", "-o", str(out),
                "--from=Jane Developer <jane@linux.ibm.com>", f"{base}..{head}")
            mail = next(out.glob("*.patch")).read_text()
            self.assertNotIn("noreply", mail)
            self.assertIn("From: Jane Developer <jane@linux.ibm.com>\n", mail)
            self.assertIn("Acked-by: Bob <bob@kernel.org>\n"
                          "Signed-off-by: Jane Developer <jane@linux.ibm.com>\n", mail)
            # with the bug put back (the stored author kept), the check fails
            keep = git(repo, "format-patch", "--stdout", f"{base}..{stored}")
            self.assertTrue(any(series.is_placeholder(a) for a in
                                series.re.findall(r"<([^>]+)>", keep)))

    def test_placeholder_sender_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            git(tmp, "init", "-q")
            git(tmp, "config", "user.name", STORED[0])
            git(tmp, "config", "user.email", STORED[1])
            with self.assertRaises(SystemExit), \
                    contextlib.redirect_stderr(io.StringIO()) as err:
                series.identity(Path(tmp))
            self.assertIn("is a placeholder", err.getvalue())
            git(tmp, "config", "user.email", SENDER[1])
            self.assertEqual((STORED[0], SENDER[1]), series.identity(Path(tmp)))


class GatesWorktree(unittest.TestCase):
    def test_series_checks_out_the_gates_worktree(self):
        """make series moves the gates' worktree (scripts/check/lib.sh's
        src=$chk/<name>): the same name in both, or make series fails on a
        directory that no longer exists (it did once, after the gates'
        layout changed)."""
        lib = (TOP / "scripts" / "check" / "lib.sh").read_text()
        series = (TOP / "scripts" / "series.py").read_text()
        name = next(line.split("/", 1)[1] for line in lib.splitlines()
                    if line.startswith("src=$chk/"))
        self.assertIn(f'Path(os.environ["CHECK_DIR"]) / "{name}"', series)


if __name__ == "__main__":
    unittest.main()
