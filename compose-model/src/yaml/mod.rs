//! The YAML layer: a tree of [`Node`]s with byte ranges, built from `saphyr-parser` events.
//!
//! Characteristics:
//! - **Ranges, not copies.** Every node, anchor and tag has the [`TextRange`](crate::TextRange)
//!   of its source text, so a fix can replace exactly those bytes. Comments are found by
//!   [`comments`] in the gaps between nodes.
//! - **Errors are data.** [`parse`] returns a tree and a list of
//!   [`SyntaxError`](crate::SyntaxError)s: scanner errors, duplicate keys (both entries kept),
//!   recursive aliases, nesting past [`MAX_DEPTH`].
//! - **No panic, no recursion** on input: the builder keeps its own stack; [`Resolver`]
//!   bounds merge depth and the number of nodes aliases may expand to.
//!
//! Phases: [`parse`] builds the tree; [`Resolver`] presents it with aliases followed and `<<`
//! merge keys applied, as [`View`]s that still point at the source nodes ([`View::entries`]
//! gives a mapping's effective entries, own keys overriding merged ones).
//!
//! # Example
//!
//! ```
//! use compose_model::yaml::{Resolver, parse};
//!
//! let text = "x-base: &base\n  image: nginx\nservices:\n  web:\n    <<: *base\n";
//! let parse = parse(text);
//! assert!(parse.errors.is_empty());
//! let resolver = Resolver::new(&parse.tree);
//! let root = resolver.document(0).unwrap();
//! let web = root.get("services").unwrap().get("web").unwrap();
//! let image = web.get("image").unwrap();
//! // The value is seen through the merge, with the range of the anchor's text.
//! assert_eq!(&text[image.node().range], "nginx");
//! ```
//!
//! ## Limitations
//! - Scalars keep their YAML value as a string; YAML types (int, bool, null) are left to the
//!   model. Keys are compared as strings.
//! - Ranges inside double-quoted and block scalars are not mapped to value positions
//!   (escapes and folding make them differ).
//! - Where saphyr-parser 0.3.4 is stricter than Docker Compose's YAML reader, files compose
//!   accepts may not parse. One such case is repaired (a flow collection closed left of its
//!   key's indentation, see `unindent_flow`); on the corpus, every file compose accepts
//!   parses.
//! - Only plain `<<` (or any `<<` tagged `!!merge`) is a merge key; a quoted `"<<"` is an
//!   ordinary key.

mod comments;
mod dump;
mod events;
mod node;
mod offsets;
mod resolve;
mod source;
mod walk;

pub use comments::comments;
pub use dump::dump;
pub use events::{MAX_DEPTH, parse};
pub use node::{
    Alias, Entry, Mapping, Node, NodeProps, NodeValue, PropsId, Scalar, ScalarStyle, Sequence,
    YamlFile,
};
pub use resolve::{MAX_MERGE_DEPTH, Resolver, View, ViewEntries, ViewEntry, ViewItems};
pub use walk::Descendants;

#[cfg(test)]
mod tests;
