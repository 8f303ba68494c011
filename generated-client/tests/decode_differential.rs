//! The generated `Deserialize` impls against serde's derive on the same
//! shapes: a corpus of JSON documents (valid ones, unknown fields, unknown
//! enum values, nulls, missing required fields, wrong types up to three
//! objects deep, escaped keys) decodes to the same values, and fails with
//! the same error at the same field path (serde's derive through
//! `serde_path_to_error`, which names the path the generated impls write in
//! front of the message: "`customer`: `geographicAddress`: ...").

use generated_client::fireblocks::types::TrLinkCustomerIntegrationResponse;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

// The reference: the same types, written by hand with serde's derives.

#[derive(Debug, Deserialize, Serialize)]
struct Integration {
    #[serde(rename = "customerIntegrationId")]
    customer_integration_id: uuid::Uuid,
    #[serde(rename = "apiKey", default, skip_serializing_if = "Option::is_none")]
    api_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
    #[serde(rename = "createDate")]
    create_date: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "lastUpdate")]
    last_update: chrono::DateTime<chrono::Utc>,
    partner: Partner,
    customer: Customer,
}

#[derive(Debug, Deserialize, Serialize)]
struct Partner {
    id: uuid::Uuid,
    ident: String,
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(rename = "baseUrl")]
    base_url: String,
    active: bool,
    #[serde(rename = "isTest")]
    is_test: bool,
}

#[derive(Debug, Deserialize, Serialize)]
struct Customer {
    id: uuid::Uuid,
    #[serde(rename = "tenantId")]
    tenant_id: uuid::Uuid,
    /// A string enum that keeps unknown values: a string on the wire.
    /// Required but nullable: it may be absent too, and is always written.
    #[serde(default)]
    discoverable: Option<String>,
    #[serde(rename = "shortName")]
    short_name: String,
    #[serde(rename = "fullLegalName")]
    full_legal_name: String,
    #[serde(
        rename = "geographicAddress",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    geographic_address: Option<Address>,
    #[serde(rename = "countryOfRegistration")]
    country_of_registration: String,
    #[serde(
        rename = "nationalIdentification",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    national_identification: Option<String>,
    #[serde(
        rename = "dateOfIncorporation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    date_of_incorporation: Option<chrono::NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    vaults: Option<Vec<i64>>,
    #[serde(
        rename = "trPrimaryPurpose",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    tr_primary_purpose: Option<String>,
    #[serde(rename = "createDate")]
    create_date: chrono::DateTime<chrono::Utc>,
    #[serde(rename = "lastUpdate")]
    last_update: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Deserialize, Serialize)]
struct Address {
    #[serde(
        rename = "addressLine",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    address_line: Option<Vec<String>>,
    #[serde(
        rename = "streetName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    street_name: Option<String>,
    #[serde(
        rename = "buildingNumber",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    building_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    floor: Option<String>,
    #[serde(rename = "postBox", default, skip_serializing_if = "Option::is_none")]
    post_box: Option<String>,
    #[serde(rename = "postCode", default, skip_serializing_if = "Option::is_none")]
    post_code: Option<String>,
    #[serde(rename = "townName", default, skip_serializing_if = "Option::is_none")]
    town_name: Option<String>,
    #[serde(
        rename = "districtName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    district_name: Option<String>,
    #[serde(
        rename = "countrySubDivision",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    country_sub_division: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    country: Option<String>,
}

fn valid() -> Value {
    json!({
        "customerIntegrationId": "33333333-3333-4333-8333-333333333333",
        "apiKey": "***",
        "createDate": "2025-01-20T10:30:00.000Z",
        "lastUpdate": "2025-01-24T08:45:00+02:00",
        "partner": {
            "id": "44444444-4444-4444-8444-444444444444",
            "ident": "sumsub",
            "name": "Sumsub",
            "baseUrl": "https://api.example",
            "active": true,
            "isTest": false
        },
        "customer": {
            "id": "11111111-1111-4111-8111-111111111111",
            "tenantId": "22222222-2222-4222-8222-222222222222",
            "discoverable": "hidden",
            "shortName": "Acme Corp",
            "fullLegalName": "Acme Corporation Ltd.",
            "geographicAddress": {
                "addressLine": ["1 Main St", "Floor 2"],
                "townName": "Springfield",
                "country": "US"
            },
            "countryOfRegistration": "US",
            "dateOfIncorporation": "2001-02-03",
            "vaults": [0, 1, 7],
            "createDate": "2025-01-20T10:30:00.000Z",
            "lastUpdate": "2025-01-24T08:45:00+02:00"
        }
    })
}

/// `valid()` with `edit` applied to the object at `path` (object keys).
fn edited(path: &[&str], edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Value {
    let mut doc = valid();
    let mut at = &mut doc;
    for key in path {
        at = &mut at[*key];
    }
    edit(at.as_object_mut().expect("an object"));
    doc
}

fn set(path: &[&str], key: &str, value: Value) -> Value {
    edited(path, |o| {
        o.insert(key.to_owned(), value);
    })
}

fn remove(path: &[&str], key: &str) -> Value {
    edited(path, |o| {
        o.remove(key);
    })
}

/// The documents, as JSON text (some are not what `json!` can make).
fn corpus() -> Vec<(String, String)> {
    const C: &[&str] = &["customer"];
    const A: &[&str] = &["customer", "geographicAddress"];
    const P: &[&str] = &["partner"];
    let mut docs: Vec<(&str, Value)> = vec![
        ("valid", valid()),
        ("unknown fields at every level", {
            let mut d = set(&[], "new", json!({"deep": [1, {"x": null}]}));
            d["customer"]["alsoNew"] = json!([true, "x"]);
            d["customer"]["geographicAddress"]["more"] = json!(1.5);
            d
        }),
        (
            "unknown enum value",
            set(C, "discoverable", json!("everyone")),
        ),
        ("null optional fields", {
            let mut d = set(C, "discoverable", Value::Null);
            d["customer"]["geographicAddress"] = Value::Null;
            d["customer"]["vaults"] = Value::Null;
            d["apiKey"] = Value::Null;
            d
        }),
        ("absent optional fields", {
            let mut d = remove(C, "geographicAddress");
            d.as_object_mut().expect("object").remove("apiKey");
            d
        }),
        (
            "empty nested object",
            set(C, "geographicAddress", json!({})),
        ),
        ("null required field", set(C, "shortName", Value::Null)),
        ("null required object", set(&[], "partner", Value::Null)),
        (
            "missing required, top",
            remove(&[], "customerIntegrationId"),
        ),
        ("missing required, nested", remove(C, "shortName")),
        ("missing required, partner", remove(P, "isTest")),
        ("missing two required", {
            let mut d = remove(C, "shortName");
            d["customer"].as_object_mut().expect("object").remove("id");
            d
        }),
        ("wrong type, top", set(&[], "createDate", json!(5))),
        ("wrong type, depth 2", set(C, "vaults", json!([0, "one"]))),
        (
            "wrong type, depth 3",
            set(A, "addressLine", json!(["ok", 7])),
        ),
        (
            "wrong type, depth 3 object",
            set(A, "townName", json!({"a": 1})),
        ),
        ("wrong type, depth 3 array", set(A, "country", json!([1]))),
        ("bad uuid", set(C, "tenantId", json!("not-a-uuid"))),
        (
            "bad date",
            set(C, "dateOfIncorporation", json!("2001-13-40")),
        ),
        ("enum not a string", set(C, "discoverable", json!(3))),
        ("bool not a bool", set(P, "active", json!("yes"))),
        ("number out of range", set(C, "vaults", json!([1e300]))),
        (
            "nested not an object",
            set(C, "geographicAddress", json!("x")),
        ),
        ("nested an array", set(&[], "customer", json!([1]))),
        ("not an object", json!([1, 2])),
        ("a bad value before a missing field", {
            let mut d = remove(C, "shortName");
            d["customer"]["vaults"] = json!(["x"]);
            d
        }),
        ("two bad values", {
            let mut d = set(P, "active", json!(1));
            d["customer"]["vaults"] = json!("x");
            d
        }),
    ]
    .into_iter()
    .collect();
    // A missing field after a bad value in document order.
    docs.push(("bad value, then a missing field later", {
        let mut d = remove(&[], "customer");
        d["partner"]["name"] = json!(false);
        d
    }));
    let mut texts: Vec<(String, String)> = docs
        .into_iter()
        .map(|(name, doc)| (name.to_owned(), doc.to_string()))
        .collect();
    // Escaped keys are decoded into owned strings, not borrowed.
    let escaped = valid()
        .to_string()
        .replace("\"shortName\"", "\"short\\u004eame\"")
        .replace("\"townName\"", "\"town\\u004eame\"");
    texts.push(("escaped keys".to_owned(), escaped));
    // Whitespace between everything.
    let pretty = serde_json::to_string_pretty(&valid()).expect("serializes");
    texts.push(("pretty".to_owned(), pretty.clone()));
    texts.push((
        "pretty, wrong type deep".to_owned(),
        pretty.replace("\"Springfield\"", "12"),
    ));
    texts.push((
        "syntax error deep".to_owned(),
        pretty.replace("\"US\"\n", "\"US\",\n"),
    ));
    texts.push((
        "truncated".to_owned(),
        pretty[..pretty.len() / 2].to_owned(),
    ));
    texts
}

/// An error message without `serde_json`'s trailing position.
fn unplaced(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(at) => &message[..at],
        None => message,
    }
}

/// The generated impls' error: the field path in front, then the message.
fn split_ours(message: &str) -> (Vec<String>, String) {
    let mut rest = unplaced(message);
    let mut path = Vec::new();
    while let Some(tail) = rest.strip_prefix('`') {
        let Some((key, after)) = tail.split_once("`: ") else {
            break;
        };
        path.push(key.to_owned());
        rest = after;
    }
    (path, rest.to_owned())
}

/// serde_path_to_error's path, object keys only (the generated impls do not
/// number array items).
fn keys_of(path: &serde_path_to_error::Path) -> Vec<String> {
    path.iter()
        .filter_map(|segment| match segment {
            serde_path_to_error::Segment::Map { key } => Some(key.clone()),
            _ => None,
        })
        .collect()
}

type Outcome = Result<Value, (Vec<String>, String)>;

fn ours_from(result: Result<TrLinkCustomerIntegrationResponse, serde_json::Error>) -> Outcome {
    match result {
        Ok(value) => Ok(serde_json::to_value(&value).expect("serializes")),
        Err(e) => Err(split_ours(&e.to_string())),
    }
}

fn reference_from(
    result: Result<Integration, serde_path_to_error::Error<serde_json::Error>>,
) -> Outcome {
    match result {
        Ok(value) => Ok(serde_json::to_value(&value).expect("serializes")),
        Err(e) => {
            let path = keys_of(e.path());
            let inner = e.into_inner().to_string();
            Err((path, unplaced(&inner).to_owned()))
        }
    }
}

fn same(name: &str, how: &str, ours: &Outcome, reference: &Outcome) {
    match (ours, reference) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{name} ({how}): values differ"),
        (Err((pa, ma)), Err((pb, mb))) => {
            assert_eq!(pa, pb, "{name} ({how}): error paths differ: {ma} / {mb}");
            // Where serde's derive says "expected struct X" (or, given an
            // array, reads it as the fields in order), the generated impl
            // names the schema and what it found instead.
            if ma.starts_with("expected a JSON object for ") {
                assert!(
                    mb.contains("expected struct") || ma.ends_with("found an array"),
                    "{name} ({how}): {ma} / {mb}"
                );
            } else {
                assert_eq!(ma, mb, "{name} ({how}): messages differ");
            }
        }
        _ => panic!("{name} ({how}): generated {ours:?}, derive {reference:?}"),
    }
}

#[test]
fn generated_impls_decode_like_serdes_derive() {
    let mut failures = 0;
    for (name, text) in corpus() {
        // From bytes (how responses are read) and from text.
        let ours = ours_from(serde_json::from_slice(text.as_bytes()));
        let reference = reference_from(serde_path_to_error::deserialize(
            &mut serde_json::Deserializer::from_slice(text.as_bytes()),
        ));
        same(&name, "from_slice", &ours, &reference);
        let from_str = ours_from(serde_json::from_str(&text));
        same(&name, "from_str", &from_str, &reference);
        // From a `serde_json::Value`, when the text parses as one.
        if let Ok(value) = serde_json::from_str::<Value>(&text) {
            let ours = ours_from(serde_json::from_value(value.clone()));
            let reference = reference_from(serde_path_to_error::deserialize(value));
            same(&name, "from_value", &ours, &reference);
        }
        failures += usize::from(ours.is_err());
    }
    // The corpus exercises both outcomes.
    assert!(failures > 15, "{failures}");
}

#[test]
fn errors_carry_the_path_and_the_position_once() {
    let text = set(
        &["customer", "geographicAddress"],
        "addressLine",
        json!(["ok", 7]),
    )
    .to_string();
    let err = serde_json::from_str::<TrLinkCustomerIntegrationResponse>(&text).unwrap_err();
    let message = err.to_string();
    assert!(
        message.starts_with(
            "`customer`: `geographicAddress`: `addressLine`: invalid type: integer `7`, expected a string at line 1 column "
        ),
        "{message}"
    );
    assert_eq!(message.matches(" at line ").count(), 1, "{message}");
    // Missing and bad: the bad value comes first in the document, so it wins.
    let both = {
        let mut d = remove(&["customer"], "shortName");
        d["customer"]["vaults"] = json!(["x"]);
        d
    };
    let err = serde_json::from_value::<TrLinkCustomerIntegrationResponse>(both).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`customer`: `vaults`: invalid type: string \"x\", expected i64"
    );
    let err = serde_json::from_value::<TrLinkCustomerIntegrationResponse>(remove(
        &["customer"],
        "shortName",
    ))
    .unwrap_err();
    assert_eq!(err.to_string(), "`customer`: missing field `shortName`");
}

#[test]
fn response_types_serialize_back_to_what_they_decoded() {
    for doc in [
        valid(),
        set(&["customer"], "discoverable", json!("everyone")),
        remove(&["customer"], "geographicAddress"),
    ] {
        let decoded: TrLinkCustomerIntegrationResponse =
            serde_json::from_value(doc.clone()).expect("decodes");
        let text = serde_json::to_string(&decoded).expect("serializes");
        let again: TrLinkCustomerIntegrationResponse =
            serde_json::from_str(&text).expect("decodes again");
        assert_eq!(again, decoded);
        // Field for field the same JSON, but dates in chrono's own form.
        let written: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(
            written["customer"]["discoverable"],
            doc["customer"]["discoverable"]
        );
        assert_eq!(written["customer"]["vaults"], doc["customer"]["vaults"]);
        assert_eq!(written["partner"], doc["partner"]);
        assert_eq!(
            written["customer"].get("geographicAddress"),
            doc["customer"].get("geographicAddress")
        );
        assert_eq!(written["customer"].get("nationalIdentification"), None);
    }
}
