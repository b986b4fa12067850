//! An opt-in response cache for reads the spec marks `cache: <ttl>`.
//!
//! Last.fm asks clients not to make an excessive number of calls; charts,
//! similar artists and tag descriptions change slowly. Only methods with a
//! `cache` key are cached (all `auth: none` reads, checked when the spec is
//! loaded), and never a call that sends a session key or a parameter that
//! names the user the answer is personalised for. Answers are kept in
//! memory, or (feature `sqlite-cache`) in an SQLite file.

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// Hits and misses of a [`ResponseCache`] so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CacheStats {
    /// Answers given from the cache, without a request.
    pub hits: u64,
    /// Cacheable calls that had to be sent (absent or expired entry).
    pub misses: u64,
}

/// The clock a cache reads expiry from; [`SystemTime::now`] by default.
pub type CacheClock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// A cache of answers, shared by a client and its clones; give it to
/// [`ClientBuilder::cache`](crate::ClientBuilder::cache). In memory
/// ([`in_memory`](Self::in_memory)), or in an SQLite file that outlives the
/// process (`sqlite`, feature `sqlite-cache`) for command-line
/// tools that run once per call.
#[derive(Clone)]
pub struct ResponseCache {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    clock: CacheClock,
    hits: AtomicU64,
    misses: AtomicU64,
}

/// Where the answers are kept.
enum Store {
    Memory(Mutex<HashMap<String, Entry>>),
    #[cfg(feature = "sqlite-cache")]
    Sqlite(sqlite::SqliteStore),
}

/// A cached answer.
struct Entry {
    expires: SystemTime,
    status: u16,
    body: Arc<str>,
}

impl fmt::Debug for ResponseCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseCache")
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}

impl Default for ResponseCache {
    fn default() -> Self {
        ResponseCache::in_memory()
    }
}

/// Locks a mutex; a panic elsewhere while holding it leaves usable data.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl ResponseCache {
    /// An empty cache in memory, on the system clock.
    pub fn in_memory() -> Self {
        ResponseCache::with_clock(Arc::new(SystemTime::now))
    }

    /// An empty cache in memory that reads the time from `clock` (tests
    /// move it on).
    pub fn with_clock(clock: CacheClock) -> Self {
        ResponseCache::on(Store::Memory(Mutex::new(HashMap::new())), clock)
    }

    /// A cache kept in the SQLite file at `path` (created if absent), on
    /// the system clock: answers cached by one process are given to the
    /// next one until their time to live runs out. Several processes may
    /// share the file. An error when the file cannot be opened or is not
    /// such a cache. A failure to read or write it later is a `tracing`
    /// warning and a miss, never a failed call.
    ///
    /// ```no_run
    /// use lastfm_api::{Client, ResponseCache};
    /// # async fn run() -> Result<(), lastfm_api::Error> {
    /// let client = Client::builder()
    ///     .api_key("KEY")
    ///     .cache(ResponseCache::sqlite("lastfm-cache.db")?)
    ///     .build()?;
    /// // Asked once a day at most, however often the program runs.
    /// let similar = client.artist().get_similar("Cher").await?;
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "sqlite-cache")]
    pub fn sqlite(path: impl AsRef<std::path::Path>) -> Result<Self, crate::Error> {
        ResponseCache::sqlite_with_clock(path, Arc::new(SystemTime::now))
    }

    /// [`sqlite`](Self::sqlite), reading the time from `clock`.
    #[cfg(feature = "sqlite-cache")]
    pub fn sqlite_with_clock(
        path: impl AsRef<std::path::Path>,
        clock: CacheClock,
    ) -> Result<Self, crate::Error> {
        let path = path.as_ref();
        let store = sqlite::SqliteStore::open(path).map_err(|e| {
            crate::Error::Config(format!(
                "cannot open the response cache {}: {e}",
                path.display()
            ))
        })?;
        Ok(ResponseCache::on(Store::Sqlite(store), clock))
    }

    fn on(store: Store, clock: CacheClock) -> Self {
        ResponseCache {
            inner: Arc::new(Inner {
                store,
                clock,
                hits: AtomicU64::new(0),
                misses: AtomicU64::new(0),
            }),
        }
    }

    /// Hits and misses so far (of this value and its clones, not of other
    /// processes sharing an SQLite file).
    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.inner.hits.load(Ordering::Relaxed),
            misses: self.inner.misses.load(Ordering::Relaxed),
        }
    }

    /// Forgets every answer.
    pub fn clear(&self) {
        match &self.inner.store {
            Store::Memory(entries) => lock(entries).clear(),
            #[cfg(feature = "sqlite-cache")]
            Store::Sqlite(db) => {
                warn_on_failure(db.clear());
            }
        }
    }

    /// The fresh answer stored under `key`, counted as a hit, or a miss.
    pub(crate) fn get(&self, method: &str, key: &str) -> Option<(u16, Arc<str>)> {
        let now = (self.inner.clock)();
        let found = match &self.inner.store {
            Store::Memory(entries) => {
                let mut entries = lock(entries);
                match entries.get(key) {
                    Some(e) if e.expires > now => Some((e.status, e.body.clone())),
                    Some(_) => {
                        entries.remove(key);
                        None
                    }
                    None => None,
                }
            }
            #[cfg(feature = "sqlite-cache")]
            Store::Sqlite(db) => warn_on_failure(db.get(key, now)).flatten(),
        };
        let counter = if found.is_some() {
            &self.inner.hits
        } else {
            &self.inner.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        tracing::debug!(
            method,
            hit = found.is_some(),
            hits = self.inner.hits.load(Ordering::Relaxed),
            misses = self.inner.misses.load(Ordering::Relaxed),
            "lastfm.cache"
        );
        found
    }

    pub(crate) fn put(&self, key: String, ttl: Duration, status: u16, body: &str) {
        let entry = Entry {
            expires: (self.inner.clock)() + ttl,
            status,
            body: body.into(),
        };
        match &self.inner.store {
            Store::Memory(entries) => {
                lock(entries).insert(key, entry);
            }
            #[cfg(feature = "sqlite-cache")]
            Store::Sqlite(db) => {
                warn_on_failure(db.put(&key, &entry));
            }
        }
    }
}

/// The value, or `None` after a `tracing` warning: a cache that cannot be
/// read or written costs requests, never a call.
#[cfg(feature = "sqlite-cache")]
fn warn_on_failure<T>(result: rusqlite::Result<T>) -> Option<T> {
    result
        .inspect_err(|e| tracing::warn!(error = %e, "lastfm.cache: the SQLite cache failed"))
        .ok()
}

#[cfg(feature = "sqlite-cache")]
mod sqlite {
    //! The answers in an SQLite table, expiry in milliseconds since the epoch.

    use std::path::Path;
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    use rusqlite::{Connection, OptionalExtension, params};

    use super::{Entry, lock};

    pub(super) struct SqliteStore {
        db: Mutex<Connection>,
    }

    const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS lastfm_response_cache (
        key TEXT PRIMARY KEY NOT NULL,
        expires_ms INTEGER NOT NULL,
        status INTEGER NOT NULL,
        body TEXT NOT NULL
    )";

    fn millis(t: SystemTime) -> i64 {
        let since = t.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
        i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
    }

    impl SqliteStore {
        pub(super) fn open(path: &Path) -> rusqlite::Result<SqliteStore> {
            let db = Connection::open(path)?;
            // Other processes may use the file at the same time.
            db.busy_timeout(Duration::from_secs(5))?;
            db.pragma_update(None, "journal_mode", "WAL")?;
            db.execute_batch(SCHEMA)?;
            Ok(SqliteStore { db: Mutex::new(db) })
        }

        /// The answer under `key` if fresh at `now`; a stale one is deleted.
        pub(super) fn get(
            &self,
            key: &str,
            now: SystemTime,
        ) -> rusqlite::Result<Option<(u16, Arc<str>)>> {
            let db = lock(&self.db);
            let found: Option<(i64, u16, String)> = db
                .prepare_cached(
                    "SELECT expires_ms, status, body FROM lastfm_response_cache WHERE key = ?1",
                )?
                .query_row([key], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
                .optional()?;
            match found {
                Some((expires, status, body)) if expires > millis(now) => {
                    Ok(Some((status, body.into())))
                }
                Some(_) => {
                    db.prepare_cached("DELETE FROM lastfm_response_cache WHERE key = ?1")?
                        .execute([key])?;
                    Ok(None)
                }
                None => Ok(None),
            }
        }

        pub(super) fn put(&self, key: &str, entry: &Entry) -> rusqlite::Result<()> {
            lock(&self.db)
                .prepare_cached(
                    "INSERT OR REPLACE INTO lastfm_response_cache (key, expires_ms, status, body)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![
                    key,
                    millis(entry.expires),
                    entry.status,
                    &*entry.body
                ])?;
            Ok(())
        }

        pub(super) fn clear(&self) -> rusqlite::Result<()> {
            lock(&self.db).execute("DELETE FROM lastfm_response_cache", [])?;
            Ok(())
        }
    }
}
