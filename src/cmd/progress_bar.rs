//! A progress bar on the terminal for the robustness analysis.
//!
//! Workers add to an atomic counter; a separate thread redraws one line on
//! standard error ten times a second. Nothing is drawn when standard error
//! is not a terminal (a pipe, a file, a test), so outputs and logs stay
//! clean.

use cluster_eval::robust::progress::Observer;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

#[derive(Default)]
struct State {
    done: AtomicUsize,
    finished: AtomicBool,
}

/// The bar; silent unless standard error is a terminal.
pub struct ProgressBar {
    shown: bool,
    state: Arc<State>,
    drawer: Mutex<Option<JoinHandle<()>>>,
}

impl ProgressBar {
    /// A bar, drawn only if `enabled` and standard error is a terminal.
    pub fn new(enabled: bool) -> ProgressBar {
        ProgressBar {
            shown: enabled && std::io::stderr().is_terminal(),
            state: Arc::default(),
            drawer: Mutex::new(None),
        }
    }
}

fn draw(label: &str, state: &State, total: usize, start: Instant) {
    let done = state.done.load(Ordering::Relaxed).min(total);
    let frac = if total > 0 {
        done as f64 / total as f64
    } else {
        1.0
    };
    let width = 30;
    let filled = (frac * width as f64) as usize;
    let mut err = std::io::stderr().lock();
    let _ = write!(
        err,
        "\r{label} [{}{}] {:>3.0}% {done}/{total} runs {:.1}s ",
        "#".repeat(filled),
        ".".repeat(width - filled),
        frac * 100.0,
        start.elapsed().as_secs_f64()
    );
    let _ = err.flush();
}

impl Observer for ProgressBar {
    fn start(&self, phase: &str, total: usize) {
        if !self.shown {
            return;
        }
        self.state.done.store(0, Ordering::Relaxed);
        self.state.finished.store(false, Ordering::Relaxed);
        let (state, label, start) = (Arc::clone(&self.state), phase.to_string(), Instant::now());
        let handle = std::thread::spawn(move || {
            while !state.finished.load(Ordering::Relaxed) {
                draw(&label, &state, total, start);
                std::thread::sleep(Duration::from_millis(100));
            }
            draw(&label, &state, total, start);
            let _ = writeln!(std::io::stderr());
        });
        if let Ok(mut d) = self.drawer.lock() {
            *d = Some(handle);
        }
    }

    fn advance(&self, runs: usize) {
        if self.shown {
            self.state.done.fetch_add(runs, Ordering::Relaxed);
        }
    }

    fn finish(&self) {
        self.state.finished.store(true, Ordering::Relaxed);
        let handle = self.drawer.lock().ok().and_then(|mut d| d.take());
        if let Some(h) = handle {
            let _ = h.join();
        }
    }
}
