"""What produced a results document: the kernel's base and patches, and
the tools that built and ran it.

    describe(tree, cross="powerpc64le-linux-gnu-", qemu="qemu-system-ppc64")

gives a dict that the matrix writes into its results.json and stage
documents ("provenance"), so that a result says what it is about, and a
cover letter quotes the QEMU that ran its matrix, not the one installed
when the mails are written:

    {"base": "Linux 7.3.4 (Debian linux-source-7.3 7.3.4-1~bpo13+1, ...)",
     "base_commit": "093a54a3620a...",
     "patches": [{"subject": "KVM: ...", "patch_id": "..."}],
     "qemu": "10.0.2 (Debian 1:10.0.2+ds-2+deb13u1~bpo12+1)",
     "compiler": "powerpc64le-linux-gnu-gcc (Debian 12.2.0-13) 12.2.0"}

A field that cannot be found is None.
"""
import re
import subprocess
from pathlib import Path


def _out(cmd, stdin=None):
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, input=stdin)
    except OSError:
        return None
    return proc.stdout if proc.returncode == 0 else None


def first_line(text):
    return text.splitlines()[0].strip() if text and text.strip() else None


def qemu_version(qemu="qemu-system-ppc64"):
    m = re.search(r"version (.*)$", first_line(_out([qemu, "--version"])) or "")
    return m.group(1).strip() if m else None


def patches(tree):
    """Subject and stable patch id of each commit since the tree's 'base'."""
    log = _out(["git", "-C", str(tree), "log", "--reverse", "--format=%H %s",
                "base..HEAD"])
    if log is None:
        return None
    found = []
    for line in log.splitlines():
        commit, _, subject = line.partition(" ")
        diff = _out(["git", "-C", str(tree), "show", "--format=", commit])
        pid = _out(["git", "-C", str(tree), "patch-id", "--stable"], stdin=diff or "")
        found.append({"subject": subject, "patch_id": pid.split()[0] if pid else None})
    return found


def describe(tree, cross="powerpc64le-linux-gnu-", qemu="qemu-system-ppc64"):
    tree = Path(tree)
    version_file = tree.parent / (tree.name + ".base-version")
    base = version_file.read_text().strip() if version_file.is_file() else None
    return {
        "base": base,
        "base_commit": (_out(["git", "-C", str(tree), "rev-parse", "base^{commit}"])
                        or "").strip() or None,
        "patches": patches(tree),
        "qemu": qemu_version(qemu),
        "compiler": first_line(_out([f"{cross}gcc", "--version"])),
    }
