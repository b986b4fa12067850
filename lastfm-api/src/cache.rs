//! An opt-in response cache for reads the spec marks `cache: <ttl>`.
//!
//! Last.fm asks clients not to make an excessive number of calls; charts,
//! similar artists and tag descriptions change slowly. Only methods with a
//! `cache` key are cached (all `auth: none` reads, checked when the spec is
//! loaded), and never a call that sends a session key or a parameter that
//! names the user the answer is personalised for.

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

/// An in-memory cache of answers, shared by a client and its clones; give
/// it to [`ClientBuilder::cache`](crate::ClientBuilder::cache).
#[derive(Clone)]
pub struct ResponseCache {
    inner: Arc<Inner>,
}

struct Inner {
    entries: Mutex<HashMap<String, Entry>>,
    clock: CacheClock,
    hits: AtomicU64,
    misses: AtomicU64,
}

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

impl ResponseCache {
    /// An empty cache in memory, on the system clock.
    pub fn in_memory() -> Self {
        ResponseCache::with_clock(Arc::new(SystemTime::now))
    }

    /// An empty cache that reads the time from `clock` (tests move it on).
    pub fn with_clock(clock: CacheClock) -> Self {
        ResponseCache {
            inner: Arc::new(Inner {
                entries: Mutex::new(HashMap::new()),
                clock,
                hits: AtomicU64::new(0),
                misses: AtomicU64::new(0),
            }),
        }
    }

    /// Hits and misses so far.
    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.inner.hits.load(Ordering::Relaxed),
            misses: self.inner.misses.load(Ordering::Relaxed),
        }
    }

    /// Forgets every answer.
    pub fn clear(&self) {
        self.entries().clear();
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        // A panic elsewhere while holding the lock leaves a usable map.
        self.inner
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The fresh answer stored under `key`, counted as a hit, or a miss.
    pub(crate) fn get(&self, method: &str, key: &str) -> Option<(u16, Arc<str>)> {
        let now = (self.inner.clock)();
        let mut entries = self.entries();
        let found = match entries.get(key) {
            Some(e) if e.expires > now => Some((e.status, e.body.clone())),
            Some(_) => {
                entries.remove(key);
                None
            }
            None => None,
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
        let expires = (self.inner.clock)() + ttl;
        self.entries().insert(
            key,
            Entry {
                expires,
                status,
                body: body.into(),
            },
        );
    }
}
