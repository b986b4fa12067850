#!/usr/bin/env bash
# The offline server with a real third-party client: builds the lastfm-server
# binary, starts it on a free loopback port, installs pylast 7.2 from PyPI
# into a virtualenv under the target directory (once), and runs
# pylast_client.py against it. Exits non-zero on any failure.
#
#   bash tests/interop/run.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
# shellcheck source=lib.sh
. "$root/tests/interop/lib.sh"

cargo build --quiet --manifest-path "$root/Cargo.toml" -p lastfm-server
# A private copy: another build may replace the one in the target directory.
work=$(mktemp -d)
cp "$target/debug/lastfm-server" "$work/lastfm-server"

venv="$target/interop-venv"
pylast_venv "$venv"

key=interop-api-key
secret=interop-api-secret
# No --port: the server takes a free one and prints it.
"$work/lastfm-server" --api-key "$key" --api-secret "$secret" \
    --user alice:alice-password --user bob:bob-password >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
root_url=$(server_root "$work/server.log" "$server")

"$venv/bin/python" "$root/tests/interop/pylast_client.py" \
    --root "$root_url" --api-key "$key" --api-secret "$secret" \
    --web-user alice --mobile-user bob --mobile-password bob-password
