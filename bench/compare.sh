#!/usr/bin/env bash
# Runs the project's benchmarks and pylast's on the same input, in one run,
# and prints the ratios against the targets of BENCHMARKS.md.
#
#   bash bench/compare.sh            # needs python3 and the shared/ folder beside the project
#
# pylast is installed in a virtual environment under target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/bench
shared=${SHARED_BENCH:-../shared/bench}
mkdir -p "$out"

echo "== machine"
echo "$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), $(rustc --version)"

echo "== input"
python3 "$shared/make_recent_tracks_xml.py" 100000 > "$out/recent_tracks_100k.xml"
wc -c < "$out/recent_tracks_100k.xml"

echo "== pylast"
[ -x "$out/venv/bin/python" ] || python3 -m venv "$out/venv"
"$out/venv/bin/pip" install -q --disable-pip-version-check 'pylast>=7,<8'
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
    print(f"{what:<58} {value:>9}   target {target:<10} {'met' if ok else 'NOT met'}")
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
line("decoding 100 KB: quick-xml scan / lastfm-api", f"{rd:.2f}x", "<= 3x", rd <= 3)
for name, what in [("calls_sequential", "sequential"), ("calls_16_concurrent", "16 concurrent tasks")]:
    ours, floor, _ = rsrow(name)
    line(f"calls/s {what}: lastfm-api / hand-written loop", f"{ours / floor:.0%}", ">= 90%", ours / floor >= 0.9)
clean = float(re.search(r"build.*: ([\d.]+) s", cc).group(1))
inc = float(re.search(r"rebuild.*: ([\d.]+) s", cc).group(1))
expand = float(re.search(r"^macro_expand_whole_spec\s+([\d.]+) ms", rs, re.M).group(1))
line("macro expansion of the whole spec (in-process)", f"{expand:.0f} ms", "", True)
line("clean build of lastfm-api (upper bound of what the spec adds)", f"{clean:.1f} s", "<= 5 s", clean <= 5)
line("rebuild after one spec edit", f"{inc:.1f} s", "<= 15 s", inc <= 15)
PY
