//! An async rate limiter shared by every clone of a client.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// How many requests a client may send: `per_second` on average, with
/// short bursts of up to `burst` requests.
///
/// The Last.fm and Libre.fm presets use about 5 per second (the figure
/// third-party summaries of Last.fm's terms give); a custom base URL is not
/// limited unless you set one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    interval: Duration,
    burst: u32,
}

impl RateLimit {
    /// `n` requests a second on average, one at a time.
    pub fn per_second(n: f64) -> Self {
        RateLimit {
            interval: Duration::from_secs_f64(1.0 / n.max(1e-9)),
            burst: 1,
        }
    }

    /// Allows bursts of up to `burst` requests (the average stays the same).
    pub fn with_burst(mut self, burst: u32) -> Self {
        self.burst = burst.max(1);
        self
    }

    /// The average rate, in requests per second.
    pub fn rate(&self) -> f64 {
        1.0 / self.interval.as_secs_f64()
    }
}

/// A generic cell rate algorithm: each request reserves the next slot under
/// a lock, then waits for it without holding the lock. Slots are reserved at
/// the moment a request asks, so concurrent tasks cannot slip through
/// together and the average holds whatever the latency of the calls.
#[derive(Debug)]
pub(crate) struct Limiter {
    interval: Duration,
    tolerance: Duration,
    /// The theoretical arrival time of the next request.
    next: Mutex<Option<Instant>>,
}

impl Limiter {
    pub(crate) fn new(limit: RateLimit) -> Self {
        Limiter {
            interval: limit.interval,
            tolerance: limit.interval.saturating_mul(limit.burst - 1),
            next: Mutex::new(None),
        }
    }

    /// Waits until the caller may send.
    pub(crate) async fn acquire(&self) {
        let wait = {
            let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            let slot = next.map_or(now, |t| t.max(now));
            *next = Some(slot + self.interval);
            (slot.checked_sub(self.tolerance).unwrap_or(now)).saturating_duration_since(now)
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    /// 16 tasks hammering a 5-per-second limiter for 20 (virtual) seconds.
    #[tokio::test(start_paused = true)]
    async fn holds_the_average_under_concurrency() {
        let limiter = Arc::new(Limiter::new(RateLimit::per_second(5.0).with_burst(5)));
        let sent = Arc::new(AtomicU32::new(0));
        let start = Instant::now();
        let tasks: Vec<_> = (0..16)
            .map(|_| {
                let (limiter, sent) = (limiter.clone(), sent.clone());
                tokio::spawn(async move {
                    loop {
                        limiter.acquire().await;
                        if start.elapsed() >= Duration::from_secs(20) {
                            break;
                        }
                        sent.fetch_add(1, Ordering::SeqCst);
                    }
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
        // 20 s at 5/s is 100, plus the burst of 5 allowed at the start.
        let sent = sent.load(Ordering::SeqCst);
        assert!((95..=110).contains(&sent), "{sent} requests in 20 s");
    }

    #[tokio::test(start_paused = true)]
    async fn spaces_requests_evenly_without_burst() {
        let limiter = Limiter::new(RateLimit::per_second(4.0));
        let start = Instant::now();
        for _ in 0..9 {
            limiter.acquire().await;
        }
        assert_eq!(start.elapsed(), Duration::from_secs(2));
    }
}
