"""The targets: a kernel (a base and a series) and what to expect of it.

A target is a folder of targets/ holding target.mk ("NAME := value"
lines, which make includes too), and, as it needs, patches/ (its series),
cover-letter.md (or notes.md for a single patch) and checkpatch.allow.  What a target says of
its kernel is where KVM-HV VMs answer KVM_PPC_GET_COMPAT_CAPS (ANSWERS:
pseries, powernv), which a target with the stage "matrix" must say; what
a machine's answer is there comes from the machine
(machines.Machine.levels).
"""
import re
from dataclasses import dataclass
from pathlib import Path


TOP = Path(__file__).resolve().parents[1]
TARGETS = TOP / "targets"
DEFAULT = "v7.2"
REQUIRED = ("DESCRIPTION", "BASE_VERSION", "BASE_SUITES", "FRAGMENTS")
MATRIX = "matrix"       # the stage of the test matrix
PLATFORMS = ("pseries", "powernv")
_LINE = re.compile(r"^([A-Z][A-Z0-9_]*)\s*:=\s*(.*?)\s*$")


class BadTarget(ValueError):
    pass


@dataclass(frozen=True)
class Target:
    name: str
    path: Path
    description: str
    base_version: str
    answers: tuple          # platforms where HV VMs answer
    stages: tuple
    compare_with: str
    tests_from: str

    @property
    def patches(self):
        return sorted((self.path / "patches").glob("*.patch"))

    def expected_caps(self, machine):
        """What KVM_PPC_GET_COMPAT_CAPS must answer for an HV VM of this
        kernel on @machine, or None where it must not answer."""
        if machine.hv and machine.platform in self.answers:
            return machine.levels
        return None


def read_settings(path):
    """The NAME := value lines of a target.mk."""
    settings = {}
    for n, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _LINE.match(line)
        if not m:
            raise BadTarget(f"{path}:{n}: not a 'NAME := value' line: {raw!r}")
        settings[m.group(1)] = m.group(2)
    return settings


def load(name, root=TARGETS):
    path = root / name
    mk = path / "target.mk"
    if not mk.is_file():
        known = ", ".join(names(root)) or "none"
        raise BadTarget(f"unknown target '{name}' (no {mk}); targets: {known}")
    s = read_settings(mk)
    stages = tuple(s.get("STAGES", "").split())
    missing = [k for k in REQUIRED + (("ANSWERS",) if MATRIX in stages else ())
               if k not in s]
    if missing:
        raise BadTarget(f"{mk} lacks {', '.join(missing)}")
    answers = tuple(s.get("ANSWERS", "").split())
    wrong = [a for a in answers if a not in PLATFORMS]
    if wrong:
        raise BadTarget(f"{mk}: ANSWERS names {', '.join(wrong)}; "
                        f"known: {', '.join(PLATFORMS)}")
    t = Target(name, path, s["DESCRIPTION"], s["BASE_VERSION"], answers,
               stages, s.get("COMPARE_WITH", ""),
               s.get("TESTS_FROM", ""))
    if t.compare_with and MATRIX not in stages:
        raise BadTarget(f"{mk}: COMPARE_WITH compares matrices, but STAGES has no {MATRIX}")
    for other in (t.compare_with, t.tests_from):
        if other and not (root / other / "target.mk").is_file():
            raise BadTarget(f"{mk} names target '{other}', which does not exist")
    return t


def names(root=TARGETS):
    return sorted(p.name for p in root.iterdir() if (p / "target.mk").is_file())


def all_targets(root=TARGETS):
    return [load(n, root) for n in names(root)]


def guest_env(target, machine):
    """What the harness's probe must find on @machine with this kernel."""
    caps = target.expected_caps(machine)
    return {
        "KVM_PPC_COMPAT_CAPS_EXPECTED": "none" if caps is None else f"{caps:#x}",
        "KVM_PPC_HV_EXPECTED": str(int(machine.hv)),
        "KVM_PPC_PR_EXPECTED": str(int(machine.pr)),
    }


if __name__ == "__main__":
    import sys
    try:
        for t in all_targets():
            print(f"{t.name:<14} {t.description}")
    except BadTarget as e:
        sys.exit(f"targets: {e}")
