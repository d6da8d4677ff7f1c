#!/usr/bin/env bash
# Regenerate docs/screenshots/list-models-{desktop,phone}.png: the browser test that checks the
# models list on a 1440x900 desktop and a 390x844 phone saves them to artifacts/; copy them over.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SKIP_LINT=1 scripts/test.sh -q -p no:cacheprovider tests/webui/test_browser.py -k test_models_list_fits_the_screen
mkdir -p docs/screenshots
for viewport in desktop phone; do
  cp "artifacts/list-models-$viewport.png" "docs/screenshots/list-models-$viewport.png"
done
echo "docs/screenshots/list-models-{desktop,phone}.png updated"
