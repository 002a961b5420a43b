# The bases: for each version of Linux a series or a target is built on,
# the Debian suites that carry its linux-source-<version> package, the
# first that has it winning (scripts/fetch-base.sh).  Read by make only.
BASE_SUITES_7.2 := sid trixie-backports
BASE_SUITES_7.3 := trixie-backports sid
