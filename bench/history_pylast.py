"""pylast's side of the whole-history jobs of compare.sh, against lastfm-server.

    python history_pylast.py ROOT KEY SECRET session USER PASSWORD  # prints a session key
    python history_pylast.py ROOT KEY SECRET export USER            # get_recent_tracks(limit=None)
    python history_pylast.py ROOT KEY SECRET scrobble USER SK FILE  # scrobble_many, plays from a CSV

ROOT is http://127.0.0.1:PORT. Prints one line of figures per job.
"""
import csv
import os
import sys
import time

import pylast

# The interop client's plain-HTTP transport and network builder: one way
# of pointing pylast at lastfm-server.
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "interop"))
from pylast_client import PlainHttp, network_for  # noqa: E402


def network(root, key, secret, session_key=""):
    return network_for(root, key, secret, PlainHttp(), session_key)


def main():
    root, key, secret, job, *rest = sys.argv[1:]
    if job == "session":
        user, password = rest
        net = network(root, key, secret)
        print(pylast.SessionKeyGenerator(net).get_session_key(user, pylast.md5(password)))
    elif job == "export":
        (user,) = rest
        net = network(root, key, secret)
        start = time.perf_counter()
        tracks = net.get_user(user).get_recent_tracks(limit=None)
        seconds = time.perf_counter() - start
        print(f"pylast export: {len(tracks)} scrobbles in {seconds:.2f} s")
    elif job == "scrobble":
        user, session_key, path = rest
        net = network(root, key, secret, session_key)
        with open(path, newline="", encoding="utf-8") as f:
            plays = [
                {"artist": r["artist"], "title": r["track"], "album": r["album"] or None,
                 "timestamp": int(r["timestamp"])}
                for r in csv.DictReader(f)
            ]
        start = time.perf_counter()
        net.scrobble_many(plays)
        seconds = time.perf_counter() - start
        print(f"pylast scrobble: {len(plays)} plays in {seconds:.2f} s")
    else:
        sys.exit(f"unknown job {job}")


if __name__ == "__main__":
    main()
