//! Numbers as tables show them.

/// "12.3" or "0.0123": a few significant digits for tables.
pub fn short(x: f64) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let a = x.abs();
    if a >= 100.0 {
        format!("{x:.0}")
    } else if a >= 10.0 {
        format!("{x:.1}")
    } else if a >= 0.01 || a == 0.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.1e}")
    }
}

/// Dollars in a few digits: "$48.1M", "$950k", "$12,300", "−$350".
pub fn dollars(x: f64) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let sign = if x < 0.0 { "−" } else { "" };
    let a = x.abs();
    let body = if a >= 1e9 {
        format!("{:.1}B", a / 1e9)
    } else if a >= 1e6 {
        format!("{:.1}M", a / 1e6)
    } else if a >= 1e5 {
        format!("{:.0}k", a / 1e3)
    } else {
        let mut s = format!("{:.0}", a);
        if s.len() > 3 {
            s.insert(s.len() - 3, ',');
        }
        s
    };
    format!("{sign}${body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_numbers() {
        assert_eq!(short(1234.4), "1234");
        assert_eq!(short(12.34), "12.3");
        assert_eq!(short(1.234), "1.23");
        assert_eq!(short(0.0), "0.00");
        assert_eq!(short(0.00123), "1.2e-3");
        assert_eq!(short(f64::NAN), "–");
        assert_eq!(dollars(48_141_783.0), "$48.1M");
        assert_eq!(dollars(950_000.0), "$950k");
        assert_eq!(dollars(12_300.4), "$12,300");
        assert_eq!(dollars(-350.0), "−$350");
        assert_eq!(dollars(2.5e9), "$2.5B");
    }
}
