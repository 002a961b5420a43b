"""Run the harness's own unit tests and record their results.

    python3 -m harness.selftest [--json FILE] [-v]

Runs unittest discovery over harness/tests and, with --json, writes the
results document of suite "harness-selftest" (harness.stage), a test for
each unit test ("tests.test_ktap.ParseTest.test_skip"), which make test
counts.  An error in a test counts as a failure, an expected failure as a
pass.
Exit status: 0 if nothing failed.
"""
import argparse
import sys
import unittest
from pathlib import Path

from . import stage

HARNESS = Path(__file__).resolve().parent


class RecordingResult(unittest.TextTestResult):
    """A TextTestResult that also remembers each test's status."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.records = []

    def _record(self, test, status, message=""):
        self.records.append({"name": test.id(), "status": status,
                             "message": message})

    def addSuccess(self, test):
        super().addSuccess(test)
        self._record(test, "pass")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._record(test, "fail", self._exc_info_to_string(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        self._record(test, "fail", self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._record(test, "skip", reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._record(test, "pass", "expected failure")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._record(test, "fail", "unexpected success")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self._record(subtest, "fail", self._exc_info_to_string(err, test))


def run(verbosity=1):
    suite = unittest.defaultTestLoader.discover(
        start_dir=str(HARNESS / "tests"), top_level_dir=str(HARNESS.parent))
    runner = unittest.TextTestRunner(verbosity=verbosity,
                                     resultclass=RecordingResult)
    return runner.run(suite)


def main(argv=None):
    p = argparse.ArgumentParser(prog="python3 -m harness.selftest",
                                description=__doc__.splitlines()[0])
    p.add_argument("--json", type=Path, metavar="FILE",
                   help="write the results there")
    p.add_argument("-v", "--verbose", action="store_const", const=2,
                   default=1, dest="verbosity")
    args = p.parse_args(argv)

    result = run(args.verbosity)
    records = result.records or [{"name": "discovery", "status": "fail",
                                  "message": "no tests found in harness/tests"}]
    doc = stage.document("harness-selftest", records)
    if args.json:
        stage.write(args.json, doc)
    print(f"harness selftest: {doc['passed']} passed, {doc['failed']} failed, "
          f"{doc['skipped']} skipped", file=sys.stderr)
    return 0 if result.wasSuccessful() and doc["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
