//! A reader that went away (`cw-onboard list | head -1`): `println!` panics on the broken
//! pipe. That is no crash: end quietly with 141 (128 + SIGPIPE), as a Unix tool killed by the
//! signal would, instead of a panic report with its backtrace.

/// Wraps the installed panic hook (install it after color-eyre's).
pub fn quiet_on_broken_pipe() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info.payload_as_str().unwrap_or_default();
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(141);
        }
        previous(info)
    }));
}
