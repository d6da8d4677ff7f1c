#!/usr/bin/env bash
# Re-fetch the explorer's JavaScript libraries into webui/static/vendor/ from the npm registry, at the
# versions pinned below (webui/static/vendor/README.md says why these). The files are committed: the
# app never loads anything from elsewhere at run time, and a build needs no node.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/webui/static/vendor"
CYTOSCAPE=3.35.0
CYTOSCAPE_DAGRE=4.0.1
DAGRE=3.1.4 # bundled inside cytoscape-dagre's dist; fetched only for its licence
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

unpack() { # name version -> ./<name>/package
  local dir="${1//\//-}"
  mkdir -p "$dir"
  tar xzf "$(npm pack --silent "$1@$2")" -C "$dir"
  echo "$1@$2 $(npm view "$1@$2" dist.integrity)" >>"$WORK/integrity"
}
unpack cytoscape "$CYTOSCAPE"
unpack cytoscape-dagre "$CYTOSCAPE_DAGRE"
unpack @dagrejs/dagre "$DAGRE"

mkdir -p "$VENDOR/cytoscape" "$VENDOR/cytoscape-dagre"
cp cytoscape/package/dist/cytoscape.min.js cytoscape/package/LICENSE "$VENDOR/cytoscape/"
# The source map is not shipped: drop the line naming it so no one asks for a file that is not there.
grep -v '^//# sourceMappingURL=' cytoscape-dagre/package/dist/cytoscape-dagre.min.js >"$VENDOR/cytoscape-dagre/cytoscape-dagre.min.js"
cp cytoscape-dagre/package/LICENSE "$VENDOR/cytoscape-dagre/LICENSE"
cp @dagrejs-dagre/package/LICENSE "$VENDOR/cytoscape-dagre/LICENSE.dagre"
cat "$WORK/integrity"
