//! [`InFile`] and [`InFiles`]: merged values with the file whose ranges they carry.

use std::fmt;
use std::ops::Deref;

/// A value and the index (in [`Project::files`](super::Project::files)) of the file whose
/// ranges it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InFile<T> {
    /// Index of the file in [`Project::files`](super::Project::files) (not called `file`,
    /// which would hide the `file` fields of `Extends` and `Resource`).
    pub file_index: usize,
    /// The value (named `item` so that it does not hide the `value` fields of the model
    /// types it wraps; `Deref` reaches those directly).
    pub item: T,
}

impl<T> InFile<T> {
    /// Pairs `value` with the index of its file.
    pub fn new(file: usize, value: T) -> Self {
        Self {
            file_index: file,
            item: value,
        }
    }
}

impl<T> Deref for InFile<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.item
    }
}

/// The items of one merged list (`ports`, `environment`…), each with its file: a view into a
/// [`Project`](super::Project), cheap to copy.
///
/// A service defined once, whose merge is its definition as written, hands out its own
/// lists: nothing is copied for it.
pub struct InFiles<'s, 'a, T> {
    repr: Repr<'s, 'a, T>,
}

/// Where the items of an [`InFiles`] are.
enum Repr<'s, 'a, T> {
    /// All in one file's list.
    One(usize, &'a [T]),
    /// Merged from several files.
    Many(&'s [InFile<&'a T>]),
}

impl<'s, 'a, T> InFiles<'s, 'a, T> {
    /// The list `items` of file `file`.
    pub(super) fn one(file: usize, items: &'a [T]) -> Self {
        Self {
            repr: Repr::One(file, items),
        }
    }

    /// A merged list.
    pub(super) fn many(items: &'s [InFile<&'a T>]) -> Self {
        Self {
            repr: Repr::Many(items),
        }
    }

    /// Returns the number of items.
    pub fn len(&self) -> usize {
        match self.repr {
            Repr::One(_, items) => items.len(),
            Repr::Many(items) => items.len(),
        }
    }

    /// Returns whether there are no items.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Returns item `index`.
    pub fn get(&self, index: usize) -> Option<InFile<&'a T>> {
        match self.repr {
            Repr::One(file, items) => items.get(index).map(|item| InFile::new(file, item)),
            Repr::Many(items) => items.get(index).copied(),
        }
    }

    /// Returns the items in order.
    pub fn iter(&self) -> InFilesIter<'s, 'a, T> {
        let repr = match self.repr {
            Repr::One(file, items) => IterRepr::One(file, items.iter()),
            Repr::Many(items) => IterRepr::Many(items.iter()),
        };
        InFilesIter { repr }
    }
}

impl<T> Clone for InFiles<'_, '_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for InFiles<'_, '_, T> {}

impl<T> Clone for Repr<'_, '_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Repr<'_, '_, T> {}

impl<T: fmt::Debug> fmt::Debug for InFiles<'_, '_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: PartialEq> PartialEq for InFiles<'_, '_, T> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<T: Eq> Eq for InFiles<'_, '_, T> {}

impl<'s, 'a, T> IntoIterator for InFiles<'s, 'a, T> {
    type Item = InFile<&'a T>;
    type IntoIter = InFilesIter<'s, 'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'s, 'a, T> IntoIterator for &InFiles<'s, 'a, T> {
    type Item = InFile<&'a T>;
    type IntoIter = InFilesIter<'s, 'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// The iterator of an [`InFiles`].
pub struct InFilesIter<'s, 'a, T> {
    repr: IterRepr<'s, 'a, T>,
}

/// The slice iterator behind an [`InFilesIter`].
enum IterRepr<'s, 'a, T> {
    One(usize, std::slice::Iter<'a, T>),
    Many(std::slice::Iter<'s, InFile<&'a T>>),
}

impl<T> Clone for InFilesIter<'_, '_, T> {
    fn clone(&self) -> Self {
        let repr = match &self.repr {
            IterRepr::One(file, items) => IterRepr::One(*file, items.clone()),
            IterRepr::Many(items) => IterRepr::Many(items.clone()),
        };
        Self { repr }
    }
}

impl<T: fmt::Debug> fmt::Debug for InFilesIter<'_, '_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

impl<'a, T> Iterator for InFilesIter<'_, 'a, T> {
    type Item = InFile<&'a T>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.repr {
            IterRepr::One(file, items) => items.next().map(|item| InFile::new(*file, item)),
            IterRepr::Many(items) => items.next().copied(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.repr {
            IterRepr::One(_, items) => items.size_hint(),
            IterRepr::Many(items) => items.size_hint(),
        }
    }
}

impl<T> DoubleEndedIterator for InFilesIter<'_, '_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match &mut self.repr {
            IterRepr::One(file, items) => items.next_back().map(|item| InFile::new(*file, item)),
            IterRepr::Many(items) => items.next_back().copied(),
        }
    }
}

impl<T> ExactSizeIterator for InFilesIter<'_, '_, T> {}

impl<T> std::iter::FusedIterator for InFilesIter<'_, '_, T> {}
