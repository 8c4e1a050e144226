#!/usr/bin/env bash
# Makes sure the real components the tests start are installed: Debian's OCI registry (docker-registry),
# skopeo, and htpasswd (apache2-utils); for the rpm database tests, rpm (rpmbuild, rpm, the sqlite and read-only
# Berkeley DB backends), db5.3-util (db5.3_load writes Berkeley DB hash files), and gcc + librpm-dev with rpm's
# Debian source (its ndb backend, lib/backend/ndb, compiled by the test to write ndb Packages.db files: Debian's
# rpm is built without ndb); for the PKCS#11 tests, SoftHSM2 (softhsm2: a software token and its module) and the
# pkcs11js binding (an optional dependency compiled at npm install, which needs make, g++ and python3: rebuilt here
# if npm ci could not); for the trace HTML test, chromium (headless, to render the page and look at its pixels).
# Installs them with apt-get when missing and running as root.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
command -v skopeo >/dev/null 2>&1 || missing+=(skopeo)
command -v htpasswd >/dev/null 2>&1 || missing+=(apache2-utils)
command -v rpmbuild >/dev/null 2>&1 || missing+=(rpm)
command -v db5.3_load >/dev/null 2>&1 || missing+=(db5.3-util)
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
[ -f /usr/include/rpm/rpmutil.h ] || missing+=(librpm-dev)
command -v xz >/dev/null 2>&1 || missing+=(xz-utils)
command -v softhsm2-util >/dev/null 2>&1 || missing+=(softhsm2)
command -v g++ >/dev/null 2>&1 || missing+=(g++)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test-setup: installing ${missing[*]} from Debian (needed by the registry, rpm database and PKCS#11 tests)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test-setup: ${missing[*]} not installed and not root: the tests that need them will fail. Install them with: sudo apt-get install -y ${missing[*]}" >&2
    [ -z "${CI:-}" ] || exit 2
  fi
fi

# The PKCS#11 binding: npm ci builds it (an optional dependency, left out when no compiler was there); with the
# compiler installed above, install what the lockfile has and node_modules lacks.
if ! node -e "require('pkcs11js')" >/dev/null 2>&1; then
  echo "test-setup: building the pkcs11js binding for the PKCS#11 tests" >&2
  if ! npm install --no-save --no-audit --no-fund >/dev/null || ! node -e "require('pkcs11js')" >/dev/null 2>&1; then
    echo "test-setup: pkcs11js could not be built: the PKCS#11 tests will fail" >&2
    [ -z "${CI:-}" ] || exit 2
  fi
fi

# rpm's ndb backend source, from Debian's source package of the installed rpm (a private apt source list: the
# system's apt configuration is not touched). Kept in node_modules/.cache; the rpmdb test compiles it.
ndb_dir=node_modules/.cache/custody-test/rpm-ndb
if [ ! -f "$ndb_dir/rpmpkg.c" ] && command -v apt-get >/dev/null 2>&1; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/parts" "$work/lists/partial" "$work/src"
  printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}") $(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")-updates" >"$work/parts/custody-src.sources"
  apt_opts=(-qq -o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$work/parts" -o "Dir::State::Lists=$work/lists")
  version=$(dpkg-query -W -f '${source:Version}' rpm 2>/dev/null || true)
  if apt-get "${apt_opts[@]}" update >/dev/null 2>&1 &&
    (cd "$work/src" && apt-get "${apt_opts[@]}" source --download-only "rpm${version:+=$version}" >/dev/null 2>&1); then
    orig=$(ls "$work"/src/rpm_*.orig.tar.* | head -1)
    tar -xf "$orig" -C "$work/src" --wildcards '*/lib/backend/ndb/rpmpkg.c' '*/lib/backend/ndb/rpmpkg.h'
    mkdir -p "$ndb_dir"
    cp "$work"/src/rpm-*/lib/backend/ndb/rpmpkg.[ch] "$ndb_dir/"
    echo "$(basename "$orig")" >"$ndb_dir/SOURCE"
  else
    echo "test-setup: could not download rpm's Debian source package: the ndb rpmdb test will fail" >&2
    [ -z "${CI:-}" ] || exit 2
  fi
fi
