//! A point in time as Last.fm counts it: whole seconds since the Unix epoch.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A time as Last.fm sends and takes it: whole seconds since 1970-01-01 UTC.
///
/// Every timestamp of an answer (`UserInfo::registered`, the date of a
/// scrobble, the weeks of a chart) is one, and every timestamp parameter
/// (`.from(..)`, `.to(..)`) takes anything convertible into one: a
/// [`SystemTime`], or unix seconds as a `u64`. It compares with a `u64` of
/// unix seconds, and with the `serde` feature it is written as that number.
///
/// With the features of the same names it converts to and from
/// `jiff::Timestamp`, `chrono::DateTime<Utc>` and `time::OffsetDateTime`
/// (`From` both ways): a time before 1970 becomes the epoch, a fraction of
/// a second is dropped, and a time past the other crate's range becomes its
/// last instant.
///
/// ```
/// use std::time::{Duration, SystemTime, UNIX_EPOCH};
/// use lastfm_api::Timestamp;
///
/// let t = Timestamp::from_unix(1_037_793_040);
/// assert_eq!(SystemTime::from(t), UNIX_EPOCH + Duration::from_secs(1_037_793_040));
/// assert_eq!(Timestamp::from(SystemTime::from(t)), t);
/// assert_eq!(t, 1_037_793_040);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(transparent)
)]
pub struct Timestamp(u64);

impl Timestamp {
    /// The time `secs` seconds after the Unix epoch.
    pub const fn from_unix(secs: u64) -> Self {
        Timestamp(secs)
    }

    /// Seconds since the Unix epoch.
    pub const fn as_unix(self) -> u64 {
        self.0
    }

    /// Now, to the second.
    pub fn now() -> Self {
        SystemTime::now().into()
    }
}

/// Unix seconds.
impl From<u64> for Timestamp {
    fn from(secs: u64) -> Self {
        Timestamp(secs)
    }
}

impl From<Timestamp> for u64 {
    fn from(t: Timestamp) -> u64 {
        t.0
    }
}

/// Whole seconds; a time before 1970 is the epoch (Last.fm has none).
impl From<SystemTime> for Timestamp {
    fn from(time: SystemTime) -> Self {
        Timestamp(time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()))
    }
}

impl From<Timestamp> for SystemTime {
    fn from(t: Timestamp) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(t.0)
    }
}

impl PartialEq<u64> for Timestamp {
    fn eq(&self, other: &u64) -> bool {
        self.0 == *other
    }
}

impl PartialOrd<u64> for Timestamp {
    fn partial_cmp(&self, other: &u64) -> Option<std::cmp::Ordering> {
        Some(self.0.cmp(other))
    }
}

/// Unix seconds, as Last.fm writes them.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Unix seconds, as Last.fm writes them.
impl FromStr for Timestamp {
    type Err = std::num::ParseIntError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse().map(Timestamp)
    }
}

impl crate::__private::ParamValue for Timestamp {
    fn write_to(&self, out: &mut String) {
        self.0.write_to(out);
    }
}

/// A time before 1970 is the epoch, as for `SystemTime`.
#[cfg(feature = "jiff")]
impl From<jiff::Timestamp> for Timestamp {
    fn from(t: jiff::Timestamp) -> Self {
        Timestamp(u64::try_from(t.as_second()).unwrap_or(0))
    }
}

/// A time past jiff's range (after the year 9999) is its last instant.
#[cfg(feature = "jiff")]
impl From<Timestamp> for jiff::Timestamp {
    fn from(t: Timestamp) -> jiff::Timestamp {
        i64::try_from(t.0)
            .ok()
            .and_then(|secs| jiff::Timestamp::from_second(secs).ok())
            .unwrap_or(jiff::Timestamp::MAX)
    }
}

/// A time before 1970 is the epoch, as for `SystemTime`; the fraction of a
/// second is dropped.
#[cfg(feature = "chrono")]
impl From<chrono::DateTime<chrono::Utc>> for Timestamp {
    fn from(t: chrono::DateTime<chrono::Utc>) -> Self {
        Timestamp(u64::try_from(t.timestamp()).unwrap_or(0))
    }
}

/// A time past chrono's range (about the year 262,000) is its last instant.
#[cfg(feature = "chrono")]
impl From<Timestamp> for chrono::DateTime<chrono::Utc> {
    fn from(t: Timestamp) -> Self {
        i64::try_from(t.0)
            .ok()
            .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
            .unwrap_or(chrono::DateTime::<chrono::Utc>::MAX_UTC)
    }
}

/// The instant, whatever the offset; a time before 1970 is the epoch, as
/// for `SystemTime`; the fraction of a second is dropped.
#[cfg(feature = "time")]
impl From<time::OffsetDateTime> for Timestamp {
    fn from(t: time::OffsetDateTime) -> Self {
        Timestamp(u64::try_from(t.unix_timestamp()).unwrap_or(0))
    }
}

/// In UTC. A time past `time`'s range (after the year 9999) is its last
/// instant.
#[cfg(feature = "time")]
impl From<Timestamp> for time::OffsetDateTime {
    fn from(t: Timestamp) -> Self {
        i64::try_from(t.0)
            .ok()
            .and_then(|secs| time::OffsetDateTime::from_unix_timestamp(secs).ok())
            .unwrap_or(time::PrimitiveDateTime::MAX.assume_utc())
    }
}

#[cfg(all(test, feature = "jiff"))]
mod jiff_tests {
    use super::Timestamp;

    #[test]
    fn to_and_from_jiff() {
        let t = Timestamp::from_unix(1_037_793_040);
        let j = jiff::Timestamp::from(t);
        assert_eq!(j.to_string(), "2002-11-20T11:50:40Z");
        assert_eq!(Timestamp::from(j), t);
        assert_eq!(
            Timestamp::from(jiff::Timestamp::MIN),
            Timestamp::from_unix(0)
        );
        assert_eq!(
            jiff::Timestamp::from(Timestamp::from_unix(u64::MAX)),
            jiff::Timestamp::MAX
        );
    }
}

#[cfg(all(test, feature = "chrono"))]
mod chrono_tests {
    use super::Timestamp;
    use chrono::{DateTime, TimeZone, Utc};

    #[test]
    fn to_and_from_chrono() {
        let t = Timestamp::from_unix(1_037_793_040);
        let c = DateTime::<Utc>::from(t);
        assert_eq!(c, Utc.with_ymd_and_hms(2002, 11, 20, 11, 50, 40).unwrap());
        assert_eq!(Timestamp::from(c), t);
        // The fraction of a second is dropped, not rounded.
        let late = c + chrono::Duration::milliseconds(999);
        assert_eq!(Timestamp::from(late), t);
        assert_eq!(
            Timestamp::from(Utc.with_ymd_and_hms(1969, 12, 31, 0, 0, 0).unwrap()),
            Timestamp::from_unix(0)
        );
        assert_eq!(
            DateTime::<Utc>::from(Timestamp::from_unix(u64::MAX)),
            DateTime::<Utc>::MAX_UTC
        );
    }
}

#[cfg(all(test, feature = "time"))]
mod time_tests {
    use super::Timestamp;
    use time::{Duration, OffsetDateTime, PrimitiveDateTime, UtcOffset};

    #[test]
    fn to_and_from_time() {
        let t = Timestamp::from_unix(1_037_793_040);
        let o = OffsetDateTime::from(t);
        assert_eq!(
            (
                o.year(),
                u8::from(o.month()),
                o.day(),
                o.hour(),
                o.minute(),
                o.second()
            ),
            (2002, 11, 20, 11, 50, 40)
        );
        assert_eq!(o.offset(), UtcOffset::UTC);
        assert_eq!(Timestamp::from(o), t);
        // The same instant at another offset is the same timestamp.
        let paris = o.to_offset(UtcOffset::from_hms(1, 0, 0).unwrap());
        assert_eq!(paris.hour(), 12);
        assert_eq!(Timestamp::from(paris), t);
        assert_eq!(Timestamp::from(o + Duration::milliseconds(999)), t);
        assert_eq!(
            Timestamp::from(OffsetDateTime::UNIX_EPOCH - Duration::days(1)),
            Timestamp::from_unix(0)
        );
        assert_eq!(
            OffsetDateTime::from(Timestamp::from_unix(u64::MAX)),
            PrimitiveDateTime::MAX.assume_utc()
        );
    }
}
