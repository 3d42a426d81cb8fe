#!/usr/bin/env bash
# Create .venv and install jixiao with the exact versions in requirements.lock.
# Idempotent: re-installs only when pyproject.toml or requirements.lock changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "jixiao needs Python 3.11 (found: $("$PYTHON" --version 2>&1)); set PYTHON=/path/to/python3.11" >&2
  exit 2
fi
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PYTHON" -m venv .venv
fi
# --- Debian packages, installed only where missing ------------------------------------------
# antiword reads legacy Word .doc reports (LibreOffice, when installed, is preferred; see README).
# PostgreSQL (initdb, pg_ctl, psql) for `jixiao publish-postgres` and psql against `jixiao serve`,
# pgjdbc (the driver Metabase uses) and tmux (a terminal for the `jixiao shell` test).
# Needs root or passwordless sudo and apt-get; without them set-up still succeeds, .doc reports are
# quarantined with a reason and the tests that need a missing package say so.
ensure_debian_packages() {
  local missing=() sudo=()
  command -v antiword >/dev/null 2>&1 || missing+=(antiword)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
  [ -f /usr/share/java/postgresql.jar ] || missing+=(libpostgresql-jdbc-java)
  command -v tmux >/dev/null 2>&1 || missing+=(tmux)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo=(sudo -n); else
      echo "warning: ${missing[*]} not installed (needs root or passwordless sudo): apt-get install ${missing[*]}" >&2
      return 0
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "warning: ${missing[*]} not installed and apt-get is unavailable" >&2
    return 0
  fi
  echo "==> installing ${missing[*]} (Debian)"
  # a fresh machine may have no package lists yet: update first
  { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
      >/dev/null 2>&1; } || echo "warning: could not install ${missing[*]}" >&2
}
ensure_debian_packages

# (the stamp also changes with the install options below)
want=$( (cat pyproject.toml requirements.lock; echo compile-bytecode) | sha256sum | cut -c1-16)
stamp=.venv/.jixiao-installed
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "==> installing dependencies (requirements.lock)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check uv
  .venv/bin/uv pip install --quiet --python .venv/bin/python -r requirements.lock
  .venv/bin/uv pip install --quiet --python .venv/bin/python --no-deps -e .
  # Bytecode compiled once here: on machines that set PYTHONDONTWRITEBYTECODE (this image does)
  # every process would otherwise compile dbt, Prefect and Great Expectations from source (~20 s).
  echo "==> compiling bytecode"
  .venv/bin/python -m compileall -q -j 0 .venv/lib/python3.11/site-packages >/dev/null || true
  echo "$want" > "$stamp"
fi

