//! Generated structs decode JSON objects field by field
//! (`runtime::JsonObject`): missing and `null` optional fields are `None`,
//! unknown fields are ignored, and errors name the field at fault.

use generated_client::fireblocks::types::{TrLinkCustomerResponse, TrLinkDiscoverableStatus};
use serde_json::json;

fn customer() -> serde_json::Value {
    json!({
        "id": "11111111-1111-4111-8111-111111111111",
        "tenantId": "22222222-2222-4222-8222-222222222222",
        "shortName": "Acme Corp",
        "fullLegalName": "Acme Corporation Ltd.",
        "countryOfRegistration": "US",
        "nationalIdentification": null,
        "vaults": [0, 1],
        "discoverable": "hidden",
        "createDate": "2025-01-20T10:30:00.000Z",
        "lastUpdate": "2025-01-24T08:45:00+02:00",
        "somethingNew": {"the": "API added it"}
    })
}

#[test]
fn present_missing_null_and_unknown_fields() {
    let c: TrLinkCustomerResponse = serde_json::from_value(customer()).expect("decodes");
    assert_eq!(c.short_name, "Acme Corp");
    assert_eq!(c.vaults, Some(vec![0, 1]));
    assert_eq!(c.discoverable, Some(TrLinkDiscoverableStatus::Hidden));
    assert_eq!(c.national_identification, None); // null
    assert_eq!(c.geographic_address, None); // missing
    assert_eq!(c.last_update.to_rfc3339(), "2025-01-24T06:45:00+00:00");
    // From bytes too, the way responses are read.
    let bytes = serde_json::to_vec(&customer()).expect("serializes");
    let from_bytes: TrLinkCustomerResponse = serde_json::from_slice(&bytes).expect("decodes");
    assert_eq!(from_bytes, c);
}

#[test]
fn errors_name_the_field() {
    let mut missing = customer();
    missing.as_object_mut().expect("object").remove("shortName");
    let err = serde_json::from_value::<TrLinkCustomerResponse>(missing).unwrap_err();
    assert!(
        err.to_string().contains("missing field `shortName`"),
        "{err}"
    );

    let mut wrong = customer();
    wrong["vaults"] = json!(["zero"]);
    let err = serde_json::from_value::<TrLinkCustomerResponse>(wrong).unwrap_err();
    assert!(err.to_string().contains("`vaults`"), "{err}");

    let err = serde_json::from_value::<TrLinkCustomerResponse>(json!([1, 2])).unwrap_err();
    assert!(
        err.to_string()
            .contains("expected a JSON object for `TRLinkCustomerResponse`"),
        "{err}"
    );
}
