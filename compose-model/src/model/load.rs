//! The [`Loader`]: turns resolved YAML views into model values, collecting [`ModelError`]s.

use text_size::{TextRange, TextSize};

use super::any::{Any, Field, Key};
use super::text::Text;
use crate::Spanned;
use crate::error::{ModelError, span};
use crate::interpolate::{InterpolationError, references, substitute};
use crate::yaml::{Node, NodeValue, Scalar, ScalarStyle, View, ViewEntry};

/// How deep generic values ([`Any`]) may nest.
const MAX_ANY_DEPTH: usize = 128;

/// Looks up a variable for interpolation; `None` means unset.
pub type Lookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Builds model values for one file.
pub(crate) struct Loader<'a> {
    text: &'a str,
    lookup: Option<Lookup<'a>>,
    pub(crate) errors: Vec<ModelError>,
    /// How many more generic nodes may be built (bounds what aliases expand to in memory).
    any_left: usize,
}

impl<'a> Loader<'a> {
    pub(crate) fn new(text: &'a str, lookup: Option<Lookup<'a>>, nodes: usize) -> Self {
        Self {
            text,
            lookup,
            errors: Vec::new(),
            any_left: nodes.saturating_mul(10).max(100_000),
        }
    }

    /// Builds the [`Text`] of a scalar node: references always, interpolation with a lookup.
    pub(crate) fn text(&mut self, node: &Node, scalar: &Scalar, path: &str) -> Text {
        let range = node.range;
        let value_start = exact_start(self.text, range, scalar);
        let mut vars = Vec::new();
        let mut value = None;
        if scalar.value.contains('$') {
            let place = |r: TextRange| value_start.map_or(range, |base| r + base);
            match references(&scalar.value) {
                Ok(mut refs) => {
                    for r in &mut refs {
                        r.map_ranges(&mut |r| place(r));
                    }
                    vars = refs;
                    if let Some(lookup) = self.lookup {
                        match substitute(&scalar.value, lookup) {
                            Ok(v) => value = Some(v),
                            Err(error) => self.interpolation_error(path, &error, place),
                        }
                    }
                }
                Err(error) => self.interpolation_error(path, &error, place),
            }
        }
        Text {
            value: value.unwrap_or_else(|| scalar.value.clone()),
            raw: Spanned::new(scalar.value.clone(), range),
            style: scalar.style,
            vars,
            value_start,
        }
    }

    fn interpolation_error(
        &mut self,
        path: &str,
        error: &InterpolationError,
        place: impl Fn(TextRange) -> TextRange,
    ) {
        self.errors.push(ModelError::Interpolation {
            path: path.to_owned(),
            message: error.to_string(),
            span: span(place(error.range())),
        });
    }

    /// A key as a [`Text`] (keys are never interpolated).
    pub(crate) fn key_text(&self, node: &Node) -> Option<Text> {
        let scalar = node.as_scalar()?;
        Some(Text {
            raw: Spanned::new(scalar.value.clone(), node.range),
            value: scalar.value.clone(),
            style: scalar.style,
            vars: Vec::new(),
            value_start: exact_start(self.text, node.range, scalar),
        })
    }

    /// A key with its entry's range and the value's tag.
    pub(crate) fn key(entry: &ViewEntry<'_>) -> Option<Key> {
        let name = entry.key_str()?;
        Some(Key {
            name: Spanned::new(name.to_owned(), entry.key().range),
            entry_range: entry.entry.range(),
            tag: entry.entry.value.tag.clone(),
            merged: entry.merged_by.is_some(),
        })
    }

    /// A scalar value as [`Text`]; `None` for null, and an error for a collection.
    pub(crate) fn scalar(&mut self, view: View<'_>, path: &str) -> Option<Text> {
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
    pub(crate) fn entries<'v>(&mut self, view: View<'v>, path: &str) -> Vec<ViewEntry<'v>> {
        if view.is_mapping() {
            view.entries()
        } else {
            if !view.is_null() {
                self.wrong_type(path, "a mapping", view);
            }
            Vec::new()
        }
    }

    /// A sequence's items; empty for null, an error for anything else.
    pub(crate) fn items<'v>(&mut self, view: View<'v>, path: &str) -> Vec<View<'v>> {
        if view.is_sequence() {
            view.items()
        } else {
            if !view.is_null() {
                self.wrong_type(path, "a sequence", view);
            }
            Vec::new()
        }
    }

    /// A string or a sequence of strings (`env_file`, `profiles`, `expose`, `dns`…).
    pub(crate) fn strings(&mut self, view: View<'_>, path: &str) -> Vec<Text> {
        if view.is_sequence() {
            let items = view.items();
            items
                .into_iter()
                .enumerate()
                .filter_map(|(i, item)| self.scalar(item, &format!("{path}[{i}]")))
                .collect()
        } else if view.is_mapping() {
            self.wrong_type(path, "a string or a sequence", view);
            Vec::new()
        } else {
            self.scalar(view, path).into_iter().collect()
        }
    }

    /// Any value, kept generically (unknown keys, `x-*` extensions, `command`…).
    pub(crate) fn any(&mut self, view: View<'_>, path: &str, depth: usize) -> Any {
        let range = view.node().range;
        if depth > MAX_ANY_DEPTH || self.any_left == 0 {
            self.errors.push(ModelError::Invalid {
                path: path.to_owned(),
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
                let mut fields = Vec::new();
                for entry in view.entries() {
                    let Some(key) = Self::key(&entry) else {
                        continue;
                    };
                    let child = format!("{path}.{}", key.name.value);
                    let value = self.any(entry.value, &child, depth + 1);
                    fields.push(Field { key, value });
                }
                Any::Mapping(Spanned::new(fields, range))
            }
            NodeValue::Sequence(_) => {
                let items = view
                    .items()
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| self.any(item, &format!("{path}[{i}]"), depth + 1))
                    .collect();
                Any::Sequence(Spanned::new(items, range))
            }
            NodeValue::Alias(_) => Any::Null(range),
        }
    }

    /// Returns whether a short-syntax value can be checked: it has no variables, or they were
    /// interpolated.
    pub(crate) fn can_validate(&self, text: Option<&Text>) -> bool {
        text.is_none_or(|t| t.vars.is_empty() || self.lookup.is_some())
    }

    /// Reports a value of the wrong YAML type.
    pub(crate) fn wrong_type(&mut self, path: &str, expected: &'static str, view: View<'_>) {
        self.errors.push(ModelError::WrongType {
            path: path.to_owned(),
            expected,
            found: view.kind_name(),
            span: span(view.use_range()),
        });
    }

    /// Reports a value that compose cannot read.
    pub(crate) fn invalid(&mut self, path: &str, message: impl Into<String>, range: TextRange) {
        self.errors.push(ModelError::Invalid {
            path: path.to_owned(),
            message: message.into(),
            span: span(range),
        });
    }
}

/// Returns where a scalar's value starts in `text` when it is written byte for byte.
fn exact_start(text: &str, range: TextRange, scalar: &Scalar) -> Option<TextSize> {
    let slice = text.get(usize::from(range.start())..usize::from(range.end()))?;
    match scalar.style {
        ScalarStyle::Plain => (slice == scalar.value).then_some(range.start()),
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
            let inner = slice.get(1..slice.len().saturating_sub(1))?;
            (inner == scalar.value).then(|| range.start() + TextSize::new(1))
        }
        ScalarStyle::Literal | ScalarStyle::Folded => None,
    }
}
