//! Request validation: the runtime's checks and the path they report.
//!
//! The seed specs put no constraint on anything a request carries (their
//! constrained TRLink address is only ever received), so the generated
//! client has no `Validate` impl of its own; `Address` and `Customer` below
//! are written the way the generator writes one (see the `tags.yaml`
//! snapshot in `codegen/tests/snapshots`).

use generated_client::runtime::InvalidRequest;
use generated_client::runtime::{check_items, check_length, check_range, Path, Validate};

#[derive(Default)]
struct Address {
    address_line: Option<Vec<String>>,
    street_name: Option<String>,
}

impl Validate for Address {
    fn validate_at(&self, path: &Path<'_>) -> Result<(), InvalidRequest> {
        if let Some(value) = &self.address_line {
            check_items(value, None, Some(3usize), &path.field("addressLine"))?;
            for (i0, value) in value.iter().enumerate() {
                check_length(
                    value,
                    None,
                    Some(70usize),
                    &path.field("addressLine").index(i0),
                )?;
            }
        }
        if let Some(value) = &self.street_name {
            check_length(
                value,
                Some(1usize),
                Some(70usize),
                &path.field("streetName"),
            )?;
        }
        Ok(())
    }
}

struct Customer {
    address: Option<Address>,
    score: i32,
}

impl Validate for Customer {
    fn validate_at(&self, path: &Path<'_>) -> Result<(), InvalidRequest> {
        if let Some(value) = &self.address {
            Validate::validate_at(value, &path.field("geographicAddress"))?;
        }
        {
            let value = &self.score;
            check_range(
                *value as f64,
                Some(0f64),
                Some(100f64),
                &path.field("score"),
            )?;
        }
        Ok(())
    }
}

#[test]
fn values_within_limits_are_valid_and_lengths_count_characters() {
    let address = Address {
        address_line: Some(vec!["a".repeat(70), "b".into(), "c".into()]),
        // 70 characters, 140 bytes: the limit counts characters.
        street_name: Some("é".repeat(70)),
    };
    assert_eq!(Validate::validate(&address, "body"), Ok(()));
    assert_eq!(Validate::validate(&Address::default(), "body"), Ok(()));
}

#[test]
fn errors_name_the_field_the_item_and_the_limit() {
    let four = Address {
        address_line: Some(vec!["1".into(), "2".into(), "3".into(), "4".into()]),
        ..Default::default()
    };
    let err = Validate::validate(&four, "body").unwrap_err();
    assert_eq!(err.field, "body.addressLine");
    assert!(err.message.contains("maxItems is 3"), "{}", err.message);

    let long_item = Address {
        address_line: Some(vec!["ok".into(), "x".repeat(71)]),
        ..Default::default()
    };
    let err = Validate::validate(&long_item, "body").unwrap_err();
    assert_eq!(err.field, "body.addressLine[1]");
    assert!(err.message.contains("maxLength is 70"), "{}", err.message);
    assert!(err.message.contains("71"), "{}", err.message);

    let empty = Address {
        street_name: Some(String::new()),
        ..Default::default()
    };
    let err = Validate::validate(&empty, "body").unwrap_err();
    assert_eq!(err.field, "body.streetName");
    assert!(err.message.contains("minLength is 1"), "{}", err.message);
}

#[test]
fn nested_values_report_the_whole_path() {
    let mut customer = Customer {
        address: Some(Address::default()),
        score: 100,
    };
    assert_eq!(Validate::validate(&customer, "body"), Ok(()));
    customer.address = Some(Address {
        street_name: Some("s".repeat(71)),
        ..Default::default()
    });
    let err = Validate::validate(&customer, "body").unwrap_err();
    assert_eq!(err.field, "body.geographicAddress.streetName");

    customer.address = None;
    customer.score = 101;
    let err = Validate::validate(&customer, "body").unwrap_err();
    assert_eq!(err.field, "body.score");
    assert!(err.message.contains("maximum is 100"), "{}", err.message);

    // Options, vectors and boxes pass the path through.
    let many = vec![Some(Box::new(Customer {
        address: None,
        score: -1,
    }))];
    let err = Validate::validate(&many, "body").unwrap_err();
    assert_eq!(err.field, "body[0].score");
    assert!(err.message.contains("minimum is 0"), "{}", err.message);
}
