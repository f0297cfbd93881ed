#!/usr/bin/env bash
# Whole-process benchmark (see docs/performance.md).
#
# For each size (default 100k, 1M and 3M mentions) it simulates a twarc-csv export, then times
# with /usr/bin/time -v:
#   - the floor: the csv crate alone parsing the file on one core (examples/parse_floor.rs);
#   - `casebook build` (ingest, metrics, findings, HTML and PDF);
#   - DuckDB and pandas computing only the peak hour, unique authors and the brand's median
#     response time (scripts/compare_duckdb.py, scripts/compare_pandas.py).
# Then it builds the report from a Brandwatch export of the same incident: its rows are wider
# (a url, a sentiment and a reach on each) and its memory is the higher of the two.
# It prints one Markdown table row per measurement: wall time, mentions/s, MB/s, peak RSS.
#
# Usage: scripts/bench.sh [SIZE...]      e.g. scripts/bench.sh 100000
# Environment: BENCH_DIR (default: a new temporary folder; the exports, ~0.6 KB per mention,
# are kept there and reused), SEED (default 1), SKIP_COMPARISONS=1 to skip DuckDB and pandas,
# SKIP_BRANDWATCH=1 to skip the Brandwatch export (~0.9 KB per mention), RUNS (default 1): how
# many times each measurement is run; the row gives the median and the range (this VM's timings
# vary by tens of per cent from one minute to the next, so 3 or more for figures to quote).
set -euo pipefail

cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000 3000000)
work=${BENCH_DIR:-$(mktemp -d -t casebook-bench.XXXXXX)}
seed=${SEED:-1}
runs=${RUNS:-1}
brands=(SkywaysAir SkywaysHelp)
mkdir -p "$work"

if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time (/usr/bin/time)" >&2
  apt-get install -y time >&2
fi
if [ -z "${SKIP_COMPARISONS:-}" ] && ! python3 -c 'import duckdb, pandas' 2>/dev/null; then
  echo "installing duckdb and pandas" >&2
  python3 -m pip install --quiet duckdb pandas >&2
fi

echo "building release binaries (slow the first time)" >&2
cargo build --release --quiet --bin casebook --example parse_floor
casebook=target/release/casebook
floor=target/release/examples/parse_floor

# measure LABEL MENTIONS BYTES COMMAND...: runs COMMAND RUNS times under /usr/bin/time -v and
# prints a row: the median run's wall time, mentions/s, MB/s, and CPU share, with the range of
# wall times and peak memory when RUNS > 1. BYTES is the size of the data the command reads, or
# the path of the file it writes.
measure() {
  local label=$1 mentions=$2 bytes=$3
  shift 3
  local logs=() run
  for ((run = 1; run <= runs; run++)); do
    local log="$work/time.$run.log"
    if ! /usr/bin/time -v -o "$log" "$@" >"$work/stdout.log" 2>"$work/stderr.log"; then
      echo "| $label | $mentions | failed: $(tail -n 1 "$work/stderr.log") | | | | |"
      return 0
    fi
    logs+=("$log")
  done
  [[ $bytes =~ ^[0-9]+$ ]] || bytes=$(stat -Lc %s "$bytes")
  python3 - "$label" "$mentions" "$bytes" "${logs[@]}" <<'PY'
import sys
label, mentions, size, logs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
runs = []
for log in logs:
    fields = dict(line.strip().rsplit(": ", 1) for line in open(log) if ": " in line)
    seconds = 0.0
    for part in fields["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":"):
        seconds = seconds * 60 + float(part)
    seconds = max(seconds, 0.005)  # /usr/bin/time reports 0:00.00 for instant commands
    rss_mb = int(fields["Maximum resident set size (kbytes)"]) / 1024
    runs.append((seconds, rss_mb, fields["Percent of CPU this job got"]))
runs.sort()
seconds, rss_mb, cpu = runs[(len(runs) - 1) // 2]  # the median, or the faster middle one
wall, memory = f"{seconds:.2f} s", f"{rss_mb:,.0f} MB"
if len(runs) > 1:
    rss = sorted(r[1] for r in runs)
    wall += f" ({runs[0][0]:.2f} – {runs[-1][0]:.2f})"
    if f"{rss[0]:,.0f}" != f"{rss[-1]:,.0f}":
        memory = f"{rss[0]:,.0f} – {rss[-1]:,.0f} MB"
print(f"| {label} | {mentions:,} | {wall} | {mentions / seconds:,.0f} | "
      f"{size / 1e6 / seconds:,.0f} | {memory} | {cpu} |")
PY
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo), \
$(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(rustc --version)"
echo "exports in $work"
echo
echo "| what | mentions | wall time | mentions/s | MB/s | peak RSS | CPU |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for n in "${sizes[@]}"; do
  export_file="$work/twarc-$n.csv"
  if [ ! -s "$export_file" ]; then
    runs=1 measure "simulate (twarc-csv, written)" "$n" "$export_file" "$casebook" simulate --format twarc-csv --mentions "$n" --seed "$seed" --force -o "$export_file"
  fi
  bytes=$(stat -Lc %s "$export_file")
  echo "| export size | $n | $(awk -v b="$bytes" 'BEGIN {printf "%.0f MB", b / 1e6}') | | | | |"
  # Every tool reads the file from the page cache: the first to run would otherwise also pay
  # for reading it from disk (the sixth session saw the 3M floor take 47 s at 8% CPU).
  cat "$export_file" >/dev/null
  measure "parse floor (csv crate, 1 core)" "$n" "$bytes" "$floor" "$export_file"
  measure "casebook build" "$n" "$bytes" "$casebook" build "$export_file" --tz Europe/Rome \
    --brand "${brands[0]}" --brand "${brands[1]}" -o "$work/report-$n"
  if [ -z "${SKIP_COMPARISONS:-}" ]; then
    measure "DuckDB (3 figures)" "$n" "$bytes" python3 scripts/compare_duckdb.py "$export_file" "${brands[@]}"
    echo "<!-- $(cat "$work/stdout.log") -->"
    measure "pandas (3 figures)" "$n" "$bytes" python3 scripts/compare_pandas.py "$export_file" "${brands[@]}"
    echo "<!-- $(cat "$work/stdout.log") -->"
  fi
  if [ -z "${SKIP_BRANDWATCH:-}" ]; then
    brandwatch_file="$work/brandwatch-$n.csv"
    if [ ! -s "$brandwatch_file" ]; then
      runs=1 measure "simulate (Brandwatch, written)" "$n" "$brandwatch_file" "$casebook" simulate --format brandwatch --mentions "$n" --seed "$seed" --force -o "$brandwatch_file"
    fi
    bytes=$(stat -Lc %s "$brandwatch_file")
    echo "| Brandwatch export size | $n | $(awk -v b="$bytes" 'BEGIN {printf "%.0f MB", b / 1e6}') | | | | |"
    cat "$brandwatch_file" >/dev/null
    measure "casebook build (Brandwatch)" "$n" "$bytes" "$casebook" build "$brandwatch_file" --tz Europe/Rome \
      --brand "${brands[0]}" --brand "${brands[1]}" -o "$work/report-brandwatch-$n"
  fi
done
