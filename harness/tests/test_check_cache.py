"""scripts/check/results_cache.py: the gates' results kept under their inputs."""
import shutil
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts" / "check"))
import results_cache  # noqa: E402  (a script's module, found from here)

PACKAGES = "gcc-powerpc64le-linux-gnu 4:14.2.0-1\nsparse 0.6.4-4\n"


def make_project(root):
    """A project with the files the gates read and two series."""
    for path, text in {
            "scripts/check/bisect.sh": "make\n",
            "scripts/lib.sh": "cache=x\n",
            "harness/stage.py": "doc\n",
            "bases.mk": "BASE_COMMIT_7.3 := abc\n",
            "configs/kvm.config": "CONFIG_KVM=y\n",
            "configs/check-ppc32.config": "CONFIG_PPC32=y\n",
            "configs/other.config": "CONFIG_KASAN=y\n",
            "series/fix/patches/0001-a.patch": "a patch\n",
            "series/fix/checkpatch.allow": "",
            "series/feature/patches/0001-b.patch": "b patch\n"}.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)


def settings(root):
    return {"CHECK_BASE": "7.3", "CHECK_BASE_COMMIT": "abc", "CHECK_CROSS": "x-",
            "CHECK_FRAGMENTS": "configs/kvm.config",
            "CHECK_UPSTREAM": f"{root}/series/fix/patches",
            "CHECK_PATCHES": f"{root}/series/feature/patches",
            "CHECK_ALLOW": f"{root}/series/fix/checkpatch.allow",
            "PPC_COMPAT_CACHE": f"{root}/cache"}


class Packages(unittest.TestCase):
    def test_failing_dpkg_query_is_an_error(self):
        # A lib.sh whose dpkg-query fails inside installed_packages' pipe:
        # an empty list would make a key like any other.
        with tempfile.TemporaryDirectory() as tmp:
            lib = Path(tmp) / "scripts" / "lib.sh"
            lib.parent.mkdir()
            lib.write_text("installed_packages() { false | sort; }\n")
            with self.assertRaises(RuntimeError):
                results_cache.installed_packages(Path(tmp))


class Key(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.top = self.tmp / "main"
        make_project(self.top)

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def key(self, top=None, gates=("apply", "bisect"), packages=PACKAGES, **env):
        top = top or self.top
        return results_cache.inputs_key(list(gates), dict(settings(top), **env),
                                        top=top, packages=packages)

    def test_a_clone_elsewhere_has_the_same_key(self):
        clone = self.tmp / "ci"
        shutil.copytree(self.top, clone)
        self.assertEqual(self.key(), self.key(top=clone))

    def test_every_input_changes_the_key(self):
        before = self.key()
        self.assertNotEqual(before, self.key(gates=("apply", "bisect", "sparse")))
        self.assertNotEqual(before, self.key(packages=PACKAGES.replace("0.6.4-4", "0.6.4-5")))
        self.assertNotEqual(before, self.key(CHECK_BASE_COMMIT="abd"))
        for path in ["scripts/check/bisect.sh", "scripts/lib.sh", "harness/stage.py",
                     "bases.mk", "configs/kvm.config", "configs/check-ppc32.config",
                     "series/fix/patches/0001-a.patch",
                     "series/feature/patches/0001-b.patch", "series/fix/checkpatch.allow"]:
            with self.subTest(path):
                f = self.top / path
                text = f.read_text()
                f.write_text(text + "changed\n")
                self.assertNotEqual(before, self.key())
                f.write_text(text)
                self.assertEqual(before, self.key())
        new = self.top / "series/feature/patches/0002-c.patch"
        new.write_text("c\n")
        self.assertNotEqual(before, self.key())

    def test_a_fragment_the_gates_do_not_build_is_no_input(self):
        before = self.key()
        (self.top / "configs/other.config").write_text("CONFIG_KCSAN=y\n")
        (self.top / "configs/new.config").write_text("CONFIG_KFENCE=y\n")
        self.assertEqual(before, self.key())
        self.assertNotEqual(before, self.key(
            CHECK_FRAGMENTS="configs/kvm.config configs/other.config"))

    def test_a_missing_fragment_is_an_error(self):
        with self.assertRaisesRegex(RuntimeError, "no configuration fragment configs/typo.config"):
            self.key(CHECK_FRAGMENTS="configs/kvm.config configs/typo.config")


class Kept(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.env = {"PPC_COMPAT_CACHE": str(self.tmp)}

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def test_a_passing_run_is_given_again_and_says_so(self):
        cases = [{"name": "bisect 0001", "status": "pass", "message": "built (80.0 s)"},
                 {"name": "docs", "status": "skip", "message": "no documentation"}]
        self.assertTrue(results_cache.store("k" * 64, cases, self.env))
        kept, when = results_cache.load("k" * 64, self.env)
        self.assertEqual([c["status"] for c in kept], ["pass", "skip"])
        self.assertTrue(kept[0]["message"].startswith("built (80.0 s) [kept result: "))
        self.assertIn(when, kept[0]["message"])

    def test_a_failing_run_is_not_kept(self):
        cases = [{"name": "sparse", "status": "fail", "message": "1 new warning"}]
        self.assertFalse(results_cache.store("f" * 64, cases, self.env))
        self.assertIsNone(results_cache.load("f" * 64, self.env))


if __name__ == "__main__":
    unittest.main()
