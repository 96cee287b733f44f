//! The words of screening (issue 18): why a unit was left out when it was
//! not for its data availability (a low share of non-zero values, a forced
//! exclusion), one language at a time.

catalogue! {
    /// A reason: (Chinese, English); `{0}` takes the share in percent.
    ScreenWords {
        Zeros => ("非零值占比 {0}%，低于阈值", "share of non-zero values {0}%, below the threshold"),
        Excluded => ("框架指定排除", "excluded by name in the framework"),
    }
}

one_language!(ScreenWords);
