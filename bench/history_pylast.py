"""pylast's side of the whole-history jobs of compare.sh, against lastfm-server.

    python history_pylast.py ROOT KEY SECRET session USER PASSWORD  # prints a session key
    python history_pylast.py ROOT KEY SECRET export USER            # get_recent_tracks(limit=None)
    python history_pylast.py ROOT KEY SECRET scrobble USER SK FILE  # scrobble_many, plays from a CSV

ROOT is http://127.0.0.1:PORT. Prints one line of figures per job.
"""
import csv
import sys
import time
from urllib.parse import urlparse

import pylast

httpx = pylast.httpx


class PlainHttp(httpx.BaseTransport):
    """pylast speaks HTTPS to its ws_server; the offline server speaks plain
    HTTP on loopback: this transport (pylast's public `proxy` argument, a
    dict of httpx mounts) changes the scheme only and keeps its connections
    between calls (pylast closes its client after each)."""

    def __init__(self):
        self._inner = httpx.HTTPTransport()

    def handle_request(self, request):
        request.url = request.url.copy_with(scheme="http")
        return self._inner.handle_request(request)

    def close(self):
        pass


def network(root, key, secret, session_key=""):
    net = pylast.LastFMNetwork(
        api_key=key, api_secret=secret, session_key=session_key,
        proxy={"https://": PlainHttp()},
    )
    net.ws_server = (urlparse(root).netloc, "/2.0/")
    net.homepage = root
    return net


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
