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
# --- system packages the BI / operations tests use (issue 11) -------------------------------
# PostgreSQL (initdb, pg_ctl, psql) for `jixiao publish-postgres` and psql against `jixiao serve`,
# pgjdbc (the driver Metabase uses), tmux (a terminal for the `jixiao shell` test). Installed from
# Debian only where missing; without root the tests that need them skip with a message.
ensure_bi_test_packages() {
  local missing=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
  [ -f /usr/share/java/postgresql.jar ] || missing+=(libpostgresql-jdbc-java)
  command -v tmux >/dev/null 2>&1 || missing+=(tmux)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "note: ${missing[*]} not installed (needs root and apt-get); the tests that use them will skip" >&2
    return 0
  fi
  echo "==> installing ${missing[*]} (Debian)"
  { DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; } ||
    echo "warning: could not install ${missing[*]}; the tests that use them will skip" >&2
}
ensure_bi_test_packages

want=$(cat pyproject.toml requirements.lock | sha256sum | cut -c1-16)
stamp=.venv/.jixiao-installed
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "==> installing dependencies (requirements.lock)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check uv
  .venv/bin/uv pip install --quiet --python .venv/bin/python -r requirements.lock
  .venv/bin/uv pip install --quiet --python .venv/bin/python --no-deps -e .
  echo "$want" > "$stamp"
fi
