//! The SQLite side of the queue: four tables and the statements on them.
//!
//! `seen` holds the key ([`Scrobble::key`]) of every play queued or
//! delivered, so that the same play is never queued twice.

use std::path::Path;
use std::time::Duration;

use lastfm_api::Scrobble;
use rusqlite::{Connection, OptionalExtension, Row, params};

/// A queued scrobble and its place in the queue.
#[derive(Debug, Clone, PartialEq)]
pub struct Queued {
    /// Its position: lower is older, and is sent first.
    pub id: i64,
    pub scrobble: Scrobble,
}

/// A scrobble Last.fm refused for good.
#[derive(Debug, Clone, PartialEq)]
pub struct DeadLetter {
    pub scrobble: Scrobble,
    /// The error, as Last.fm or the client worded it.
    pub error: String,
    /// Unix seconds.
    pub failed_at: u64,
}

#[derive(Debug)]
pub(crate) struct Store {
    db: Connection,
}

const COLUMNS: &str = "artist, track, timestamp, album, album_artist, track_number, mbid, duration, chosen_by_user, context, stream_id";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS queued (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    artist TEXT NOT NULL, track TEXT NOT NULL, timestamp INTEGER NOT NULL,
    album TEXT, album_artist TEXT, track_number INTEGER, mbid TEXT, duration INTEGER,
    chosen_by_user INTEGER, context TEXT, stream_id TEXT
);
CREATE TABLE IF NOT EXISTS dead_letters (
    id INTEGER PRIMARY KEY,
    artist TEXT NOT NULL, track TEXT NOT NULL, timestamp INTEGER NOT NULL,
    album TEXT, album_artist TEXT, track_number INTEGER, mbid TEXT, duration INTEGER,
    chosen_by_user INTEGER, context TEXT, stream_id TEXT,
    error TEXT NOT NULL, failed_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS seen (
    artist TEXT NOT NULL, track TEXT NOT NULL, timestamp INTEGER NOT NULL,
    delivered INTEGER NOT NULL,
    PRIMARY KEY (artist, track, timestamp)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS backoff (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    failures INTEGER NOT NULL,
    retry_at INTEGER NOT NULL
);
";

fn scrobble(row: &Row, first: usize) -> rusqlite::Result<Scrobble> {
    let mut s = Scrobble::new(
        row.get::<_, String>(first)?,
        row.get::<_, String>(first + 1)?,
        row.get::<_, i64>(first + 2)? as u64,
    );
    if let Some(v) = row.get::<_, Option<String>>(first + 3)? {
        s = s.album(v);
    }
    if let Some(v) = row.get::<_, Option<String>>(first + 4)? {
        s = s.album_artist(v);
    }
    if let Some(v) = row.get::<_, Option<i64>>(first + 5)? {
        s = s.track_number(v as u32);
    }
    if let Some(v) = row.get::<_, Option<String>>(first + 6)? {
        s = s.mbid(v);
    }
    if let Some(v) = row.get::<_, Option<i64>>(first + 7)? {
        s = s.duration(Duration::from_secs(v as u64));
    }
    if let Some(v) = row.get::<_, Option<bool>>(first + 8)? {
        s = s.chosen_by_user(v);
    }
    if let Some(v) = row.get::<_, Option<String>>(first + 9)? {
        s = s.context(v);
    }
    if let Some(v) = row.get::<_, Option<String>>(first + 10)? {
        s = s.stream_id(v);
    }
    Ok(s)
}

/// The eleven columns of a scrobble, for a statement's parameters.
fn values(s: &Scrobble) -> [rusqlite::types::Value; 11] {
    use rusqlite::types::Value;
    let text = |v: &Option<String>| v.clone().map_or(Value::Null, Value::Text);
    [
        Value::Text(s.artist.clone()),
        Value::Text(s.track.clone()),
        Value::Integer(s.timestamp.as_unix() as i64),
        text(&s.album),
        text(&s.album_artist),
        s.track_number
            .map_or(Value::Null, |n| Value::Integer(n.into())),
        text(&s.mbid),
        s.duration
            .map_or(Value::Null, |d| Value::Integer(d.as_secs() as i64)),
        s.chosen_by_user
            .map_or(Value::Null, |b| Value::Integer(b.into())),
        text(&s.context),
        text(&s.stream_id),
    ]
}

/// A play's key ([`Scrobble::key`]), for a statement's parameters.
fn key_values(s: &Scrobble) -> (String, String, i64) {
    let key = s.key();
    (key.artist, key.track, key.timestamp.as_unix() as i64)
}

/// What [`crate::ScrobbleQueue::push`] did with a play.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pushed {
    /// Queued; it will be sent.
    Queued,
    /// Refused: a play with the same artist, track and timestamp is queued.
    AlreadyQueued,
    /// Refused: a play with the same artist, track and timestamp was
    /// delivered (accepted or ignored by the service) before.
    AlreadyDelivered,
}

impl Store {
    pub(crate) fn open(path: &Path) -> rusqlite::Result<Store> {
        let db = Connection::open(path)?;
        // WAL with full syncs: a committed push survives a crash or power loss.
        db.pragma_update(None, "journal_mode", "WAL")?;
        db.pragma_update(None, "synchronous", "FULL")?;
        db.busy_timeout(Duration::from_secs(5))?;
        db.execute_batch(SCHEMA)?;
        let mut store = Store { db };
        store.remember_queued()?;
        Ok(store)
    }

    /// Adds the keys of queued plays to `seen` (a file written before the
    /// table existed has none); the keys are computed here, not in SQL,
    /// whose `lower()` knows ASCII only.
    fn remember_queued(&mut self) -> rusqlite::Result<()> {
        let tx = self.db.transaction()?;
        {
            let mut select = tx.prepare("SELECT artist, track, timestamp FROM queued")?;
            let mut insert = tx.prepare(
                "INSERT OR IGNORE INTO seen (artist, track, timestamp, delivered) VALUES (?1, ?2, ?3, 0)",
            )?;
            let mut rows = select.query([])?;
            while let Some(row) = rows.next()? {
                let play = Scrobble::new(
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, i64>(2)? as u64,
                );
                insert.execute(key_values(&play))?;
            }
        }
        tx.commit()
    }

    /// Queues the plays not seen before, in one transaction; says for each
    /// what became of it.
    pub(crate) fn push(&mut self, scrobbles: &[Scrobble]) -> rusqlite::Result<Vec<Pushed>> {
        let tx = self.db.transaction()?;
        let mut outcomes = Vec::with_capacity(scrobbles.len());
        {
            let mut seen = tx.prepare_cached(
                "SELECT delivered FROM seen WHERE artist = ?1 AND track = ?2 AND timestamp = ?3",
            )?;
            let mut remember = tx.prepare_cached(
                "INSERT INTO seen (artist, track, timestamp, delivered) VALUES (?1, ?2, ?3, 0)",
            )?;
            let mut insert = tx.prepare_cached(&format!(
                "INSERT INTO queued ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
            ))?;
            for s in scrobbles {
                let key = key_values(s);
                let outcome = match seen
                    .query_row(key.clone(), |r| r.get::<_, bool>(0))
                    .optional()?
                {
                    Some(true) => Pushed::AlreadyDelivered,
                    Some(false) => Pushed::AlreadyQueued,
                    None => {
                        remember.execute(key)?;
                        insert.execute(rusqlite::params_from_iter(values(s)))?;
                        Pushed::Queued
                    }
                };
                outcomes.push(outcome);
            }
        }
        tx.commit()?;
        Ok(outcomes)
    }

    pub(crate) fn len(&self) -> rusqlite::Result<usize> {
        self.db
            .query_row("SELECT COUNT(*) FROM queued", [], |r| r.get::<_, i64>(0))
            .map(|n| n as usize)
    }

    /// The oldest `limit` scrobbles.
    pub(crate) fn queued(&self, limit: usize) -> rusqlite::Result<Vec<Queued>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut select = self.db.prepare_cached(&format!(
            "SELECT id, {COLUMNS} FROM queued ORDER BY id LIMIT ?1"
        ))?;
        let rows = select.query_map([limit], |row| {
            Ok(Queued {
                id: row.get(0)?,
                scrobble: scrobble(row, 1)?,
            })
        })?;
        rows.collect()
    }

    /// Removes answered scrobbles, remembers them as delivered, and forgets
    /// earlier failures.
    pub(crate) fn remove(&mut self, answered: &[Queued]) -> rusqlite::Result<()> {
        let tx = self.db.transaction()?;
        {
            let mut delete = tx.prepare_cached("DELETE FROM queued WHERE id = ?1")?;
            let mut delivered = tx.prepare_cached(
                "UPDATE seen SET delivered = 1 WHERE artist = ?1 AND track = ?2 AND timestamp = ?3",
            )?;
            for queued in answered {
                delete.execute([queued.id])?;
                delivered.execute(key_values(&queued.scrobble))?;
            }
            tx.execute("DELETE FROM backoff", [])?;
        }
        tx.commit()
    }

    pub(crate) fn dead_letter(
        &mut self,
        queued: &Queued,
        error: &str,
        now: u64,
    ) -> rusqlite::Result<()> {
        let tx = self.db.transaction()?;
        {
            let mut values: Vec<rusqlite::types::Value> = values(&queued.scrobble).into();
            values.insert(0, rusqlite::types::Value::Integer(queued.id));
            values.push(rusqlite::types::Value::Text(error.to_owned()));
            values.push(rusqlite::types::Value::Integer(now as i64));
            tx.execute(
                &format!(
                    "INSERT INTO dead_letters (id, {COLUMNS}, error, failed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
                ),
                rusqlite::params_from_iter(values),
            )?;
            tx.execute("DELETE FROM queued WHERE id = ?1", [queued.id])?;
            // Refused, not delivered: the play may be queued again.
            tx.execute(
                "DELETE FROM seen WHERE artist = ?1 AND track = ?2 AND timestamp = ?3",
                key_values(&queued.scrobble),
            )?;
        }
        tx.commit()
    }

    pub(crate) fn dead_letters(&self) -> rusqlite::Result<Vec<DeadLetter>> {
        let mut select = self.db.prepare_cached(&format!(
            "SELECT {COLUMNS}, error, failed_at FROM dead_letters ORDER BY id"
        ))?;
        let rows = select.query_map([], |row| {
            Ok(DeadLetter {
                scrobble: scrobble(row, 0)?,
                error: row.get(11)?,
                failed_at: row.get::<_, i64>(12)? as u64,
            })
        })?;
        rows.collect()
    }

    /// Records a transient failure; returns when the next flush may send.
    pub(crate) fn defer(
        &mut self,
        now: u64,
        first: Duration,
        max: Duration,
    ) -> rusqlite::Result<u64> {
        let failures: u32 = self
            .db
            .query_row("SELECT failures FROM backoff WHERE id = 1", [], |r| {
                r.get(0)
            })
            .unwrap_or(0);
        let wait = first.saturating_mul(2u32.saturating_pow(failures)).min(max);
        let retry_at = now + wait.as_secs();
        self.db.execute(
            "INSERT INTO backoff (id, failures, retry_at) VALUES (1, ?1, ?2)
             ON CONFLICT(id) DO UPDATE SET failures = excluded.failures, retry_at = excluded.retry_at",
            params![failures + 1, retry_at as i64],
        )?;
        Ok(retry_at)
    }

    pub(crate) fn retry_at(&self) -> rusqlite::Result<Option<u64>> {
        match self
            .db
            .query_row("SELECT retry_at FROM backoff WHERE id = 1", [], |r| {
                r.get::<_, i64>(0)
            }) {
            Ok(t) => Ok(Some(t as u64)),
            Err(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
