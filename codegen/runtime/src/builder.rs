//! Builders: what generated operations return before they are sent.

use crate::*;

/// What the setter of an optional string parameter takes: a string
/// (`"x"`, `String`, `&String`), or an `Option<String>` whose `None` leaves
/// the parameter unset (so a bare `None` needs no annotation).
pub trait OptionalString {
    fn into_option(self) -> Option<String>;
}

impl OptionalString for &str {
    fn into_option(self) -> Option<String> {
        Some(self.to_owned())
    }
}

impl OptionalString for String {
    fn into_option(self) -> Option<String> {
        Some(self)
    }
}

impl OptionalString for &String {
    fn into_option(self) -> Option<String> {
        Some(self.clone())
    }
}

impl OptionalString for Option<String> {
    fn into_option(self) -> Option<String> {
        self
    }
}

/// What a generated operation's parameters know: how they become a request,
/// and how a whole response is decoded by its status (the success body
/// `Ok`, the documented errors `Err`, the typed response `Headers`).
pub trait Operation: Sized {
    type Ok: Send + 'static;
    type Err: Send + 'static;
    type Headers: Send + 'static;

    /// The request, or why these parameters cannot make one.
    fn request(self) -> Result<Request, InvalidRequest>;

    /// Decodes a whole response by its status.
    fn decode(response: RawResponse) -> OperationResult<Self>;
}

/// What an operation returns once sent.
pub type OperationResult<P> = Result<
    ResponseValue<<P as Operation>::Ok, <P as Operation>::Headers>,
    Error<<P as Operation>::Err, <P as Operation>::Headers>,
>;

/// Sends the request that `request` builds from `params` like
/// [`Client::execute_streaming`], leaving the response body unread: for the
/// operations that stream. `accept` is the `Accept` header of the streamed
/// call, in place of the one `request` sets (`None`: no header).
#[doc(hidden)]
pub async fn execute_streaming<P, E, H>(
    client: Client,
    options: CallOptions,
    params: P,
    request: fn(P) -> Result<Request, InvalidRequest>,
    accept: Option<&str>,
) -> Result<StreamingResponse, Error<E, H>> {
    let mut request = request(params)?;
    request.headers.remove(reqwest::header::ACCEPT);
    if let Some(accept) = accept {
        request.header("accept", accept)?;
    }
    client.execute_streaming(request, &options).await
}

/// Sends `params` with `client` and decodes the response by its status:
/// what a builder's `send` does.
#[doc(hidden)]
pub fn send<P: Operation>(
    client: Client,
    options: CallOptions,
    params: P,
) -> Call<OperationResult<P>> {
    call(client, options, params.request(), P::decode)
}

/// Defines `Builder<P>`, the request to one operation before it is sent, in
/// the generated crate's `runtime` module: the operations' setters are
/// inherent methods of `Builder<TheirParams>`, which only the crate that
/// defines `Builder` may write. Everything it does is a call into this crate.
#[doc(hidden)]
#[macro_export]
macro_rules! define_builder {
    () => {
        /// A request to one operation, made by a `Client` method and completed
        /// by the operation's setters; send it with `.send().await` or just
        /// `.await`. Each operation names its own:
        /// `pub type ListPets = Builder<ListPetsParams>`, where `ListPetsParams`
        /// holds the operation's parameters and body.
        #[derive(Debug)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct Builder<P> {
            client: $crate::Client,
            options: $crate::CallOptions,
            /// The operation's parameters, set by its client method and setters.
            pub(crate) params: P,
        }

        /// A builder of `params`, sent with `client`: what a generated client
        /// method returns.
        pub fn builder<P>(client: &$crate::Client, params: P) -> Builder<P> {
            Builder {
                client: client.clone(),
                options: $crate::CallOptions::default(),
                params,
            }
        }

        impl<P> Builder<P> {
            /// Timeout of each attempt of this call.
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.options.timeout = Some(timeout);
                self
            }

            /// Retry policy of this call.
            pub fn retry(mut self, policy: $crate::RetryPolicy) -> Self {
                self.options.retry = Some(policy);
                self
            }
        }

        impl<P: $crate::Operation> Builder<P> {
            /// Sends the request and decodes the response by its status.
            pub fn send(self) -> $crate::Call<$crate::OperationResult<P>> {
                $crate::send(self.client, self.options, self.params)
            }

            /// The pages of a list operation, from this request on: what
            /// its `pages` returns.
            #[doc(hidden)]
            pub fn paginate<I>(
                self,
                paging: &'static $crate::Paging,
                items: fn(P::Ok) -> Vec<I>,
            ) -> $crate::Pages<P, I> {
                $crate::paginate(self.client, self.options, self.params, paging, items)
            }
        }

        impl<P: $crate::Operation> ::std::future::IntoFuture for Builder<P> {
            type Output = $crate::OperationResult<P>;
            type IntoFuture = $crate::Call<$crate::OperationResult<P>>;

            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }

        /// Sends the request that `request` builds from the parameters of
        /// `builder`, leaving the response body unread: for the operations
        /// that stream.
        pub async fn execute_streaming<P, E, H>(
            builder: Builder<P>,
            request: fn(P) -> Result<$crate::Request, $crate::InvalidRequest>,
            accept: Option<&str>,
        ) -> Result<$crate::StreamingResponse, $crate::Error<E, H>> {
            $crate::execute_streaming(
                builder.client,
                builder.options,
                builder.params,
                request,
                accept,
            )
            .await
        }
    };
}

/// The members of a generated string enum: `as_str`, `From<&str>` and
/// `From<String>` (a value the spec does not list becomes `UnknownValue`),
/// `Display`, equality, hashing and order of the wire value, and the serde
/// traits listed in `#[derive(..)]` before the name, as a plain string
/// (`Serialize` comes with `ParamValue`). Generated code invokes it once per
/// string enum with the values in byte order, each with its index in that
/// order; the enum itself is written out. A `@Large` enum (hundreds of values
/// or more) is decoded by a search of its values and an index match, and gets
/// `Clone` and `Debug` here too, through `as_str`: a match over thousands of
/// string patterns, and derives' matches, cost the compiler more than the
/// enum itself (a string match is cheaper for a few values).
///
/// Equality and order go through `as_str`: one line each instead of a
/// derive's matches, and an `UnknownValue` holding a listed value equals that
/// variant.
#[doc(hidden)]
#[macro_export]
macro_rules! string_enum {
    (@Serialize $name:ident) => {
        impl $crate::ParamValue for $name {
            fn to_param(&self) -> String {
                self.as_str().to_owned()
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
    (@Deserialize $name:ident) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::string_value(deserializer, |value: &str| Self::from(value))
            }
        }
    };
    (@common $name:ident { $($wire:literal => $variant:ident),* }) => {
        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::UnknownValue(value) => value,
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match Self::from(value.as_str()) {
                    Self::UnknownValue(_) => Self::UnknownValue(value),
                    known => known,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl Eq for $name {}

        impl std::hash::Hash for $name {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state)
            }
        }

        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for $name {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }
    };
    ($(#[derive($($serde:ident),+)])? @Large $name:ident { $($index:literal: $wire:literal => $variant:ident),* $(,)? }) => {
        $crate::string_enum!(@common $name { $($wire => $variant),* });

        impl $name {
            /// The listed variant at `index` of the values in byte order.
            fn from_index(index: usize) -> Option<Self> {
                Some(match index {
                    $($index => Self::$variant,)*
                    _ => return None,
                })
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                // The listed values in byte order, searched by halves: an
                // integer match after it costs the compiler far less than a
                // match over thousands of string patterns.
                const VALUES: &[&str] = &[$($wire),*];
                VALUES
                    .binary_search(&value)
                    .ok()
                    .and_then(Self::from_index)
                    .unwrap_or_else(|| Self::UnknownValue(value.to_owned()))
            }
        }

        impl Clone for $name {
            fn clone(&self) -> Self {
                match self {
                    Self::UnknownValue(value) => Self::UnknownValue(value.clone()),
                    known => Self::from(known.as_str()),
                }
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Self::UnknownValue(value) => f.debug_tuple("UnknownValue").field(value).finish(),
                    known => std::fmt::Debug::fmt(known.as_str(), f),
                }
            }
        }

        $($($crate::string_enum!(@$serde $name);)+)?
    };
    ($(#[derive($($serde:ident),+)])? $name:ident { $($index:literal: $wire:literal => $variant:ident),* $(,)? }) => {
        $crate::string_enum!(@common $name { $($wire => $variant),* });

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::UnknownValue(other.to_owned()),
                }
            }
        }

        $($($crate::string_enum!(@$serde $name);)+)?
    };
}

#[cfg(test)]
mod tests {
    #[derive(Debug, Clone)]
    pub enum Small {
        Zeta,
        Alpha,
        Mid,
        UnknownValue(String),
    }
    // Listed in byte order of the values, with their indices.
    crate::string_enum!(#[derive(Serialize, Deserialize)] Small { 0: "alpha" => Alpha, 1: "mid" => Mid, 2: "zeta" => Zeta });

    pub enum Large {
        B,
        A,
        UnknownValue(String),
    }
    crate::string_enum!(@Large Large { 0: "a" => A, 1: "b-value" => B });

    #[test]
    fn values_decode_by_their_wire_value_in_any_declaration_order() {
        for (wire, want) in [("zeta", "Zeta"), ("alpha", "Alpha"), ("mid", "Mid")] {
            let value = Small::from(wire);
            assert_eq!(format!("{value:?}"), want);
            assert_eq!(value.as_str(), wire);
            assert_eq!(Small::from(wire.to_owned()), value);
        }
        for wire in ["", "Alpha", "alph", "alphaa", "zz", "a"] {
            assert!(
                matches!(Small::from(wire), Small::UnknownValue(v) if v == wire),
                "{wire}"
            );
        }
        let decoded: Vec<Small> = serde_json::from_str(r#"["mid", "new"]"#).unwrap();
        assert_eq!(decoded, [Small::Mid, Small::UnknownValue("new".into())]);
        assert_eq!(serde_json::to_string(&decoded).unwrap(), r#"["mid","new"]"#);
    }

    #[test]
    fn large_enums_clone_and_debug_through_their_values() {
        let b = Large::from("b-value");
        assert!(matches!(b.clone(), Large::B));
        assert!(matches!(Large::from("a".to_owned()), Large::A));
        assert_eq!(format!("{b:?}"), r#""b-value""#);
        let other = Large::from("c");
        assert!(matches!(other.clone(), Large::UnknownValue(v) if v == "c"));
        assert_eq!(format!("{other:?}"), r#"UnknownValue("c")"#);
    }
}
