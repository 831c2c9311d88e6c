//! Forgiving lookup of module/function names in the catalog: case, spacing, dash variants,
//! "(customize)" suffixes and singular/plural drift do not matter; an unknown name is an error
//! naming the nearest catalog entries.

use super::catalog::{CATALOG, CatalogFunction, MODULES};

/// Lower case, en/em dashes as hyphens, "(customize)" dropped, spaces around `-` and `/`
/// removed, each word's trailing `s` dropped.
pub fn normalise(name: &str) -> String {
    let lowered = name
        .to_lowercase()
        .replace(['–', '—'], "-")
        .replace("(customize)", "");
    let spaced: String = lowered
        .split(['-', '/'])
        .map(|part| part.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("-");
    let mut out = String::new();
    for piece in spaced.split_inclusive(['-', '/', ' ']) {
        let (word, sep) = match piece.char_indices().last() {
            Some((i, '-' | '/' | ' ')) => (&piece[..i], &piece[i..]),
            _ => (piece, ""),
        };
        out.push_str(
            word.strip_suffix('s')
                .filter(|w| w.len() > 2)
                .unwrap_or(word),
        );
        out.push_str(sep);
    }
    out
}

/// The catalog module spelled like `module`, if any.
pub fn find_module(module: &str) -> Option<&'static str> {
    let wanted = normalise(module);
    MODULES.iter().copied().find(|m| normalise(m) == wanted)
}

/// Looks up a function; on failure, a message that names the nearest entries.
pub fn find(module: &str, function: &str) -> Result<&'static CatalogFunction, String> {
    let Some(module_name) = find_module(module) else {
        let near = nearest(module, MODULES.iter().copied());
        return Err(format!(
            "unknown module \"{module}\"; modules are {}",
            near.join(", ")
        ));
    };
    let wanted = normalise(function);
    if let Some(entry) = CATALOG
        .iter()
        .find(|e| e.module == module_name && normalise(e.function) == wanted)
    {
        return Ok(entry);
    }
    let in_module = CATALOG
        .iter()
        .filter(|e| e.module == module_name)
        .map(|e| e.function);
    let near = nearest(function, in_module);
    let elsewhere: Vec<String> = CATALOG
        .iter()
        .filter(|e| e.module != module_name && normalise(e.function) == wanted)
        .map(|e| format!("{} / {}", e.module, e.function))
        .collect();
    let mut message = format!(
        "no function \"{function}\" in {module_name}; nearest: {}",
        near.join(", ")
    );
    if !elsewhere.is_empty() {
        message.push_str(&format!(" (it exists as {})", elsewhere.join(", ")));
    }
    Err(message)
}

/// Up to three names closest to `name`, best first.
pub fn nearest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<String> {
    let wanted = normalise(name);
    let mut scored: Vec<(f64, &str)> = candidates
        .map(|c| (strsim::jaro_winkler(&wanted, &normalise(c)), c))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored
        .into_iter()
        .take(3)
        .map(|(_, c)| format!("\"{c}\""))
        .collect()
}

#[cfg(test)]
mod tests;
