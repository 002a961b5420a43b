"""The patch queue: scripts/make-tree.sh, scripts/export-series.sh and
scripts/make-debug-tree.sh.

A small stand-in for a kernel tree (a Makefile that answers
`make kernelversion`) is enough: the scripts treat the base as opaque.
"""
import os
import subprocess
import tempfile
import unittest
from pathlib import Path

TOP = Path(__file__).resolve().parents[2]
MAKE_TREE = TOP / "scripts" / "make-tree.sh"
EXPORT = TOP / "scripts" / "export-series.sh"
MAKE_DEBUG_TREE = TOP / "scripts" / "make-debug-tree.sh"
MAKE_BASE_TREE = TOP / "scripts" / "make-base-tree.sh"

GIT_ID = {
    "GIT_AUTHOR_NAME": "Test Author", "GIT_AUTHOR_EMAIL": "author@example.org",
    "GIT_COMMITTER_NAME": "Test Author",
    "GIT_COMMITTER_EMAIL": "author@example.org",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
}


# A patch whose context is in no tree of these tests
BAD_PATCH = (
    "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n"
    "From: A <a@example.org>\nDate: Thu, 1 Jan 2026 00:00:00 +0000\n"
    "Subject: [PATCH] bad\n\n---\n a.c | 2 +-\n\n"
    "diff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1 +1 @@\n"
    "-int not_there;\n+int a = 2;\n--\n2.39.5\n")


def run(*args, cwd=None, env=None, check=True):
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, check=check,
                          capture_output=True, text=True)


class Trees(unittest.TestCase):
    """A stand-in kernel source and helpers to make trees of it."""

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="patch-queue-"))
        self.src = self.tmp / "src"
        self.src.mkdir()
        (self.src / "Makefile").write_text("kernelversion:\n\t@echo 7.2.9\n")
        (self.src / "a.c").write_text("int a;\n")
        # Debian's linux-source block that hides new top-level files
        (self.src / ".gitignore").write_text(
            "*.o\n# Debian packaging: ignore everything at the top level\n"
            "#\n/*\n!/debian/\n")
        # the base repository of these trees, not the machine's
        self.env = dict(os.environ, KERNEL_SRC=str(self.src),
                        PPC_COMPAT_CACHE=str(self.tmp / "cache"), **GIT_ID)

    def tearDown(self):
        run("rm", "-rf", self.tmp)

    def make_tree(self, tree, patches, check=True):
        return run(MAKE_TREE, "7.2", tree, patches, env=self.env, check=check)

    def export(self, tree, patches):
        return run(EXPORT, tree, patches, env=self.env)

    def commit(self, tree, name, text, message):
        (tree / name).write_text(text)
        run("git", "add", name, cwd=tree, env=self.env)
        run("git", "commit", "-q", "-m", message, cwd=tree, env=self.env)

    def series(self, patches):
        return {p.name: p.read_bytes() for p in sorted(patches.glob("*.patch"))}


class PatchQueue(Trees):
    def test_round_trip_is_byte_identical(self):
        tree, patches = self.tmp / "tree", self.tmp / "patches"
        patches.mkdir()
        self.make_tree(tree, patches)
        self.commit(tree, "a.c", "int a = 1;\n", "a: Initialise a")
        self.commit(tree, "b.c", "int b;\n", "b: Add b, a new top-level file")
        self.export(tree, patches)
        first = self.series(patches)
        self.assertEqual(2, len(first))

        # export again: nothing changes
        self.export(tree, patches)
        self.assertEqual(first, self.series(patches))

        # a new tree from the exported queue exports the same bytes; the
        # queue named relatively, as the Makefile does
        tree2, patches2 = self.tmp / "tree2", self.tmp / "patches2"
        patches2.mkdir()
        run(MAKE_TREE, "7.2", "tree2", "patches", cwd=self.tmp, env=self.env)
        self.export(tree2, patches2)
        self.assertEqual(first, self.series(patches2))

    def test_patch_that_does_not_apply_is_named(self):
        tree, patches = self.tmp / "tree", self.tmp / "patches"
        patches.mkdir()
        (patches / "0001-bad.patch").write_text(BAD_PATCH)
        r = self.make_tree(tree, patches, check=False)
        self.assertNotEqual(0, r.returncode)
        self.assertIn("0001-bad.patch does not apply", r.stderr)

    def test_unexported_work_is_not_thrown_away(self):
        tree, patches = self.tmp / "tree", self.tmp / "patches"
        patches.mkdir()
        self.make_tree(tree, patches)
        self.commit(tree, "a.c", "int a = 3;\n", "a: Set a")
        r = self.make_tree(tree, patches, check=False)
        self.assertNotEqual(0, r.returncode)
        self.assertIn("export them", r.stderr)


class Stacks(Trees):
    """A series' own tree, on the series it depends on, and a target's
    tree, a stack of series."""

    def setUp(self):
        super().setUp()
        # two series, "first" and "second" on top of it, made and exported
        self.first, self.second = self.tmp / "first", self.tmp / "second"
        self.first.mkdir()
        self.second.mkdir()
        scratch = self.tmp / "scratch"
        self.make_tree(scratch, self.first)
        self.commit(scratch, "a.c", "int a = 1;\n", "a: Fix a")
        self.export(scratch, self.first)
        scratch2 = self.tmp / "scratch2"
        run(MAKE_TREE, "7.2", scratch2, "--on", self.first, self.second, env=self.env)
        self.commit(scratch2, "b.c", "int b;\n", "b: Add b")
        self.export(scratch2, self.second)

    def test_series_tree_has_what_it_depends_on_under_base(self):
        tree = self.tmp / "tree"
        run(MAKE_TREE, "7.2", tree, "--on", self.first, self.second, env=self.env)
        self.assertEqual("int a = 1;\n", run("git", "show", "base:a.c", cwd=tree).stdout)
        self.assertEqual("1", run("git", "rev-list", "--count", "base..HEAD",
                                  cwd=tree).stdout.strip())
        # an edit exported is the series' own, and the tree stays up to date
        (tree / "b.c").write_text("int b = 2;\n")
        run("git", "commit", "-q", "-a", "--amend", "--no-edit", cwd=tree, env=self.env)
        out = self.tmp / "out"
        out.mkdir()
        self.export(tree, out)
        self.assertEqual(["0001-b-Add-b.patch"], sorted(p.name for p in out.iterdir()))
        self.export(tree, self.second)
        r = run(MAKE_TREE, "7.2", tree, "--on", self.first, self.second, env=self.env)
        self.assertIn("up to date", r.stderr)

    def test_exported_tree_follows_what_it_depends_on(self):
        # work made and exported in a series' tree, then the series under it
        # changes: the tree is made again, with no FORCE, nothing lost
        tree = self.tmp / "tree"
        run(MAKE_TREE, "7.2", tree, "--on", self.first, self.second, env=self.env)
        (tree / "b.c").write_text("int b = 3;\n")
        run("git", "commit", "-q", "-a", "--amend", "--no-edit", cwd=tree, env=self.env)
        self.export(tree, self.second)
        scratch = self.tmp / "scratch3"
        run(MAKE_TREE, "7.2", scratch, self.first, env=self.env)
        self.commit(scratch, "c.c", "int c;\n", "c: Add c")
        self.export(scratch, self.first)
        r = run(MAKE_TREE, "7.2", tree, "--on", self.first, self.second, env=self.env)
        self.assertIn("again", r.stderr)
        self.assertEqual("int b = 3;\n", (tree / "b.c").read_text())
        self.assertEqual("int c;\n", (tree / "c.c").read_text())

    def test_target_tree_is_not_edited(self):
        tree = self.tmp / "tree"
        run(MAKE_TREE, "7.2", tree, self.first, self.second, env=self.env)
        self.assertEqual("2", run("git", "rev-list", "--count", "base..HEAD",
                                  cwd=tree).stdout.strip())
        r = run(MAKE_TREE, "7.2", tree, self.first, self.second, env=self.env)
        self.assertIn("up to date", r.stderr)
        self.commit(tree, "c.c", "int c;\n", "c: Add c")
        r = run(MAKE_TREE, "7.2", tree, self.first, self.second, env=self.env,
                check=False)
        self.assertNotEqual(0, r.returncode)
        self.assertIn("commits made since", r.stderr)

    def test_half_applied_tree_is_not_exported(self):
        # the series' second patch does not apply: the tree stops with one
        # of its two commits, and export must not delete the other
        tree = self.tmp / "tree"
        (self.second / "0002-bad.patch").write_text(BAD_PATCH)
        r = run(MAKE_TREE, "7.2", tree, self.second, env=self.env, check=False)
        self.assertNotEqual(0, r.returncode)
        self.assertIn("0002-bad.patch does not apply", r.stderr)
        r = run(EXPORT, tree, self.second, env=self.env, check=False)
        self.assertNotEqual(0, r.returncode)
        self.assertIn("would delete them", r.stderr)
        self.assertEqual(2, len(list(self.second.glob("*.patch"))))
        # made again, without FORCE: a half-applied tree holds no work
        r = run(MAKE_TREE, "7.2", tree, self.second, env=self.env, check=False)
        self.assertIn("making", r.stderr)


class BaseTree(Trees):
    """The base tree of the regression stage: the tree at its tag 'base'."""

    def test_base_without_the_series(self):
        tree, patches, btree = self.tmp / "tree", self.tmp / "patches", self.tmp / "base"
        patches.mkdir()
        self.make_tree(tree, patches)
        self.commit(tree, "a.c", "int a = 1;\n", "a: Fix a")
        run(MAKE_BASE_TREE, tree, btree, env=self.env)
        self.assertEqual("int a;\n", (btree / "a.c").read_text())
        # an edit in it is undone the next time
        (btree / "a.c").write_text("edited\n")
        r = run(MAKE_BASE_TREE, tree, btree, env=self.env)
        self.assertIn("back at the base", r.stderr)
        self.assertEqual("int a;\n", (btree / "a.c").read_text())


class DebugTree(Trees):
    """The debug tree: the committed series plus the fixes to the base."""

    def setUp(self):
        super().setUp()
        self.tree, self.patches = self.tmp / "tree", self.tmp / "patches"
        self.fixes, self.dtree = self.tmp / "fixes", self.tmp / "tree-debug"
        self.patches.mkdir()
        self.fixes.mkdir()
        self.make_tree(self.tree, self.patches)
        self.commit(self.tree, "b.c", "int b;\n", "b: Add b")
        # A fix to the base, made in a scratch tree and exported
        scratch = self.tmp / "scratch"
        self.make_tree(scratch, self.patches)
        self.commit(scratch, "a.c", "int a = 1;\n", "a: Fix a")
        self.export(scratch, self.fixes)

    def make_debug_tree(self, env=None, check=True):
        return run(MAKE_DEBUG_TREE, self.tree, self.dtree, self.fixes,
                   env=env or self.env, check=check)

    def test_series_and_fixes(self):
        self.make_debug_tree()
        self.assertEqual("int a = 1;\n", (self.dtree / "a.c").read_text())
        self.assertEqual("int b;\n", (self.dtree / "b.c").read_text())
        # the main tree is untouched
        self.assertEqual("int a;\n", (self.tree / "a.c").read_text())

    def test_fixes_of_two_series(self):
        # a second fix, stored as a series of its own, on another file
        second, scratch = self.tmp / "fixes2", self.tmp / "scratch2"
        second.mkdir()
        self.make_tree(scratch, self.patches)
        self.commit(scratch, "c.c", "int c = 1;\n", "c: Add c")
        self.export(scratch, second)
        run(MAKE_DEBUG_TREE, self.tree, self.dtree, self.fixes, second, env=self.env)
        self.assertEqual("int a = 1;\n", (self.dtree / "a.c").read_text())
        self.assertEqual("int c = 1;\n", (self.dtree / "c.c").read_text())

    def test_without_fixes(self):
        run(MAKE_DEBUG_TREE, self.tree, self.dtree, env=self.env)
        self.assertEqual("int a;\n", (self.dtree / "a.c").read_text())
        self.assertEqual("int b;\n", (self.dtree / "b.c").read_text())

    def test_up_to_date_tree_is_left_alone(self):
        self.make_debug_tree()
        fixed = (self.dtree / "a.c").stat().st_mtime_ns
        r = self.make_debug_tree()
        self.assertIn("up to date", r.stderr)
        self.assertEqual(fixed, (self.dtree / "a.c").stat().st_mtime_ns)

    def test_follows_new_commits(self):
        self.make_debug_tree()
        self.commit(self.tree, "b.c", "int b = 2;\n", "b: Set b")
        self.make_debug_tree()
        self.assertEqual("int b = 2;\n", (self.dtree / "b.c").read_text())
        self.assertEqual("int a = 1;\n", (self.dtree / "a.c").read_text())

    def test_fix_that_does_not_apply_is_named(self):
        self.commit(self.tree, "a.c", "int a = 5;\n", "a: Set a")
        r = self.make_debug_tree(check=False)
        self.assertNotEqual(0, r.returncode)
        self.assertIn("base fix 0001-a-Fix-a.patch does not apply", r.stderr)

    def test_leftover_directory_is_made_again(self):
        # inside another repository, as build/ is inside the project's
        run("git", "init", "-q", self.tmp)
        run("git", "commit", "-q", "--allow-empty", "-m", "outer", cwd=self.tmp,
            env=self.env)
        self.dtree.mkdir()
        (self.dtree / "a.c").write_text("stale\n")
        self.make_debug_tree()
        self.assertEqual("int a = 1;\n", (self.dtree / "a.c").read_text())
        self.assertEqual("int b;\n", (self.dtree / "b.c").read_text())

    def test_no_git_identity_needed(self):
        env = {k: v for k, v in self.env.items() if not k.startswith("GIT_")}
        env.update(HOME=str(self.tmp), GIT_CONFIG_NOSYSTEM="1",
                   GIT_CONFIG_GLOBAL="/dev/null", EMAIL="")
        self.make_debug_tree(env=env)
        self.assertEqual("int a = 1;\n", (self.dtree / "a.c").read_text())


if __name__ == "__main__":
    unittest.main()
