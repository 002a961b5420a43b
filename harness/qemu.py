"""Boot one machine of the matrix under QEMU and collect what happened.

run() starts QEMU with the kernel and initramfs, copies the console to
<out>/<machine>.log (and to the terminal if asked), kills QEMU when the
machine's timeout has passed and returns a Run: the parsed KTAP and the
problems found, each a failure that names the log:

    qemu      QEMU not found, or exited with an error
    timeout   the guest did not power off in time (the log then ends
              with its vCPUs' registers, from QEMU's monitor)
    kernel    a panic, Oops, BUG: or WARNING: in the console
    ktap      no KTAP at all, or KTAP that does not add up (guest died)
"""
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from . import ktap
from .machines import COMMON_QEMU_ARGS

QEMU = os.environ.get("QEMU", "qemu-system-ppc64")

# Kernel messages that fail a machine whatever its tests said.  They are
# looked for at the start of a line or right after a printk timestamp, so
# test output (indented by init) cannot trigger them.
KERNEL_PROBLEMS = (
    ("panic", re.compile(r"Kernel panic - not syncing")),
    ("oops", re.compile(r"\bOops\b")),
    ("bug", re.compile(r"\bBUG: |kernel BUG at ")),
    # WARN() splats, old and new style; not every pr_warn("WARNING: ...")
    # (pseries nvram prints one on every QEMU boot).
    ("warning", re.compile(r"WARNING: (?:CPU: \d+ PID: \d+ at |"
                           r"(?:\S+:\d+ )?at \S+, CPU#)")),
    # The debug kernel's checkers
    ("kasan", re.compile(r"BUG: KASAN: ")),
    ("kfence", re.compile(r"BUG: KFENCE: ")),
    ("kcsan", re.compile(r"BUG: KCSAN: ")),
    ("ubsan", re.compile(r"UBSAN: ")),
    ("lockdep", re.compile(r"WARNING: (?:possible circular locking|possible "
                           r"recursive locking|inconsistent lock state|"
                           r"suspicious RCU usage|possible irq lock inversion|"
                           r"bad unlock balance|held lock freed|lock held)|"
                           r"INFO: possible ")),
    ("kmemleak", re.compile(r"kmemleak: \d+ new suspected memory leaks")),
)
_PRINTK_TS = re.compile(ktap.TIMESTAMP + r"\s*")
_QEMU_MESSAGE = re.compile(r"^qemu-system-\w+: (?!warning: )(.*)")

GRACE = 5       # seconds QEMU gets to exit after SIGTERM

# When a guest times out, what QEMU's monitor says of its vCPUs goes into
# the log before QEMU is stopped, twice, a second apart: where the hung
# guest is and whether it still moves (a nested L1 stuck in its L2 shows
# the L2's addresses, a spinning one a moving NIP).
HANG_DUMP = "info registers -a"
HANG_DUMPS = 2


@dataclass
class Problem:
    kind: str       # qemu, timeout, kernel, ktap
    message: str


@dataclass
class Run:
    machine: str
    log: Path
    command: list
    wall: float = 0.0               # QEMU start to exit, seconds
    boot: Optional[float] = None    # QEMU start to the KTAP header
    exit_code: Optional[int] = None
    timed_out: bool = False
    ktap: Optional["ktap.Log"] = None
    problems: list = field(default_factory=list)
    info: dict = field(default_factory=dict)

    @property
    def ok(self):
        return not self.problems

    def fail(self, kind, message):
        self.problems.append(Problem(kind, f"{message} (see {self.log})"))


def command(machine, kernel, initramfs, qemu=QEMU, monitor=None):
    """The QEMU command line that boots kernel and initramfs on machine;
    with its human monitor on the unix socket monitor, if given."""
    common = list(COMMON_QEMU_ARGS)
    if monitor:
        i = common.index("-monitor")
        common[i + 1] = f"unix:{monitor},server=on,wait=off"
    return [qemu, *machine.qemu_args,
            "-kernel", str(kernel), "-initrd", str(initramfs),
            "-append", machine.kernel_cmdline(), *common]


_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def monitor_says(path, request, quiet=1.0):
    """What QEMU's human monitor on the unix socket path answers to
    request, read until it has been quiet for quiet seconds: the lines
    after its prompt's echo of the request, without the next prompt."""
    out = b""
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(quiet)
        s.connect(str(path))
        s.sendall(request.encode() + b"\n")
        try:
            while chunk := s.recv(65536):
                out += chunk
        except socket.timeout:
            pass
    lines = _ESCAPE.sub("", out.decode("utf-8", "replace")).replace("\r", "").split("\n")
    echoed = next((i for i, line in enumerate(lines) if line.startswith("(qemu)")), -1)
    answer = [line for line in lines[echoed + 1:] if not line.startswith("(qemu)")]
    return "\n".join(answer).strip("\n") + "\n"


def hang_dump(monitor):
    """On a timeout: the vCPUs' registers, HANG_DUMPS times, for the log."""
    def dump(logfile):
        for i in range(HANG_DUMPS):
            if i:
                time.sleep(1)
            try:
                said = monitor_says(monitor, HANG_DUMP)
            except OSError as e:
                said = f"no answer: {e}\n"
            logfile.write(f"\nharness: timed out; QEMU's monitor, "
                          f"{HANG_DUMP} ({i + 1} of {HANG_DUMPS}):\n"
                          f"{said}\n".encode())
            logfile.flush()
    return dump


def qemu_messages(lines):
    """What QEMU said on its way out (its errors, not its warnings)."""
    return [m.group(1) for m in map(_QEMU_MESSAGE.match, lines) if m]


def kernel_problems(lines):
    """(kind, line number, line) of the first message of each kind."""
    return [(kind, *seen[0]) for kind, seen in kernel_messages(lines)]


def kernel_messages(lines):
    """(kind, [(line number, line), ...]): every message of each kind that
    the console has, in order."""
    found = {}
    for number, line in enumerate(lines, 1):
        # At the start of the line, or right after a printk timestamp
        # wherever one falls.
        starts = [0] + [m.end() for m in _PRINTK_TS.finditer(line)]
        for kind, pattern in KERNEL_PROBLEMS:
            if any(pattern.match(line, s) for s in starts):
                found.setdefault(kind, []).append((number, line.strip()))
    return [(kind, found[kind]) for kind, _ in KERNEL_PROBLEMS if kind in found]


def problem_text(kind, seen):
    """A kind's problem: its first message, and where the next one is, so
    that a second report behind the first is not missed."""
    (number, line), more = seen[0], seen[1:]
    text = f"kernel {kind} at line {number}: {line}"
    if more:
        text += f" (and {len(more)} more, the next at line {more[0][0]})"
    return text


def machine_info(log):
    """What init said about the machine: "# cpu : POWER10" -> {"cpu": ...}."""
    info = {}
    for line in log.preamble:
        key, sep, value = line.partition(":")
        if sep and key.strip() and value.strip():
            info.setdefault(key.strip(), value.strip())
    return info


# Console lines that drown what matters when echoed: shown once, then
# only in the machine's log.  The base kernel prints the first for every
# guest exit on nested API v2 under QEMU (the L0 lacks the hcall).
REPEATED_NOISE = re.compile(r"KVM: TLB LPID invalidation hcall failed")


def quiet(text, seen):
    """text without the noise lines already shown once (seen: a set)."""
    kept = []
    for line in text.splitlines(keepends=True):
        m = REPEATED_NOISE.search(line)
        if m and m.group(0) in seen:
            continue
        if m:
            seen.add(m.group(0))
            line = line.rstrip("\n") + "  [repeats: in the log only]\n"
        kept.append(line)
    return "".join(kept)


def console_echo(name, prefix):
    """A function copying console text to stdout, line-prefixed if asked,
    without repeated noise (the log keeps everything)."""
    lock = threading.Lock()
    seen = set()

    def echo(text):
        text = quiet(text, seen)
        if not text:
            return
        if prefix:
            text = "".join(f"[{name}] {line}"
                           for line in text.splitlines(keepends=True))
        with lock:
            sys.stdout.write(text)
            sys.stdout.flush()
    return echo


@dataclass
class Console:
    """How a QEMU whose console went to a log ended."""
    exit_code: Optional[int] = None
    timed_out: bool = False
    wall: float = 0.0
    error: Optional[OSError] = None     # QEMU could not be started
    boot: Optional[float] = None        # seconds to the first "KTAP version"


def _copy_output(stream, logfile, echo, console, start):
    """Copy QEMU's output to the log (and echo) until it closes."""
    for raw in stream:
        logfile.write(raw)
        logfile.flush()
        if echo:
            echo(raw.decode("utf-8", "replace"))
        if console.boot is None and b"KTAP version" in raw:
            console.boot = time.monotonic() - start


def _stop(proc):
    proc.terminate()
    try:
        proc.wait(GRACE)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# Every QEMU this process runs, so that an interrupt (stop_all) stops them
# whichever thread started them, and no more start after it.
_live = set()
_live_lock = threading.Lock()
_stopping = threading.Event()


def stop_all():
    """Stop every QEMU this process started, and start no more: for an
    interrupt, which only the main thread sees."""
    _stopping.set()
    with _live_lock:
        procs = list(_live)
    for proc in procs:
        proc.kill()
    for proc in procs:
        proc.wait()
    return len(procs)


def run_all(run_one, items, jobs):
    """run_one(item) for each item, jobs at a time, in threads; the
    results in order.  On an interrupt, every QEMU stops at once and no
    queued item starts, then the interrupt goes on."""
    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    try:
        futures = [pool.submit(run_one, item) for item in items]
        return [f.result() for f in futures]
    except KeyboardInterrupt:
        stop_all()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=False)


def run_console(cmd, log, timeout, echo=None, who="harness", on_timeout=None):
    """Run cmd with its output in the file log; stop it after timeout s.

    The log starts with the command line and ends with a line that says
    so when QEMU was killed.  echo: None, or a function given each chunk
    of console text as it comes.  who names the writer of those lines.
    on_timeout: None, or a function given the log file when the timeout
    has passed, before QEMU is stopped.
    """
    console = Console()
    with open(log, "wb") as logfile:
        logfile.write(f"$ {shlex.join(cmd)}\n".encode())
        logfile.flush()
        start = time.monotonic()
        with _live_lock:
            if _stopping.is_set():
                raise KeyboardInterrupt
            try:
                proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT)
            except OSError as e:
                logfile.write(f"{who}: cannot run {cmd[0]}: {e}\n".encode())
                console.error = e
                return console
            _live.add(proc)
        copier = threading.Thread(target=_copy_output,
                                  args=(proc.stdout, logfile, echo, console,
                                        start))
        copier.start()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            console.timed_out = True
            if on_timeout:
                on_timeout(logfile)
            _stop(proc)
        except BaseException:
            _stop(proc)
            raise
        finally:
            copier.join()
            proc.stdout.close()
            console.wall = time.monotonic() - start
            with _live_lock:
                _live.discard(proc)
        console.exit_code = proc.returncode
        if console.timed_out:
            logfile.write(f"\n{who}: killed after {timeout:.0f} s\n".encode())
    return console


def run(machine, kernel, initramfs, out, qemu=QEMU, timeout=None, echo=None):
    """Boot machine, wait for it to power off; return its Run.

    echo: None, or a function given each chunk of console text as it comes.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    timeout = timeout or machine.timeout
    # A short path: a unix socket's must fit in 108 bytes.
    sockdir = tempfile.mkdtemp(prefix="qemu-monitor-")
    monitor = os.path.join(sockdir, "m")
    cmd = command(machine, kernel, initramfs, qemu, monitor)
    r = Run(machine=machine.name, log=out / f"{machine.name}.log", command=cmd)
    try:
        console = run_console(cmd, r.log, timeout, echo,
                              on_timeout=hang_dump(monitor))
    finally:
        shutil.rmtree(sockdir, ignore_errors=True)
    if console.error:
        r.fail("qemu", f"cannot run {qemu}: {console.error.strerror}; "
               "install qemu-system-ppc >= 10 (scripts/setup.sh) or set QEMU")
        return r
    r.exit_code, r.timed_out = console.exit_code, console.timed_out
    r.wall, r.boot = console.wall, console.boot
    check(r, r.log.read_text(errors="replace"), timeout)
    return r


def check(r, text, timeout=None):
    """Fill r's ktap, info and problems from the console text."""
    lines = text.replace("\r", "").split("\n")
    if r.timed_out:
        powered_off = any("reboot: Power down" in line for line in lines)
        r.fail("timeout", f"timed out after {timeout} s" +
               (" (the guest powered off, QEMU did not exit)"
                if powered_off else ""))
    elif r.exit_code:
        said = qemu_messages(lines)
        r.fail("qemu", f"QEMU exited with status {r.exit_code}"
               + (f": {said[-1]}" if said else ""))
    for kind, seen in kernel_messages(lines):
        r.fail("kernel", problem_text(kind, seen))
    try:
        r.ktap = ktap.parse(text)
    except ktap.NoKtap as e:
        r.fail("ktap", str(e))
        return r
    r.info = machine_info(r.ktap)
    for error in r.ktap.errors:
        r.fail("ktap", error)
    return r
