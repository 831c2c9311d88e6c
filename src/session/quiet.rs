//! The driven steps' lines, switched off while the demo makes a finished setup behind one
//! line of its own (its rotate and retire choices).

/// Off while the demo makes a finished setup behind one line of its own (`quietly`).
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// True while [`quietly`] runs: the driven steps print nothing.
pub fn is_quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// Runs `work` with the driven steps' lines unprinted (errors still go to stderr): the
/// demo's rotate and retire make their finished setup this way and say so in one line.
pub async fn quietly<T>(work: impl std::future::Future<Output = T>) -> T {
    QUIET.store(true, std::sync::atomic::Ordering::Relaxed);
    let out = work.await;
    QUIET.store(false, std::sync::atomic::Ordering::Relaxed);
    out
}

/// `println!` unless [`quietly`] runs.
macro_rules! say {
    ($($t:tt)*) => {
        if !$crate::session::quiet::is_quiet() {
            println!($($t)*);
        }
    };
}
pub(crate) use say;
