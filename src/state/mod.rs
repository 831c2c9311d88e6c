//! Setup state persistence.
