"""Drives the offline lastfm-server with pylast 7.2, unchanged: web and mobile
login, scrobbling one and many, now playing, love and unlove, tags, and reads
of every package. Prints one line per check; exits 1 if any fails.

Run by tests/interop/run.sh, which builds and starts the server:
    python pylast_client.py --root http://127.0.0.1:PORT --api-key K --api-secret S
"""

import argparse
import sys
import time
import traceback
from urllib.parse import parse_qs, urlparse

import pylast

# The HTTP library pylast itself uses (7.2 imports `httpx2` as `httpx`).
httpx = pylast.httpx


class PlainHttp(httpx.BaseTransport):
    """pylast always speaks HTTPS to its ws_server; the double serves plain
    HTTP on loopback. This transport, given to pylast through its public
    `proxy` argument (a dict of httpx mounts), sends pylast's requests there
    unchanged but for the scheme, as a TLS-terminating proxy would."""

    def __init__(self):
        self._inner = httpx.HTTPTransport()

    def handle_request(self, request):
        request.url = request.url.copy_with(scheme="http")
        return self._inner.handle_request(request)

    def close(self):
        # pylast closes its httpx client after every call; keep the pool.
        pass

    def really_close(self):
        self._inner.close()


failures = []


def check(name, run):
    try:
        detail = run()
    except Exception:  # report every failure, then go on
        failures.append(name)
        print(f"FAIL {name}")
        traceback.print_exc(limit=3)
        return None
    print(f"ok   {name}{': ' + str(detail) if detail is not None else ''}")
    return detail


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def network_for(root, key, secret, transport, session_key="", username=""):
    """A LastFMNetwork whose web service and auth page are the double's."""
    network = pylast.LastFMNetwork(
        api_key=key,
        api_secret=secret,
        session_key=session_key,
        username=username,
        proxy={"https://": transport},
    )
    host = urlparse(root).netloc
    network.ws_server = (host, "/2.0/")
    network.homepage = root
    return network


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True, help="http://127.0.0.1:PORT")
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--api-secret", required=True)
    parser.add_argument("--web-user", default="alice")
    parser.add_argument("--mobile-user", default="bob")
    parser.add_argument("--mobile-password", default="bob-password")
    args = parser.parse_args()
    expect(pylast.__version__.startswith("7.2."), f"pylast {pylast.__version__}")
    print(f"pylast {pylast.__version__} against {args.root}")

    transport = PlainHttp()
    anonymous = network_for(args.root, args.api_key, args.api_secret, transport)
    user = args.web_user
    now = int(time.time())

    # --- web login: token, approval, session ---
    def web_login():
        generator = pylast.SessionKeyGenerator(anonymous)
        url = generator.get_web_auth_url()
        expect(url.startswith(f"{args.root}/api/auth/?api_key="), url)
        token = parse_qs(urlparse(url).query)["token"][0]
        try:
            generator.get_web_auth_session_key(url)
            raise AssertionError("a session before approval")
        except pylast.WSError as e:
            expect(e.status == "14", f"before approval: {e.status} {e}")
        page = httpx.get(url)
        expect(page.status_code == 200 and token in page.text, page.text)
        approved = httpx.post(
            f"{args.root}/control/approve", data={"token": token, "user": user}
        )
        expect(approved.status_code == 200, approved.text)
        key, name = generator.get_web_auth_session_key_username(url)
        expect(name == user and len(key) == 32, (name, key))
        return key

    web_key = check("web login (auth.getToken, approval, auth.getSession)", web_login)

    # --- mobile login: pylast sends authToken = md5(username + md5(password)) ---
    def mobile_login():
        generator = pylast.SessionKeyGenerator(anonymous)
        key = generator.get_session_key(
            args.mobile_user, pylast.md5(args.mobile_password)
        )
        expect(len(key) == 32, key)
        try:
            generator.get_session_key(args.mobile_user, pylast.md5("wrong"))
            raise AssertionError("a session with a wrong password")
        except pylast.WSError as e:
            expect(e.status == "4", f"wrong password: {e.status} {e}")
        return None

    check("mobile login (auth.getMobileSession with authToken)", mobile_login)

    def mobile_session_works():
        # pylast logs in when a network is built with a username and a
        # password hash; the double's address is set after building, so the
        # same call is made here on a network that points at it.
        network = network_for(args.root, args.api_key, args.api_secret, transport)
        network.username = args.mobile_user
        network.password_hash = pylast.md5(args.mobile_password)
        network.session_key = pylast.SessionKeyGenerator(network).get_session_key(
            network.username, network.password_hash
        )
        me = network.get_authenticated_user()
        expect(me.get_name() == args.mobile_user, me.get_name())
        return None

    check("mobile session works (user.getInfo as the user)", mobile_session_works)

    if web_key is None:
        print("no session: the writes cannot be checked")
        return 1
    me = network_for(
        args.root, args.api_key, args.api_secret, transport, web_key, user
    )

    # --- scrobbling ---
    def scrobble_one():
        me.scrobble("Cher", "Believe", timestamp=now - 600, album="Believe")
        recent = me.get_user(user).get_recent_tracks(limit=10)
        titles = [(str(p.track.artist), p.track.title) for p in recent]
        expect(("Cher", "Believe") in titles, titles)
        return f"{len(recent)} recent"

    check("scrobble one (track.scrobble)", scrobble_one)

    def scrobble_many():
        plays = [
            {"artist": "Radiohead", "title": t, "timestamp": now - 3000 + i * 240}
            for i, t in enumerate(["Airbag", "Paranoid Android", "Karma Police"])
        ]
        # 55 plays: pylast splits them into requests of 50 and 5.
        plays += [
            {"artist": "Portishead", "title": "Roads", "timestamp": now - 90_000 - i * 300}
            for i in range(52)
        ]
        me.scrobble_many(plays)
        count = me.get_user(user).get_playcount()
        expect(count == 56, f"playcount {count}")
        # A repeat of a stored play is accepted and dropped, as on Last.fm.
        me.scrobble("Cher", "Believe", timestamp=now - 600)
        count = me.get_user(user).get_playcount()
        expect(count == 56, f"playcount after a repeat {count}")
        return f"playcount {count}"

    check("scrobble many (55 plays, two requests)", scrobble_many)

    def now_playing():
        me.update_now_playing("Massive Attack", "Teardrop", album="Mezzanine", duration=330)
        playing = me.get_user(user).get_now_playing()
        expect(playing is not None, "nothing playing")
        expect(
            (str(playing.artist), playing.title) == ("Massive Attack", "Teardrop"),
            playing,
        )
        return str(playing)

    check("now playing (track.updateNowPlaying)", now_playing)

    # --- love and unlove ---
    def love_unlove():
        track = me.get_track("Cher", "Believe")
        track.love()
        expect(track.get_userloved() is True, "not loved")
        loved = [str(t.track) for t in me.get_user(user).get_loved_tracks()]
        expect(loved == ["Cher - Believe"], loved)
        track.unlove()
        expect(track.get_userloved() is False, "still loved")
        return None

    check("love and unlove (track.love, track.unlove)", love_unlove)

    # --- tags ---
    def tags():
        track = me.get_track("Cher", "Believe")
        track.add_tags(("pop", "favourite"))
        names = sorted(t.name.lower() for t in track.get_tags())
        expect(names == ["favourite", "pop"], names)
        track.remove_tag("favourite")
        names = [t.name.lower() for t in track.get_tags()]
        expect(names == ["pop"], names)
        artist = me.get_artist("Radiohead")
        artist.add_tag("alternative")
        expect(
            [t.name.lower() for t in artist.get_tags()] == ["alternative"],
            artist.get_tags(),
        )
        album = me.get_album("Radiohead", "OK Computer")
        album.add_tags(("90s",))
        expect([t.name.lower() for t in album.get_tags()] == ["90s"], album.get_tags())
        album.remove_tag("90s")
        expect(album.get_tags() == [], album.get_tags())
        tagged = me.get_user(user).get_tagged_artists("alternative")
        expect([str(a) for a in tagged] == ["Radiohead"], tagged)
        return None

    check("tags add/remove/get (track, artist, album, user.getPersonalTags)", tags)

    # --- reads of every package ---
    net = anonymous

    def album_reads():
        album = net.get_album("Cher", "Believe")
        tracks = [t.title for t in album.get_tracks()]
        expect(tracks[0] == "Believe" and len(tracks) == 5, tracks)
        expect(album.get_listener_count() > 0, "listeners")
        expect(album.get_mbid(), "mbid")
        expect(album.get_top_tags(), "top tags")
        found = net.search_for_album("Believe").get_next_page()
        expect(any(a.title == "Believe" for a in found), found)
        return f"{len(tracks)} tracks"

    check("album.getInfo, getTopTags, search", album_reads)

    def artist_reads():
        artist = net.get_artist("Cher")
        expect("Cher" in artist.get_bio_summary(), artist.get_bio_summary())
        expect(artist.get_listener_count() > 0, "listeners")
        similar = [str(s.item) for s in artist.get_similar()]
        expect("Madonna" in similar, similar)
        expect(
            any(str(a.item.title) == "Believe" for a in artist.get_top_albums()), "albums"
        )
        expect(artist.get_top_tracks(), "top tracks")
        expect(artist.get_top_tags(), "top tags")
        expect(net.get_artist("Sher").get_correction() == "Cher", "correction")
        found = net.search_for_artist("Radio").get_next_page()
        expect(any(str(a) == "Radiohead" for a in found), found)
        try:
            net.get_artist("Björk").get_bio_summary()
            raise AssertionError("an unknown artist answered")
        except pylast.WSError as e:
            expect(e.status == "6", e.status)
        return f"{len(similar)} similar"

    check(
        "artist.getInfo, getSimilar, getTopAlbums, getTopTracks, getTopTags, getCorrection, search",
        artist_reads,
    )

    def chart_reads():
        artists = net.get_top_artists(limit=5)
        tracks = net.get_top_tracks(limit=5)
        tags = net.get_top_tags(limit=5)
        expect(len(artists) == 5 and len(tracks) == 5 and len(tags) == 5, "sizes")
        return ", ".join(str(a.item) for a in artists)

    check("chart.getTopArtists, getTopTracks, getTopTags", chart_reads)

    def geo_reads():
        artists = [str(a.item) for a in net.get_geo_top_artists("United Kingdom")]
        expect("Radiohead" in artists, artists)
        tracks = net.get_geo_top_tracks("Japan")
        expect(tracks and str(tracks[0].item.artist) == "宇多田ヒカル", tracks)
        return ", ".join(artists)

    check("geo.getTopArtists, getTopTracks", geo_reads)

    def library_reads():
        artists = [str(a.item) for a in net.get_user(user).get_library().get_artists()]
        expect({"Cher", "Radiohead", "Portishead"} <= set(artists), artists)
        return ", ".join(artists)

    check("library.getArtists", library_reads)

    def tag_reads():
        tag = net.get_tag("rock")
        expect(tag.get_wiki_summary(), "wiki")
        expect([str(a.item) for a in tag.get_top_artists()], "artists")
        expect(tag.get_top_albums(), "albums")
        expect(tag.get_top_tracks(), "tracks")
        expect(tag.get_weekly_chart_dates(), "chart dates")
        return None

    check(
        "tag.getInfo, getTopArtists, getTopAlbums, getTopTracks, getWeeklyChartList",
        tag_reads,
    )

    def track_reads():
        track = net.get_track("Cher", "Believe")
        expect(track.get_duration() > 0, "duration")
        expect(track.get_listener_count() > 0, "listeners")
        expect(track.get_similar(), "similar")
        expect(track.get_top_tags(), "top tags")
        expect(net.get_track("sher", "Believe").get_correction() == "Believe", "correction")
        found = net.search_for_track("", "Teardrop").get_next_page()
        expect(any(str(t.artist) == "Massive Attack" for t in found), found)
        return None

    check("track.getInfo, getSimilar, getTopTags, getCorrection, search", track_reads)

    def user_reads():
        someone = net.get_user(user)
        expect(someone.get_playcount() == 56, someone.get_playcount())
        expect(someone.get_registered(), "registered")
        expect(someone.get_country() is None or someone.get_country(), "country")
        friends = [str(f) for f in someone.get_friends()]
        expect(args.mobile_user in friends, friends)
        expect([str(a.item) for a in someone.get_top_artists()][0] == "Portishead", "top")
        expect(someone.get_top_albums(), "albums")
        expect(someone.get_top_tracks(), "tracks")
        expect(someone.get_top_tags() is not None, "tags")
        expect(someone.get_loved_tracks() == [], "loved")
        dates = someone.get_weekly_chart_dates()
        expect(dates, "chart dates")
        expect(someone.get_weekly_artist_charts() is not None, "weekly artists")
        expect(someone.get_weekly_album_charts() is not None, "weekly albums")
        expect(someone.get_weekly_track_charts() is not None, "weekly tracks")
        return f"{len(dates)} weeks"

    check(
        "user.getInfo, getFriends, getTop*, getLovedTracks, getWeekly*Chart*",
        user_reads,
    )

    transport.really_close()
    print(f"{len(failures)} failed" if failures else "all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
