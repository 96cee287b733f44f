//! The limits of `[process]`: the quota (a competition needs one), the caps
//! per registry column value and the top grade's share.

use super::Problems;
use crate::process::spec::{Kind, ProcessSpec};

pub(super) fn check(spec: &ProcessSpec, problems: &mut Problems) {
    if spec.kind == Kind::Competition && spec.quota.is_none() {
        problems.error(
            "process.quota",
            String::new(),
            "a competition needs a quota",
        );
    }
    if spec.quota == Some(0) {
        problems.error("process.quota", "0", "the quota must be at least 1");
    }
    for (col, &cap) in &spec.caps {
        if cap == 0 {
            problems.error(
                format!("process.caps.{col}"),
                "0",
                "a cap must be at least 1",
            );
        }
    }
    if let Some(s) = spec.top_grade_share {
        if !(s > 0.0 && s <= 1.0) {
            problems.error(
                "process.top_grade_share",
                s.to_string(),
                "expected a share in (0, 1]",
            );
        }
    }
}
