//! Times on the command line: unix seconds, or a date or date-time (UTC
//! unless it carries an offset).

use std::time::{SystemTime, UNIX_EPOCH};

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// `1700000000`, `2024-01-31`, `2024-01-31T12:00:00`, `2024-01-31T12:00:00+02:00`.
pub fn parse(text: &str) -> Result<u64, String> {
    let text = text.trim();
    if let Ok(secs) = text.parse::<u64>() {
        return Ok(secs);
    }
    let utc = jiff::tz::TimeZone::UTC;
    let stamp = if let Ok(t) = text.parse::<jiff::Timestamp>() {
        t
    } else if let Ok(dt) = text.parse::<jiff::civil::DateTime>() {
        dt.to_zoned(utc).map_err(|e| e.to_string())?.timestamp()
    } else if let Ok(d) = text.parse::<jiff::civil::Date>() {
        d.to_zoned(utc).map_err(|e| e.to_string())?.timestamp()
    } else {
        return Err(format!(
            "`{text}` is not a time: give unix seconds, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[+HH:MM]"
        ));
    };
    u64::try_from(stamp.as_second()).map_err(|_| format!("`{text}` is before 1970"))
}

/// A clap value parser for times.
pub fn arg(text: &str) -> Result<u64, String> {
    parse(text)
}

/// A time zone for `--tz`: an IANA name (`Europe/Berlin`) or a fixed offset (`+02:00`).
pub fn zone(text: &str) -> Result<jiff::tz::TimeZone, String> {
    if let Some(offset) = fixed_offset(text) {
        return Ok(jiff::tz::TimeZone::fixed(offset));
    }
    jiff::tz::TimeZone::get(text)
        .map_err(|_| format!("`{text}` is not a time zone: give an IANA name such as Europe/Berlin, or an offset such as +02:00"))
}

/// A device clock read as if it were UTC, in `zone`: the real unix time.
pub fn from_local(local: u64, zone: &jiff::tz::TimeZone) -> Result<u64, String> {
    let as_utc = jiff::Timestamp::from_second(local as i64).map_err(|e| e.to_string())?;
    let civil = as_utc.to_zoned(jiff::tz::TimeZone::UTC).datetime();
    let real = civil.to_zoned(zone.clone()).map_err(|e| e.to_string())?;
    u64::try_from(real.timestamp().as_second()).map_err(|e| e.to_string())
}

/// `+02:00`, `-0530`, `+2`: hours and minutes east of UTC.
fn fixed_offset(text: &str) -> Option<jiff::tz::Offset> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = if digits.len() <= 2 {
        (digits.parse::<i32>().ok()?, 0)
    } else {
        let split = digits.len() - 2;
        (
            digits[..split].parse::<i32>().ok()?,
            digits[split..].parse::<i32>().ok()?,
        )
    };
    if h > 18 || m > 59 {
        return None;
    }
    jiff::tz::Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(parse("1700000000"), Ok(1_700_000_000));
        assert_eq!(parse("2023-11-14"), Ok(1_699_920_000));
        assert_eq!(parse("2023-11-14T22:13:20"), Ok(1_700_000_000));
        assert_eq!(parse("2023-11-15T00:13:20+02:00"), Ok(1_700_000_000));
        assert!(parse("yesterday").is_err());
    }

    #[test]
    fn device_clocks() {
        // A device in UTC+2 wrote 12:00 local as if it were UTC.
        let plus_two = zone("+02:00").unwrap();
        assert_eq!(
            from_local(1_700_000_000, &plus_two),
            Ok(1_700_000_000 - 7200)
        );
        let berlin = zone_or_skip("Europe/Berlin");
        if let Some(berlin) = berlin {
            // November: CET, one hour east.
            assert_eq!(from_local(1_700_000_000, &berlin), Ok(1_700_000_000 - 3600));
        }
        assert!(zone("Mars/Olympus").is_err());
        assert!(zone("+25:00").is_err());
    }

    fn zone_or_skip(name: &str) -> Option<jiff::tz::TimeZone> {
        zone(name).ok()
    }
}
