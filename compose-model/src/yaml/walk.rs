//! Iterating over a tree without recursion.

use super::node::{Node, NodeValue};

/// A pre-order iterator over a node and everything below it (mapping keys before their
/// values). It keeps its own stack, so any depth is safe.
#[derive(Debug, Clone)]
pub struct Descendants<'a> {
    stack: Vec<&'a Node>,
}

impl<'a> Iterator for Descendants<'a> {
    type Item = &'a Node;

    fn next(&mut self) -> Option<&'a Node> {
        let node = self.stack.pop()?;
        match &node.value {
            NodeValue::Mapping(m) => {
                for entry in m.entries.iter().rev() {
                    self.stack.push(&entry.value);
                    self.stack.push(&entry.key);
                }
            }
            NodeValue::Sequence(s) => self.stack.extend(s.items.iter().rev()),
            NodeValue::Scalar(_) | NodeValue::Alias(_) => {}
        }
        Some(node)
    }
}

impl Node {
    /// Returns this node and all nodes below it, in source order (aliases are not followed).
    pub fn descendants(&self) -> Descendants<'_> {
        Descendants { stack: vec![self] }
    }
}
