//! One module per step: its state, its update, its key table. Widgets live in `ui::steps`.

pub mod allowlist;
pub mod instance;
pub mod keys;
pub mod member;
pub mod member_diff;
pub mod role;
pub mod rotation;
pub mod summary;
