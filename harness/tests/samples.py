"""Console logs the unit tests parse, shaped like the real ones."""

FIRMWARE = """\
$ qemu-system-ppc64 -M pseries ...
qemu-system-ppc64: warning: TCG doesn't support requested feature
[    0.000000] Linux version 7.2.0 (ppc64le)
[    0.512345] Run /init as init process
"""

GOOD = FIRMWARE + """\
KTAP version 1
# kernel: 7.2.0 #1 SMP ppc64le
# cpu\t\t: POWER10 (architected), altivec supported
# platform\t: pSeries
# /dev/kvm: present
1..2
    TAP version 13
    1..3
    # KVM_PPC_COMPAT_CAPS_EXPECTED=0x6000000000000000
    ok 1 caps_match
    ok 2 caps_cumulative
    ok 3 no_unknown_bits
    # Totals: pass:3 fail:0 xfail:0 xpass:0 skip:0 error:0
ok 1 compat_caps # time=0.05s
    TAP version 13
    1..2
    #  RUN           global.create_hv ...
    #            OK  global.create_hv
    ok 1 global.create_hv
    ok 2 global.create_pr # SKIP KVM-PR needs a hash MMU
    # PASSED: 2 / 2 tests passed.
ok 2 vm_types # time=0.10s
# init: 0 of 2 failed
# init: powering off
[    2.000000] reboot: Power down
"""

FAILURE = FIRMWARE + """\
KTAP version 1
1..2
    TAP version 13
    1..2
    ok 1 caps_match
    not ok 2 caps_cumulative # got 0x2000000000000000
    # Totals: pass:1 fail:1 xfail:0 xpass:0 skip:0 error:0
not ok 1 compat_caps # exit=1
not ok 2 missing # /tests/missing: No such file or directory
"""

SKIPPED = FIRMWARE + """\
KTAP version 1
1..1
    TAP version 13
    1..0 # SKIP no /dev/kvm
ok 1 compat_caps # SKIP
"""

# The guest died in the middle of the second program.
CRASH = FIRMWARE + """\
KTAP version 1
1..3
    TAP version 13
    1..1
    ok 1 first
ok 1 one # time=0.01s
    TAP version 13
    1..2
    ok 1 a
[    3.141592] Kernel panic - not syncing: Attempted to kill init!
"""

# printk lines between and inside KTAP lines, \\r\\n line ends.
INTERLEAVED = (FIRMWARE + """\
KTAP version 1
1..1
[    1.000000] kvm: something happened
    TAP version 13
    1..2
    ok 1 fo[    1.100000] random: crng init done
o
    not ok 2 bar # why
ok 1 prog # time=0.01s
""").replace("\n", "\r\n")

NO_KTAP = FIRMWARE + """\
[    0.600000] Kernel panic - not syncing: No working init found.
"""
