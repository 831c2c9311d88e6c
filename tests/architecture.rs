//! Layers that hold (issue 12): every `crate::` edge between the top-level modules of `src/`
//! is checked against the allowed shape, so a wrong-way import fails the suite.
//!
//! ```text
//! level · site · secrets (bottom)  <-  template  <-  app (pure core)
//! cw, sandbox (beside cw), state   <-  ui, runtime  <-  session  <-  batch, prompt  <-  cli
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What each top-level module may import (besides itself). `cli` may import anything.
const ALLOWED: &[(&str, &[&str])] = &[
    ("level", &[]),
    ("crypto", &[]),
    ("site", &[]),
    ("secrets", &[]),
    ("template", &["level"]),
    ("app", &["level", "site", "secrets", "template"]),
    ("audit", &["app", "level", "template"]),
    ("cw", &["level", "site", "secrets", "crypto"]),
    ("sandbox", &["level", "site", "template", "crypto"]),
    ("state", &[]),
    (
        "ui",
        &["app", "audit", "level", "site", "secrets", "template"],
    ),
    (
        "runtime",
        &[
            "app", "audit", "cw", "state", "ui", "level", "site", "secrets", "template",
        ],
    ),
    (
        "session",
        &[
            "runtime", "app", "cw", "state", "sandbox", "level", "site", "secrets", "template",
        ],
    ),
    (
        "batch",
        &[
            "session", "runtime", "app", "level", "site", "secrets", "template",
        ],
    ),
    (
        "prompt",
        &[
            "session", "runtime", "app", "level", "site", "secrets", "template",
        ],
    ),
];

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A test module in a file of its own (`#[cfg(test)] mod tests;`, `mod fuzz;`): test code,
/// left out like the `#[cfg(test)]` blocks at a file's end.
fn test_file(file: &Path) -> bool {
    file.file_name()
        .is_some_and(|n| n == "tests.rs" || n == "fuzz.rs")
}

/// The top-level modules `text` names through `crate::` (test modules at the end excluded).
fn imports(text: &str) -> BTreeSet<String> {
    imports_after(text, "crate::")
}

/// The first segment after each `prefix` in `text` (`crate::`, `super::`...), grouped imports
/// included; test modules at the end excluded.
fn imports_after(text: &str, prefix: &str) -> BTreeSet<String> {
    let code = match text.find("\n#[cfg(test)]") {
        Some(at) => &text[..at],
        None => text,
    };
    let mut out = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    for (at, _) in code.match_indices(prefix) {
        if code[..at].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
            continue; // `super::super::x` is read from its first `super::`; `a::crate::` is no import.
        }
        let rest = &code[at + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a::b, c}`: the first segment of each top-level item.
            let (mut depth, mut item_start) = (0usize, true);
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && !c.is_whitespace() => {
                        out.insert(ident(&group[i..]));
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            out.insert(ident(rest));
        }
    }
    out.retain(|m| !m.is_empty() && m != "self");
    out
}

fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src");
    let first = rel.components().next().expect("a component");
    first
        .as_os_str()
        .to_string_lossy()
        .trim_end_matches(".rs")
        .to_string()
}

fn edges() -> BTreeMap<(String, String), Vec<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut edges: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for file in all {
        let from = module_of(&src, &file);
        if matches!(from.as_str(), "lib" | "main") || test_file(&file) {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("read");
        for to in imports(&text) {
            if to != from {
                let shown = file
                    .strip_prefix(&src)
                    .unwrap_or(&file)
                    .display()
                    .to_string();
                edges.entry((from.clone(), to)).or_default().push(shown);
            }
        }
    }
    edges
}

#[test]
fn every_import_points_inward() {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut wrong = Vec::new();
    for ((from, to), files) in edges() {
        if from == "cli" {
            continue;
        }
        match allowed.get(from.as_str()) {
            Some(ok) if ok.contains(&to.as_str()) => {}
            Some(_) => wrong.push(format!("{from} -> {to} ({})", files.join(", "))),
            None => wrong.push(format!(
                "{from} is not in the layer table of tests/architecture.rs (imports {to})"
            )),
        }
    }
    assert!(wrong.is_empty(), "wrong-way imports:\n{}", wrong.join("\n"));
}

#[test]
fn the_allowed_layers_have_no_cycle() {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    fn reaches(
        from: &str,
        to: &str,
        allowed: &BTreeMap<&str, &[&str]>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        allowed.get(from).is_some_and(|next| {
            next.iter()
                .any(|n| *n == to || (seen.insert(n.to_string()) && reaches(n, to, allowed, seen)))
        })
    }
    for (module, _) in ALLOWED {
        assert!(
            !reaches(module, module, &allowed, &mut BTreeSet::new()),
            "{module} reaches itself"
        );
    }
}

#[test]
fn the_scanner_sees_grouped_and_inline_imports() {
    let text = "use crate::{app::Wizard, cw::{self, Client}};\nfn f() { crate::cli::main(); }\n#[cfg(test)]\nmod tests { use crate::sandbox; }\n";
    let found: Vec<String> = imports(text).into_iter().collect();
    assert_eq!(found, ["app", "cli", "cw"]);
}

#[test]
fn no_source_file_is_far_over_500_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    for dir in ["src", "tests", "benches"] {
        files(&root.join(dir), &mut all);
    }
    let long: Vec<String> = all
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).ok()?.lines().count();
            (n > 520).then(|| format!("{} ({n} lines)", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these files:\n{}", long.join("\n"));
}

/// The edges between the submodules of `src/<dir>/` (a file, or a folder such as `net/`):
/// `super::x` from a file directly inside, `super::super::x` from one a level down, and
/// `crate::<dir>::x` from anywhere.
fn inner_edges(dir: &str) -> BTreeMap<(String, String), Vec<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir);
    let mut all = Vec::new();
    files(&root, &mut all);
    let mut edges: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for file in all {
        let rel = file.strip_prefix(&root).expect("under the dir");
        let depth = rel.components().count();
        let from = module_of(&root, &file);
        if from == "mod" || test_file(&file) {
            continue; // the parent: it declares the submodules; tests are not its structure.
        }
        let text = std::fs::read_to_string(&file).expect("read");
        let sibling = if depth == 1 {
            "super::"
        } else {
            "super::super::"
        };
        let mut to: BTreeSet<String> = imports_after(&text, sibling);
        to.extend(imports_after(&text, &format!("crate::{dir}::")));
        if depth == 1 {
            to.remove("super");
        }
        for to in to {
            if to != from && to != "super" {
                edges
                    .entry((from.clone(), to))
                    .or_default()
                    .push(rel.display().to_string());
            }
        }
    }
    edges
}

/// A cycle among `edges`, as the modules on it, if there is one.
fn a_cycle(edges: &BTreeMap<(String, String), Vec<String>>) -> Option<Vec<String>> {
    fn walk(
        at: &str,
        edges: &BTreeMap<(String, String), Vec<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|m| m == at) {
            let mut cycle = path[start..].to_vec();
            cycle.push(at.to_string());
            return Some(cycle);
        }
        if done.contains(at) {
            return None;
        }
        path.push(at.to_string());
        for (from, to) in edges.keys() {
            if from == at
                && let Some(cycle) = walk(to, edges, path, done)
            {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(at.to_string());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|(from, _)| walk(from, edges, &mut Vec::new(), &mut done))
}

#[test]
fn the_sandbox_and_the_runtime_have_no_module_cycle_inside() {
    for dir in ["sandbox", "runtime"] {
        let edges = inner_edges(dir);
        assert!(!edges.is_empty(), "{dir}: the scanner found no edges");
        if let Some(cycle) = a_cycle(&edges) {
            let files: Vec<String> = cycle
                .windows(2)
                .map(|w| {
                    let key = (w[0].clone(), w[1].clone());
                    format!("{} -> {} ({})", w[0], w[1], edges[&key].join(", "))
                })
                .collect();
            panic!("{dir}/ has a module cycle:\n{}", files.join("\n"));
        }
    }
}

#[test]
fn the_cycle_finder_finds_a_cycle_and_passes_a_chain() {
    let edge = |a: &str, b: &str| ((a.to_string(), b.to_string()), vec![String::new()]);
    let chain: BTreeMap<_, _> = [edge("api", "roles"), edge("roles", "reply")].into();
    assert_eq!(a_cycle(&chain), None);
    let cycle: BTreeMap<_, _> = [edge("api", "roles"), edge("roles", "api")].into();
    assert_eq!(
        a_cycle(&cycle),
        Some(vec!["api".into(), "roles".into(), "api".into()])
    );
    let text = "use super::request::Request;\nuse super::{reply::Reply, world};\nfn f() { super::super::crash_point::reached(\"x\"); }\n";
    let found: Vec<String> = imports_after(text, "super::").into_iter().collect();
    assert_eq!(found, ["reply", "request", "super", "world"]);
}
