//! Study durations as learners type them: `90m`, `1h30m`, `2h`.

use anyhow::{Result, bail};

const ACCEPTED: &str = "accepted forms: 90m, 1h30m, 2h, 1h 30m (whole minutes, from 1m to 24h)";

/// Parses a duration into whole minutes, 1..=1440.
pub fn parse_minutes(text: &str) -> Result<u32> {
    let duration = match humantime::parse_duration(text.trim()) {
        Ok(duration) => duration,
        Err(err) => bail!("cannot read the duration {text:?} ({err}); {ACCEPTED}"),
    };
    let seconds = duration.as_secs();
    if duration.subsec_nanos() != 0 || seconds % 60 != 0 {
        bail!("the duration {text:?} is not a whole number of minutes; {ACCEPTED}");
    }
    match u32::try_from(seconds / 60) {
        Ok(minutes @ 1..=1440) => Ok(minutes),
        _ => bail!("the duration {text:?} is out of range; {ACCEPTED}"),
    }
}

/// `95` → `1h35m`.
pub fn format_minutes(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h{m}m"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_forms() {
        assert_eq!(parse_minutes("90m").unwrap(), 90);
        assert_eq!(parse_minutes("1h30m").unwrap(), 90);
        assert_eq!(parse_minutes("1h 30m").unwrap(), 90);
        assert_eq!(parse_minutes("2h").unwrap(), 120);
        assert_eq!(parse_minutes("24h").unwrap(), 1440);
        assert_eq!(parse_minutes("1.5h").unwrap(), 90);
    }

    #[test]
    fn refuses_malformed_fractional_and_out_of_range_durations() {
        for bad in ["", "abc", "90", "0.01h", "30s", "0m", "25h", "-5m", "2d"] {
            let err = parse_minutes(bad).expect_err(bad).to_string();
            assert!(err.contains("accepted forms"), "{bad}: {err}");
        }
    }

    #[test]
    fn formats_minutes_compactly() {
        assert_eq!(format_minutes(45), "45m");
        assert_eq!(format_minutes(120), "2h");
        assert_eq!(format_minutes(95), "1h35m");
    }
}
