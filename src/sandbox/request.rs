//! One request to the simulated API, as the router and every handler see it.

use super::reply::Query;

pub struct Request<'a> {
    pub method: &'a str,
    /// The resource path after `/apis/3.0`, e.g. `/system/apiMembers/12`.
    pub path: String,
    pub query: Query,
    pub authorization: Option<&'a str>,
    pub client_id: Option<&'a str>,
    pub body: &'a [u8],
    /// `scheme://host/<codebase>apis/3.0` for Link headers.
    pub base: String,
}
