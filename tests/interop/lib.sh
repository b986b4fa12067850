# Shell helpers shared by tests/interop/run.sh and bench/compare.sh: both run
# pylast against a lastfm-server of their own. Source it; needs `set -e`.

# pylast_venv DIR: a virtualenv in DIR holding pylast 7.2 (installed once).
pylast_venv() {
    local venv=$1
    if ! "$venv/bin/python" -c 'import pylast, sys; sys.exit(not pylast.__version__.startswith("7.2."))' 2>/dev/null; then
        echo "installing pylast 7.2 into $venv"
        "${PYTHON:-python3}" -m venv "$venv"
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "pylast==7.2.*"
    fi
}

# server_root LOG PID: the http://host:port root that the lastfm-server
# started as PID announces in LOG, waiting up to 30 s; fails, showing the
# log, if it exits or never does.
server_root() {
    local log=$1 pid=$2 root
    for _ in $(seq 300); do
        root=$(sed -n 's#^lastfm-server listening on \(http://[^/]*\)/2.0/$#\1#p' "$log")
        [ -n "$root" ] && { echo "$root"; return; }
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "lastfm-server did not start" >&2
    cat "$log" >&2
    return 1
}
