//! The RFC 3339 timestamps of `Twitch-Eventsub-Message-Timestamp`
//! (`2019-11-16T10:11:12.634234626Z`): just enough to measure their age, without a
//! date-time dependency.

/// Unix seconds of an RFC 3339 date-time (`T`, `Z` or a `±HH:MM` offset, any number
/// of fraction digits, which are dropped). `None` for anything else.
pub(super) fn parse_rfc3339(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let (date_time, rest) = (bytes.get(..19)?, bytes.get(19..)?);
    let separators = [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')];
    if separators.iter().any(|&(at, byte)| date_time[at] != byte)
        || !matches!(date_time[10], b'T' | b't')
    {
        return None;
    }
    let year = digits(&date_time[0..4])?;
    let month = digits(&date_time[5..7])?;
    let day = digits(&date_time[8..10])?;
    let hour = digits(&date_time[11..13])?;
    let minute = digits(&date_time[14..16])?;
    let second = digits(&date_time[17..19])?;
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let offset = parse_offset(skip_fraction(rest)?)?;
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second - offset)
}

/// Formats unix seconds and nanoseconds as `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`.
pub(super) fn format_rfc3339(unix_seconds: i64, nanos: u32) -> String {
    let (days, second_of_day) = (
        unix_seconds.div_euclid(86_400),
        unix_seconds.rem_euclid(86_400),
    );
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{nanos:09}Z",
        second_of_day / 3_600,
        second_of_day % 3_600 / 60,
        second_of_day % 60
    )
}

fn digits(bytes: &[u8]) -> Option<i64> {
    bytes.iter().try_fold(0i64, |value, byte| {
        byte.is_ascii_digit()
            .then(|| value * 10 + i64::from(byte - b'0'))
    })
}

/// Skips `.` and one or more digits, if present.
fn skip_fraction(rest: &[u8]) -> Option<&[u8]> {
    let Some(fraction) = rest.strip_prefix(b".") else {
        return Some(rest);
    };
    let count = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
    (count > 0).then(|| &fraction[count..])
}

/// `Z` → 0; `+HH:MM` / `-HH:MM` → seconds east of UTC.
fn parse_offset(rest: &[u8]) -> Option<i64> {
    match rest {
        [b'Z' | b'z'] => Some(0),
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (hours, minutes) = (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let offset = hours * 3_600 + minutes * 60;
            Some(if *sign == b'-' { -offset } else { offset })
        }
        _ => None,
    }
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12; // March = 0
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_twitch_timestamps() {
        // TT-1's timestamp; 2019-11-16T10:11:12Z is 1573899072.
        assert_eq!(
            parse_rfc3339("2019-11-16T10:11:12.634234626Z"),
            Some(1_573_899_072)
        );
        assert_eq!(parse_rfc3339("2019-11-16T10:11:12Z"), Some(1_573_899_072));
        assert_eq!(parse_rfc3339("2019-11-16t10:11:12.5z"), Some(1_573_899_072));
        assert_eq!(
            parse_rfc3339("2019-11-16T12:11:12.1+02:00"),
            Some(1_573_899_072)
        );
        assert_eq!(
            parse_rfc3339("2019-11-16T05:41:12-04:30"),
            Some(1_573_899_072)
        );
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("2000-02-29T00:00:00Z"), Some(951_782_400));
        assert_eq!(parse_rfc3339("1969-12-31T23:59:59Z"), Some(-1));
    }

    #[test]
    fn refuses_anything_else() {
        for bad in [
            "",
            "1573899072",
            "2019-11-16 10:11:12Z",
            "2019-11-16T10:11:12",
            "2019-11-16T10:11:12.Z",
            "2019-11-16T10:11:12.123",
            "2019-13-16T10:11:12Z",
            "2019-02-29T10:11:12Z",
            "2019-11-16T24:11:12Z",
            "2019-11-16T10:11:12+2:00",
            "2019-11-16T10:11:12+02:00x",
            "2019-11-16T10:11:12ZZ",
            "2019-11-16T10:11:1xZ",
            "２０19-11-16T10:11:12Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn formatting_round_trips() {
        for seconds in [0, 951_782_400, 1_573_899_072, 4_102_444_799, -1] {
            let text = format_rfc3339(seconds, 634_234_626);
            assert_eq!(parse_rfc3339(&text), Some(seconds), "{text}");
        }
        assert_eq!(
            format_rfc3339(1_573_899_072, 634_234_626),
            "2019-11-16T10:11:12.634234626Z"
        );
    }
}
