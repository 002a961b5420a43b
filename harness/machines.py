"""The QEMU machines of the test matrix: how to start each, and what its
hardware and compatibility mode offer.

What a kernel must answer on a machine is the target's to say
(harness.targets); the machine says which levels its mode runs, whether
KVM-HV and KVM-PR are possible on it, and on which platform it is.
The expectations reach the guest's /init as environment variables: the
kernel hands every `KEY=value` parameter of its command line that it does
not know (and that has no dot) to init as environment.
"""
import dataclasses
from dataclasses import dataclass, field

# The compatibility levels KVM_PPC_GET_COMPAT_CAPS reports.  A host able to
# run guests of one level can run those of every older one too.
CAP_POWER9 = 1 << 62
CAP_POWER10 = 1 << 61
CAP_POWER11 = 1 << 60
CAP_ALL = CAP_POWER9 | CAP_POWER10 | CAP_POWER11

LEVEL_NAMES = ((CAP_POWER9, "P9"), (CAP_POWER10, "P10"), (CAP_POWER11, "P11"))


def levels_text(mask):
    """"P9 P10" for a mask of CAP_POWER* levels, "none" for none."""
    return " ".join(name for bit, name in LEVEL_NAMES if mask & bit) or "none"


P9 = CAP_POWER9
P9_P10 = P9 | CAP_POWER10
P9_P10_P11 = P9_P10 | CAP_POWER11

DEFAULT_MACHINE = "p11-p10mode-v2"

# Every machine: no display, console on stdio, QEMU exits when the guest
# powers off or reboots (a panic reboots at once with panic=-1).  Not
# -nodefaults: PowerNV powers off through the default IPMI BMC.
COMMON_QEMU_ARGS = ("-display", "none", "-serial", "stdio", "-monitor", "none",
                    "-no-reboot")

# For measurements (python3 -m harness.matrix --icount): the guest's clock
# counts instructions, 1 ns each, so what the guest times is exact and the
# same from run to run whatever else loads the host.  Boots are about ten
# times slower.
ICOUNT_QEMU_ARGS = ("-icount", "shift=0")
COMMON_CMDLINE = "console=hvc0 panic=-1"

# pseries under TCG: VOF boots in a second where SLOF takes several; the
# broken/off speculation caps keep TCG from warning about each of them.
PSERIES_OPTIONS = ("x-vof=on", "cap-cfpc=broken", "cap-sbbc=broken",
                   "cap-ibs=broken", "cap-ccf-assist=off")

NESTED_CAPS = {
    None: (),
    "v1": ("cap-nested-hv=on",),        # nested API v1: an L1 on KVM L0
    "v2": ("cap-nested-papr=on",),      # nested API v2: H_GUEST_* (PowerVM)
}

# What a nested L1 cannot run here, and why: its L0 is QEMU, which loses the
# L1's timer (README, "The test matrix").  The guest's /init skips a test
# named in its environment as SKIP_<test>=<why>.
QEMU_L0_SKIPS = {
    "memslot_perf_test": "QEMU as L0 loses the nested L1's timer, and the "
                         "test's guest loop then runs forever (README)",
}

PSERIES_TIMEOUT = 180
POWERNV_TIMEOUT = 240


@dataclass(frozen=True)
class Machine:
    name: str
    description: str
    qemu_args: tuple
    platform: str       # "pseries" (an LPAR) or "powernv" (bare metal)
    levels: int         # the CAP_POWER* levels its mode runs
    hv: bool            # KVM-HV is possible (nested KVM-HV, or bare metal)
    pr: bool            # KVM-PR is possible (a hash MMU: never with radix)
    cmdline: str = ""   # added to COMMON_CMDLINE
    timeout: int = PSERIES_TIMEOUT
    env: dict = field(default_factory=dict)     # more guest environment

    @property
    def skips(self):
        """The tests this machine cannot run, with the reason: those of a
        nested L1 (KVM-HV in an LPAR), whose L0 is QEMU."""
        return QEMU_L0_SKIPS if self.platform == "pseries" and self.hv else {}

    def guest_env(self):
        """The environment the guest's /init gets, in a stable order."""
        return {"KVM_PPC_MACHINE": self.name,
                **{f"SKIP_{test}": why for test, why in self.skips.items()},
                **self.env}

    def kernel_cmdline(self):
        # The kernel hands init a value in double quotes without them
        env = " ".join(f'{k}="{v}"' if " " in str(v) else f"{k}={v}"
                       for k, v in self.guest_env().items())
        return " ".join(s for s in (COMMON_CMDLINE, self.cmdline, env) if s)


# Guest memory of every machine.  set_memory_region_test creates the 32767
# memslots KVM allows, and KVM-HV allocates a 64K page for each one's rmap:
# 2G is not enough.  TCG allocates guest memory as it is touched.
MEMORY = "4G"


def pseries(cpu, nested=None, compat=None):
    """QEMU arguments of a one-CPU pseries LPAR.

    nested: None, "v1" or "v2", the nested KVM-HV API QEMU offers as L0.
    compat: "power9", "power10": the highest compatibility mode the L1
    may negotiate (max-cpu-compat).

    One CPU: with two, a nested L1 would ride out QEMU's lost timer
    (README, "The test matrix"), but set_memory_region_test then takes
    more than its 120 s on Linux 7.2 after other tests' VMs (24 s on a
    fresh boot), with rcupdate.rcu_expedited=1 too (2026-12-03).
    """
    options = ["pseries", *PSERIES_OPTIONS, *NESTED_CAPS[nested]]
    if compat:
        options.append(f"max-cpu-compat={compat}")
    return ("-M", ",".join(options), "-cpu", cpu, "-smp", "1", "-m", MEMORY)


def powernv(model):
    """QEMU arguments of a bare-metal PowerNV host; skiboot is the default
    firmware (/usr/share/qemu/skiboot.lid) and it needs at least 1 GiB."""
    return ("-M", model, "-m", MEMORY)


MACHINES = (
    Machine("p10-v1", "pseries POWER10, nested API v1",
            pseries("power10", nested="v1"), "pseries",
            levels=P9_P10, hv=True, pr=False),
    Machine("p10-p9mode-v1", "pseries POWER10 in POWER9 mode, nested API v1",
            pseries("power10", nested="v1", compat="power9"), "pseries",
            levels=P9, hv=True, pr=False),
    Machine("p11-p10mode-v1", "pseries POWER11 in POWER10 mode, nested API v1",
            pseries("power11", nested="v1", compat="power10"), "pseries",
            levels=P9_P10, hv=True, pr=False),
    Machine("p11-v1", "pseries POWER11, nested API v1",
            pseries("power11", nested="v1"), "pseries",
            levels=P9_P10_P11, hv=True, pr=False),
    Machine("p11-v2", "pseries POWER11, nested API v2",
            pseries("power11", nested="v2"), "pseries",
            levels=P9_P10_P11, hv=True, pr=False),
    Machine("p11-p10mode-v2", "pseries POWER11 in POWER10 mode, nested API v2",
            pseries("power11", nested="v2", compat="power10"), "pseries",
            levels=P9_P10, hv=True, pr=False),
    Machine("p11-p9mode-v2", "pseries POWER11 in POWER9 mode, nested API v2",
            pseries("power11", nested="v2", compat="power9"), "pseries",
            levels=P9, hv=True, pr=False),
    Machine("pr-hash", "pseries POWER10, no nested KVM-HV, hash MMU: KVM-PR only",
            pseries("power10"), "pseries", cmdline="disable_radix",
            levels=P9_P10, hv=False, pr=True),
    Machine("powernv9", "bare-metal POWER9 (PowerNV, skiboot)",
            powernv("powernv9"), "powernv", timeout=POWERNV_TIMEOUT,
            levels=P9, hv=True, pr=False),
    Machine("powernv10", "bare-metal POWER10 (PowerNV, skiboot)",
            powernv("powernv10"), "powernv", timeout=POWERNV_TIMEOUT,
            levels=P9_P10, hv=True, pr=False),
)


def with_cpus(machine, cpus):
    """machine with cpus processors: cores of one thread (nested API v1
    wants one thread per core), e.g. for a checker that needs two CPUs to
    see two tasks at once (KCSAN)."""
    args = list(machine.qemu_args)
    if "-smp" in args:
        i = args.index("-smp")
        del args[i:i + 2]
    return dataclasses.replace(machine, qemu_args=(
        *args, "-smp", f"{cpus},cores={cpus},threads=1"))


class UnknownMachine(ValueError):
    pass


def names():
    return [m.name for m in MACHINES]


def get(name):
    for m in MACHINES:
        if m.name == name:
            return m
    raise UnknownMachine(f"unknown machine '{name}'; known machines: "
                         + ", ".join(names()))


def select(spec):
    """The machines of a comma-separated list of names, or all of them."""
    if not spec:
        return list(MACHINES)
    wanted = [s.strip() for s in spec.split(",") if s.strip()]
    return [get(name) for name in dict.fromkeys(wanted)]
