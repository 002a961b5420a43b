"""The cost table of make bench.

    python3 -m harness.bench --ours RESULTS [--other RESULTS --other-name T]
        --cache DIR [--build build/<target>] [--markdown]

RESULTS are results.json files of harness.matrix --icount runs of
compat_caps_bench: under -icount the guest's clock counts instructions,
so "ns" below are guest instructions and the ratios are exact.  Prints,
per backend, the cost of KVM_PPC_GET_COMPAT_CAPS as a ratio to
KVM_CHECK_EXTENSION on the target's kernel and on the target it is
compared with, then the wall times the harness recorded (set-up, base
fetch, kernel builds, matrix).
"""
import argparse
import json
import re
import sys
from pathlib import Path

from . import machines

BENCH = re.compile(r"bench: ratio=([\d.]+) check_ns=(\d+) caps_ns=(\d+)")
PROGRAM = "compat_caps_bench"


def measurements(path):
    """{machine: (ratio, check, caps) or the reason there is none}."""
    found = {}
    if not path or not Path(path).is_file():
        return found
    with open(path) as f:
        doc = json.load(f)
    for m in doc["machines"]:
        found[m["name"]] = "did not run"
        for t in m["tests"]:
            if t["name"] != PROGRAM:
                continue
            found[m["name"]] = t["reason"] or t["status"]
            for line in t["diagnostics"]:
                match = BENCH.search(line)
                if match:
                    r, check, caps = match.groups()
                    found[m["name"]] = (float(r), int(check), int(caps))
    return found


def cell(value):
    if isinstance(value, tuple):
        ratio, check, caps = value
        return f"{ratio:.2f} ({caps}/{check})"
    return value or "-"


def cost_rows(ours, other):
    for name in dict.fromkeys(list(ours) + list(other)):
        yield [name, machines.get(name).description, cell(ours.get(name)),
               cell(other.get(name))]


def read_time(path):
    """(seconds, "when[, how]") from a time record of the harness, or None.

    A record is "<seconds> [<UTC time> [<how>...]]", how being for example
    "no ccache".
    """
    try:
        fields = Path(path).read_text().split()
        when = fields[1] if len(fields) > 1 else "last run"
        how = " ".join(fields[2:])
        return float(fields[0]), f"{how}, {when}" if how else when
    except (OSError, ValueError, IndexError):
        return None


def timing_rows(cache, build, base_version):
    timing = build / "kernel-timing"
    records = [
        ("set-up (last one that installed packages)", cache / "setup-time"),
        (f"base fetch (linux-source-{base_version} download)",
         cache / f"fetch-time.linux-source-{base_version}"),
        ("kernel build from scratch (make build-times)",
         timing / "build-time.scratch"),
        ("kernel rebuild after a change in arch/powerpc/kvm (make build-times)",
         timing / "build-time.incremental"),
        ("whole matrix (10 machines)", build / "results" / "matrix" / "wall_s"),
    ]
    for what, path in records:
        value = read_time(path)
        yield [what, f"{value[0]:.0f} s ({value[1]})" if value else "not measured yet"]


def render(head, rows, markdown):
    if markdown:
        return "\n".join(["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
                         + ["| " + " | ".join(r) + " |" for r in rows])
    widths = [max(len(r[i]) for r in [head] + rows) for i in range(len(head))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()
                     for r in [head] + rows)


def main(argv=None):
    p = argparse.ArgumentParser(prog="python3 -m harness.bench")
    p.add_argument("--ours", type=Path, required=True)
    p.add_argument("--other", type=Path)
    p.add_argument("--other-name", default="other")
    p.add_argument("--cache", type=Path, required=True)
    p.add_argument("--build", type=Path, default=Path("build/v7.2"),
                   help="the target's build directory")
    p.add_argument("--base-version", default="7.2")
    p.add_argument("--markdown", action="store_true")
    args = p.parse_args(argv)

    ours = measurements(args.ours)
    if not ours:
        print(f"bench: no results in {args.ours}", file=sys.stderr)
        return 2
    other = measurements(args.other)
    print("Cost of KVM_PPC_GET_COMPAT_CAPS / KVM_CHECK_EXTENSION on the same "
          "VM fd, in guest instructions (-icount):")
    print(render(["machine", "backend", "ours: ratio (caps/check)",
                  f"{args.other_name}: ratio (caps/check)"],
                 list(cost_rows(ours, other)), args.markdown))
    print()
    print("Wall times recorded by the harness on this machine:")
    rows = list(timing_rows(args.cache, args.build, args.base_version))
    print(render(["what", "time"], rows, args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
