//! The layering rules of the workspace, checked from the source itself:
//!
//! * **No import cycles inside a crate.** Every `.rs` file is a module; a file imports
//!   another when it names an item (or module) defined there, through `use`, a path
//!   expression (`crate::a::b`, `super::x`, `child::f()`), following `pub use`
//!   re-exports to the file that defines the item. Declaring a child (`mod x;`) is not
//!   an import; test code (`#[cfg(test)]` modules and files) is left out, since tests
//!   may look anywhere. The strongly connected components of that graph must all be
//!   single files.
//! * **Crates point one way**: read and stats depend on no workspace crate, engine on
//!   those two only, and nothing depends on a crate above it.
//!
//! Run it alone with `cargo test -p rapport-tests --test layering -- --nocapture`; a
//! failure lists every cycle with the names each file takes from the next.
//!
//! This is a lexical reading, not a compiler's: comments, strings and test blocks are
//! removed first, and a name is resolved to the deepest module file on its path (or the
//! file that defines it, for a name re-exported by `pub use`). Names brought in by a
//! glob `use` are resolved against every file the glob names.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// One module: its file, its children, its `use` bindings and the items it defines.
#[derive(Debug, Default)]
struct Module {
    file: PathBuf,
    children: BTreeSet<String>,
    /// `use` bindings: the name they bring in and the path they name (absolute segments
    /// from the crate root after resolution).
    uses: Vec<Use>,
    /// Items defined in this file (fn, struct, enum, type, trait, const, static, macro).
    defines: BTreeSet<String>,
    /// The code with comments, strings and test blocks removed.
    code: String,
}

#[derive(Debug, Clone)]
struct Use {
    /// The name the binding introduces (`*` for a glob).
    name: String,
    /// The path as written (segments, `crate`/`super`/`self` included).
    path: Vec<String>,
    public: bool,
}

type ModPath = Vec<String>;

struct Crate {
    modules: BTreeMap<ModPath, Module>,
}

/// Removes comments, string and char literals (keeping the quotes, so tokens stay
/// apart) from Rust source.
fn strip(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == b'r'
            && matches!(b.get(i + 1), Some(b'#') | Some(b'"'))
            && !ident_byte(prev(b, i))
        {
            // raw string r#"..."#
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&b'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&b'"') {
                out.push('r');
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == b'"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&b'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == b'\'' {
            // a char literal ('x', '\n', '\u{..}') or a lifetime ('a)
            if b.get(i + 1) == Some(&b'\\') {
                let mut j = i + 2;
                while j < b.len() && b[j] != b'\'' {
                    j += 1;
                }
                i = j + 1;
                out.push_str("' '");
            } else if b.get(i + 2) == Some(&b'\'') || (i + 1 < b.len() && b[i + 1] >= 0x80) {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'\'' {
                    j += 1;
                }
                i = j + 1;
                out.push_str("' '");
            } else {
                out.push('\'');
                i += 1;
            }
        } else {
            let ch = src[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

fn prev(b: &[u8], i: usize) -> u8 {
    if i == 0 { b' ' } else { b[i - 1] }
}

fn ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Removes every item that carries `#[cfg(test)]` (a test module or function), with its
/// body, from stripped source.
fn drop_test_items(code: &str) -> (String, BTreeSet<String>) {
    let mut out = String::with_capacity(code.len());
    let mut test_mods = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "#[cfg(test)]".len()..];
        // the item runs to its first `;` (a `mod x;` declaration) or its matching `}`
        let semi = after.find(';');
        let brace = after.find('{');
        let end = match (semi, brace) {
            (Some(s), Some(b)) if s < b => s + 1,
            (Some(s), None) => s + 1,
            (_, Some(b)) => matching_brace(after, b) + 1,
            (None, None) => after.len(),
        };
        let item = &after[..end];
        let words = tokens(item);
        if let Some(k) = words.iter().position(|w| w == "mod")
            && let Some(name) = words.get(k + 1)
        {
            test_mods.insert(name.clone());
        }
        rest = &after[end.min(after.len())..];
    }
    out.push_str(rest);
    (out, test_mods)
}

fn matching_brace(s: &str, open: usize) -> usize {
    let mut depth = 0usize;
    for (k, c) in s[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return open + k;
                }
            }
            _ => {}
        }
    }
    s.len() - 1
}

/// Identifiers, `::`, and single punctuation characters.
fn tokens(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let cs: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < cs.len() && (cs[i].is_alphanumeric() || cs[i] == '_') {
                i += 1;
            }
            out.push(cs[start..i].iter().collect());
        } else if c == ':' && cs.get(i + 1) == Some(&':') {
            out.push("::".into());
            i += 2;
        } else if c.is_whitespace() {
            i += 1;
        } else {
            out.push(c.to_string());
            i += 1;
        }
    }
    out
}

/// Expands a `use` tree (the tokens between `use` and `;`) into (binding, path) pairs.
fn expand_use(toks: &[String], prefix: &[String], out: &mut Vec<(String, Vec<String>)>) {
    // split the top level by commas
    let mut parts: Vec<&[String]> = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (k, t) in toks.iter().enumerate() {
        match t.as_str() {
            "{" => depth += 1,
            "}" => depth -= 1,
            "," if depth == 0 => {
                parts.push(&toks[start..k]);
                start = k + 1;
            }
            _ => {}
        }
    }
    parts.push(&toks[start..]);
    for part in parts {
        let mut path = prefix.to_vec();
        let mut k = 0;
        while k < part.len() {
            let t = &part[k];
            if t == "::" {
                k += 1;
            } else if t == "{" {
                let close = part.len() - 1; // the group runs to the end of this part
                expand_use(&part[k + 1..close], &path, out);
                k = part.len();
                path.clear();
            } else if t == "*" {
                out.push(("*".into(), path.clone()));
                path.clear();
                k += 1;
            } else if t == "as" {
                let alias = part.get(k + 1).cloned().unwrap_or_default();
                out.push((alias, path.clone()));
                path.clear();
                k += 2;
            } else {
                path.push(t.clone());
                k += 1;
            }
        }
        if let Some(last) = path.last() {
            let name = if last == "self" {
                path.pop();
                path.last().cloned().unwrap_or_default()
            } else {
                last.clone()
            };
            out.push((name, path));
        }
    }
}

const ITEM_KEYWORDS: [&str; 8] = [
    "fn", "struct", "enum", "type", "trait", "const", "static", "union",
];

impl Crate {
    fn load(src: &Path) -> Crate {
        let root = ["lib.rs", "main.rs"]
            .iter()
            .map(|f| src.join(f))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("{} has no lib.rs or main.rs", src.display()));
        let mut krate = Crate {
            modules: BTreeMap::new(),
        };
        krate.load_module(Vec::new(), &root, src);
        krate
    }

    /// Loads the module at `path` from `file`; its children live in `dir`.
    fn load_module(&mut self, path: ModPath, file: &Path, dir: &Path) {
        let text = fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let (code, test_mods) = drop_test_items(&strip(&text));
        let toks = tokens(&code);
        let mut module = Module {
            file: file.to_path_buf(),
            ..Module::default()
        };
        let mut k = 0;
        while k < toks.len() {
            let t = toks[k].as_str();
            if t == "mod" && toks.get(k + 2).map(String::as_str) == Some(";") {
                let name = toks[k + 1].clone();
                if !test_mods.contains(&name) {
                    module.children.insert(name);
                }
            } else if t == "use" {
                let public = k > 0 && (toks[k - 1] == "pub" || toks[k - 1] == ")");
                let end = toks[k..]
                    .iter()
                    .position(|t| t == ";")
                    .map_or(toks.len(), |e| k + e);
                let mut pairs = Vec::new();
                expand_use(&toks[k + 1..end], &[], &mut pairs);
                module
                    .uses
                    .extend(
                        pairs
                            .into_iter()
                            .map(|(name, path)| Use { name, path, public }),
                    );
                k = end;
            } else if ITEM_KEYWORDS.contains(&t) || t == "macro_rules" {
                let next = if t == "macro_rules" {
                    toks.get(k + 2)
                } else {
                    toks.get(k + 1)
                };
                if let Some(name) = next.filter(|n| {
                    n.chars()
                        .next()
                        .is_some_and(|c| c.is_alphabetic() || c == '_')
                }) {
                    module.defines.insert(name.clone());
                }
            }
            k += 1;
        }
        module.code = code;
        let children: Vec<String> = module.children.iter().cloned().collect();
        self.modules.insert(path.clone(), module);
        for child in children {
            let (child_file, child_dir) = if dir.join(format!("{child}.rs")).exists() {
                (dir.join(format!("{child}.rs")), dir.join(&child))
            } else {
                (dir.join(&child).join("mod.rs"), dir.join(&child))
            };
            let mut child_path = path.clone();
            child_path.push(child);
            self.load_module(child_path, &child_file, &child_dir);
        }
    }

    /// The absolute segments of a path written in module `at`, or None for a path that
    /// leaves the crate (std, another crate) or names a local.
    fn absolute(&self, at: &ModPath, path: &[String]) -> Option<Vec<String>> {
        let first = path.first()?;
        let mut abs: Vec<String>;
        let mut rest = &path[1..];
        match first.as_str() {
            "crate" => abs = Vec::new(),
            "self" => abs = at.clone(),
            "super" => {
                abs = at.clone();
                abs.pop();
                while rest.first().map(String::as_str) == Some("super") {
                    abs.pop();
                    rest = &rest[1..];
                }
            }
            name => {
                let module = &self.modules[at];
                if module.children.contains(name) {
                    abs = at.clone();
                    rest = path;
                } else if let Some(u) = module
                    .uses
                    .iter()
                    .find(|u| u.name == name && u.path.first().is_some_and(|f| f != name))
                {
                    // a name brought in by `use` (a module alias such as `use crate::read;`)
                    let mut base = self.absolute(at, &u.path)?;
                    base.extend(path[1..].iter().cloned());
                    return Some(base);
                } else {
                    return None;
                }
            }
        }
        abs.extend(rest.iter().cloned());
        Some(abs)
    }

    /// The file that defines what an absolute path names.
    fn target(&self, abs: &[String], depth: usize) -> Option<ModPath> {
        let mut module: ModPath = Vec::new();
        let mut k = 0;
        while k < abs.len() {
            let mut next = module.clone();
            next.push(abs[k].clone());
            if self.modules.contains_key(&next) {
                module = next;
                k += 1;
            } else {
                break;
            }
        }
        let Some(item) = abs.get(k) else {
            return Some(module);
        };
        let m = &self.modules[&module];
        if m.defines.contains(item) || depth > 8 {
            return Some(module);
        }
        // a re-export: follow it to where the item is defined
        if let Some(u) = m.uses.iter().find(|u| u.public && u.name == *item) {
            let re = self.absolute(&module, &u.path)?;
            return self.target(&re, depth + 1);
        }
        for u in m.uses.iter().filter(|u| u.public && u.name == "*") {
            if let Some(mut re) = self.absolute(&module, &u.path) {
                re.push(item.clone());
                if let Some(t) = self.target(&re, depth + 1)
                    && t != module
                    && self.modules[&t].defines.contains(item)
                {
                    return Some(t);
                }
            }
        }
        Some(module)
    }

    /// Every module each module imports, with the names it takes.
    fn edges(&self) -> BTreeMap<ModPath, BTreeMap<ModPath, BTreeSet<String>>> {
        let mut edges: BTreeMap<ModPath, BTreeMap<ModPath, BTreeSet<String>>> = BTreeMap::new();
        for (at, module) in &self.modules {
            let mut paths: Vec<Vec<String>> = module.uses.iter().map(|u| u.path.clone()).collect();
            // path expressions: ident (:: ident)+ outside `use` statements
            let toks = tokens(&module.code);
            let mut k = 0;
            while k < toks.len() {
                if toks[k] == "use" {
                    while k < toks.len() && toks[k] != ";" {
                        k += 1;
                    }
                    continue;
                }
                let starts_path = toks.get(k + 1).map(String::as_str) == Some("::")
                    && (k == 0 || toks[k - 1] != "::")
                    && toks[k]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_alphabetic() || c == '_');
                if starts_path {
                    let mut path = vec![toks[k].clone()];
                    let mut j = k + 1;
                    while toks.get(j).map(String::as_str) == Some("::")
                        && toks.get(j + 1).is_some_and(|t| {
                            t.chars()
                                .next()
                                .is_some_and(|c| c.is_alphanumeric() || c == '_')
                        })
                    {
                        path.push(toks[j + 1].clone());
                        j += 2;
                    }
                    paths.push(path);
                    k = j;
                } else {
                    k += 1;
                }
            }
            // names brought in by glob `use` (e.g. `use super::*`) count as one edge each
            for path in paths {
                let Some(abs) = self.absolute(at, &path) else {
                    continue;
                };
                let Some(target) = self.target(&abs, 0) else {
                    continue;
                };
                if target != *at {
                    let name = path.last().cloned().unwrap_or_default();
                    edges
                        .entry(at.clone())
                        .or_default()
                        .entry(target)
                        .or_default()
                        .insert(name);
                }
            }
        }
        edges
    }
}

/// Tarjan's strongly connected components, those with more than one module.
fn cycles(
    edges: &BTreeMap<ModPath, BTreeMap<ModPath, BTreeSet<String>>>,
    nodes: &[ModPath],
) -> Vec<Vec<ModPath>> {
    struct State<'a> {
        edges: &'a BTreeMap<ModPath, BTreeMap<ModPath, BTreeSet<String>>>,
        index: BTreeMap<ModPath, usize>,
        low: BTreeMap<ModPath, usize>,
        on_stack: BTreeSet<ModPath>,
        stack: Vec<ModPath>,
        next: usize,
        out: Vec<Vec<ModPath>>,
    }
    fn visit(s: &mut State, v: &ModPath) {
        s.index.insert(v.clone(), s.next);
        s.low.insert(v.clone(), s.next);
        s.next += 1;
        s.stack.push(v.clone());
        s.on_stack.insert(v.clone());
        let targets: Vec<ModPath> = s
            .edges
            .get(v)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        for w in targets {
            if !s.index.contains_key(&w) {
                visit(s, &w);
                let lw = s.low[&w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(&w) {
                let iw = s.index[&w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(&w);
                let done = w == *v;
                comp.push(w);
                if done {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.out.push(comp);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        on_stack: BTreeSet::new(),
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in nodes {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.out
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}

/// The source folders of every crate in the workspace that ships code.
fn crate_sources() -> Vec<PathBuf> {
    let root = workspace();
    let mut dirs: Vec<PathBuf> = fs::read_dir(root.join("crates"))
        .expect("crates/")
        .filter_map(|e| e.ok().map(|e| e.path().join("src")))
        .filter(|p| p.is_dir())
        .collect();
    dirs.push(root.join("src-tauri/src"));
    dirs.push(root.join("samples/generator/src"));
    dirs.sort();
    dirs
}

fn describe(
    krate: &Crate,
    comp: &[ModPath],
    edges: &BTreeMap<ModPath, BTreeMap<ModPath, BTreeSet<String>>>,
) -> String {
    let mut text = String::new();
    let set: BTreeSet<&ModPath> = comp.iter().collect();
    for a in comp {
        for (b, names) in edges.get(a).into_iter().flatten() {
            if set.contains(b) {
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                text.push_str(&format!(
                    "  {} -> {}: {}\n",
                    krate.modules[a].file.display(),
                    krate.modules[b].file.display(),
                    names.join(", ")
                ));
            }
        }
    }
    text
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let mut report = String::new();
    for src in crate_sources() {
        let krate = Crate::load(&src);
        let edges = krate.edges();
        let nodes: Vec<ModPath> = krate.modules.keys().cloned().collect();
        for comp in cycles(&edges, &nodes) {
            report.push_str(&format!(
                "a cycle of {} files in {}:\n",
                comp.len(),
                src.display()
            ));
            report.push_str(&describe(&krate, &comp, &edges));
        }
    }
    assert!(report.is_empty(), "import cycles:\n{report}");
}

/// The checker sees a cycle it is shown (so the test above can fail), through `use`,
/// `super::`, a path expression and a re-export.
#[test]
fn the_checker_finds_cycles_through_use_super_paths_and_reexports() {
    let dir = std::env::temp_dir().join(format!("rapport-layering-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("a")).unwrap();
    fs::write(
        dir.join("lib.rs"),
        "mod a;\nmod b;\npub use b::Thing;\n// use crate::a::Nope;\n",
    )
    .unwrap();
    fs::write(
        dir.join("a/mod.rs"),
        "mod inner;\npub struct Base;\npub fn f() { inner::g(); }\n",
    )
    .unwrap();
    fs::write(
        dir.join("a/inner.rs"),
        "pub fn g() { let _ = super::Base; }\n#[cfg(test)]\nmod tests { use crate::b::Thing; }\n",
    )
    .unwrap();
    fs::write(dir.join("b.rs"), "use crate::a::{self, Base};\npub struct Thing(Base);\nfn h() -> &'static str { \"crate::a\" }\n").unwrap();
    let krate = Crate::load(&dir);
    let edges = krate.edges();
    let nodes: Vec<ModPath> = krate.modules.keys().cloned().collect();
    let found = cycles(&edges, &nodes);
    let names = |c: &Vec<ModPath>| c.iter().map(|m| m.join("::")).collect::<Vec<_>>();
    assert_eq!(
        found.iter().map(names).collect::<Vec<_>>(),
        vec![vec!["a".to_string(), "a::inner".to_string()]]
    );
    // b imports a; lib re-exports b; nothing imports b back (the test block and the
    // string do not count)
    assert!(edges[&vec!["b".to_string()]].contains_key(&vec!["a".to_string()]));
    assert!(
        !edges
            .get(&vec!["a".to_string(), "inner".to_string()])
            .is_some_and(|e| e.contains_key(&vec!["b".to_string()]))
    );
    fs::remove_dir_all(&dir).unwrap();
}

/// Workspace crates each workspace crate may depend on (normal dependencies).
const ALLOWED: [(&str, &[&str]); 7] = [
    ("rapport-read", &[]),
    ("rapport-stats", &[]),
    ("rapport-engine", &["rapport-read", "rapport-stats"]),
    (
        "rapport-report",
        &["rapport-engine", "rapport-read", "rapport-stats"],
    ),
    (
        "rapport-cli",
        &[
            "rapport-engine",
            "rapport-read",
            "rapport-report",
            "rapport-stats",
        ],
    ),
    (
        "rapport-desktop",
        &[
            "rapport-engine",
            "rapport-read",
            "rapport-report",
            "rapport-stats",
        ],
    ),
    ("rapport-samples", &[]),
];

#[test]
fn crates_depend_only_downward() {
    let root = workspace();
    let mut seen = BTreeSet::new();
    let mut manifests: Vec<PathBuf> = fs::read_dir(root.join("crates"))
        .unwrap()
        .map(|e| e.unwrap().path().join("Cargo.toml"))
        .collect();
    manifests.push(root.join("src-tauri/Cargo.toml"));
    manifests.push(root.join("samples/generator/Cargo.toml"));
    for manifest in manifests {
        let text = fs::read_to_string(&manifest).unwrap();
        let name = text
            .lines()
            .find_map(|l| {
                l.strip_prefix("name = \"")
                    .and_then(|r| r.strip_suffix('"'))
            })
            .unwrap_or_else(|| panic!("{} has no package name", manifest.display()));
        let (_, allowed) = ALLOWED.iter().find(|(n, _)| *n == name).unwrap_or_else(|| {
            panic!("{name} is not in the layering table of tests/tests/layering.rs")
        });
        // normal dependencies: the [dependencies] and [target.*.dependencies] tables
        let mut in_deps = false;
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with('[') {
                in_deps = line == "[dependencies]"
                    || (line.starts_with("[target.") && line.ends_with(".dependencies]"));
                continue;
            }
            if in_deps
                && let Some(dep) = line
                    .split(['=', '.', ' '])
                    .next()
                    .filter(|d| d.starts_with("rapport-"))
            {
                assert!(
                    allowed.contains(&dep),
                    "{name} depends on {dep}, which sits above it or beside it"
                );
            }
        }
        seen.insert(name.to_string());
    }
    for required in ["rapport-read", "rapport-stats", "rapport-engine"] {
        assert!(
            seen.contains(required),
            "{required} is missing from the workspace"
        );
    }
}
