"""The gates' results, kept per machine under the inputs they depend on.

A run of the gates whose inputs are all byte for byte those of an earlier
run that passed gives that run's results again, as ccache gives the
object an identical compilation made: make test re-runs the gates of
every series, whose patches seldom change.  The key (inputs_key) holds
everything the gates read:

- the gates run, the base commit, and the name and text of every patch of
  the series and of the series it depends on (not where the project is:
  a clone elsewhere finds what this one kept);
- the CHECK_* settings make check passes, the series' checkpatch.allow,
  the files of DEBIAN_PATCHES if it is set;
- the text of the gates' scripts (scripts/check/), scripts/lib.sh,
  harness/stage.py, bases.mk, the series' fragments (CHECK_FRAGMENTS)
  and the coverage gate's (configs/check-*.config);
- the tools: every installed Debian package and its version (compilers,
  sparse, codespell, Sphinx, Perl), the Python that runs the gates'
  scripts, and the sparse builds of the cache.

Only runs without a failing case are kept: a failure is always a fresh
one.  Each case given again says so in its message, with the time of the
run it comes from.  The results are files of
$PPC_COMPAT_CACHE/check-results/, one per key.
"""
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

TOP = Path(__file__).resolve().parents[2]
# The files of the project the gates read (paths relative to TOP)
INPUT_GLOBS = ["scripts/check/*", "scripts/lib.sh", "harness/stage.py",
               "bases.mk", "configs/check-*.config"]
SETTINGS = ["CHECK_BASE", "CHECK_BASE_COMMIT", "CHECK_CROSS", "CHECK_FRAGMENTS"]


def cache_dir(env):
    base = env.get("PPC_COMPAT_CACHE") or Path(
        env.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ppc-compat-caps"
    return Path(base) / "check-results"


def installed_packages(top=TOP):
    """Every installed Debian package with its version (lib.sh's list)."""
    try:
        # pipefail, as the scripts that source lib.sh set it: a failing
        # dpkg-query must not give an empty list
        return subprocess.run(["bash", "-o", "pipefail", "-c", '. "$1" && installed_packages',
                               "-", str(top / "scripts/lib.sh")],
                              capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        raise RuntimeError("cannot list the installed Debian packages "
                           f"(dpkg-query): {getattr(e, 'stderr', '') or e}") from e


def inputs_key(gates, env, top=TOP, packages=None):
    """The key of a run of GATES with make check's settings ENV."""
    h = hashlib.sha256()

    def add(label, data):
        if isinstance(data, str):
            data = data.encode()
        h.update(label.encode() + b"\0" + hashlib.sha256(data).digest())

    add("gates", " ".join(gates))
    for d in env.get("CHECK_UPSTREAM", "").split() + [env.get("CHECK_PATCHES", "")]:
        for p in sorted(Path(d).glob("*.patch")):
            add(f"patch {Path(d).parent.name}/{p.name}", p.read_bytes())
    for name in SETTINGS:
        add(name, env.get(name, ""))
    allow = Path(env.get("CHECK_ALLOW", "/nonexistent"))
    add("checkpatch.allow", allow.read_bytes() if allow.is_file() else b"")
    fragments = {top / f for f in env.get("CHECK_FRAGMENTS", "").split()}
    missing = sorted(str(p.relative_to(top)) for p in fragments if not p.is_file())
    if missing:
        raise RuntimeError(f"no configuration fragment {', '.join(missing)}")
    files = sorted({p for g in INPUT_GLOBS for p in top.glob(g) if p.is_file()} | fragments)
    for p in files:
        add(str(p.relative_to(top)), p.read_bytes())
    debian = env.get("DEBIAN_PATCHES")
    if debian:
        for p in sorted(Path(debian).rglob("*")):
            if p.is_file():
                add(f"debian {p.relative_to(debian)}", p.read_bytes())
    add("packages", installed_packages(top) if packages is None else packages)
    add("python", sys.version)
    sparse = Path(cache_dir(env)).parent / "sparse"
    add("sparse builds", " ".join(sorted(p.name for p in sparse.glob("*/sparse"))
                                  if sparse.is_dir() else []))
    return h.hexdigest()


def load(key, env):
    """(cases, when) of the kept run under KEY, each case saying it is kept;
    None if nothing is kept under KEY."""
    path = cache_dir(env) / f"{key}.json"
    try:
        kept = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    when = kept["when"]
    return [dict(c, message=f"{c['message']} [kept result: the gates ran on the same "
                            f"inputs at {when}; key {key[:12]}]")
            for c in kept["cases"]], when


def store(key, cases, env):
    """Keep CASES under KEY if none failed; return whether they were kept."""
    if any(c["status"] == "fail" for c in cases):
        return False
    d = cache_dir(env)
    d.mkdir(parents=True, exist_ok=True)
    tmp = d / f".{key}.{os.getpid()}"
    tmp.write_text(json.dumps({"when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
                               "cases": cases}, indent=1) + "\n")
    tmp.rename(d / f"{key}.json")
    return True
