//! The columns of the data files: each one's CSV name and its Chinese
//! name (the workbook's headers are `中文 english`), and what its numbers
//! measure (`Measure`: a count, a rank, a fraction, a score...), from which
//! the workbook chooses each column's number format.

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
        FormulaZh => ("formula_zh", "计算式（中文）"),
        MissingReasonZh => ("missing_reason_zh", "缺失原因（中文）"),
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
        NUsed => ("n_used", "采用评分数"),
        ScoresUsed => ("scores_used", "采用的评分"),
        Trimmed => ("trimmed", "去掉的评分"),
        NExcluded => ("n_excluded", "回避评分数"),
        ScoresExcluded => ("scores_excluded", "回避的评分"),
        Consensus => ("consensus", "共识分"),
        Standardised => ("standardised", "标准化评分"),
        PanelScore => ("panel_score", "专家评分"),
        Flag => ("flag", "标记"),
        Reviewer => ("reviewer", "专家编号"),
        Score => ("score", "评分"),
        Detail => ("detail", "详情"),
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
        Node => ("node", "节点"),
        NodeNameZh => ("node_name_zh", "节点名称"),
        NodeNameEn => ("node_name_en", "节点英文名称"),
        Child => ("child", "下级节点"),
        Kind => ("kind", "类型"),
        Method => ("method", "方法"),
        Subjective => ("subjective", "主观权重"),
        Objective => ("objective", "客观权重"),
        Share => ("share", "主观权重占比"),
        Weight => ("weight", "权重"),
        Points => ("points", "分值"),
        AhpLambdaMax => ("ahp_lambda_max", "AHP最大特征根"),
        AhpCi => ("ahp_ci", "AHP一致性指标CI"),
        AhpCr => ("ahp_cr", "AHP一致性比率CR"),
        Spearman => ("spearman", "斯皮尔曼相关系数"),
        KendallTauB => ("kendall_tau_b", "肯德尔τ-b"),
        ClustersMoved => ("clusters_moved", "名次变动集群数"),
        MaxRankShift => ("max_rank_shift", "最大名次变动"),
        NominalRank => ("nominal_rank", "正式排名"),
        MedianRank => ("median_rank", "排名中位数"),
        P05Rank => ("p05_rank", "排名5%分位"),
        P95Rank => ("p95_rank", "排名95%分位"),
        MeanRank => ("mean_rank", "平均排名"),
        PSelected => ("p_selected", "入选概率"),
        Choice => ("choice", "不确定选择"),
        Varies => ("varies", "变动范围"),
        FirstOrder => ("first_order", "一阶效应指数"),
        FirstOrderLow => ("first_order_low", "一阶效应下限"),
        FirstOrderHigh => ("first_order_high", "一阶效应上限"),
        TotalLow => ("total_low", "总效应下限"),
        TotalHigh => ("total_high", "总效应上限"),
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
        Uscc => ("uscc", "统一社会信用代码"),
        Claims => ("claims", "申报集群数"),
        Policy => ("policy", "处理规则"),
        Check => ("check", "检查项"),
        Period => ("period", "期间"),
        Reference => ("reference", "参照"),
        ReferenceValue => ("reference_value", "参照值"),
        Column => ("column", "列"),
        MessageZh => ("message_zh", "说明"),
        MessageEn => ("message_en", "英文说明"),
        Standing => ("standing", "当前等次或状态"),
        StandingZh => ("standing_zh", "当前等次或状态（中文）"),
        DecidedScore => ("decided_score", "评定得分"),
        TargetZh => ("target_zh", "整改目标（中文）"),
        Gap => ("gap", "差距（分）"),
        Plan => ("plan", "整改方案"),
        Fewest => ("fewest", "已证明指标数最少"),
        PlanTotal => ("plan_total", "按方案重新评定得分"),
        WeakRank => ("weak_rank", "薄弱指标位次"),
        MedianPoints => ("median_points", "得分中位数"),
        Shortfall => ("shortfall", "低于中位数（分）"),
        Submitted => ("submitted", "填报指标值"),
        Planned => ("planned", "方案指标值"),
        ChangePct => ("change_pct", "变化(%)"),
        Limit => ("limit", "合理变化上限"),
        FieldCurrent => ("field_current", "数据项当期值"),
        FieldNeeded => ("field_needed", "数据项所需值"),
        FieldTarget => ("field_target", "数据项目标值"),
        ShareNeeded => ("share_needed", "所需目标完成度"),
        ProgressNeeded => ("progress_needed", "所需目标进度"),
    }
}

catalogue! {
    /// A column named in one table by the CSV name of another key but
    /// about something else, so with its own Chinese name: a child node's
    /// or a field's `name_zh` is not a cluster's 集群名称, the Sobol total
    /// effect's `total` is not a cluster's 总分.
    Alias {
        ItemNameZh => ("name_zh", "名称"),
        FieldNameZh => ("name_zh", "数据项名称"),
        FieldNameEn => ("name_en", "数据项英文名称"),
        TotalEffect => ("total", "总效应指数"),
        EnterpriseName => ("name", "企业名称"),
        FindingSeverity => ("severity", "级别"),
        RectifyTarget => ("target", "整改目标"),
        PointsEarned => ("points", "得分"),
    }
}

/// What the numbers of a column are. Declared per column (never guessed
/// from the values); the workbook shows each kind in its own format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Text, or numbers of mixed units (an indicator's value): no format
    /// of its own.
    General,
    /// How many of something: whole numbers with thousands separators.
    Count,
    /// A place in an order (a rank, a row number): a whole number.
    Ordinal,
    /// A share of one (a probability, a progress, a relative difference):
    /// shown as a percentage.
    Fraction,
    /// Points of the framework or of a panel: at the display decimals.
    Score,
    /// A quantity in a unit (亿元, 家, %/yr): two decimals with thousands
    /// separators.
    Amount,
    /// A p-value.
    PValue,
    /// A coefficient or index (a weight, a correlation, a Sobol index).
    Index,
}

impl Alias {
    /// The column's name in CSV files.
    pub const fn id(self) -> &'static str {
        self.pair().0
    }

    /// Its Chinese name in this table.
    pub const fn zh(self) -> &'static str {
        self.pair().1
    }

    pub const fn measure(self) -> Measure {
        match self {
            Alias::TotalEffect => Measure::Index,
            Alias::PointsEarned => Measure::Score,
            _ => Measure::General,
        }
    }
}

impl Col {
    /// What the column's numbers are (General for text columns).
    pub const fn measure(self) -> Measure {
        use Measure::*;
        match self {
            Col::Rank | Col::Row | Col::NominalRank | Col::MedianRank | Col::P05Rank => Ordinal,
            Col::P95Rank => Ordinal,
            Col::NUsed | Col::NExcluded | Col::Scored | Col::Excluded | Col::Outliers => Count,
            Col::Clusters | Col::Reviewers | Col::Df | Col::ClustersMoved => Count,
            Col::MaxRankShift | Col::Listed | Col::Counted | Col::Rejected => Count,
            Col::Shared | Col::Claims => Count,
            Col::Total | Col::IndicatorScore | Col::FinalScore | Col::PanelScore => Score,
            Col::Consensus | Col::Standardised | Col::Score | Col::MeanScore => Score,
            Col::Contribution | Col::NormalisedScore => Score,
            Col::PSelected | Col::Progress | Col::Elapsed | Col::RelativeDifference => Fraction,
            Col::Tolerance => Fraction,
            Col::Baseline | Col::Current | Col::Target | Col::Declared | Col::Derived => Amount,
            Col::Difference | Col::CagrPct | Col::RequiredCagrPct => Amount,
            Col::Points | Col::PointsMax => Amount,
            Col::PValue => PValue,
            Col::KendallW | Col::Chi2 | Col::Severity | Col::Subjective | Col::Objective => Index,
            Col::Share | Col::Weight | Col::AhpLambdaMax | Col::AhpCi | Col::AhpCr => Index,
            Col::Spearman | Col::KendallTauB | Col::MeanRank | Col::FirstOrder => Index,
            Col::FirstOrderLow | Col::FirstOrderHigh | Col::TotalLow | Col::TotalHigh => Index,
            Col::ProgressVsElapsed => Index,
            Col::DecidedScore | Col::Gap | Col::PlanTotal | Col::MedianPoints => Score,
            Col::Shortfall => Score,
            Col::WeakRank => Ordinal,
            Col::ChangePct => Amount,
            Col::ShareNeeded | Col::ProgressNeeded => Fraction,
            _ => General,
        }
    }

    /// The column's name in CSV files.
    pub const fn id(self) -> &'static str {
        self.pair().0
    }

    /// The Chinese name shown beside it in the workbook (the units'
    /// word of the round, `unit`).
    pub fn zh(self) -> &'static str {
        super::unit::relabel(self.pair().1, super::Lang::Zh)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_has_a_chinese_name() {
        for c in Col::ALL {
            assert!(!c.zh().is_empty(), "{c:?} ({}) has no Chinese name", c.id());
            assert!(
                c.zh().chars().any(|ch| ch as u32 >= 0x4e00),
                "{c:?}: {}",
                c.zh()
            );
        }
        for a in Alias::ALL {
            assert!(!a.zh().is_empty(), "{a:?}");
        }
    }

    #[test]
    fn aliases_rename_a_catalogue_column_or_a_fixed_one() {
        // Each alias names a CSV column that exists under another key,
        // with a different Chinese name.
        for a in Alias::ALL {
            let c = Col::ALL.iter().find(|c| c.id() == a.id());
            let c = c.unwrap_or_else(|| panic!("{a:?}: no column {}", a.id()));
            assert_ne!(c.zh(), a.zh(), "{a:?}");
        }
        assert_eq!(Alias::TotalEffect.zh(), "总效应指数");
        assert_ne!(Alias::TotalEffect.zh(), Col::Total.zh());
    }

    #[test]
    fn measures_are_declared_by_what_a_column_holds() {
        assert_eq!(Col::Rank.measure(), Measure::Ordinal);
        assert_eq!(Col::Listed.measure(), Measure::Count);
        assert_eq!(Col::PSelected.measure(), Measure::Fraction);
        assert_eq!(Col::Total.measure(), Measure::Score);
        assert_eq!(Col::Declared.measure(), Measure::Amount);
        assert_eq!(Col::PValue.measure(), Measure::PValue);
        assert_eq!(Col::NameZh.measure(), Measure::General);
        assert_eq!(Alias::TotalEffect.measure(), Measure::Index);
    }
}
