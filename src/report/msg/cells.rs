//! The words of a changed input (issue 17): a cell, a row, a setting or a
//! file that differs between two versions of an input, one language at a
//! time (`archive::cells::describe_in`).

catalogue! {
    /// A line of a change list: (Chinese, English); `{N}` takes argument N.
    CellWords {
        Cell => ("{0}，第 {1} 行，{2} 列：{3} → {4}", "{0}, row {1}, column {2}: {3} → {4}"),
        RowAdded => ("{0}，第 {1} 行：新增行：{2}", "{0}, row {1}: row added: {2}"),
        RowRemoved => ("{0}：原第 {1} 行已删除：{2}", "{0}: row {1} of the earlier version removed: {2}"),
        Setting => ("{0}：设置 {1}：{2} → {3}", "{0}: setting {1}: {2} → {3}"),
        FileAdded => ("{0}：新增文件", "{0}: file added"),
        FileRemoved => ("{0}：文件已删除", "{0}: file removed"),
        Binary => ("{0}：内容已改变，未逐格比较（不是可读取的表格或设置文件，或大于 64 兆字节；内容摘要 {1} → {2}）", "{0}: content changed, not compared cell by cell (not a table or settings file that could be read, or larger than 64 MiB; SHA-256 {1} → {2})"),
        Blank => ("（空）", "(blank)"),
        Unset => ("（未设置）", "(not set)"),
        More => ("……另有 {0} 处改动", "... and {0} more"),
    }
}

one_language!(CellWords);
