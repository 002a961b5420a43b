"""scripts/build-kernel.sh: kept kernels.

A stand-in kernel tree (a Makefile that answers tinyconfig, olddefconfig
and vmlinux, counting its builds, and a merge_config.sh) is enough: the
script treats the kernel's build as opaque.
"""
import os
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

TOP = Path(__file__).resolve().parents[2]
BUILD_KERNEL = TOP / "scripts" / "build-kernel.sh"

MAKEFILE = """\
tinyconfig olddefconfig:
\t@mkdir -p $(O) && touch $(O)/.config
vmlinux:
\t@echo build >>$(O)/../builds
\t@cat $(CURDIR)/a.c >$(O)/vmlinux
\t@mkdir -p $(O)/usr && echo cpio >$(O)/usr/gen_init_cpio && chmod +x $(O)/usr/gen_init_cpio
"""
MERGE = """#!/bin/sh
# merge_config.sh -m -O OBJ CONFIG FRAGMENT...: the fragments appended
shift 3; config=$1; shift; cat "$@" >>"$config"
"""
GIT = {"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
       "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"}


class KeptKernel(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.src = self.tmp / "linux"
        (self.src / "scripts" / "kconfig").mkdir(parents=True)
        (self.src / "Makefile").write_text(MAKEFILE)
        merge = self.src / "scripts" / "kconfig" / "merge_config.sh"
        merge.write_text(MERGE)
        merge.chmod(0o755)
        (self.src / "a.c").write_text("int a;\n")
        self.fragment = self.tmp / "kvm.config"
        self.fragment.write_text("CONFIG_KVM=y\n")
        bin_dir = self.tmp / "bin"      # the cross compiler it looks for
        bin_dir.mkdir()
        (bin_dir / "fake-gcc").write_text("#!/bin/sh\n")
        (bin_dir / "fake-gcc").chmod(0o755)
        self.env = dict(os.environ, PPC_COMPAT_CACHE=str(self.tmp / "cache"),
                        PATH=f"{bin_dir}:{os.environ['PATH']}", **GIT)
        self.env.pop("CCACHE_DISABLE", None)
        self.git("init", "-q")
        self.commit("base")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def git(self, *args):
        subprocess.run(["git", "-C", str(self.src), *args], check=True, env=self.env,
                       capture_output=True)

    def commit(self, message):
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def build(self):
        p = subprocess.run([str(BUILD_KERNEL), str(self.src), str(self.tmp / "obj" / "kernel"),
                            "fake-", str(self.fragment)], env=self.env, capture_output=True,
                           text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stderr

    def builds(self):
        return len((self.tmp / "obj" / "builds").read_text().splitlines())

    def test_same_inputs_copy_the_kept_kernel(self):
        self.build()
        shutil.rmtree(self.tmp / "obj" / "kernel")
        said = self.build()
        self.assertEqual(self.builds(), 1)
        self.assertIn("from the same source, configuration and tools (kept:", said)
        kobj = self.tmp / "obj" / "kernel"
        self.assertEqual((kobj / "vmlinux").read_text(), "int a;\n")
        self.assertTrue(os.access(kobj / "usr" / "gen_init_cpio", os.X_OK))
        self.assertIn("up to date (kept kernel)", self.build())
        self.assertEqual(self.builds(), 1)

    def test_a_change_builds_again(self):
        self.build()
        shutil.rmtree(self.tmp / "obj" / "kernel")
        (self.src / "a.c").write_text("int a = 1;\n")
        self.commit("change")
        self.build()
        self.assertEqual(self.builds(), 2)
        self.fragment.write_text("CONFIG_KVM=y\nCONFIG_KVM_BOOK3S_HV=y\n")
        self.build()
        self.assertEqual(self.builds(), 3)

    def test_uncommitted_changes_are_neither_kept_nor_taken(self):
        (self.src / "a.c").write_text("int a = 2;\n")
        self.build()
        shutil.rmtree(self.tmp / "obj" / "kernel")
        self.build()
        self.assertEqual(self.builds(), 2)
        self.assertFalse((self.tmp / "cache" / "kernels").exists())

    def test_a_kernel_copied_then_changed_is_built(self):
        self.build()
        shutil.rmtree(self.tmp / "obj" / "kernel")
        self.build()
        (self.src / "a.c").write_text("int a = 3;\n")
        self.commit("change")
        self.build()
        self.assertEqual(self.builds(), 2)
        self.assertEqual((self.tmp / "obj" / "kernel" / "vmlinux").read_text(), "int a = 3;\n")


if __name__ == "__main__":
    unittest.main()
