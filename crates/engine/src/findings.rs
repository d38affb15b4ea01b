//! Plain-language findings from fixed templates.
