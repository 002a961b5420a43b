"""Test harness of the KVM_PPC_GET_COMPAT_CAPS series.

Boots the test kernel and initramfs on a matrix of POWER machines under QEMU
TCG, parses the KTAP the guest's /init prints and reports the results.

    machines   the machines of the matrix and what each must report
    qemu       run one machine, collect its console log
    ktap       parse the KTAP of a console log
    report     table, results.json, junit.xml and the final count
    matrix     the command line (python3 -m harness.matrix)
    selftest   run the harness's own unit tests (python3 -m harness.selftest)
"""
