//! Answers in ConnectWise's shapes, and list handling: conditions, orderBy, fields, paging with
//! an RFC 5988 Link header, and `/count`.

use super::conditions;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::collections::HashMap;

pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub headers: Vec<(String, String)>,
}

impl Reply {
    pub fn ok(body: Value) -> Reply {
        Reply {
            status: 200,
            body,
            headers: Vec::new(),
        }
    }

    pub fn created(body: Value) -> Reply {
        Reply {
            status: 201,
            body,
            headers: Vec::new(),
        }
    }

    pub fn empty(status: u16) -> Reply {
        Reply {
            status,
            body: Value::Null,
            headers: Vec::new(),
        }
    }

    /// `ErrorResponseMessage`: `{"code","message","errors":[]}`.
    pub fn error(status: u16, code: &str, message: &str) -> Reply {
        Reply {
            status,
            body: json!({"code": code, "message": message, "errors": []}),
            headers: Vec::new(),
        }
    }

    /// 405 for a method the schema does not list on a path, with `Allow`.
    pub fn method_not_allowed(allowed: &[&str], path: &str) -> Reply {
        let mut r = Reply::error(
            405,
            "MethodNotAllowed",
            &format!("{path} supports only {}", allowed.join(", ")),
        );
        r.headers.push(("allow".into(), allowed.join(", ")));
        r
    }

    /// A method the schema lists on a path that the sandbox does not model (docs/sandbox.md).
    pub fn not_implemented(method: &str, path: &str) -> Reply {
        Reply::error(
            501,
            "NotImplemented",
            &format!("{method} {path} is in ConnectWise's API but not modeled by this sandbox"),
        )
    }

    /// 400 InvalidObject with one field error.
    pub fn invalid(resource: &str, code: &str, field: &str, message: &str) -> Reply {
        Reply {
            status: 400,
            body: json!({"code": "InvalidObject", "message": format!("{resource} object is invalid"),
                         "errors": [{"code": code, "message": message, "resource": resource, "field": field}]}),
            headers: Vec::new(),
        }
    }

    pub fn not_found(what: &str) -> Reply {
        Reply::error(404, "NotFound", &format!("{what} was not found"))
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = if self.body.is_null() {
            status.into_response()
        } else {
            (
                status,
                [("content-type", "application/json; charset=utf-8")],
                self.body.to_string(),
            )
                .into_response()
        };
        let h = response.headers_mut();
        h.insert(
            "api-current-version",
            HeaderValue::from_static(super::accept::SERVED_VERSION),
        );
        for (k, v) in self.headers {
            if let (Ok(k), Ok(v)) = (HeaderName::try_from(k), HeaderValue::from_str(&v)) {
                h.insert(k, v);
            }
        }
        response
    }
}

/// Query parameters, with lower-case keys (ConnectWise ignores their case).
pub type Query = HashMap<String, String>;

pub fn parse_query(raw: Option<&str>) -> Query {
    url::form_urlencoded::parse(raw.unwrap_or("").as_bytes())
        .map(|(k, v)| (k.to_lowercase(), v.into_owned()))
        .collect()
}

fn filter(records: Vec<Value>, query: &Query) -> Result<Vec<Value>, Reply> {
    let Some(text) = query.get("conditions").filter(|c| !c.trim().is_empty()) else {
        return Ok(records);
    };
    let expr = conditions::parse(text)
        .map_err(|e| Reply::error(400, "InvalidFilter", &format!("conditions: {e}")))?;
    Ok(records
        .into_iter()
        .filter(|r| conditions::matches(&expr, r))
        .collect())
}

fn project(record: &Value, fields: &[&str]) -> Value {
    let mut out = serde_json::Map::new();
    for f in fields {
        let parts: Vec<&str> = f.split('/').collect();
        if let Some(v) = conditions::lookup(record, f) {
            let mut slot = &mut out;
            for (i, p) in parts.iter().enumerate() {
                if i + 1 == parts.len() {
                    slot.insert((*p).to_string(), v.clone());
                } else {
                    let next = slot.entry((*p).to_string()).or_insert_with(|| json!({}));
                    match next.as_object_mut() {
                        Some(m) => slot = m,
                        None => break,
                    }
                }
            }
        }
    }
    Value::Object(out)
}

/// The `pagination-type` request header, carried in the query map under this key.
pub const PAGINATION_TYPE: &str = "pagination-type";

fn fields_of(query: &Query) -> Vec<&str> {
    query
        .get("fields")
        .map(|f| {
            f.split(',')
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

fn page_size(query: &Query) -> usize {
    query
        .get("pagesize")
        .and_then(|s| s.parse().ok())
        .filter(|s| *s > 0)
        .unwrap_or(25)
        .min(1000)
}

/// Forward-only paging: ordered by id, `pageId` as `id > pageId`, `page` ignored, `orderBy`
/// refused; the Link header always points at the next page (`pageId` = the last id sent).
fn forward_only(records: Vec<Value>, query: &Query, base: &str) -> Reply {
    if query.contains_key("orderby") {
        return Reply::error(
            400,
            "InvalidObject",
            "orderBy is not allowed with forward-only pagination",
        );
    }
    let after: i64 = query
        .get("pageid")
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut records: Vec<Value> = records
        .into_iter()
        .filter(|r| r["id"].as_i64().is_some_and(|id| id > after))
        .collect();
    records.sort_by_key(|r| r["id"].as_i64().unwrap_or(0));
    let size = page_size(query);
    let fields = fields_of(query);
    let rows: Vec<Value> = records
        .into_iter()
        .take(size)
        .map(|r| {
            if fields.is_empty() {
                r
            } else {
                project(&r, &fields)
            }
        })
        .collect();
    let last = rows.last().and_then(|r| r["id"].as_i64()).unwrap_or(after);
    let mut q: Vec<(String, String)> = query
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "page" | "pagesize" | "pageid" | PAGINATION_TYPE))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    q.sort();
    q.push(("pageSize".into(), size.to_string()));
    q.push(("pageId".into(), last.to_string()));
    let qs: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(q)
        .finish();
    Reply {
        status: 200,
        body: Value::Array(rows),
        headers: vec![("link".into(), format!("<{base}?{qs}>; rel=\"next\""))],
    }
}

/// A list answer: filtered, ordered, projected and paged, with a Link header built on `base`.
pub fn list(records: Vec<Value>, query: &Query, base: &str) -> Reply {
    let mut records = match filter(records, query) {
        Ok(r) => r,
        Err(reply) => return reply,
    };
    if query
        .get(PAGINATION_TYPE)
        .is_some_and(|p| p.eq_ignore_ascii_case("forward-only"))
    {
        return forward_only(records, query, base);
    }
    if let Some(order) = query.get("orderby") {
        let mut parts = order.split_whitespace();
        let field = parts.next().unwrap_or("id").to_string();
        let desc = parts.next().is_some_and(|d| d.eq_ignore_ascii_case("desc"));
        records.sort_by(|a, b| {
            let (x, y) = (
                conditions::lookup(a, &field).map(|v| v.to_string()),
                conditions::lookup(b, &field).map(|v| v.to_string()),
            );
            if desc { y.cmp(&x) } else { x.cmp(&y) }
        });
    }
    let size = page_size(query);
    let page: usize = query
        .get("page")
        .and_then(|s| s.parse().ok())
        .filter(|p| *p > 0)
        .unwrap_or(1);
    let total = records.len();
    let last = total.div_ceil(size).max(1);
    let fields = fields_of(query);
    let rows: Vec<Value> = records
        .into_iter()
        .skip((page - 1) * size)
        .take(size)
        .map(|r| {
            if fields.is_empty() {
                r
            } else {
                project(&r, &fields)
            }
        })
        .collect();
    let link_to = |p: usize| {
        let mut q: Vec<(String, String)> = query
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "page" | "pagesize" | PAGINATION_TYPE))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        q.sort();
        q.push(("pageSize".into(), size.to_string()));
        q.push(("page".into(), p.to_string()));
        let qs: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(q)
            .finish();
        format!("<{base}?{qs}>")
    };
    let mut links = vec![format!("{}; rel=\"first\"", link_to(1))];
    if page > 1 {
        links.push(format!("{}; rel=\"prev\"", link_to(page - 1)));
    }
    if page < last {
        links.push(format!("{}; rel=\"next\"", link_to(page + 1)));
    }
    links.push(format!("{}; rel=\"last\"", link_to(last)));
    Reply {
        status: 200,
        body: Value::Array(rows),
        headers: vec![("link".into(), links.join(", "))],
    }
}

pub fn count(records: Vec<Value>, query: &Query) -> Reply {
    match filter(records, query) {
        Ok(r) => Reply::ok(json!({"count": r.len()})),
        Err(reply) => reply,
    }
}
