# Shared set-up for scripts/build and scripts/test: sourced, not run.
# Creates .venv when missing, installs the locked dependencies when a lock changed,
# and installs the system packages the build needs (fonts; for tests also Chromium
# and poppler) when they are missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
LOCK="$ROOT/requirements.lock"
TEST_LOCK="$ROOT/requirements-test.lock"

say() { printf 'casereview: %s\n' "$*" >&2; }

find_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  say "Python 3.11 or newer is needed; install it (e.g. apt-get install python3) and run this again."
  exit 1
}

apt_install() {
  # apt_install PACKAGE... : install Debian packages, or say exactly what to run.
  local runner=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then runner="sudo"; else
      say "missing system packages: $*. Ask an administrator to run: apt-get install -y $*"; return 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    say "missing system packages: $* (no apt-get here: install them with your system's package manager)"; return 1
  fi
  say "installing system packages: $*"
  $runner apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive $runner apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

output_mentions() {
  # output_mentions TEXT COMMAND... : whether COMMAND's output contains TEXT. The output
  # is read whole first: `COMMAND | grep -q TEXT` under pipefail is false whenever grep
  # stops at the first match and COMMAND then dies of SIGPIPE, so a probe written that
  # way now and then misses what is installed and asks apt-get to install it again.
  local text="$1" output
  shift
  output="$("$@" 2>/dev/null)" || true
  [[ "$output" == *"$text"* ]]
}

has_library() {
  # has_library NAME : the shared library NAME (e.g. libpango-1.0) is installed, known
  # to the linker cache or in a usual library folder (ldconfig may be off a user's PATH).
  local name="$1" ldconfig
  for ldconfig in ldconfig /sbin/ldconfig /usr/sbin/ldconfig; do
    if command -v "$ldconfig" >/dev/null 2>&1 && output_mentions "$name" "$ldconfig" -p; then return 0; fi
  done
  compgen -G "/usr/lib/*/$name.so*" >/dev/null || compgen -G "/usr/lib/$name.so*" >/dev/null ||
    compgen -G "/usr/lib64/$name.so*" >/dev/null
}

ensure_build_system_packages() {
  local need=()
  output_mentions "Liberation Sans" fc-list || need+=(fonts-liberation fontconfig)
  # WeasyPrint renders text with Pango.
  has_library libpango-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
  if [ ${#need[@]} -gt 0 ]; then apt_install "${need[@]}"; fi
}

ensure_test_system_packages() {
  local need=()
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
  if [ ${#need[@]} -gt 0 ]; then apt_install "${need[@]}"; fi
}

# ensure_venv [runtime|test]: the runtime pins (requirements.lock) for building, plus
# the test tools (requirements-test.lock) for testing; test is the default. Each lock
# has its own stamp, so a build after the tests installs nothing again.
ensure_venv() {
  local kind="${1:-test}"
  if [ ! -x "$VENV/bin/python" ]; then
    say "creating $VENV"
    "$(find_python)" -m venv "$VENV"
  fi
  install_locked "$LOCK" "$VENV/.casereview-lock"
  if [ "$kind" = test ]; then install_locked "$TEST_LOCK" "$VENV/.casereview-lock-test"; fi
}

install_locked() {
  # install_locked LOCK STAMP: install LOCK (and casereview, editable) unless STAMP says
  # that this lock and pyproject.toml are what was installed last.
  local lock="$1" stamp="$2" want
  want="$(cat "$lock" "$LOCK" "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "installing locked dependencies ($(basename "$lock"))"
    # pip's notes about index locations of this machine's own configuration are noise here.
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$lock" 2> >(grep -v "is ignored: it is neither" >&2)
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e "$ROOT" \
      2> >(grep -v "is ignored: it is neither" >&2)
    echo "$want" > "$stamp"
  fi
}
