//! How a long analysis tells its caller how far it has got.
//!
//! The analysis announces each phase (`start`), counts finished runs from
//! its worker threads (`advance`, which must be cheap: a relaxed atomic add
//! is the model) and closes the phase (`finish`). What to do with that is
//! the caller's business: the `sensitivity` command draws a bar on the
//! terminal (`cmd::progress_bar`), tests and `run` pass `Silent`. This
//! module never prints.

/// Receives the progress of an analysis, possibly from several threads.
pub trait Observer: Sync {
    /// A phase of `total` runs begins.
    fn start(&self, phase: &str, total: usize);
    /// `runs` more runs are done.
    fn advance(&self, runs: usize);
    /// The phase is over.
    fn finish(&self);
}

/// An observer that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Observer for Silent {
    fn start(&self, _phase: &str, _total: usize) {}
    fn advance(&self, _runs: usize) {}
    fn finish(&self) {}
}

/// Run one phase of `total` runs: `work` is given the observer to advance.
pub fn phase<T>(
    observer: &dyn Observer,
    name: &str,
    total: usize,
    work: impl FnOnce(&dyn Observer) -> T,
) -> T {
    observer.start(name, total);
    let out = work(observer);
    observer.finish();
    out
}
