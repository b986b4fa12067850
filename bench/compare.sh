#!/usr/bin/env bash
# Runs the project's benchmarks and pylast's on the same input, in one run,
# and prints the ratios against the targets of BENCHMARKS.md.
#
#   bash bench/compare.sh            # needs python3, /usr/bin/time and the shared/ folder beside the project
#
# pylast is installed in a virtual environment under target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../tests/interop/lib.sh
. tests/interop/lib.sh
out=target/bench
shared=${SHARED_BENCH:-../shared/bench}
mkdir -p "$out"

echo "== machine"
echo "$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), $(rustc --version)"

echo "== input"
python3 "$shared/make_recent_tracks_xml.py" 100000 > "$out/recent_tracks_100k.xml"
wc -c < "$out/recent_tracks_100k.xml"

echo "== pylast"
pylast_venv "$out/venv"
"$out/venv/bin/python" "$shared/bench_pylast.py" "$out/recent_tracks_100k.xml" | tee "$out/pylast.txt"

echo "== lastfm-api (cargo bench)"
LASTFM_BENCH_XML="$PWD/$out/recent_tracks_100k.xml" cargo bench -q -p lastfm-bench 2>/dev/null | tee "$out/rust.txt"

echo "== compile cost (debug)"
cargo build -q -p lastfm-api
seconds() { local start=$EPOCHREALTIME; "$@" >/dev/null 2>&1; python3 -c "print(round($EPOCHREALTIME - $start, 2))"; }
# lastfm-api alone, its dependencies (the macro among them) already built:
# the runtime plus everything the spec expands to, an upper bound of what
# expanding the spec adds.
clean=$(cargo clean -q -p lastfm-api && seconds cargo build -q -p lastfm-api)
# One real edit of a spec file, then back.
cp spec/track.yaml "$out/track.yaml.orig"
trap 'cp "$out/track.yaml.orig" spec/track.yaml' EXIT
# (a real edit: one method's description changes, so its docs change too)
sed -i 's/description: Marks a track as loved by the user./description: Marks a track as loved by the user (edited)./' spec/track.yaml
grep -q '(edited)' spec/track.yaml
incremental=$(seconds cargo build -q -p lastfm-api)
cp "$out/track.yaml.orig" spec/track.yaml
cargo build -q -p lastfm-api
echo "clean build of lastfm-api (dependencies built): ${clean} s" | tee "$out/compile.txt"
echo "rebuild after editing one spec file: ${incremental} s" | tee -a "$out/compile.txt"

echo "== whole-history jobs (lastfm-server; the lastfm CLI beside pylast)"
# Release builds, as a user would install them; private copies, since
# another build may replace the ones in the target directory.
cargo build -q --release -p lastfm-server -p lastfm-cli
target=${CARGO_TARGET_DIR:-$PWD/target}
work=$(mktemp -d)
cp "$target/release/lastfm-server" "$target/release/lastfm" "$work/"
key=bench-api-key
secret=bench-api-secret
# alice has 100,000 plays to export; bob (the CLI) and carol (pylast) each
# scrobble the same 10,000 plays, into histories of their own.
"$work/lastfm-server" --api-key "$key" --api-secret "$secret" \
    --user alice:alice-pw --user bob:bob-pw --user carol:carol-pw \
    --seed-plays alice:100000 --no-daily-limit >"$work/server.log" 2>&1 &
server=$!
trap 'cp "$out/track.yaml.orig" spec/track.yaml; kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
host=$(server_root "$work/server.log" "$server")
# API calls of one method the server has received so far.
calls() { python3 -c 'import sys, urllib.request
lines = urllib.request.urlopen(sys.argv[1] + "/control/requests").read().decode().split("\n")
print(sum(int(l.split()[1]) for l in lines if l.split()[:1] == [sys.argv[2]]))' "$host" "$1"; }
pylast() { "$out/venv/bin/python" bench/history_pylast.py "$host" "$key" "$secret" "$@"; }
# The CLI talks to the server as to any custom root (no rate limit there),
# its data (the scrobble queue) under $work.
cli() {
    HOME="$work" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" \
        LASTFM_API_KEY="$key" LASTFM_API_SECRET="$secret" LASTFM_BASE_URL="$host/2.0/" \
        /usr/bin/time -f "time %e s, cpu %U+%S s, peak %M KB" -o "$work/time.txt" "$work/lastfm" "$@"
}
{
    before=$(calls user.getRecentTracks)
    cli -q history export alice -o "$work/history.csv"
    echo "cli export requests: $(($(calls user.getRecentTracks) - before))"
    echo "cli export rows: $(($(wc -l < "$work/history.csv") - 1))"
    echo "cli export $(cat "$work/time.txt")"
    before=$(calls user.getRecentTracks)
    pylast export alice
    echo "pylast export requests: $(($(calls user.getRecentTracks) - before))"
    # One full page as the crawl reads it, for the per-page floor.
    python3 -c 'import sys, urllib.request
url = sys.argv[1] + "/2.0/?method=user.getRecentTracks&user=alice&limit=200&api_key=" + sys.argv[2]
print("page bytes:", len(urllib.request.urlopen(url).read()))' "$host" "$key"
    # 10,000 plays of the exported tracks in the last week, oldest first.
    python3 - "$work/history.csv" "$work/plays.csv" <<'PLAYS'
import csv, sys, time
now = int(time.time())
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))[:10000]
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["timestamp", "artist", "track", "album", "mbid"])
    for i, r in reversed(list(enumerate(rows))):
        w.writerow([now - 3600 - i * 60, r["artist"], r["track"], r["album"], ""])
PLAYS
    before=$(calls track.scrobble)
    LASTFM_USER=bob LASTFM_SESSION_KEY=$(pylast session bob bob-pw) \
        cli -q scrobble --from "$work/plays.csv" >/dev/null
    echo "cli scrobble requests: $(($(calls track.scrobble) - before))"
    echo "cli scrobble $(cat "$work/time.txt")"
    before=$(calls track.scrobble)
    pylast scrobble carol "$(pylast session carol carol-pw)" "$work/plays.csv"
    echo "pylast scrobble requests: $(($(calls track.scrobble) - before))"
} | tee "$out/history.txt"

echo "== ratios"
python3 - "$out" <<'PY'
import re, sys
out = sys.argv[1]
py = open(f"{out}/pylast.txt").read()
rs = open(f"{out}/rust.txt").read()
cc = open(f"{out}/compile.txt").read()
def pyval(pattern):
    return float(re.search(pattern, py).group(1).replace(",", ""))
def rsrow(name):
    m = re.search(rf"^{name}\s+([\d.]+) \S+\s+floor\s+([\d.]+) \S+\s+ratio\s+([\d.]+)", rs, re.M)
    return float(m.group(1)), float(m.group(2)), float(m.group(3))
def line(what, value, target, ok):
    verdict = f"target {target:<10} {'met' if ok else 'NOT met'}" if target else ""
    print(f"{what:<58} {value:>9}   {verdict}".rstrip())
s1, f1, r1 = rsrow("sign_1_track_12_params")
s50, f50, r50 = rsrow("sign_50_tracks_453_params")
p1 = pyval(r"sign 1-track scrobble \(_get_signature, \d+ params\): ([\d.]+) us")
p50 = pyval(r"sign 50-track batch \(\d+ params\):\s+([\d.]+) us")
line("signing 1 track: lastfm-api / MD5 floor", f"{r1:.2f}x", "<= 1.3x", r1 <= 1.3)
line("signing 1 track: pylast / lastfm-api", f"{p1 / s1:.1f}x", "", True)
line("signing 50 tracks: lastfm-api / MD5 floor", f"{r50:.2f}x", "<= 1.3x", r50 <= 1.3)
line("signing 50 tracks: pylast / lastfm-api", f"{p50 / s50:.1f}x", "", True)
d, scan, rd = rsrow("decode_recent_tracks_100k")
pfull = pyval(r"pylast full path .*-> ([\d.]+) MB/s")
line("decoding 100 KB: lastfm-api / pylast full path (MB/s)", f"{d / pfull:.1f}x", ">= 25x", d / pfull >= 25)
line("decoding 100 KB: lastfm-api / quick-xml scan (time)", f"{rd:.2f}x", "<= 2x", rd <= 2)
_, _, rh = rsrow("decode_by_hand_100k")
line("  the same rows decoded by hand / quick-xml scan (time)", f"{rh:.2f}x", "", True)
line("  lastfm-api / decoded by hand (time)", f"{rd / rh:.2f}x", "", True)
for name, what in [("calls_sequential", "sequential"), ("calls_16_concurrent", "16 concurrent tasks")]:
    ours, floor, _ = rsrow(name)
    line(f"calls/s {what}: lastfm-api / hand-written loop", f"{ours / floor:.0%}", ">= 90%", ours / floor >= 0.9)
clean = float(re.search(r"build.*: ([\d.]+) s", cc).group(1))
inc = float(re.search(r"rebuild.*: ([\d.]+) s", cc).group(1))
expand = float(re.search(r"^macro_expand_whole_spec\s+([\d.]+) ms", rs, re.M).group(1))
line("macro expansion of the whole spec (in-process)", f"{expand:.0f} ms", "", True)
line("clean build of lastfm-api (upper bound of what the spec adds)", f"{clean:.1f} s", "<= 5 s", clean <= 5)
line("rebuild after one spec edit", f"{inc:.1f} s", "<= 15 s", inc <= 15)
hs = open(f"{out}/history.txt").read()
def hval(pattern):
    return float(re.search(pattern, hs).group(1))
requests = hval(r"cli export requests: (\d+)")
rows = hval(r"cli export rows: (\d+)")
wall = hval(r"cli export time ([\d.]+) s")
cpu = hval(r"cli export time [\d.]+ s, cpu ([\d.]+)") + hval(r"cli export time .*cpu [\d.]+\+([\d.]+)")
peak = hval(r"cli export .*peak (\d+) KB") / 1024
py_wall = hval(r"pylast export: \d+ scrobbles in ([\d.]+) s")
py_requests = hval(r"pylast export requests: (\d+)")
page = hval(r"page bytes: (\d+)")
need = -(-int(rows) // 200)
line(f"export {rows:,.0f} scrobbles: requests (pylast: {py_requests:,.0f})", f"{requests:.0f}", f"== {need}", requests == need)
line("export: peak resident memory", f"{peak:.1f} MB", "<= 64 MB", peak <= 64)
line(f"export wall time: pylast {py_wall:.1f} s / lastfm {wall:.2f} s", f"{py_wall / wall:.1f}x", ">= 10x", py_wall / wall >= 10)
per_page = cpu / requests * 1e3
scan_page = page / 1e6 / scan * 1e3
decode_page = page / 1e6 / d * 1e3
line(f"export per page ({page / 1000:.0f} KB): client CPU time", f"{per_page:.2f} ms", "", True)
line(f"  / bare scan of the page {scan_page:.2f} ms (decoding it: {decode_page:.2f} ms)", f"{per_page / scan_page:.1f}x", "", True)
s_requests = hval(r"cli scrobble requests: (\d+)")
s_wall = hval(r"cli scrobble time ([\d.]+) s")
ps_wall = hval(r"pylast scrobble: \d+ plays in ([\d.]+) s")
ps_requests = hval(r"pylast scrobble requests: (\d+)")
line(f"scrobble 10,000 plays: requests (pylast: {ps_requests:.0f})", f"{s_requests:.0f}", "== 200", s_requests == 200)
line(f"scrobble wall time: pylast {ps_wall:.2f} s / lastfm {s_wall:.2f} s", f"{ps_wall / s_wall:.1f}x", "", True)
PY
