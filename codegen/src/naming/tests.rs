use super::*;

fn is_valid_ident(s: &str) -> bool {
    syn::parse_str::<syn::Ident>(s).is_ok()
}

/// The ASCII fast path converts case exactly as heck does: every
/// string of up to five characters from a mix of cases, digits and
/// separators, and some longer ones.
#[test]
fn ascii_case_is_hecks() {
    const ALPHABET: &[u8] = b"aBc1 _-";
    let mut inputs = vec![
        "HTTPServer".to_owned(),
        "getV2APIKeysXML".to_owned(),
        "already_snake_case".to_owned(),
        "  leading and trailing  ".to_owned(),
        "ABC".to_owned(),
        "aB1cD2EFg".to_owned(),
        "caf\u{e9} \u{3a3}\u{3a3}".to_owned(),
    ];
    for len in 0..=5u32 {
        for n in 0..ALPHABET.len().pow(len) {
            let mut n = n;
            let s: String = (0..len)
                .map(|_| {
                    let c = ALPHABET[n % ALPHABET.len()] as char;
                    n /= ALPHABET.len();
                    c
                })
                .collect();
            inputs.push(s);
        }
    }
    for s in &inputs {
        assert_eq!(to_snake(s), s.to_snake_case(), "{s:?}");
        assert_eq!(to_upper_camel(s), s.to_upper_camel_case(), "{s:?}");
    }
}

#[test]
fn every_keyword_becomes_a_valid_identifier() {
    for kw in KEYWORDS {
        let s = snake(kw);
        let p = pascal(kw);
        assert!(is_valid_ident(&s), "{kw} -> {s}");
        assert!(is_valid_ident(&p), "{kw} -> {p}");
        assert_ne!(&s, kw);
    }
    assert_eq!(snake("type"), "type_");
    assert_eq!(snake("self"), "self_");
    assert_eq!(pascal("Self"), "SelfType");
    assert_eq!(snake("_"), "empty");
}

#[test]
fn leading_digits_empty_and_punctuation() {
    assert_eq!(snake("2fa"), "_2fa");
    assert_eq!(pascal("2fa"), "V2fa");
    assert_eq!(snake(""), "empty");
    assert_eq!(pascal(""), "Empty");
    assert_eq!(pascal("+1"), "Plus1");
    assert_eq!(pascal("-1"), "Minus1");
    assert_eq!(snake("X-Request-ID"), "x_request_id");
    assert_eq!(snake("Idempotency-Key"), "idempotency_key");
    assert_eq!(
        pascal("TRLinkDiscoverableStatus"),
        "TrLinkDiscoverableStatus"
    );
    for raw in [
        "",
        "+",
        "-",
        "$",
        "9",
        "ünïcode",
        "日本",
        "a b",
        "__",
        "?x#y",
    ] {
        assert!(is_valid_ident(&snake(raw)), "{raw:?} -> {}", snake(raw));
        assert!(is_valid_ident(&pascal(raw)), "{raw:?} -> {}", pascal(raw));
    }
    assert_ne!(snake("café"), snake("cafe"));
}

/// Claims remember where numbering of a base got to, and still take the
/// first free number, whatever else took names in between.
#[test]
fn numbering_resumes_and_skips_names_taken_meanwhile() {
    let mut scope = Scope::with_reserved(&["Item3"]);
    let claimed: Vec<String> = (0..5).map(|_| scope.claim("Item", false)).collect();
    assert_eq!(claimed, ["Item", "Item2", "Item4", "Item5", "Item6"]);
    assert_eq!(scope.claim("Item7", false), "Item7");
    assert_eq!(scope.claim("Item", false), "Item8");
    // Another suffix group numbers on its own: `Foo` is taken, `Foo2`
    // is free for both `Foo2` and `Foo2Error`.
    assert_eq!(scope.claim("Foo", false), "Foo");
    assert_eq!(scope.claim("Foo3Error", false), "Foo3Error");
    assert_eq!(scope.claim_group("Foo", false, &["", "Error"]), "Foo2");
    assert_eq!(scope.claim_group("Foo", false, &["", "Error"]), "Foo4");
    assert_eq!(scope.claim("Foo", false), "Foo3");
    assert_eq!(scope.claim("item", true), "item");
    assert_eq!(scope.claim("item", true), "item_2");
}

#[test]
fn names_differing_by_case_or_punctuation_stay_unique() {
    let mut scope = Scope::default();
    let a = scope.claim(&snake("fooBar"), true);
    let b = scope.claim(&snake("foo_bar"), true);
    let c = scope.claim(&snake("foo-bar"), true);
    assert_eq!(
        (a.as_str(), b.as_str(), c.as_str()),
        ("foo_bar", "foo_bar_2", "foo_bar_3")
    );

    // A keyword made safe keeps snake_case when it needs a number.
    let mut fields = Scope::default();
    assert_eq!(fields.claim(&snake("type"), true), "type_");
    assert_eq!(fields.claim(&snake("Type"), true), "type_2");

    let mut types = Scope::default();
    assert_eq!(types.claim(&pascal("add"), false), "Add");
    assert_eq!(types.claim(&pascal("Add"), false), "Add2");
}

#[test]
fn groups_keep_derived_names_free() {
    let mut scope = Scope::default();
    let foo = scope.claim_group("Foo", false, &["", "Error"]);
    // `FooError` is taken by `foo`'s error type, so the operation named
    // `fooError` must move aside.
    let foo_error = scope.claim_group("FooError", false, &["", "Error"]);
    assert_eq!(foo, "Foo");
    assert_eq!(foo_error, "FooError2");
}

#[test]
fn prelude_names_are_not_shadowed() {
    let mut api = Api::default();
    api.types.insert(
        TypeId(0),
        TypeDef {
            pointer: "#/components/schemas/Option".into(),
            wire_name: "Option".into(),
            rust_name: String::new(),
            description: None,
            deprecated: false,
            kind: TypeKind::Alias(Ty::String),
        },
    );
    name_api(&mut api, "m".into());
    assert_eq!(api.types[&TypeId(0)].rust_name, "Option2");
}

/// An operation with only an id, tags and responses.
fn operation(id: &str, tags: &[&str], responses: Vec<Response>) -> Operation {
    Operation {
        pointer: String::new(),
        wire_id: id.into(),
        method_name: String::new(),
        type_name: String::new(),
        shared_headers: None,
        shared_error: None,
        method: Method::Get,
        path: String::new(),
        path_parts: Vec::new(),
        fixed_query: Vec::new(),
        summary: None,
        description: None,
        deprecated: false,
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        params: Vec::new(),
        body: None,
        responses,
        security: Vec::new(),
        headers: HeaderFacts::default(),
        pagination: None,
    }
}

#[test]
fn operations_with_the_same_response_headers_share_one_struct() {
    let header = |wire: &str| ResponseHeader {
        wire_name: wire.into(),
        rust_name: String::new(),
        ty: Ty::String,
        description: None,
    };
    let op = |id: &str, headers: &[&str]| {
        let ok = Response {
            pointer: String::new(),
            status: StatusMatch::Code(200),
            description: String::new(),
            body: None,
            stream: None,
            headers: headers.iter().map(|h| header(h)).collect(),
            variant: String::new(),
        };
        operation(id, &[], vec![ok])
    };
    let mut api = Api {
        operations: vec![
            op("a", &["X-Request-ID"]),
            // Its own `XRequestIdHeaders` keeps its name.
            op("xRequestId", &["X-Request-ID", "Location"]),
            op("b", &["X-Request-ID"]),
            op("c", &["X-Request-ID", "Location"]),
            op("d", &["Location"]),
            op("e", &[]),
        ],
        ..Default::default()
    };
    name_api(&mut api, "m".into());
    let shared: Vec<(&str, Option<&str>)> = api
        .operations
        .iter()
        .map(|o| (o.type_name.as_str(), o.shared_headers.as_deref()))
        .collect();
    assert_eq!(
        shared,
        [
            ("A", Some("XRequestIdHeaders2")),
            ("XRequestId", Some("XRequestIdLocationHeaders")),
            ("B", Some("XRequestIdHeaders2")),
            ("C", Some("XRequestIdLocationHeaders")),
            ("D", None),
            ("E", None),
        ]
    );
}

#[test]
fn operations_with_the_same_error_responses_share_one_enum() {
    let response = |status: u16, description: &str| Response {
        pointer: String::new(),
        status: StatusMatch::Code(status),
        description: description.into(),
        body: None,
        stream: None,
        headers: Vec::new(),
        variant: String::new(),
    };
    let op = |id: &str, errors: &[(u16, &str)]| {
        let responses = std::iter::once(response(200, "ok"))
            .chain(errors.iter().map(|(s, d)| response(*s, d)))
            .collect();
        operation(id, &[], responses)
    };
    let mut api = Api {
        operations: vec![
            op("a", &[(401, "Unauthorized")]),
            // Another description is another enum: docs stay the spec's.
            op("b", &[(401, "Token expired")]),
            op("c", &[(401, "Unauthorized")]),
            // Same statuses in another order: another enum.
            op("d", &[(404, "Missing"), (401, "Unauthorized")]),
            op("e", &[(401, "Unauthorized"), (404, "Missing")]),
            op("f", &[(401, "Unauthorized"), (404, "Missing")]),
            op("g", &[]),
        ],
        ..Default::default()
    };
    name_api(&mut api, "m".into());
    let shared: Vec<(&str, Option<&str>)> = api
        .operations
        .iter()
        .map(|o| (o.type_name.as_str(), o.shared_error.as_deref()))
        .collect();
    assert_eq!(
        shared,
        [
            ("A", Some("UnauthorizedError")),
            ("B", None),
            ("C", Some("UnauthorizedError")),
            ("D", None),
            ("E", Some("UnauthorizedNotFoundError")),
            ("F", Some("UnauthorizedNotFoundError")),
            ("G", None),
        ]
    );
}

#[test]
fn tags_become_unique_cargo_features() {
    let op = |tags: &[&str]| operation("", tags, Vec::new());
    let mut api = Api {
        name: "fireblocks".into(),
        operations: vec![
            op(&["TRLink"]),
            op(&["Connected Accounts (Beta)", "Vaults"]),
            op(&[]),
            op(&["vaults"]),
            op(&["-2fa-"]),
            op(&["Default"]),
            op(&["NFTs"]),
        ],
        ..Default::default()
    };
    let mut scope = Scope::with_reserved(CRATE_FEATURES);
    name_features(&mut api, &mut scope, None);
    let names: Vec<(Option<&str>, &str)> = api
        .features
        .iter()
        .map(|f| (f.tag.as_deref(), f.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            (Some("Connected Accounts (Beta)"), "connected-accounts-beta"),
            (Some("Default"), "default2"),
            (Some("-2fa-"), "minus-2fa"),
            (Some("NFTs"), "nfts"),
            (Some("TRLink"), "trlink"),
            (Some("vaults"), "vaults"),
            (Some("Vaults"), "vaults2"),
            (None, "untagged"),
        ]
    );

    let mut scope = Scope::with_reserved(CRATE_FEATURES);
    name_features(&mut api, &mut scope, Some("fireblocks"));
    assert_eq!(api.features[4].name, "fireblocks-trlink");
    assert_eq!(api.features[7].name, "fireblocks-untagged");

    // One tag still gets its feature; no tag at all needs none.
    api.operations = vec![op(&["TRLink"]), op(&["TRLink"])];
    name_features(&mut api, &mut scope, None);
    assert_eq!(api.features.len(), 1);
    api.operations = vec![op(&[]), op(&[])];
    name_features(&mut api, &mut scope, None);
    assert!(api.features.is_empty());
}

#[test]
fn symbols_outside_ascii_separate_feature_words() {
    assert_eq!(feature("Cardano » Accounts"), "cardano-accounts");
    assert_eq!(feature("Files – Uploads • Beta"), "files-uploads-beta");
    assert_eq!(feature("Café"), "caf-ue9");
}

#[test]
fn statuses_have_readable_variants() {
    assert_eq!(status_variant(StatusMatch::Code(404)), "NotFound");
    assert_eq!(status_variant(StatusMatch::Code(201)), "Created");
    assert_eq!(status_variant(StatusMatch::Code(599)), "Status599");
    assert_eq!(status_variant(StatusMatch::Range(4)), "ClientError");
    assert_eq!(status_variant(StatusMatch::Default), "Default");
}

#[test]
fn server_names_drop_shared_words() {
    let mut api = Api {
        servers: vec![
            Server {
                description: Some("Fireblocks Production Environment Base URL".into()),
                ..Default::default()
            },
            Server {
                description: Some("Fireblocks Sandbox Environment Base URL".into()),
                ..Default::default()
            },
            Server {
                description: None,
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    name_api(&mut api, "m".into());
    let names: Vec<_> = api.servers.iter().map(|s| s.rust_name.as_str()).collect();
    assert_eq!(names, ["Production", "Sandbox", "Server2"]);
}

fn server_names(servers: &[(&str, Option<&str>, Option<&str>)]) -> Vec<String> {
    let mut api = Api {
        servers: servers
            .iter()
            .map(|(url, name, description)| Server {
                url: (*url).into(),
                name: name.map(Into::into),
                description: description.map(Into::into),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    name_api(&mut api, "m".into());
    api.servers.into_iter().map(|s| s.rust_name).collect()
}

#[test]
fn server_names_come_from_name_then_description_then_host() {
    assert_eq!(
        server_names(&[
            (
                "https://eu.example.com",
                Some("europe-west"),
                Some("Ignored")
            ),
            ("https://us.example.com", None, Some("The US region")),
            ("https://ap.example.com", None, None),
        ]),
        ["EuropeWest", "TheUsRegion", "Ap"]
    );
    // The host labels that differ, placeholders by their variable name.
    assert_eq!(
        server_names(&[
            (
                "https://api.{{env}}.ext.{{realm}}.example.com/v1",
                None,
                None
            ),
            ("https://api.live.ext.prod.example.com/v1", None, None),
        ]),
        ["EnvRealm", "LiveProd"]
    );
    // One server: its host without the top-level domain; a port, user
    // info and path are no part of it.
    assert_eq!(
        server_names(&[("http://user@api.example.org:8080/v2", None, None)]),
        ["ApiExample"]
    );
    assert_eq!(server_names(&[("/api/v3", None, None)]), ["ApiV3"]);
    assert_eq!(
        server_names(&[("{scheme}://{host}:{port}", None, None)]),
        ["HostPort"]
    );
}

#[test]
fn server_names_never_collide_and_fall_back_to_the_index() {
    assert_eq!(
        server_names(&[
            ("https://a.example.com", Some("main"), None),
            ("https://b.example.com", Some("Main"), None),
            ("https://c.example.com", None, Some("main")),
            ("https://example.com", Some("--"), Some("??")),
            ("", None, None),
        ]),
        ["Main", "Main2", "Main3", "Example", "Server4"]
    );
    // Same host, different paths: named by the path; the same URL
    // twice: by the host, numbered.
    assert_eq!(
        server_names(&[
            ("https://api.example.com/v1", None, None),
            ("https://api.example.com/v2", None, None),
        ]),
        ["V1", "V2"]
    );
    assert_eq!(
        server_names(&[
            ("https://api.example.com/v2", None, None),
            ("https://api.example.com/v2", None, None),
        ]),
        ["ApiExample", "ApiExample2"]
    );
}

#[test]
fn union_variants_drop_the_words_they_share_with_the_union() {
    let names = |union: &str, bases: &[(&str, bool)]| {
        union_variant_names(union, bases.iter().map(|(b, k)| ((*b).to_owned(), *k)))
    };
    assert_eq!(
        names(
            "ChatCompletionRequestMessage",
            &[
                ("ChatCompletionRequestDeveloperMessage", false),
                ("ChatCompletionRequestUserMessage", false),
                ("ChatCompletionRequestToolMessage", false),
            ]
        ),
        ["Developer", "User", "Tool"]
    );
    // Nothing shared: the names stay.
    assert_eq!(
        names("PetOrError", &[("Pet", false), ("Error", false)]),
        ["Pet", "Error"]
    );
    // A variant that is all shared words keeps its name.
    assert_eq!(
        names("Pet", &[("Pet", false), ("PetCat", false)]),
        ["Pet", "Cat"]
    );
    // Stripping that makes two variants one name is not done.
    assert_eq!(names("AB", &[("AXB", false), ("AX", false)]), ["AXB", "AX"]);
    // Two type words: the enum of known values is `Known`.
    assert_eq!(
        names("ModelIdsShared", &[("String", false), ("String", true)]),
        ["String", "Known"]
    );
    // Two of one type word and neither an enum: numbered later.
    assert_eq!(
        names("Id", &[("String", false), ("String", false)]),
        ["String", "String"]
    );
    // A stripped name that is a keyword is not used.
    assert_eq!(
        names("XMessage", &[("XSelfMessage", false), ("XAMessage", false)]),
        ["XSelfMessage", "XAMessage"]
    );
}

#[test]
fn camel_words_split_at_lower_to_upper() {
    assert_eq!(camel_words("ChatMessage"), ["Chat", "Message"]);
    assert_eq!(camel_words("V2Api"), ["V2", "Api"]);
    assert_eq!(camel_words("HTTPError"), ["HTTPError"]);
}
