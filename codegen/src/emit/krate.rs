//! The crate around the API modules: `lib.rs`, `Cargo.toml`, the runtime.

use crate::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

/// The runtime crate (`codegen/runtime/`), file by file, for crates that
/// carry a copy of it ([`RuntimeDep::Bundled`]).
pub const RUNTIME_FILES: &[(&str, &str)] = &[
    ("Cargo.toml", include_str!("../../runtime/Cargo.toml")),
    ("src/auth.rs", include_str!("../../runtime/src/auth.rs")),
    (
        "src/builder.rs",
        include_str!("../../runtime/src/builder.rs"),
    ),
    ("src/client.rs", include_str!("../../runtime/src/client.rs")),
    ("src/config.rs", include_str!("../../runtime/src/config.rs")),
    ("src/decode.rs", include_str!("../../runtime/src/decode.rs")),
    ("src/items.rs", include_str!("../../runtime/src/items.rs")),
    ("src/form.rs", include_str!("../../runtime/src/form.rs")),
    ("src/lib.rs", include_str!("../../runtime/src/lib.rs")),
    (
        "src/paginate.rs",
        include_str!("../../runtime/src/paginate.rs"),
    ),
    (
        "src/redirect.rs",
        include_str!("../../runtime/src/redirect.rs"),
    ),
    (
        "src/request.rs",
        include_str!("../../runtime/src/request.rs"),
    ),
    (
        "src/response.rs",
        include_str!("../../runtime/src/response.rs"),
    ),
    ("src/retry.rs", include_str!("../../runtime/src/retry.rs")),
    (
        "src/serialize.rs",
        include_str!("../../runtime/src/serialize.rs"),
    ),
    ("src/signer.rs", include_str!("../../runtime/src/signer.rs")),
    ("src/sse.rs", include_str!("../../runtime/src/sse.rs")),
    ("src/stream.rs", include_str!("../../runtime/src/stream.rs")),
    ("src/upload.rs", include_str!("../../runtime/src/upload.rs")),
    (
        "src/validate.rs",
        include_str!("../../runtime/src/validate.rs"),
    ),
];

/// The runtime's package name, and its library's.
pub const RUNTIME_PACKAGE: &str = "codegen-runtime";
const RUNTIME_LIB: &str = "codegen_runtime";

/// The runtime's version, as a generated crate asks for it.
pub const RUNTIME_VERSION: &str = "0.1";

/// Where a generated crate gets its runtime from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeDep {
    /// A path dependency, relative to the generated crate (or absolute).
    Path(String),
    /// A registry dependency of this version requirement.
    Version(String),
    /// A copy of the runtime crate inside the generated crate (`runtime/`),
    /// so that the crate builds on its own wherever it is written.
    Bundled,
}

impl RuntimeDep {
    /// The runtime of this checkout, by absolute path: for crates generated
    /// under `target/` by tests, the corpus run and the bench.
    pub fn this_checkout() -> Self {
        let runtime = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
        RuntimeDep::Path(runtime.to_string_lossy().replace('\\', "/"))
    }
}

/// Dependencies of the generated code itself (the runtime's own come with
/// it): the crates its types name.
const DEPENDENCIES: &[(&str, &str)] = &[
    (
        "chrono",
        r#"{ version = "0.4.38", default-features = false, features = ["serde", "std", "now"] }"#,
    ),
    ("serde", r#"{ version = "1.0.188", features = ["derive"] }"#),
    (
        "serde_json",
        r#"{ version = "1", features = ["preserve_order"] }"#,
    ),
    ("uuid", r#"{ version = "1", features = ["serde", "v4"] }"#),
];

/// Only the workspace's own client has tests that need these.
const DEV_DEPENDENCIES: &[(&str, &str)] = &[
    ("bytes", r#""1""#),
    (
        "futures-util",
        r#"{ version = "0.3", default-features = false }"#,
    ),
    (
        "jsonwebtoken",
        r#"{ version = "11", default-features = false, features = ["use_pem", "rust_crypto"] }"#,
    ),
    (
        "tokio",
        r#"{ version = "1", features = ["macros", "rt-multi-thread", "test-util"] }"#,
    ),
    ("percent-encoding", r#""2""#),
    ("serde_path_to_error", r#""0.1""#),
    ("sha2", r#""0.10""#),
    ("tracing", r#""0.1""#),
    ("wiremock", r#""0.6""#),
];

/// Whether an API's clients get the runtime's Fireblocks request signer
/// (feature `fireblocks-signer`): its servers are Fireblocks'.
pub fn uses_fireblocks_signer(api: &Api) -> bool {
    api.servers.iter().any(|s| {
        s.url
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split(['/', ':']).next())
            .is_some_and(|host| host == "fireblocks.io" || host.ends_with(".fireblocks.io"))
    })
}

#[derive(Debug, Clone)]
pub struct CrateOptions {
    pub name: String,
    /// Outside any workspace: add an empty `[workspace]` table.
    pub standalone: bool,
    /// Add the dev-dependencies the wire tests use.
    pub dev_dependencies: bool,
    /// Where the runtime comes from.
    pub runtime: RuntimeDep,
}

/// `lib.rs`: one module per API, each behind its cargo feature, and the
/// crates public signatures use, re-exported so callers need not depend on
/// matching versions themselves.
///
/// Every `mod` is `#[rustfmt::skip]`: the modules are prettyplease output,
/// which rustfmt would reformat when a downstream workspace runs
/// `cargo fmt --all`. The file itself is already in rustfmt's shape.
pub fn lib_rs(apis: &[Api]) -> TokenStream {
    let modules = apis.iter().map(|api| {
        let module = super::ident(&api.module);
        let doc = super::docs::doc(&[Some(&format!(
            "{} (version {}), from `{}`.",
            api.title, api.version, api.name
        ))]);
        // The API's feature turns on every tag feature, and any one of them
        // needs the module.
        let cfg = match api.features.as_slice() {
            [] => {
                let feature = &api.name;
                quote!(#[cfg(feature = #feature)])
            }
            [one] => {
                let feature = &one.name;
                quote!(#[cfg(feature = #feature)])
            }
            many => {
                let features = many.iter().map(|f| &f.name);
                quote!(#[cfg(any(#(feature = #features),*))])
            }
        };
        quote! {
            #doc
            #cfg
            #[rustfmt::skip]
            pub mod #module;
        }
    });
    let runtime_lib = super::ident(RUNTIME_LIB);
    quote! {
        //! Typed clients for the APIs in `specs/`, generated by `codegen`.
        //!
        //! Each API is a module behind a cargo feature of the same name (all on by
        //! default); the shared runtime is [`runtime`]. `chrono`, `serde_json` and
        //! `uuid` are re-exported: generated types use them.
        #![forbid(unsafe_code)]
        // Proving `Send` of a deeply nested type (a 120-deep array is a
        // 120-deep `Vec`) takes rustc more than the default 128 levels.
        #![recursion_limit = "512"]

        pub use chrono;
        pub use serde_json;
        pub use uuid;

        /// The runtime the API modules call: the `codegen-runtime` crate, and
        /// the builder type of this crate's operations.
        #[rustfmt::skip]
        pub mod runtime {
            #[doc(inline)]
            pub use #runtime_lib::*;

            #runtime_lib::define_builder!();
        }

        #(#modules)*
    }
}

pub fn cargo_toml(apis: &[Api], options: &CrateOptions) -> String {
    let mut out = String::new();
    out.push_str("[package]\n");
    out.push_str(&format!("name = {}\n", toml_str(&options.name)));
    out.push_str("version = \"0.1.0\"\nedition = \"2021\"\npublish = false\n");
    out.push_str("description = \"Generated API client. Do not edit by hand.\"\n\n");
    if options.standalone {
        out.push_str("[workspace]\n\n");
    }
    // Doc comments carry spec prose; whatever slips past the sanitizer must
    // still never run as a doc test on the user's machine.
    out.push_str("[lib]\ndoctest = false\n\n");
    out.push_str("[features]\n");
    let mut default: Vec<String> = apis.iter().map(|a| toml_str(&a.name)).collect();
    default.push(toml_str("rustls"));
    out.push_str(&format!("default = [{}]\n", default.join(", ")));
    for api in apis {
        let tags: Vec<String> = api.features.iter().map(|f| toml_str(&f.name)).collect();
        out.push_str(&format!(
            "{} = [{}]\n",
            toml_str(&api.name),
            tags.join(", ")
        ));
    }
    for api in apis.iter().filter(|a| !a.features.is_empty()) {
        out.push_str(&format!(
            "# `{}` by tag: each feature turns on the operations with that tag and the types they use.\n",
            api.name
        ));
        for f in &api.features {
            out.push_str(&format!("{} = []\n", toml_str(&f.name)));
        }
    }
    let signer = apis.iter().any(uses_fireblocks_signer);
    out.push_str("# `Serialize` for the types only responses carry (to store or forward them).\n");
    out.push_str("serialize = []\n");
    out.push_str("# TLS through rustls; turn default features off to pick another.\n");
    out.push_str(&format!("rustls = [\"{RUNTIME_PACKAGE}/rustls\"]\n"));
    if signer {
        out.push_str(
            "# `runtime::FireblocksSigner`: JWT request signing for the Fireblocks API.\n",
        );
        out.push_str(&format!(
            "fireblocks-signer = [\"{RUNTIME_PACKAGE}/fireblocks-signer\"]\n"
        ));
    }
    out.push_str("\n[dependencies]\n");
    let runtime = match &options.runtime {
        RuntimeDep::Path(path) => format!("path = {}", toml_str(path)),
        RuntimeDep::Version(version) => format!("version = {}", toml_str(version)),
        RuntimeDep::Bundled => "path = \"runtime\"".to_owned(),
    };
    out.push_str(&format!(
        "{RUNTIME_PACKAGE} = {{ {runtime}, default-features = false }}\n"
    ));
    for (name, spec) in DEPENDENCIES {
        out.push_str(&format!("{name} = {spec}\n"));
    }
    if options.dev_dependencies {
        out.push_str("\n[dev-dependencies]\n");
        let features = if signer {
            "\"fireblocks-signer\", \"serialize\""
        } else {
            "\"serialize\""
        };
        out.push_str(&format!(
            "# The crate itself, so that its tests see the optional signer and `Serialize`.\n{} = {{ path = \".\", features = [{features}] }}\n",
            options.name
        ));
        for (name, spec) in DEV_DEPENDENCIES {
            out.push_str(&format!("{name} = {spec}\n"));
        }
    }
    out
}

fn toml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}
