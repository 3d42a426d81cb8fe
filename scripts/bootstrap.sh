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
want=$(cat pyproject.toml requirements.lock | sha256sum | cut -c1-16)
stamp=.venv/.jixiao-installed
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "==> installing dependencies (requirements.lock)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check uv
  .venv/bin/uv pip install --quiet --python .venv/bin/python -r requirements.lock
  .venv/bin/uv pip install --quiet --python .venv/bin/python --no-deps -e .
  echo "$want" > "$stamp"
fi

# antiword reads legacy Word .doc reports (LibreOffice, when installed, is preferred; see README).
# Installed with apt-get where it is missing: as root, or through passwordless sudo. Without
# either (or without apt) the set-up still succeeds and .doc files are quarantined with a reason.
if ! command -v antiword >/dev/null 2>&1; then
  apt_install() {
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
      command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null || return 1
      sudo=(sudo -n)
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends antiword \
      >/dev/null 2>&1 && return 0
    # a fresh machine may have no package lists yet
    "${sudo[@]}" apt-get update -qq >/dev/null 2>&1 &&
      "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends antiword >/dev/null 2>&1
  }
  if command -v apt-get >/dev/null 2>&1; then
    echo "==> installing antiword (reads legacy .doc reports)"
    apt_install || echo "warning: could not install antiword (needs root or passwordless sudo);" \
      ".doc reports will be quarantined until it is installed: apt-get install antiword" >&2
  else
    echo "warning: antiword is not installed and apt-get is unavailable; .doc reports will be" \
      "quarantined until antiword or LibreOffice is installed" >&2
  fi
fi
