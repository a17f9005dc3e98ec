//! The [`Loader`]: turns resolved YAML views into model values, collecting [`ModelError`]s.

use std::collections::HashMap;

use ecow::EcoVec;
use text_size::{TextRange, TextSize};
use thin_vec::ThinVec;

use super::any::{Any, Field, Key};
use super::text::Text;
use crate::Spanned;
use crate::error::{ModelError, span};
use crate::interpolate::{InterpolationError, VarRef, references, references_and_substitute};
use crate::yaml::{
    Node, NodeValue, Scalar, ScalarStyle, View, ViewEntries, ViewEntry, ViewItems, YamlFile,
};

/// How deep generic values ([`Any`]) may nest.
const MAX_ANY_DEPTH: usize = 128;

/// A dotted path to a value (`services.web.ports[0]`), written out only when an error needs
/// it, so that loading allocates no path strings.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Path<'p> {
    /// A top-level name (`services`), or `""` for the document itself.
    Root(&'p str),
    /// A mapping key under a parent.
    Key(&'p Path<'p>, &'p str),
    /// A sequence index under a parent.
    Index(&'p Path<'p>, usize),
}

impl<'p> Path<'p> {
    /// The path of `key` under this one.
    pub(crate) fn key(&'p self, key: &'p str) -> Path<'p> {
        Path::Key(self, key)
    }

    /// The path of item `index` under this one.
    pub(crate) fn index(&'p self, index: usize) -> Path<'p> {
        Path::Index(self, index)
    }
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Path::Root("") => f.write_str("(top level)"),
            Path::Root(name) => f.write_str(name),
            Path::Key(Path::Root(""), key) => f.write_str(key),
            Path::Key(parent, key) => write!(f, "{parent}.{key}"),
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

/// Gives back the unused capacity of a list filled by pushing (a `ThinVec` starts at four
/// elements), so that the model holds exactly what it needs.
pub(crate) fn fit<T>(list: &mut ThinVec<T>) {
    if list.len() < list.capacity() {
        list.shrink_to_fit();
    }
}

/// Looks up a variable for interpolation; `None` means unset.
pub type Lookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Builds model values for one file.
pub(crate) struct Loader<'a> {
    text: &'a str,
    lookup: Option<Lookup<'a>>,
    pub(crate) errors: Vec<ModelError>,
    /// How many more generic nodes may be built (bounds what aliases expand to in memory).
    any_left: usize,
    /// Generic values of aliased collections, by anchored node (see [`Loader::any`]).
    shared: HashMap<*const Node, SharedAny>,
}

/// A generic value built from an anchored collection, for the other uses of its anchor.
struct SharedAny {
    /// The value.
    value: Any,
    /// How many generic nodes building it took from the budget.
    nodes: usize,
    /// Its [`Any::height`].
    height: usize,
}

impl<'a> Loader<'a> {
    pub(crate) fn new(text: &'a str, lookup: Option<Lookup<'a>>, nodes: usize) -> Self {
        Self {
            text,
            lookup,
            errors: Vec::new(),
            any_left: nodes.saturating_mul(10).max(100_000),
            shared: HashMap::new(),
        }
    }

    /// Builds the [`Text`] of a scalar node, interpolated with the lookup when there is one.
    /// The template is read once, and its syntax errors reported (with their own ranges when
    /// the value is written byte for byte).
    pub(crate) fn text(&mut self, node: &Node, scalar: &Scalar, path: &Path<'_>) -> Text {
        let range = node.range;
        let value_start = exact_start(self.text, range, scalar);
        let mut value = None;
        if scalar.value.contains('$') {
            let place = |r: TextRange| value_start.map_or(range, |base| r + base);
            match references_and_substitute::<Vec<VarRef>>(&scalar.value, self.lookup) {
                Ok((_, substituted)) => match substituted {
                    Some(Ok(v)) if v != scalar.value => value = Some(v.into_boxed_str()),
                    Some(Err(error)) => self.interpolation_error(path, &error, place),
                    Some(Ok(_)) | None => {}
                },
                Err(error) => self.interpolation_error(path, &error, place),
            }
        }
        Text::new(
            Spanned::new(scalar.value.clone(), range),
            scalar.style,
            value_start,
            value,
        )
    }

    fn interpolation_error(
        &mut self,
        path: &Path<'_>,
        error: &InterpolationError,
        place: impl Fn(TextRange) -> TextRange,
    ) {
        self.errors.push(ModelError::Interpolation {
            path: path.to_string(),
            message: error.to_string(),
            span: span(place(error.range())),
        });
    }

    /// A key as a [`Text`] (keys are never interpolated).
    pub(crate) fn key_text(&self, node: &Node) -> Option<Text> {
        let scalar = node.as_scalar()?;
        Some(Text::literal(
            Spanned::new(scalar.value.clone(), node.range),
            scalar.style,
            exact_start(self.text, node.range, scalar),
        ))
    }

    /// A key with its entry's range and the value's tag.
    pub(crate) fn key(entry: &ViewEntry<'_>) -> Option<Key> {
        let name = &entry.key().as_scalar()?.value;
        Some(Key::new(
            Spanned::new(name.clone(), entry.key().range),
            entry.range(),
            entry.entry.value.tag(entry.value.file()).cloned(),
            entry.merged_by.is_some(),
        ))
    }

    /// A scalar value as [`Text`]; `None` for null, and an error for a collection.
    pub(crate) fn scalar(&mut self, view: View<'_>, path: &Path<'_>) -> Option<Text> {
        match &view.node().value {
            NodeValue::Scalar(s) if s.is_null() => None,
            NodeValue::Scalar(s) => Some(self.text(view.node(), s, path)),
            _ => {
                self.wrong_type(path, "a string", view);
                None
            }
        }
    }

    /// A mapping's effective entries; empty for null, an error for anything else.
    pub(crate) fn entries<'v>(&mut self, view: View<'v>, path: &Path<'_>) -> ViewEntries<'v> {
        if !view.is_mapping() && !view.is_null() {
            self.wrong_type(path, "a mapping", view);
        }
        view.entries()
    }

    /// A sequence's items; empty for null, an error for anything else.
    pub(crate) fn items<'v>(&mut self, view: View<'v>, path: &Path<'_>) -> ViewItems<'v> {
        if !view.is_sequence() && !view.is_null() {
            self.wrong_type(path, "a sequence", view);
        }
        view.items()
    }

    /// A string or a sequence of strings (`env_file`, `profiles`, `expose`, `dns`…).
    pub(crate) fn strings(&mut self, view: View<'_>, path: &Path<'_>) -> ThinVec<Text> {
        let mut out = ThinVec::new();
        if view.is_sequence() {
            let items = view.items();
            out = ThinVec::with_capacity(items.len());
            for (i, item) in items.enumerate() {
                if let Some(text) = self.scalar(item, &path.index(i)) {
                    out.push(text);
                }
            }
            fit(&mut out);
        } else if view.is_mapping() {
            self.wrong_type(path, "a string or a sequence", view);
        } else if let Some(text) = self.scalar(view, path) {
            out.push(text);
        }
        out
    }

    /// Any value, kept generically (unknown keys, `x-*` extensions, `command`…).
    ///
    /// A collection reached through an alias is built once and then shared by the other uses
    /// of the same anchor, when building it again would give the same value: it reported no
    /// error, and this use is within the depth and node limits that building it again would
    /// check.
    pub(crate) fn any(&mut self, view: View<'_>, path: &Path<'_>, depth: usize) -> Any {
        let shareable = view.alias().is_some()
            && matches!(
                view.node().value,
                NodeValue::Mapping(_) | NodeValue::Sequence(_)
            );
        if !shareable {
            return self.build_any(view, path, depth);
        }
        let key = std::ptr::from_ref(view.node());
        if let Some(shared) = self.shared.get(&key)
            && depth + shared.height <= MAX_ANY_DEPTH
            && shared.nodes <= self.any_left
        {
            self.any_left -= shared.nodes;
            return shared.value.clone();
        }
        let (left, errors) = (self.any_left, self.errors.len());
        let value = self.build_any(view, path, depth);
        if self.errors.len() == errors {
            let shared = SharedAny {
                nodes: left - self.any_left,
                height: value.height(),
                value: value.clone(),
            };
            self.shared.insert(key, shared);
        }
        value
    }

    /// Builds a generic value (see [`Loader::any`]).
    fn build_any(&mut self, view: View<'_>, path: &Path<'_>, depth: usize) -> Any {
        let range = view.node().range;
        if depth > MAX_ANY_DEPTH || self.any_left == 0 {
            self.errors.push(ModelError::Invalid {
                path: path.to_string(),
                message: "value is too deep or expands to too many nodes".to_owned(),
                span: span(view.use_range()),
            });
            self.any_left = 0;
            return Any::Null(range);
        }
        self.any_left -= 1;
        match &view.node().value {
            NodeValue::Scalar(s) if s.is_null() => Any::Null(range),
            NodeValue::Scalar(s) => Any::Scalar(self.text(view.node(), s, path)),
            NodeValue::Mapping(_) => {
                let entries = view.entries();
                let mut fields = EcoVec::with_capacity(entries.len());
                for entry in entries {
                    let Some(key) = Self::key(&entry) else {
                        continue;
                    };
                    let child = path.key(key.as_str());
                    let value = self.any(entry.value, &child, depth + 1);
                    fields.push(Field { key, value });
                }
                if fields.len() < fields.capacity() {
                    // Entries with a collection as key were skipped.
                    fields = EcoVec::from(fields.as_slice());
                }
                Any::Mapping(Spanned::new(fields, range))
            }
            NodeValue::Sequence(_) => {
                let items = view.items();
                let mut out = EcoVec::with_capacity(items.len());
                for (i, item) in items.enumerate() {
                    out.push(self.any(item, &path.index(i), depth + 1));
                }
                Any::Sequence(Spanned::new(out, range))
            }
            NodeValue::Alias(_) => Any::Null(range),
        }
    }

    /// Returns whether a short-syntax value can be checked: it has no variables, or they were
    /// interpolated.
    pub(crate) fn can_validate(&self, text: Option<&Text>) -> bool {
        text.is_none_or(|t| t.vars().is_empty() || self.lookup.is_some())
    }

    /// Reports a value of the wrong YAML type.
    pub(crate) fn wrong_type(&mut self, path: &Path<'_>, expected: &'static str, view: View<'_>) {
        self.errors.push(ModelError::WrongType {
            path: path.to_string(),
            expected,
            found: view.kind_name(),
            span: span(view.use_range()),
        });
    }

    /// Reports a value that compose cannot read.
    pub(crate) fn invalid(
        &mut self,
        path: &Path<'_>,
        message: impl Into<String>,
        range: TextRange,
    ) {
        self.errors.push(ModelError::Invalid {
            path: path.to_string(),
            message: message.into(),
            span: span(range),
        });
    }
}

/// Returns where a scalar's value starts in `text` when it is written byte for byte.
///
/// Compared by length, which is cheaper than comparing bytes: line folding and `''` always
/// make a plain or single-quoted value shorter than its source, so equal lengths mean equal
/// bytes. Backslash escapes need not shrink (`\_` is a two-byte no-break space), so a
/// double-quoted scalar must also have no backslash.
fn exact_start(text: &str, range: TextRange, scalar: &Scalar) -> Option<TextSize> {
    let len = usize::from(range.len());
    let quoted = || {
        let inner_len = len.checked_sub(2)?;
        (inner_len == scalar.value.len()).then(|| range.start() + TextSize::new(1))
    };
    match scalar.style {
        ScalarStyle::Plain => (len == scalar.value.len()).then_some(range.start()),
        ScalarStyle::SingleQuoted => quoted(),
        ScalarStyle::DoubleQuoted => {
            let slice = text.get(usize::from(range.start())..usize::from(range.end()))?;
            if slice.contains('\\') { None } else { quoted() }
        }
        ScalarStyle::Literal | ScalarStyle::Folded => None,
    }
}

/// Every `${VAR}`/`$VAR` reference in the string values of `yaml` (the parse of `text`), in
/// source order; keys are skipped because compose never interpolates them. Each reference has
/// its own range where the scalar's bytes map one to one onto its value (plain, and quoted
/// without escapes), else the whole scalar's range. Values that fail to interpolate are
/// skipped (the model reports them).
pub fn variable_references(yaml: &YamlFile, text: &str) -> Vec<VarRef> {
    let mut out = Vec::new();
    let mut stack: Vec<&Node> = yaml.documents.iter().rev().collect();
    while let Some(node) = stack.pop() {
        match &node.value {
            NodeValue::Mapping(mapping) => {
                stack.extend(mapping.entries.iter().rev().map(|e| &e.value));
            }
            NodeValue::Sequence(sequence) => stack.extend(sequence.items.iter().rev()),
            NodeValue::Scalar(scalar) if scalar.value.contains('$') => {
                let Ok(mut refs) = references(&scalar.value) else {
                    continue;
                };
                let start = exact_start(text, node.range, scalar);
                for r in &mut refs {
                    r.map_ranges(&mut |r| start.map_or(node.range, |base| r + base));
                }
                out.extend(refs);
            }
            NodeValue::Scalar(_) | NodeValue::Alias(_) => {}
        }
    }
    out
}
