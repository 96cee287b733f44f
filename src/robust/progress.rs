//! A progress bar on the terminal for long analyses.
//!
//! Workers add to an atomic counter; a separate thread redraws one line on
//! standard error ten times a second. Nothing is drawn when standard error
//! is not a terminal (a pipe, a file, a test), so outputs and logs stay
//! clean; the counter costs one relaxed atomic add per run.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub struct Progress {
    done: AtomicUsize,
    finished: AtomicBool,
    total: usize,
    label: String,
    shown: bool,
}

impl Progress {
    /// A bar for `total` runs, drawn only if `enabled` and standard error is
    /// a terminal.
    pub fn new(label: &str, total: usize, enabled: bool) -> Progress {
        Progress {
            done: AtomicUsize::new(0),
            finished: AtomicBool::new(false),
            total,
            label: label.to_string(),
            shown: enabled && std::io::stderr().is_terminal(),
        }
    }

    pub fn add(&self, k: usize) {
        self.done.fetch_add(k, Ordering::Relaxed);
    }

    fn draw(&self, start: Instant) {
        let done = self.done.load(Ordering::Relaxed).min(self.total);
        let frac = if self.total > 0 {
            done as f64 / self.total as f64
        } else {
            1.0
        };
        let width = 30;
        let filled = (frac * width as f64) as usize;
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r{} [{}{}] {:>3.0}% {done}/{} runs {:.1}s ",
            self.label,
            "#".repeat(filled),
            ".".repeat(width - filled),
            frac * 100.0,
            self.total,
            start.elapsed().as_secs_f64()
        );
        let _ = err.flush();
    }

    /// Run `work` while the bar is drawn (if shown).
    pub fn run<T: Send>(&self, work: impl FnOnce() -> T + Send) -> T {
        if !self.shown {
            return work();
        }
        let start = Instant::now();
        std::thread::scope(|s| {
            s.spawn(|| {
                while !self.finished.load(Ordering::Relaxed) {
                    self.draw(start);
                    std::thread::sleep(Duration::from_millis(100));
                }
            });
            let out = work();
            self.finished.store(true, Ordering::Relaxed);
            self.draw(start);
            eprintln!();
            out
        })
    }
}
