//! Analyses of the whole IR, after lowering and before naming and emitting:
//! facts that depend on more than one operation or type, computed once and
//! consumed by [`crate::emit`].

pub mod cycles;
pub mod paginate;
pub mod reach;
pub mod validate;
