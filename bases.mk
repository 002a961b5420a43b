# The bases: for each version of Linux a series or a target is built on,
# Debian's linux-source-<version> package, pinned, so that a new Debian
# upload never changes a base silently:
#
#   BASE_SUITES_<v>   the suites to look it up in, the first that has the
#                     pinned version winning (scripts/fetch-base.sh)
#   BASE_PACKAGE_<v>  the package version
#   BASE_COMMIT_<v>   the commit its import gives (scripts/make-base.sh:
#                     fixed identity and date, so the same package always
#                     gives the same commit); checked at every import
#
# To move a base to a newer upload: set BASE_PACKAGE_<v> to it, run make
# tree; the import then fails, naming the commit it gave: put that in
# BASE_COMMIT_<v>, and run make test.  Read by make only.
BASE_SUITES_7.2 := sid trixie-backports
BASE_PACKAGE_7.2 := 7.2.13-1
BASE_COMMIT_7.2 := e2410e8ee636544ca2597a19c5153ffc835681b7
BASE_SUITES_7.3 := trixie-backports sid
BASE_PACKAGE_7.3 := 7.3.4-1~bpo13+1
BASE_COMMIT_7.3 := 093a54a3620a42e578d525f2529d2ccba40729c4
