//! One shared copy of each distinct text in a sheet. Survey columns repeat a handful of
//! answers ("Agree", "Tend to agree") across every row, so a cell holds a pointer to the
//! sheet's copy instead of a string of its own: a 100,000-row sheet allocates its answers
//! once, not once per cell, and later passes compare and hash pointers, not bytes.

use rustc_hash::FxHashSet;
use std::sync::Arc;

/// The distinct texts seen so far while reading one sheet.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    texts: FxHashSet<Arc<str>>,
}

impl Interner {
    /// The sheet's shared copy of `text`, made on first sight.
    pub(crate) fn get(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.texts.get(text) {
            return Arc::clone(shared);
        }
        let shared: Arc<str> = Arc::from(text);
        self.texts.insert(Arc::clone(&shared));
        shared
    }
}

#[cfg(test)]
mod tests {
    use super::Interner;
    use std::sync::Arc;

    #[test]
    fn equal_texts_share_one_copy() {
        let mut strings = Interner::default();
        let a = strings.get("Agree");
        let b = strings.get(&String::from("Agree"));
        let c = strings.get("Disagree");
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!(&*c, "Disagree");
    }
}
