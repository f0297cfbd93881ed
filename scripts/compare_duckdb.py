#!/usr/bin/env python3
"""The DuckDB side of the benchmark: from a twarc-csv export, compute only the peak hour, the
number of unique authors and the brand's median first-response time (what casebook reports among
much else). Mentions are counted once per id, as casebook does.

Usage: compare_duckdb.py EXPORT.csv BRAND_HANDLE...
"""
import sys
import time

import duckdb


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    path, brands = sys.argv[1], [h.lstrip("@").lower() for h in sys.argv[2:]]
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute(
        """
        CREATE TEMP TABLE m AS
        SELECT DISTINCT ON (id)
            id,
            "author.username" AS author,
            CAST(left(created_at, 19) AS TIMESTAMP) AS ts,
            "referenced_tweets.replied_to.id" AS parent
        FROM read_csv(?, header = true, all_varchar = true)
        """,
        [path],
    )
    peak_hour, peak_count = con.execute(
        "SELECT date_trunc('hour', ts), count(*) FROM m GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1"
    ).fetchone()
    authors = con.execute("SELECT count(DISTINCT author) FROM m").fetchone()[0]
    median_seconds = con.execute(
        """
        SELECT median(delay) FROM (
            SELECT p.id, min(epoch(r.ts) - epoch(p.ts)) AS delay
            FROM m r JOIN m p ON r.parent = p.id
            WHERE lower(r.author) IN (SELECT unnest(?)) AND lower(p.author) NOT IN (SELECT unnest(?))
            GROUP BY p.id
        )
        """,
        [brands, brands],
    ).fetchone()[0]
    elapsed = time.perf_counter() - started
    print(
        f"duckdb {duckdb.__version__}: peak hour {peak_hour:%Y-%m-%dT%H:00Z} ({peak_count} mentions), "
        f"{authors} unique authors, brand median response {median_seconds / 60:.1f} min; {elapsed:.2f} s"
    )


if __name__ == "__main__":
    main()
