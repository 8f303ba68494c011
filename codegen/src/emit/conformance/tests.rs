use super::*;

#[test]
fn dates_parse_to_their_instant() {
    assert_eq!(parse_date_time("1970-01-01T00:00:00Z"), Some(0));
    assert_eq!(parse_date_time("2025-01-02T03:04:05Z"), Some(1_735_787_045));
    assert_eq!(parse_date("2025-13-01"), None);
    assert_eq!(parse_uuid("00000000-0000-0000-0000-00000000000a"), Some(10));
}

#[test]
fn the_same_seed_gives_the_same_values() {
    let a: Vec<u64> = {
        let mut r = Rng::new(7, 1, 2);
        (0..4).map(|_| r.next()).collect()
    };
    let b: Vec<u64> = {
        let mut r = Rng::new(7, 1, 2);
        (0..4).map(|_| r.next()).collect()
    };
    let c: Vec<u64> = {
        let mut r = Rng::new(7, 1, 3);
        (0..4).map(|_| r.next()).collect()
    };
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn negative_numbers_stay_in_their_type() {
    assert_eq!(int_literal(IntKind::I8, -128).to_string(), "i8 :: MIN");
    assert_eq!(int_literal(IntKind::I32, -5).to_string(), "- 5i32");
}
