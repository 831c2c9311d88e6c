//! The ConnectWise REST client.
