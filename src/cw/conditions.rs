//! Building `conditions` safely: values quoted and escaped, then URL-encoded by the query
//! builder (reqwest's `query`), so `&`, `+`, `%`, `*` and quotes survive.

/// A condition clause such as `identifier="kanban"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition(String);

/// A string value in double quotes, with `\` and `"` escaped.
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

impl Condition {
    pub fn eq(field: &str, value: &str) -> Condition {
        Condition(format!("{field}={}", quote(value)))
    }

    pub fn eq_int(field: &str, value: i64) -> Condition {
        Condition(format!("{field}={value}"))
    }

    pub fn eq_bool(field: &str, value: bool) -> Condition {
        Condition(format!("{field}={}", if value { "True" } else { "False" }))
    }

    pub fn is_in(field: &str, values: &[i64]) -> Condition {
        let list = values
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        Condition(format!("{field} in ({list})"))
    }

    pub fn and(self, other: Condition) -> Condition {
        Condition(format!("({}) AND ({})", self.0, other.0))
    }

    pub fn or(self, other: Condition) -> Condition {
        Condition(format!("({}) OR ({})", self.0, other.0))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests;
