//! The `conditions` language of ConnectWise list calls: `field op value`, `AND`/`OR`,
//! parentheses; strings in double quotes (backslash escapes), ints, True/False, null,
//! [datetimes]; ops `= != < <= > >= contains like in`, and `not` before contains/like/in.
//! Bad syntax is an error message saying where, never a panic.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(f64),
    Op(String),
    LParen,
    RParen,
    Comma,
}

fn tokenize(s: &str) -> Result<Vec<(usize, Tok)>, String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        match c {
            ' ' | '\t' | '\n' | '\r' => i += 1,
            '(' => {
                out.push((start, Tok::LParen));
                i += 1;
            }
            ')' => {
                out.push((start, Tok::RParen));
                i += 1;
            }
            ',' => {
                out.push((start, Tok::Comma));
                i += 1;
            }
            '"' | '\'' => {
                let quote = c;
                i += 1;
                let mut text = String::new();
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(format!(
                                "unterminated string starting at position {}",
                                start + 1
                            ));
                        }
                        Some('\\') => {
                            match chars.get(i + 1) {
                                Some(n) => text.push(*n),
                                None => {
                                    return Err(format!(
                                        "unterminated string starting at position {}",
                                        start + 1
                                    ));
                                }
                            }
                            i += 2;
                        }
                        Some(q) if *q == quote => {
                            i += 1;
                            break;
                        }
                        Some(other) => {
                            text.push(*other);
                            i += 1;
                        }
                    }
                }
                out.push((start, Tok::Str(text)));
            }
            '[' => {
                let end = chars[i..]
                    .iter()
                    .position(|c| *c == ']')
                    .ok_or_else(|| format!("unterminated [datetime] at position {}", start + 1))?;
                out.push((start, Tok::Str(chars[i + 1..i + end].iter().collect())));
                i += end + 1;
            }
            '=' => {
                out.push((start, Tok::Op("=".into())));
                i += 1;
            }
            '!' | '<' | '>' => {
                let two = chars.get(i + 1) == Some(&'=');
                let op: String = if two { format!("{c}=") } else { c.to_string() };
                if op == "!" {
                    return Err(format!(
                        "'!' must be followed by '=' at position {}",
                        start + 1
                    ));
                }
                out.push((start, Tok::Op(op)));
                i += if two { 2 } else { 1 };
            }
            c if c.is_ascii_digit()
                || (c == '-' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit())) =>
            {
                let mut j = i + 1;
                while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == '.') {
                    j += 1;
                }
                let text: String = chars[i..j].iter().collect();
                let n = text
                    .parse()
                    .map_err(|_| format!("bad number \"{text}\" at position {}", start + 1))?;
                out.push((start, Tok::Num(n)));
                i = j;
            }
            c if c.is_alphanumeric() || c == '_' || c == '/' => {
                let mut j = i;
                while j < chars.len()
                    && (chars[j].is_alphanumeric() || matches!(chars[j], '_' | '/' | '.'))
                {
                    j += 1;
                }
                out.push((start, Tok::Ident(chars[i..j].iter().collect())));
                i = j;
            }
            other => return Err(format!("unexpected '{other}' at position {}", start + 1)),
        }
    }
    Ok(out)
}

#[derive(Debug, Clone)]
pub enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Cmp {
        field: String,
        op: String,
        negate: bool,
        values: Vec<Value>,
    },
}

struct Parser {
    toks: Vec<(usize, Tok)>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.1)
    }

    fn at(&self) -> String {
        self.toks
            .get(self.pos)
            .map_or("the end".into(), |t| format!("position {}", t.0 + 1))
    }

    fn keyword(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Tok::Ident(w)) if w.eq_ignore_ascii_case(word))
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut left = self.and()?;
        while self.keyword("or") {
            self.pos += 1;
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut left = self.term()?;
        while self.keyword("and") {
            self.pos += 1;
            left = Expr::And(Box::new(left), Box::new(self.term()?));
        }
        Ok(left)
    }

    fn value(&mut self) -> Result<Value, String> {
        let at = self.at();
        let v = match self.toks.get(self.pos).map(|t| t.1.clone()) {
            Some(Tok::Str(s)) => Value::String(s),
            Some(Tok::Num(n)) => serde_json::Number::from_f64(n)
                .map(Value::Number)
                .unwrap_or(Value::Null),
            Some(Tok::Ident(w)) if w.eq_ignore_ascii_case("true") => Value::Bool(true),
            Some(Tok::Ident(w)) if w.eq_ignore_ascii_case("false") => Value::Bool(false),
            Some(Tok::Ident(w)) if w.eq_ignore_ascii_case("null") => Value::Null,
            _ => {
                return Err(format!(
                    "expected a value at {at}: strings go in double quotes"
                ));
            }
        };
        self.pos += 1;
        Ok(v)
    }

    fn term(&mut self) -> Result<Expr, String> {
        if self.peek() == Some(&Tok::LParen) {
            self.pos += 1;
            let e = self.or()?;
            if self.peek() != Some(&Tok::RParen) {
                return Err(format!("expected ')' at {}", self.at()));
            }
            self.pos += 1;
            return Ok(e);
        }
        let field = match self.peek() {
            Some(Tok::Ident(f)) => f.clone(),
            _ => return Err(format!("expected a field name at {}", self.at())),
        };
        self.pos += 1;
        let mut negate = false;
        if self.keyword("not") {
            negate = true;
            self.pos += 1;
        }
        let op = match self.peek() {
            Some(Tok::Op(o)) => o.clone(),
            Some(Tok::Ident(w))
                if ["contains", "like", "in"].contains(&w.to_lowercase().as_str()) =>
            {
                w.to_lowercase()
            }
            _ => {
                return Err(format!(
                    "expected an operator (=, !=, <, >, contains, like, in) at {}",
                    self.at()
                ));
            }
        };
        self.pos += 1;
        let values = if op == "in" {
            if self.peek() != Some(&Tok::LParen) {
                return Err(format!("expected '(' after in at {}", self.at()));
            }
            self.pos += 1;
            let mut vs = vec![self.value()?];
            while self.peek() == Some(&Tok::Comma) {
                self.pos += 1;
                vs.push(self.value()?);
            }
            if self.peek() != Some(&Tok::RParen) {
                return Err(format!("expected ')' at {}", self.at()));
            }
            self.pos += 1;
            vs
        } else {
            vec![self.value()?]
        };
        Ok(Expr::Cmp {
            field,
            op,
            negate,
            values,
        })
    }
}

pub fn parse(text: &str) -> Result<Expr, String> {
    let toks = tokenize(text)?;
    if toks.is_empty() {
        return Err("empty conditions".into());
    }
    let mut p = Parser { toks, pos: 0 };
    let e = p.or()?;
    if p.pos != p.toks.len() {
        return Err(format!("unexpected text at {}", p.at()));
    }
    Ok(e)
}

/// The value at a slash path (`securityRole/name`), case-insensitive keys.
pub fn lookup<'a>(record: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('/').try_fold(record, |v, key| {
        v.as_object()?
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

fn compare(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64()?.partial_cmp(&y.as_f64()?),
        (Value::String(x), Value::String(y)) => Some(x.to_lowercase().cmp(&y.to_lowercase())),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (Value::Null, Value::Null) => Some(std::cmp::Ordering::Equal),
        _ => None,
    }
}

fn like(text: &str, pattern: &str) -> bool {
    let (t, p) = (text.to_lowercase(), pattern.to_lowercase());
    let parts: Vec<&str> = p.split(['*', '%']).collect();
    let mut rest = t.as_str();
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            if !rest.starts_with(part) {
                return false;
            }
            rest = &rest[part.len()..];
        } else if let Some(pos) = rest.find(part) {
            rest = &rest[pos + part.len()..];
        } else {
            return false;
        }
    }
    parts.len() > 1 && (p.ends_with('*') || p.ends_with('%') || rest.is_empty()) || t == p
}

pub fn matches(expr: &Expr, record: &Value) -> bool {
    match expr {
        Expr::And(a, b) => matches(a, record) && matches(b, record),
        Expr::Or(a, b) => matches(a, record) || matches(b, record),
        Expr::Cmp {
            field,
            op,
            negate,
            values,
        } => {
            let actual = lookup(record, field).cloned().unwrap_or(Value::Null);
            let first = values.first().cloned().unwrap_or(Value::Null);
            let text = |v: &Value| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let result = match op.as_str() {
                "=" => compare(&actual, &first) == Some(std::cmp::Ordering::Equal),
                "!=" => compare(&actual, &first) != Some(std::cmp::Ordering::Equal),
                "<" => compare(&actual, &first) == Some(std::cmp::Ordering::Less),
                "<=" => matches!(
                    compare(&actual, &first),
                    Some(std::cmp::Ordering::Less | std::cmp::Ordering::Equal)
                ),
                ">" => compare(&actual, &first) == Some(std::cmp::Ordering::Greater),
                ">=" => matches!(
                    compare(&actual, &first),
                    Some(std::cmp::Ordering::Greater | std::cmp::Ordering::Equal)
                ),
                "contains" => text(&actual)
                    .to_lowercase()
                    .contains(&text(&first).to_lowercase()),
                "like" => like(&text(&actual), &text(&first)),
                "in" => values
                    .iter()
                    .any(|v| compare(&actual, v) == Some(std::cmp::Ordering::Equal)),
                _ => false,
            };
            result != *negate
        }
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod fuzz;
