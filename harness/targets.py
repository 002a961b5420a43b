"""The series and the targets.

A series (series/<name>/) is one submission: patches/ (git format-patch
output), cover-letter.md or notes.md, checkpatch.allow, and series.mk
saying what it is for.  A target (targets/<name>/) is a kernel: a base
version, a stack of series on it (SERIES) and what to expect of it.
Both settings files are "NAME := value" lines, which make includes too;
a name not in the file's list is an error (a typo must not silently mean
a default).  What a target says of its kernel is where KVM-HV VMs answer
KVM_PPC_GET_COMPAT_CAPS (ANSWERS: pseries, powernv), which a target with
the stage "matrix" must say; what a machine's answer is there comes from
the machine (machines.Machine.levels).
"""
import re
from dataclasses import dataclass
from pathlib import Path


TOP = Path(__file__).resolve().parents[1]
TARGETS = TOP / "targets"
SERIES = TOP / "series"
DEFAULT = "v7.2"
MATRIX = "matrix"       # the stage of the test matrix
STAGES = (MATRIX, "bench", "debug", "e2e", "pages4k", "regression")
PLATFORMS = ("pseries", "powernv")
TARGET_KEYS = {
    "required": ("DESCRIPTION", "BASE_VERSION", "FRAGMENTS", "STAGES"),
    "optional": ("SERIES", "BASE_SERIES", "ANSWERS", "COMPARE_WITH", "BASE_FIXES",
                 "DEBUG_FRAGMENTS", "REGRESSION_TESTS", "REGRESSION_MACHINES",
                 "REGRESSION_BASE", "REGRESSION_TIMEOUT"),
}
SERIES_KEYS = {
    "required": ("DESCRIPTION", "BASE_VERSION", "FOR_TREE", "FRAGMENTS",
                 "CHECK_GATES", "TESTED_ON"),
    "optional": ("MAIL_TO", "MAIL_CC", "GET_MAINTAINER", "DEPENDS"),
}
_LINE = re.compile(r"^([A-Z][A-Z0-9_]*)\s*:=\s*(.*?)\s*$")


class BadTarget(ValueError):
    pass


@dataclass(frozen=True)
class Series:
    name: str
    path: Path
    description: str
    base_version: str
    for_tree: str
    depends: tuple
    tested_on: str

    @property
    def patches(self):
        return sorted((self.path / "patches").glob("*.patch"))


@dataclass(frozen=True)
class Target:
    name: str
    path: Path
    description: str
    base_version: str
    series: tuple           # names, in the order they are applied
    base_series: tuple      # applied first, under the tag 'base'
    answers: tuple          # platforms where HV VMs answer
    stages: tuple
    compare_with: str

    def expected_caps(self, machine):
        """What KVM_PPC_GET_COMPAT_CAPS must answer for an HV VM of this
        kernel on @machine, or None where it must not answer."""
        if machine.hv and machine.platform in self.answers:
            return machine.levels
        return None


def read_settings(path, keys):
    """The NAME := value lines of a target.mk or series.mk, every name
    one of @keys, the required ones present."""
    settings = {}
    known = keys["required"] + keys["optional"]
    for n, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _LINE.match(line)
        if not m:
            raise BadTarget(f"{path}:{n}: not a 'NAME := value' line: {raw!r}")
        if m.group(1) not in known:
            raise BadTarget(f"{path}:{n}: unknown setting {m.group(1)} "
                            f"(known: {', '.join(known)})")
        settings[m.group(1)] = m.group(2)
    missing = [k for k in keys["required"] if k not in settings]
    if missing:
        raise BadTarget(f"{path} lacks {', '.join(missing)}")
    return settings


def series_names(root=SERIES):
    return sorted(p.name for p in root.iterdir() if (p / "series.mk").is_file())


def load_series(name, root=SERIES):
    mk = root / name / "series.mk"
    if not mk.is_file():
        raise BadTarget(f"unknown series '{name}' (no {mk}); series: "
                        f"{', '.join(series_names(root)) or 'none'}")
    s = read_settings(mk, SERIES_KEYS)
    depends = tuple(s.get("DEPENDS", "").split())
    for d in depends:
        if not (root / d / "series.mk").is_file():
            raise BadTarget(f"{mk}: DEPENDS names series '{d}', which does not exist")
    return Series(name, root / name, s["DESCRIPTION"], s["BASE_VERSION"],
                  s["FOR_TREE"], depends, s["TESTED_ON"])


def all_series(root=SERIES):
    return [load_series(n, root) for n in series_names(root)]


def load(name, root=TARGETS, series_root=SERIES):
    path = root / name
    mk = path / "target.mk"
    if not mk.is_file():
        known = ", ".join(names(root)) or "none"
        raise BadTarget(f"unknown target '{name}' (no {mk}); targets: {known}")
    s = read_settings(mk, TARGET_KEYS)
    stages = tuple(s["STAGES"].split())
    wrong = [st for st in stages if st not in STAGES]
    if wrong:
        raise BadTarget(f"{mk}: STAGES names {', '.join(wrong)}; known: {', '.join(STAGES)}")
    if MATRIX in stages and "ANSWERS" not in s:
        raise BadTarget(f"{mk} lacks ANSWERS")
    answers = tuple(s.get("ANSWERS", "").split())
    wrong = [a for a in answers if a not in PLATFORMS]
    if wrong:
        raise BadTarget(f"{mk}: ANSWERS names {', '.join(wrong)}; "
                        f"known: {', '.join(PLATFORMS)}")
    under = tuple(s.get("BASE_SERIES", "").split())
    stack = tuple(s.get("SERIES", "").split())
    for n in under + stack + tuple(s.get("BASE_FIXES", "").split()):
        if not (series_root / n / "series.mk").is_file():
            raise BadTarget(f"{mk} names series '{n}', which does not exist")
    applied = under + stack
    for n in applied:
        for d in load_series(n, series_root).depends:
            if d not in applied[:applied.index(n)]:
                raise BadTarget(f"{mk}: series '{n}' depends on '{d}', "
                                f"which BASE_SERIES and SERIES do not apply before it")
    t = Target(name, path, s["DESCRIPTION"], s["BASE_VERSION"], stack, under,
               answers, stages, s.get("COMPARE_WITH", ""))
    if t.compare_with and MATRIX not in stages:
        raise BadTarget(f"{mk}: COMPARE_WITH compares matrices, but STAGES has no {MATRIX}")
    if t.compare_with and not (root / t.compare_with / "target.mk").is_file():
        raise BadTarget(f"{mk} names target '{t.compare_with}', which does not exist")
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


def main(argv):
    """python3 -m harness.targets            the series and the targets
    python3 -m harness.targets --check      load them all, say what is wrong"""
    try:
        stacks = all_series(), all_targets()
    except BadTarget as e:
        return f"targets: {e}"
    if "--check" in argv:
        return 0
    for s in stacks[0]:
        print(f"series {s.name:<14} {s.base_version}  {s.description} (for {s.for_tree})")
    for t in stacks[1]:
        print(f"target {t.name:<14} {t.base_version}  "
              f"{' + '.join(t.base_series + t.series) or 'pristine'}")
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv[1:]))
