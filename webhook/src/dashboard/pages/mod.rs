//! The pages, rendered on the server with maud: its `html!` templates are Rust, checked
//! when the crate compiles and escaping every value by default (a payload's markup
//! stays text), with no template files to ship next to the binary.

pub(crate) mod charts;
pub(crate) mod detail;
pub(crate) mod layout;
pub(crate) mod list;
pub(crate) mod replay;
