//! Secrets: key input and output, process hardening.

pub mod handoff;
pub mod handoff_dir;
pub mod input;
pub mod keypair;

pub use handoff::{
    HandoffContext, WrittenFile, clipboard_warning, osc52_copy_sequence, write_key_handoff,
};
pub use handoff_dir::{HandoffDir, clean_path, default_handoff_dir_here};
pub use input::{EnvKeys, harden_process, parse_key_text, read_key_file};
pub use keypair::{KeyPair, mask};
