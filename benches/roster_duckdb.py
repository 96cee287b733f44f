#!/usr/bin/env python3
"""The roster work of `cluster-eval roster`, done with DuckDB (SQL).

- read: `read_csv` with the file's columns and their types given up front
  (numbers DOUBLE, everything else VARCHAR, no sniffing), only the columns
  used selected, into an in-memory table (its rowid is the row order);
- validate: every cluster cell in the registry (none blank), every flag
  cell yes/no (the engine's spellings, classified on the distinct values
  and applied as a CASE), no negative, NaN or infinite number, every
  credit code checked in SQL (GB 32100-2015: 18 characters of the
  alphabet, digits in positions 3-8, the check character from the 17
  character values and weights); a code of another length than 18 bytes
  goes through the exact port in roster_peers.py (a code with spaces around
  it can still be valid). A cluster's repeated listing of a code: the first
  row counts, the repeat is rejected; a code claimed by several clusters:
  the framework's duplicate policy;
- aggregate: one GROUP BY cluster of every derived field (count / sum /
  ratio / weighted count with its conditions), then the declared-vs-
  derived comparison (roster_peers.py).

    python3 benches/roster_duckdb.py ROUND --out RESULT.json

With ROSTER_PROFILE=1 in the environment, prints the time of each statement.
"""

import os
import sys
import time

import duckdb

from roster_peers import ALPHABET, WEIGHTS, Refused, derived_values, peer_main, uscc_valid


def q(s: str) -> str:
    """A SQL string literal."""
    return "'" + s.replace("'", "''") + "'"


def ident(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def code_values() -> str:
    """v1 ... v18: the value of each character of u (the code in upper
    case) in the alphabet, -1 for a character not in it."""
    return ", ".join(f"instr({q(ALPHABET)}, u[{i + 1}]) - 1 AS v{i + 1}" for i in range(18))


CODE_RE = "(?i)[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}"


def code_sql() -> str:
    """valid: the GB 32100-2015 check: 18 characters of the alphabet (upper
    or lower case, ASCII as written: upper() could turn a ligature into
    ASCII letters), digits in positions 3-8, and the check character from
    v1 ... v18."""
    weighted = " + ".join(f"v{i + 1} * {w}" for i, w in enumerate(WEIGHTS))
    return f"coalesce(regexp_full_match(uscc, {q(CODE_RE)}) AND (31 - ({weighted}) % 31) % 31 = v18, false)"


def condition(cond) -> str:
    if cond[0] == "flag":
        return ident(cond[1]) if cond[2] else f"NOT {ident(cond[1])}"
    _, column, op, v = cond
    return f"coalesce({ident(column)} {'=' if op == '==' else op} {v!r}, false)"


def sum_where(value: str, where) -> str:
    if not where:
        return f"sum({value})"
    return f"sum(CASE WHEN {' AND '.join(condition(c) for c in where)} THEN {value} ELSE 0::DOUBLE END)"


def aggregations(d) -> list[str]:
    num = lambda c: f"coalesce({ident(c)}, 0::DOUBLE)"
    i, w = d["id"], d["where"]
    if d["derive"] == "count":
        return [f"{sum_where('1::DOUBLE', w)} AS {ident(i)}"]
    if d["derive"] == "sum":
        return [f"{sum_where(num(d['of']), w)} AS {ident(i)}"]
    if d["derive"] == "ratio":
        return [f"{sum_where(num(d['numerator']), w)} AS {ident(i + '__num')}",
                f"{sum_where(num(d['denominator']), w)} AS {ident(i + '__den')}"]
    weighted = " + ".join(f"{ident(c)}::DOUBLE * {x!r}" for c, x in d["weights"])
    return [f"{sum_where(weighted, w)} AS {ident(i)}"]


def work(rnd, t):
    n_clusters = len(rnd.clusters)
    con = duckdb.connect()
    def profiled(sql):
        t = time.perf_counter()
        out = con.execute(sql)
        print(f"{time.perf_counter() - t:7.3f} s  {sql[:90]}", file=sys.stderr)
        return out

    x = profiled if os.environ.get("ROSTER_PROFILE") else con.execute
    # ---- read
    t0 = time.perf_counter()
    by_header = {rnd.headers[c]: c for c in rnd.used}
    types = ", ".join(f"{q(h)}: {q('DOUBLE' if by_header.get(h) in rnd.numbers else 'VARCHAR')}"
                      for h in rnd.header)
    select = ", ".join(f"{ident(rnd.headers[c])} AS {ident(c)}" for c in rnd.used)
    try:
        x(f"CREATE TABLE r AS SELECT {select} FROM read_csv({q(rnd.roster)}, header = true, "
          f"auto_detect = false, delim = ',', quote = '\"', escape = '\"', columns = {{{types}}})")
    except duckdb.Error as e:
        raise Refused(f"the roster cannot be read as typed (a number that is not one?): {e}") from e
    t1 = time.perf_counter()
    t["read_s"] = t1 - t0

    # ---- validate
    rows = x("SELECT count(*) FROM r").fetchone()[0]
    cmap = rnd.cluster_map([v for (v,) in x("SELECT DISTINCT cluster FROM r").fetchall()])
    x("CREATE TABLE cmap (raw VARCHAR, ci INTEGER)")
    x("INSERT INTO cmap SELECT * FROM (VALUES " + ", ".join(f"({q(k)}, {i})" for k, i in cmap.items()) + ")")
    cols = ["r.rowid AS rid", "cmap.ci", "uscc", "upper(uscc) AS u"] + [ident(c) for c in rnd.numbers]
    for c in rnd.flags:
        fmap = rnd.flag_map(c, [v for (v,) in x(f"SELECT DISTINCT {ident(c)} FROM r").fetchall()])
        whens = " ".join(f"WHEN {q(k)} THEN {str(b).lower()}" for k, b in fmap.items() if k is not None)
        cols.append(f"(CASE {ident(c)} {whens} ELSE false END) AS {ident(c)}" if whens else f"false AS {ident(c)}")
    if rnd.numbers:
        checks = ", ".join(f"count(*) FILTER ({ident(c)} < 0), count(*) FILTER (NOT isfinite({ident(c)}))"
                           for c in rnd.numbers)
        found = x(f"SELECT {checks} FROM r").fetchone()
        for k, c in enumerate(rnd.numbers):
            rnd.number_problems(c, found[2 * k], found[2 * k + 1])
    values = ", ".join(f"v{i + 1}" for i in range(18))
    x(f"CREATE TABLE v AS SELECT * EXCLUDE (uscc, {values}), {code_sql()} AS valid FROM "
      f"(SELECT *, {code_values()} FROM (SELECT {', '.join(cols)} FROM r JOIN cmap ON r.cluster = cmap.raw))")
    off = x("SELECT r.rowid, uscc FROM r WHERE strlen(uscc) IS DISTINCT FROM 18").fetchall()
    if off:
        # Codes of another length than 18 bytes: the exact check, row by row.
        fixed = [(k, uscc_valid(raw)) for k, raw in off]
        x("CREATE TABLE off (rid BIGINT, code VARCHAR)")
        x("INSERT INTO off VALUES " + ", ".join(f"({k}, {q(c) if c else 'NULL'})" for k, c in fixed))
        x("UPDATE v SET valid = off.code IS NOT NULL, u = off.code FROM off WHERE v.rid = off.rid")
    x("DROP TABLE r")
    # Codes listed more than once (few): their rows, and per code and
    # cluster the first row (the one that counts) and how many.
    x("CREATE TABLE multi AS SELECT rid, u, ci FROM v WHERE valid AND u IN "
      "(SELECT u FROM v WHERE valid GROUP BY u HAVING count(*) > 1)")
    x("CREATE TABLE k AS SELECT u, ci, min(rid) AS first, count(*) AS n FROM multi GROUP BY u, ci")
    x("CREATE TABLE shared AS SELECT u FROM k GROUP BY u HAVING count(*) > 1")
    duplicates = x("SELECT count(*) FROM shared").fetchone()[0]
    if rnd.policy == "fail" and duplicates:
        raise Refused(f"{duplicates} enterprises claimed by several clusters; the policy is fail")
    drop = "SELECT rid FROM multi WHERE rid NOT IN (SELECT first FROM k)"
    if rnd.policy == "none":
        drop += " UNION ALL SELECT first FROM k WHERE u IN (SELECT u FROM shared)"
    x(f"CREATE VIEW kept AS SELECT * FROM v WHERE valid AND rid NOT IN ({drop})")

    def per_cluster(sql):
        out = [0] * n_clusters
        for i, n in x(sql).fetchall():
            out[i] += int(n)
        return out

    listed = per_cluster("SELECT ci, count(*) FROM v GROUP BY ci")
    rejected_rows = per_cluster("SELECT ci, count(*) FILTER (NOT valid) FROM v GROUP BY ci "
                                "UNION ALL SELECT ci, sum(n - 1) FROM k GROUP BY ci")
    counted = per_cluster("SELECT ci, count(*) FROM kept GROUP BY ci")
    t2 = time.perf_counter()
    t["validate_s"] = t2 - t1

    # ---- aggregate
    aggs = ", ".join(e for d in rnd.fields for e in aggregations(d))
    res = x(f"SELECT ci, {aggs} FROM kept GROUP BY ci")
    names = [c[0] for c in res.description]
    values = {}
    for row in res.fetchall():
        derived_values(rnd, dict(zip(names, row)), values)
    t["aggregate_s"] = time.perf_counter() - t2
    counts = dict(rows=rows, rejected=sum(rejected_rows), duplicates=duplicates)
    clusters = dict(listed=listed, counted=counted, rejected_rows=rejected_rows)
    return counts, clusters, values


if __name__ == "__main__":
    sys.exit(peer_main("DuckDB", duckdb.__version__, work))
