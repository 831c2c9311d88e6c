//! Integration templates: the permission data of each integration, checked against the catalog.

pub mod catalog;
