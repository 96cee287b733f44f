//! Every word a report shows, in Chinese and English, under typed keys.
//!
//! `Msg` holds the labels, headings and sentences of the Markdown, HTML and
//! XLSX reports (`Msg::Ranking.text(Lang::En)`); sentences with numbers in
//! them hold `{}` placeholders that `Msg::fill` replaces in order. `Col`
//! holds the column names of the data files with their Chinese names (the
//! workbook's headers). Nothing here formats numbers or knows a file format.

/// Language of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Pick the text of this language, falling back to the other.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh if !zh.is_empty() => zh,
            Lang::En if !en.is_empty() => en,
            _ if !zh.is_empty() => zh,
            _ => en,
        }
    }
}

/// An enum of keys, each with two texts, and the function that gives them.
macro_rules! catalogue {
    ($(#[$meta:meta])* $name:ident { $($key:ident => ($a:expr, $b:expr),)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($key,)*
        }

        impl $name {
            /// Every key, in catalogue order.
            #[cfg(test)]
            const ALL: &'static [$name] = &[$($name::$key,)*];

            const fn pair(self) -> (&'static str, &'static str) {
                match self {
                    $($name::$key => ($a, $b),)*
                }
            }
        }
    };
}

catalogue! {
    /// A column of a data file: its name (the CSV header) and Chinese name.
    Col {
        Rank => ("rank", "排名"),
        ClusterId => ("cluster_id", "集群编号"),
        NameZh => ("name_zh", "集群名称"),
        NameEn => ("name_en", "英文名称"),
        City => ("city", "城市"),
        Track => ("track", "赛道"),
        Total => ("total", "总分"),
        Grade => ("grade", "等次"),
        GradeZh => ("grade_zh", "等次（中文）"),
        Tied => ("tied", "并列"),
        TieNote => ("tie_note", "同分说明"),
        IndicatorId => ("indicator_id", "指标编号"),
        IndicatorZh => ("indicator_zh", "指标名称"),
        Dimension => ("dimension", "维度"),
        Rule => ("rule", "评分规则"),
        RawValue => ("raw_value", "填报值"),
        SubmittedUnit => ("submitted_unit", "填报单位"),
        Conversion => ("conversion", "换算系数"),
        ConvertedValue => ("converted_value", "换算后数值"),
        Source => ("source", "来源"),
        CellReading => ("cell_reading", "单元格读取"),
        Value => ("value", "指标值"),
        Formula => ("formula", "计算式"),
        MissingReason => ("missing_reason", "缺失原因"),
        Imputed => ("imputed", "是否插补"),
        Imputation => ("imputation", "插补方法"),
        ImputedValue => ("imputed_value", "插补后数值"),
        Treatment => ("treatment", "异常值处理"),
        TreatedValue => ("treated_value", "处理后数值"),
        Transforms => ("transforms", "变换"),
        TransformedValue => ("transformed_value", "变换后数值"),
        NormalisedScore => ("normalised_score", "标准化得分"),
        PointsMax => ("points_max", "满分"),
        Contribution => ("contribution", "得分"),
        File => ("file", "文件"),
        Row => ("row", "行"),
        Reason => ("reason", "说明"),
        Content => ("content", "内容"),
        Status => ("status", "状态"),
        StatusZh => ("status_zh", "状态（中文）"),
        StageReached => ("stage_reached", "到达环节"),
        IndicatorScore => ("indicator_score", "指标得分"),
        FinalScore => ("final_score", "最终得分"),
        GradeNote => ("grade_note", "等次说明"),
        History => ("history", "历次等次"),
        Outcome => ("outcome", "处理结果"),
        OutcomeZh => ("outcome_zh", "处理结果（中文）"),
        OutcomeReason => ("outcome_reason", "处理依据"),
        Stage => ("stage", "环节"),
        NUsed => ("n_used", ""),
        ScoresUsed => ("scores_used", ""),
        Trimmed => ("trimmed", ""),
        NExcluded => ("n_excluded", ""),
        ScoresExcluded => ("scores_excluded", ""),
        Consensus => ("consensus", ""),
        Standardised => ("standardised", ""),
        PanelScore => ("panel_score", ""),
        Flag => ("flag", ""),
        Reviewer => ("reviewer", "专家编号"),
        Score => ("score", ""),
        Detail => ("detail", ""),
        Name => ("name", "姓名"),
        Employer => ("employer", "工作单位"),
        Tracks => ("tracks", "评审赛道"),
        Scored => ("scored", "评分数"),
        Excluded => ("excluded", "回避数"),
        MeanScore => ("mean_score", "平均分"),
        Severity => ("severity", "评分尺度"),
        Outliers => ("outliers", "偏离评分数"),
        Clusters => ("clusters", "集群数"),
        Reviewers => ("reviewers", "专家数"),
        ReviewerIds => ("reviewer_ids", "专家"),
        LeftOut => ("left_out", "未计入专家"),
        KendallW => ("kendall_w", "肯德尔和谐系数W"),
        Chi2 => ("chi2", "卡方"),
        Df => ("df", "自由度"),
        PValue => ("p_value", "p值"),
        Node => ("node", ""),
        NodeNameZh => ("node_name_zh", ""),
        NodeNameEn => ("node_name_en", ""),
        Child => ("child", ""),
        Kind => ("kind", ""),
        Method => ("method", ""),
        Subjective => ("subjective", ""),
        Objective => ("objective", ""),
        Share => ("share", ""),
        Weight => ("weight", ""),
        Points => ("points", ""),
        AhpLambdaMax => ("ahp_lambda_max", ""),
        AhpCi => ("ahp_ci", ""),
        AhpCr => ("ahp_cr", ""),
        Spearman => ("spearman", ""),
        KendallTauB => ("kendall_tau_b", ""),
        ClustersMoved => ("clusters_moved", ""),
        MaxRankShift => ("max_rank_shift", ""),
        NominalRank => ("nominal_rank", ""),
        MedianRank => ("median_rank", ""),
        P05Rank => ("p05_rank", ""),
        P95Rank => ("p95_rank", ""),
        MeanRank => ("mean_rank", ""),
        PSelected => ("p_selected", ""),
        Choice => ("choice", ""),
        Varies => ("varies", ""),
        FirstOrder => ("first_order", ""),
        FirstOrderLow => ("first_order_low", ""),
        FirstOrderHigh => ("first_order_high", ""),
        TotalLow => ("total_low", ""),
        TotalHigh => ("total_high", ""),
        Field => ("field", "数据项"),
        Unit => ("unit", "单位"),
        Direction => ("direction", "方向"),
        Baseline => ("baseline", "基期值"),
        Current => ("current", "当期值"),
        Target => ("target", "目标值"),
        Progress => ("progress", "进度"),
        Elapsed => ("elapsed", "时间进度"),
        ProgressVsElapsed => ("progress_vs_elapsed", "进度/时间进度"),
        CagrPct => ("cagr_pct", "年均增速(%)"),
        RequiredCagrPct => ("required_cagr_pct", "所需年均增速(%)"),
        Derivation => ("derivation", "计算方式"),
        Declared => ("declared", "申报值"),
        Derived => ("derived", "名录值"),
        Difference => ("difference", "差值"),
        RelativeDifference => ("relative_difference", "相对差"),
        Tolerance => ("tolerance", "容差"),
        WithinTolerance => ("within_tolerance", "在容差内"),
        ScoredFigure => ("scored_figure", "采用"),
        Note => ("note", "备注"),
        Listed => ("listed", "名录行数"),
        Counted => ("counted", "计入企业数"),
        Rejected => ("rejected", "被拒行数"),
        Shared => ("shared", "共享企业数"),
        Uscc => ("uscc", ""),
        Claims => ("claims", ""),
        Policy => ("policy", ""),
        Check => ("check", "检查项"),
        Period => ("period", "期间"),
        Reference => ("reference", "参照"),
        ReferenceValue => ("reference_value", "参照值"),
        Column => ("column", "列"),
        MessageZh => ("message_zh", "说明"),
        MessageEn => ("message_en", "英文说明"),
    }
}

impl Col {
    /// The column's name in CSV files.
    pub const fn id(self) -> &'static str {
        self.pair().0
    }

    /// The Chinese name shown beside it in the workbook ("" for none).
    pub const fn zh(self) -> &'static str {
        self.pair().1
    }
}

catalogue! {
    /// A text of the reports: (Chinese, English).
    Msg {
        // The round.
        Synthetic => (
            "合成数据，仅供演示，不是官方结果。",
            "Synthetic data for demonstration, not official results."
        ),
        SyntheticShort => ("合成数据，仅供演示", "Synthetic data, for demonstration only"),
        Framework => ("指标体系", "Framework"),
        Years => ("基期 / 当期 / 目标", "Baseline / current / target"),
        Clusters => ("参评集群", "Clusters"),
        Chain => ("同分排序", "Tie-break chain"),
        Generated => (
            "由 cluster-eval 生成；每个数值的来源见 trace.csv、scores.json。",
            "Generated by cluster-eval; every number is traced in trace.csv and scores.json."
        ),
        ListSeparator => ("，", ", "),
        Nothing => ("无", "None"),
        // Ranking and charts.
        Ranking => ("排名", "Ranking"),
        Sort => ("点击表头排序", "Click a column header to sort"),
        Rank => ("排名", "Rank"),
        Id => ("ID", "ID"),
        Cluster => ("集群", "Cluster"),
        Name => ("名称", "Name"),
        City => ("城市", "City"),
        Track => ("赛道", "Track"),
        Total => ("总分", "Total"),
        Grade => ("等次", "Grade"),
        Bars => ("维度得分", "Dimension subtotals"),
        Heatmap => ("指标标准化得分热力图", "Normalised indicator scores"),
        // Scorecards and the trace.
        Cards => ("集群评分卡", "Scorecards"),
        Radar => (
            "各节点得分率（实线）与全体中位数（虚线）",
            "Node scores as % of maximum (solid) against the cohort median (dashed)"
        ),
        Median => ("中位数", "median"),
        Indicator => ("指标", "Indicator"),
        Value => ("指标值", "Value"),
        Normalised => ("标准化得分", "Normalised"),
        Points => ("得分 / 满分", "Points / max"),
        Trace => ("追溯", "Trace"),
        Submitted => ("填报", "Submitted"),
        Source => ("来源", "Source"),
        Formula => ("计算", "Formula"),
        Missing => ("缺失", "Missing"),
        Imputation => ("插补", "Imputation"),
        Treatment => ("异常值处理", "Outlier treatment"),
        Transforms => ("变换", "Transforms"),
        Rule => ("评分规则", "Rule"),
        // The process.
        Decisions => ("评审结果", "Decisions"),
        Status => ("状态", "Status"),
        Final => ("最终得分", "Final score"),
        Notes => ("说明", "Notes"),
        Outcome => ("处理结果", "Outcome"),
        Reviewers => ("评审专家", "Reviewers"),
        Conflicts => ("回避（已剔除的评分）", "Conflicts of interest (scores excluded)"),
        Outliers => ("偏离评分", "Scores far from the panel"),
        Agreement => ("评分一致性（肯德尔和谐系数 W）", "Panel agreement (Kendall's W)"),
        Stage => ("环节", "Stage"),
        // Mid-term progress.
        MidtermProgress => ("中期进度", "Mid-term progress"),
        ProgressIntro => (
            "进度 p = (当期 − 基期) / (目标 − 基期)，与时间进度 e 比较：p ≥ e 为进度正常。",
            "Progress p = (current − baseline) / (target − baseline), against the elapsed share e of the period: p ≥ e is on track."
        ),
        Baseline => ("基期", "Baseline"),
        Current => ("当期", "Current"),
        Target => ("目标", "Target"),
        Progress => ("进度", "Progress"),
        ProgressVsElapsed => ("进度/时间", "Progress / elapsed"),
        Cagr => ("年均增速", "CAGR"),
        // Enterprise rosters.
        EnterpriseRosters => ("企业名录核验", "Enterprise rosters"),
        RosterSummary => (
            "读取 {} 行（{}）；{} 行被拒（统一社会信用代码错误或同一集群重复填报）；{} 家企业被多个集群申报（策略：{}）。",
            "{} rows read ({}); {} rejected (wrong credit code or listed twice by a cluster); {} enterprise(s) claimed by more than one cluster (policy: {})."
        ),
        Listed => ("名录行", "Listed"),
        Counted => ("计入", "Counted"),
        Rejected => ("被拒", "Rejected"),
        SharedWithOthers => ("与他集群共享", "Shared"),
        BeyondTolerance => ("申报值与名录值超出容差", "Declared vs derived beyond tolerance"),
        Field => ("数据项", "Field"),
        Declared => ("申报", "Declared"),
        Derived => ("名录", "Derived"),
        Difference => ("相差", "Difference"),
        Tolerance => ("容差", "Tolerance"),
        Scored => ("采用", "Scored"),
        ClaimedTwice => ("多个集群申报的企业", "Enterprises claimed by more than one cluster"),
        // Weights.
        Weights => ("权重", "Weights"),
        WeightsIntro => (
            "每个节点下各项的权重及其来源（分值、熵权、CRITIC、AHP 或组合）。",
            "The weight of every child of every node and where it comes from (points, entropy, CRITIC, AHP or a combination)."
        ),
        ShowWeights => ("展开权重表", "Show the weights"),
        Node => ("节点", "Node"),
        Child => ("项目", "Child"),
        Method => ("方法", "Method"),
        Subjective => ("主观", "Subjective"),
        Objective => ("客观", "Objective"),
        Share => ("主观占比", "Share"),
        Weight => ("权重", "Weight"),
        WeightPoints => ("分值", "Points"),
        // Method comparison.
        MethodsTitle => ("不同方法下的排名", "Ranks under other methods"),
        MethodsIntro => (
            "几何：加权几何平均（得分率低于 1% 按 1% 计）；TOPSIS：贴近度；熵权、CRITIC、等权：全部指标一组权重的加权和。与正式排名的 Spearman ρ 与 Kendall τ-b。",
            "geometric: weighted geometric mean (fractions below 1 % count as 1 %); topsis: closeness; entropy, critic, equal: one flat set of weights over all indicators. Spearman ρ and Kendall τ-b against the official ranking."
        ),
        ClustersMoved => ("名次变化的集群", "Clusters moved"),
        LargestShift => ("最大名次变化", "Largest shift"),
        ShowRanks => ("展开各方法名次", "Show the ranks by method"),
        // Robustness.
        RobustnessPage => ("排名稳健性分析", "Robustness of the ranking"),
        RobustnessTitle => ("排名稳健性", "Robustness of the ranking"),
        RobustnessIntro => (
            "蒙特卡洛 {} 次（种子 {}）：不确定选择随机取值后重新计算排名。入选 = 前 {} 名。平均名次变动 {}。",
            "{} Monte Carlo replications (seed {}): the ranking recomputed under random draws of the uncertain choices. Selected = in the top {}. Mean rank shift {}."
        ),
        RankIntervals => (
            "名次区间（5%–95%，圆点为中位数，菱形为正式名次）",
            "Rank intervals (5th–95th percentile; dot: median; diamond: official rank)"
        ),
        ChartShowsFirst => (
            "图中为正式名次前 {} 的集群；下表列出全部集群。",
            "The chart shows the first {} clusters by official rank; the table lists all."
        ),
        OfficialRank => ("正式名次", "Official rank"),
        MedianRank => ("中位名次", "Median rank"),
        Interval => ("5%–95% 区间", "5–95 % interval"),
        PSelected => ("入选概率", "P(selected)"),
        SobolTitle => ("敏感性指数（Sobol）", "Sensitivity indices (Sobol)"),
        SobolIntro => (
            "平均名次变动的一阶指数与总效应指数（Saltelli 抽样，Jansen 估计量，基样本 {}，共 {} 次计算，{} 次自助法 95% 区间）。",
            "First-order and total indices of the mean absolute rank shift (Saltelli sampling, Jansen estimators; base sample {}, {} runs; 95 % intervals from {} bootstrap resamples)."
        ),
        UncertainChoice => ("不确定选择", "Uncertain choice"),
        Varies => ("取值", "Varies"),
        FirstOrder => ("一阶指数 S", "First order S"),
        TotalEffect => ("总效应 ST", "Total ST"),
        // The Markdown report (bilingual: "中文 English"; a text with no
        // Chinese is shown in English only).
        PointsUnit => ("分", "points"),
        GradeLevel => ("等级", "Grade"),
        Ties => ("同分说明", "Ties"),
        Tie => ("同分", "Tie"),
        DimensionScores => ("维度得分", "Dimension scores"),
        Subtotal => ("小计", "Subtotal"),
        Strongest => ("优势指标", "Strongest"),
        Weakest => ("薄弱指标", "Weakest"),
        ValueShort => ("值", "Value"),
        ScoreShare => ("得分率", "Score"),
        PointsEarned => ("得分", "Points"),
        MissingWord => ("缺失", "missing"),
        MissingValues => ("缺失值处理", "Missing values"),
        DataNotes => ("数据说明", "Data notes"),
        ScreenedOut => ("筛除", "Screened out"),
        ScreenedNote => ("", "data availability below the threshold"),
        Skew => ("偏度", "Skew"),
        Kurtosis => ("峰度", "Kurtosis"),
        Winsorised => ("缩尾点数", "Winsorised"),
        Log => ("对数", "Log"),
        RowsNotUsed => (
            "{} 行未使用，见 rejections.csv.",
            "{} row(s) not used: see rejections.csv."
        ),
        GeneratedMd => (
            "由 cluster-eval {} 生成。每个分数的来源见 trace.csv 与 scores.json。",
            "Generated by cluster-eval {}; every score is traced in trace.csv and scores.json."
        ),
        Advance => ("晋级", "advance"),
        StandardisedAcross => ("跨赛道标准化", "standardised across tracks"),
        Quota => ("名额", "Quota"),
        Boundaries => ("名额边界与晋级", "Boundaries"),
        FinalShort => ("最终", "Final"),
        OutcomeShort => ("处理", "Outcome"),
        ConflictsShort => ("回避", "Conflicts of interest (scores excluded)"),
        PanelAgreement => ("评分一致性", "Panel agreement (Kendall's W)"),
        ClustersCount => ("集群", "Clusters"),
        ReviewersCount => ("专家", "Reviewers"),
        Without => ("", "without"),
        Severity => ("评分尺度", "Reviewer severity"),
        SeverityNote => ("", "mean of own score − panel consensus; negative = severe"),
        Reviewer => ("专家", "Reviewer"),
        Tracks => ("赛道", "Tracks"),
        ScoredCount => ("评分数", "Scored"),
        ExcludedCount => ("回避", "Excluded"),
        MeanScore => ("平均分", "Mean"),
        SeverityShort => ("尺度", "Severity"),
        OutlierCount => ("偏离", "Outliers"),
        ProgressIntroMd => (
            "进度 p = (当期 − 基期) / (目标 − 基期)，与时间进度 e 比较；p ≥ e 为进度正常。",
            "Progress p = (current − baseline) / (target − baseline), against the elapsed share e of the period; p ≥ e is on track (details: progress.csv)."
        ),
        RosterSummaryMd => (
            "{} 行（{}），{} 行被拒（代码校验或重复填报），{} 家企业被多个集群申报（策略 {}）。",
            "{} rows read from {}; {} rejected (credit code or listed twice); {} enterprise(s) claimed by more than one cluster (policy: {}). Details: roster_clusters.csv, roster_audit.csv, roster_duplicates.csv, rejections.csv."
        ),
        SharedShort => ("共享", "Shared"),
        MismatchMd => ("申报值与名录值不一致", "Declared vs derived beyond tolerance"),
        NoneLower => ("无", "none"),
        Row => ("行", "row"),
        ClaimedTwiceMd => ("重复申报", "Claimed twice"),
        // Data quality.
        DataQuality => ("数据质量", "Data quality"),
        QualityIntro => (
            "申报数据的合理性检查：超出自然范围、疑似单位错位、期间变化过大、违反一致性规则。每条结果见 data_quality.csv。",
            "Plausibility checks of the submissions: values outside their natural range, likely unit slips, changes between periods beyond the set factor, consistency rules broken. Every finding is in data_quality.csv."
        ),
        QualityNone => ("未发现问题。", "No finding."),
        CheckRange => ("超出自然范围", "Outside the natural range"),
        CheckUnitSlip => ("疑似单位错位", "Likely unit slip"),
        CheckChange => ("期间变化过大", "Change between periods beyond the factor"),
        CheckConsistency => ("违反一致性规则", "Consistency rule broken"),
        Check => ("检查项", "Check"),
        FindingCount => ("发现数", "Findings"),
        Period => ("期间", "Period"),
        Reference => ("参照", "Compared with"),
        Location => ("位置", "Location"),
        Message => ("说明", "Message"),
        // Workbook sheets.
        SheetDimensions => ("维度得分", "Dimensions"),
        SheetProgress => ("中期进度", "Progress"),
        SheetRosters => ("企业名录", "Rosters"),
        SheetDeclared => ("申报与名录", "Declared vs derived"),
        SheetMethods => ("方法比较", "Methods"),
        SheetRobustness => ("稳健性", "Robustness"),
        SheetSensitivity => ("敏感性", "Sensitivity"),
        SheetRejections => ("未用数据", "Rejections"),
        SheetAgreement => ("评分一致性", "Agreement"),
        SheetDataQuality => ("数据质量", "Data quality"),
    }
}

impl Msg {
    pub const fn text(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.pair().0,
            Lang::En => self.pair().1,
        }
    }

    /// Both texts, "中文 English", for the bilingual Markdown report.
    pub fn both(self) -> String {
        let (zh, en) = self.pair();
        format!("{zh} {en}")
    }

    /// Both texts with their `{}` filled, "中文 English".
    pub fn fill_both(self, args: &[&dyn std::fmt::Display]) -> String {
        format!(
            "{} {}",
            self.fill(Lang::Zh, args),
            self.fill(Lang::En, args)
        )
    }

    /// The text with each `{}` replaced by the next argument.
    pub fn fill(self, lang: Lang, args: &[&dyn std::fmt::Display]) -> String {
        fill(self.text(lang), args)
    }
}

fn fill(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut args = args.iter();
    let mut parts = template.split("{}");
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for part in parts {
        if let Some(a) = args.next() {
            out.push_str(&a.to_string());
        }
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_texts_take_the_same_arguments() {
        for m in Msg::ALL {
            let (zh, en) = m.pair();
            assert!(!en.is_empty(), "{m:?} has no English text");
            if !zh.is_empty() {
                assert_eq!(zh.matches("{}").count(), en.matches("{}").count(), "{m:?}");
            }
        }
    }

    #[test]
    fn column_ids_are_unique() {
        for (k, c) in Col::ALL.iter().enumerate() {
            assert!(Col::ALL[..k].iter().all(|d| d.id() != c.id()), "{c:?}");
        }
    }

    #[test]
    fn fill_and_pick() {
        assert_eq!(
            Msg::RowsNotUsed.fill_both(&[&3]),
            "3 行未使用，见 rejections.csv. 3 row(s) not used: see rejections.csv."
        );
        assert_eq!(Lang::En.pick("中", ""), "中");
        assert_eq!(Lang::Zh.pick("", "en"), "en");
    }
}
