//! Dates with a precision.
//!
//! News gives dates at several precisions: "1 February 2022", "January 2022",
//! "in 2022", or none. A [`PartialDate`] keeps the first day of the period and
//! says how much of it is known, so that it sorts and filters like a date while
//! never claiming more than the source says.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DatePrecision {
    Day,
    Month,
    Year,
}

impl DatePrecision {
    /// The lowercase name stored in the database and shown in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Month => "month",
            Self::Year => "year",
        }
    }
}

/// A date known to a day, a month or a year; `date` is the first day of that period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    pub date: NaiveDate,
    pub precision: DatePrecision,
}

/// Why a partial date did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{input:?} is not a date: expected YYYY-MM-DD, YYYY-MM or YYYY")]
pub struct DateParseError {
    pub input: String,
}

impl PartialDate {
    /// The last day of the period: the day itself, the month's last day, or 31 December.
    pub fn last_day(&self) -> NaiveDate {
        let next = match self.precision {
            DatePrecision::Day => return self.date,
            DatePrecision::Month => {
                let (y, m) = (self.date.year(), self.date.month());
                if m == 12 {
                    NaiveDate::from_ymd_opt(y + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(y, m + 1, 1)
                }
            }
            DatePrecision::Year => NaiveDate::from_ymd_opt(self.date.year() + 1, 1, 1),
        };
        next.and_then(|d| d.pred_opt()).unwrap_or(self.date)
    }
}

impl FromStr for PartialDate {
    type Err = DateParseError;

    /// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || DateParseError {
            input: s.to_owned(),
        };
        let parts: Vec<&str> = s.trim().split('-').collect();
        let number = |p: &str, len: usize| -> Result<u32, DateParseError> {
            if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().map_err(|_| err())
            } else {
                Err(err())
            }
        };
        let (year, month, day, precision) = match parts.as_slice() {
            [y] => (number(y, 4)?, 1, 1, DatePrecision::Year),
            [y, m] => (number(y, 4)?, number(m, 2)?, 1, DatePrecision::Month),
            [y, m, d] => (
                number(y, 4)?,
                number(m, 2)?,
                number(d, 2)?,
                DatePrecision::Day,
            ),
            _ => return Err(err()),
        };
        let year = i32::try_from(year).map_err(|_| err())?;
        let date = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(err)?;
        Ok(Self { date, precision })
    }
}

impl fmt::Display for PartialDate {
    /// Prints only what is known: `2022-02-01`, `2022-01` or `2022`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision {
            DatePrecision::Day => write!(f, "{}", self.date.format("%Y-%m-%d")),
            DatePrecision::Month => write!(f, "{:04}-{:02}", self.date.year(), self.date.month()),
            DatePrecision::Year => write!(f, "{:04}", self.date.year()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_each_precision() {
        let d: PartialDate = "2022-01".parse().expect("month");
        assert_eq!(d.precision, DatePrecision::Month);
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2022, 1, 1).expect("valid"));
        assert_eq!(
            "2022".parse::<PartialDate>().expect("year").precision,
            DatePrecision::Year
        );
        assert_eq!(
            "2022-02-01"
                .parse::<PartialDate>()
                .expect("day")
                .to_string(),
            "2022-02-01"
        );
    }

    #[test]
    fn periods_end_on_their_last_day() {
        let last = |s: &str| {
            s.parse::<PartialDate>()
                .expect("valid")
                .last_day()
                .to_string()
        };
        assert_eq!(last("2022-02-01"), "2022-02-01");
        assert_eq!(last("2022-02"), "2022-02-28");
        assert_eq!(last("2024-02"), "2024-02-29");
        assert_eq!(last("2022-12"), "2022-12-31");
        assert_eq!(last("2022"), "2022-12-31");
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for bad in [
            "",
            "22-01",
            "2022-13",
            "2022-02-30",
            "2022/01/01",
            "2022-1-1",
            "soon",
        ] {
            assert!(
                bad.parse::<PartialDate>().is_err(),
                "{bad:?} should not parse"
            );
        }
    }

    proptest! {
        #[test]
        fn display_round_trips(y in 1900i32..2100, m in 1u32..=12, d in 1u32..=28, p in 0usize..3) {
            let precision = [DatePrecision::Day, DatePrecision::Month, DatePrecision::Year][p];
            let date = match precision {
                DatePrecision::Day => NaiveDate::from_ymd_opt(y, m, d),
                DatePrecision::Month => NaiveDate::from_ymd_opt(y, m, 1),
                DatePrecision::Year => NaiveDate::from_ymd_opt(y, 1, 1),
            }.expect("valid");
            let original = PartialDate { date, precision };
            prop_assert_eq!(original.to_string().parse::<PartialDate>(), Ok(original));
        }
    }
}
