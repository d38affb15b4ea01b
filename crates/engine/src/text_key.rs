//! Memo keys for texts borrowed from the table, compared by where they live rather than by
//! their bytes. The reader gives every cell with the same text one shared copy, so the
//! address identifies the text and a lookup costs one pointer hash instead of reading the
//! string (the per-cell passes over 100,000-row columns are dominated by these lookups).
//! Two copies of the same text at different addresses are two keys with equal answers:
//! a memo miss, never a wrong answer. The borrow keeps the text alive, so an address is
//! never reused for other text while it is a key.

use std::hash::{Hash, Hasher};

/// A borrowed text hashed and compared by its address and length.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ByAddress<'s>(pub(crate) &'s str);

impl PartialEq for ByAddress<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for ByAddress<'_> {}

impl Hash for ByAddress<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.0.as_ptr() as usize).hash(state);
        self.0.len().hash(state);
    }
}

#[cfg(test)]
mod tests {
    use super::ByAddress;

    #[test]
    fn same_text_elsewhere_is_another_key() {
        let a = String::from("Agree");
        let b = String::from("Agree");
        assert_eq!(ByAddress(&a), ByAddress(&a[..]));
        assert_ne!(ByAddress(&a), ByAddress(&b));
        assert_ne!(ByAddress(&a[..3]), ByAddress(&a));
    }
}
