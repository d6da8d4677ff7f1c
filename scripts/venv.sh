#!/usr/bin/env bash
# Create .venv and install the pinned dependencies; a no-op when requirements.lock has not changed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || { echo "venv.sh: $PYTHON not found; install Python 3.11" >&2; exit 1; }
VENV="$ROOT/.venv"
[[ -x "$VENV/bin/python" ]] || "$PYTHON" -m venv "$VENV"
STAMP="$VENV/.installed-$(sha256sum "$ROOT/requirements.lock" | cut -c1-16)"
if [[ ! -f "$STAMP" ]]; then
  echo "Installing the pinned dependencies (requirements.lock) into .venv: the first time downloads ~700 MB, about 1 min ..."
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/requirements.lock"
  rm -f "$VENV"/.installed-*
  touch "$STAMP"
fi
