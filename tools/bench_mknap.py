#!/usr/bin/env python3
"""Benchmark on the public OR-Library multidimensional knapsack instances: folio against plain
CBC and GLPK on the same model, with the same time limit, side by side.

Each instance (../shared/data/mknap: Chu & Beasley's mknapcb1-9, Petersen's mknap1, mknap2, GK)
becomes a folio quarter: a projects export (one row per item: its profit as the `value` column,
its weight in the first constraint as `cost`, in the others as `w2..wm`), a one-line benefits
register and a rule set with one
criterion (`value`, not normalised, so that the score is the profit) and one capacity per
constraint. folio runs on it with the time limit and writes, with --export-lp, the exact model it
solved; plain `cbc` and `glpsol` then solve that same file with the same limit. Trade-off
analysis is off in these rules: the figure is the selection's.

Per instance class it prints, for each solver: the mean and worst gap to the best-known value of
BEST_KNOWN.tsv, how many instances were proven optimal, and the median time to reach the
best-known value ("-" when not reached in any). Times:
  - cbc, glpsol: wall time from the start of the process to the log line that first reports an
    incumbent at the best-known value (each line timestamped as it arrives);
  - folio: the time its starting plan was ready when that plan already had the best-known value
    (JSON summary `starting_plan`), else the solver's end, which is an upper bound (marked '<=').
Also the median ratio of folio's time to prove optimality to plain CBC's, over the instances both
proved. The gap is (best_known - objective) / best_known; a value above best_known (a better
solution than the literature's) would show as a negative gap.

Usage:
  tools/bench_mknap.py [--classes mknap1,mknap2,mknapcb1,...,gk] [--limit SECONDS]
                       [--instances LIST] [--solvers folio,cbc,glpsol] [--jobs N]
                       [--check-optimal] [--max-gap FRACTION] [--folio PATH] [--data DIR]
  --instances  1-based instance numbers within each file, e.g. "1,11,21" or "1-5" (default: all)
  --jobs       instances run at once (default 1; the timings are only comparable with 1)
  --solvers    without folio, folio only writes each model (0.1 s run) and is left out of the table
  --check-optimal  exit 1 unless folio proves every instance optimal at its best-known value
  --max-gap    exit 1 if folio's gap to best-known exceeds this on any instance
The full table of the README: tools/bench_mknap.py --limit 10 (several hours; not part of CI).
"""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLASSES = ["mknap1", "mknap2"] + ["mknapcb{}".format(k) for k in range(1, 10)] + ["gk"]


def numbers(text):
    return [float(t) for t in text.split()]


def read_orlib(path):
    """mknap1 / mknapcb format: K, then per problem n m opt, profits, m rows of weights, capacities."""
    v = numbers(path.read_text())
    k, out, at = int(v[0]), [], 1
    for _ in range(k):
        n, m = int(v[at]), int(v[at + 1])
        at += 3
        profit = v[at:at + n]
        at += n
        weight = [v[at + i * n:at + (i + 1) * n] for i in range(m)]
        at += m * n
        cap = v[at:at + m]
        at += m
        out.append((profit, weight, cap))
    if at != len(v):
        raise SystemExit("{}: {} numbers left over".format(path, len(v) - at))
    return out


def read_mknap2(path):
    """mknap2 format: problems framed by 'problem NAME.DAT'; m n, profits, capacities, matrix, opt."""
    text = path.read_text(errors="replace")
    parts = re.split(r"^\s*problem\s+\S+\s*$", text, flags=re.M | re.I)[1:]
    out = []
    for part in parts:
        v = [float(t) for t in re.findall(r"-?\d+(?:\.\d+)?", part.replace("+", " "))]
        m, n = int(v[0]), int(v[1])
        profit = v[2:2 + n]
        cap = v[2 + n:2 + n + m]
        at = 2 + n + m
        weight = [v[at + i * n:at + (i + 1) * n] for i in range(m)]
        out.append((profit, weight, cap))
    return out


def read_gk(path):
    v = numbers(path.read_text())
    n, m = int(v[0]), int(v[1])
    profit = v[2:2 + n]
    weight = [v[2 + n + i * n:2 + n + (i + 1) * n] for i in range(m)]
    cap = v[2 + n + m * n:2 + n + m * n + m]
    return [(profit, weight, cap)]


def instances(data, cls):
    """(file name in BEST_KNOWN.tsv, 1-based index, problem) for one class."""
    if cls == "gk":
        for f in sorted((data / "gk").glob("gk*.dat")):
            yield "gk/" + f.name, 1, read_gk(f)[0]
        return
    f = data / (cls + ".txt")
    problems = read_mknap2(f) if cls == "mknap2" else read_orlib(f)
    for i, p in enumerate(problems, 1):
        yield f.name, i, p


def best_known(data):
    best = {}
    with open(data / "BEST_KNOWN.tsv") as f:
        next(f)
        for line in f:
            col = line.rstrip("\n").split("\t")
            if col[4]:
                best[(col[0], int(col[1]))] = float(col[4])
    return best


def fmt(x):
    return repr(int(x)) if float(x).is_integer() else repr(x)


def write_quarter(d, name, problem):
    profit, weight, cap = problem
    m = len(weight)
    with open(d / "projects.csv", "w") as f:
        # The first constraint's weights are the export's required cost column.
        f.write("id,name,value,cost," + ",".join("w{}".format(c + 2) for c in range(m - 1)) + "\n")
        for j, p in enumerate(profit):
            f.write("I{:04d},item {},{},{}\n".format(j + 1, j + 1, fmt(p), ",".join(fmt(w[j]) for w in weight)))
    (d / "benefits.csv").write_text("project_id,amount\nI0001,0\n")  # a register needs one line
    with open(d / "rules.ini", "w") as f:
        f.write("[portfolio]\nname = {}\n\n[criterion value]\ncolumn = value\nweight = 1\nnormalise = none\n\n"
                .format(name))
        for c in range(m):
            f.write("[capacity c{0}]\ncolumn = {1}\nlimit = {2}\n\n".format(c + 1, "w{}".format(c + 1) if c else "cost",
                                                                             fmt(cap[c])))
        f.write("[tradeoffs]\nenabled = false\n\n[sensitivity]\nenabled = false\n")


def timestamped(cmd, limit, parse):
    """Runs cmd, timestamping each output line; parse(line) gives an incumbent value or None.
    Returns (wall seconds, full output, [(seconds, value)])."""
    t0 = time.monotonic()
    p = subprocess.Popen(["stdbuf", "-oL"] + cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines, trace = [], []
    for line in p.stdout:
        lines.append(line)
        v = parse(line)
        if v is not None:
            trace.append((time.monotonic() - t0, v))
    p.wait(timeout=limit + 60)
    return time.monotonic() - t0, "".join(lines), trace


def first_reach(trace, target):
    tol = 1e-6 * max(1.0, abs(target))
    for t, v in trace:
        if v >= target - tol:
            return t
    return None


def run_folio(args, d, limit, best):
    t0 = time.monotonic()
    r = subprocess.run([args.folio, "run", "--projects", str(d / "projects.csv"), "--benefits",
                        str(d / "benefits.csv"), "--rules", str(d / "rules.ini"), "--out", str(d / "book.xlsx"),
                        "--summary", str(d / "s.json"), "--export-lp", str(d / "model.lp"),
                        "--time-limit", str(limit)], capture_output=True, text=True)
    wall = time.monotonic() - t0
    if r.returncode != 0:
        return {"error": "folio exit {}: {}".format(r.returncode, r.stderr.strip()[:200])}
    s = json.loads((d / "s.json").read_text())
    obj = s["objective"]
    reach, upper = None, False
    if best is not None and obj >= best - 1e-6 * max(1, abs(best)):
        sp = s.get("starting_plan") or {}
        if sp.get("objective") is not None and sp["objective"] >= best - 1e-6 * max(1, abs(best)):
            reach = sp["seconds"]
        else:
            reach, upper = s["solve_seconds"], True
    return {"objective": obj, "optimal": s["status"] == "optimal", "wall": wall, "solve": s["solve_seconds"],
            "reach": reach, "reach_upper": upper}


def cbc_incumbent(line):
    # "Cbc0012I Integer solution of -24381 found by ...", "Cbc0004I Integer solution of ...",
    # "Cbc0038I ... Solution found of -24300", "... solution of -24090 is better than previous ..."
    m = re.search(r"[Ss]olution (?:found )?of (-?[\d.e+]+)", line)
    return -float(m.group(1)) if m else None  # folio's LP minimises minus the score


def run_cbc(d, limit, best):
    wall, out, trace = timestamped(["cbc", str(d / "model.lp"), "sec", str(limit), "solve", "quit"], limit,
                                   cbc_incumbent)
    m = re.search(r"Objective value:\s+(-?[\d.e+]+)", out)
    if not m:
        return {"error": "cbc: no objective"}
    obj = -float(m.group(1))
    return {"objective": obj, "optimal": "Result - Optimal solution found" in out, "wall": wall, "solve": wall,
            "reach": first_reach(trace, best) if best is not None else None, "reach_upper": False}


def glpk_incumbent(line):
    # "+   345: mip =  -2.438100000e+04 >=  -2.450000000e+04   0.5% (12; 0)"
    m = re.match(r"\+\s*\d+: mip =\s+(-?[\d.e+]+)", line)
    return -float(m.group(1)) if m else None


def run_glpsol(d, limit, best):
    sol = d / "glpk.sol"
    wall, out, trace = timestamped(["glpsol", "--lp", str(d / "model.lp"), "--tmlim", str(int(max(1, limit))),
                                    "-o", str(sol)], limit, glpk_incumbent)
    if not sol.exists():
        return {"error": "glpsol: no solution file"}
    text = sol.read_text()
    m = re.search(r"Objective:\s+\S+ = (-?[\d.e+]+)", text)
    status = re.search(r"Status:\s+(.*)", text)
    if not m or "UNDEFINED" in (status.group(1) if status else ""):
        return {"objective": None, "optimal": False, "wall": wall, "solve": wall, "reach": None, "reach_upper": False}
    return {"objective": -float(m.group(1)), "optimal": status is not None and status.group(1).strip() == "INTEGER OPTIMAL",
            "wall": wall, "solve": wall, "reach": first_reach(trace, best) if best is not None else None,
            "reach_upper": False}


def run_one(args, work, cls, fname, idx, problem, best):
    d = work / "{}_{}".format(cls, idx)
    d.mkdir(parents=True, exist_ok=True)
    write_quarter(d, "{} #{}".format(fname, idx), problem)
    res = {"class": cls, "file": fname, "index": idx, "n": len(problem[0]), "m": len(problem[1]), "best": best}
    # Without folio among the solvers it still writes the model the others solve; its own short
    # run is then not part of the table.
    res["folio"] = run_folio(args, d, args.limit if "folio" in args.solvers else min(args.limit, 0.1), best)
    if "error" not in res["folio"]:
        if "cbc" in args.solvers:
            res["cbc"] = run_cbc(d, args.limit, best)
        if "glpsol" in args.solvers:
            res["glpsol"] = run_glpsol(d, args.limit, best)
    if not args.keep:
        shutil.rmtree(d, ignore_errors=True)
    return res


def gap(r, best):
    if best is None or r.get("objective") is None:
        return None
    return (best - r["objective"]) / abs(best)


def parse_list(s, count):
    if not s:
        return list(range(1, count + 1))
    out = []
    for part in s.split(","):
        if "-" in part:
            a, b = part.split("-")
            out += list(range(int(a), int(b) + 1))
        else:
            out.append(int(part))
    return [i for i in out if 1 <= i <= count]


def summarise(cls, rows, solvers):
    lines = []
    for s in solvers:
        rs = [(r[s], r["best"]) for r in rows if s in r and "error" not in r[s]]
        gaps = [gap(x, b) for x, b in rs if gap(x, b) is not None]
        missing = len(rows) - len(gaps)
        reach = [x["reach"] for x, _ in rs if x["reach"] is not None]
        upper = any(x["reach_upper"] for x, _ in rs if x["reach"] is not None)
        opt = sum(1 for x, _ in rs if x["optimal"])
        lines.append("{:<9} {:<7} {:>4} {:>10} {:>10} {:>9} {:>9} {:>14}".format(
            cls, s, len(rows),
            "{:.4f}%".format(100 * statistics.mean(gaps)) if gaps else "-",
            "{:.4f}%".format(100 * max(gaps)) if gaps else "-",
            "{}/{}".format(opt, len(rows)),
            "{}/{}".format(len(reach), len(rows)),
            ("<=" if upper else "") + ("{:.2f}".format(statistics.median(reach)) if reach else "-"))
            + ("  ({} without a solution)".format(missing) if missing else ""))
    both = [(r["folio"]["solve"], r["cbc"]["solve"], r["folio"]["wall"]) for r in rows
            if "cbc" in r and "folio" in r and "error" not in r["folio"] and "error" not in r["cbc"]
            and r["folio"]["optimal"] and r["cbc"]["optimal"]]
    if both:
        ratios = [f / max(c, 1e-3) for f, c, _ in both]
        walls = [w / max(c, 1e-3) for _, c, w in both]
        lines.append("{:<9} time to proven optimum, folio/cbc: median ratio {:.2f} (solve), {:.2f} (whole run with "
                     "workbook) over {} instances; medians folio {:.2f} s, cbc {:.2f} s".format(
                         cls, statistics.median(ratios), statistics.median(walls), len(both),
                         statistics.median(f for f, _, _ in both), statistics.median(c for _, c, _ in both)))
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--classes", default=",".join(c for c in CLASSES if c.startswith("mknapcb")))
    ap.add_argument("--limit", type=float, default=10.0)
    ap.add_argument("--instances", default="")
    ap.add_argument("--solvers", default="folio,cbc,glpsol")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--check-optimal", action="store_true")
    ap.add_argument("--max-gap", type=float, default=None)
    ap.add_argument("--folio", default=str(ROOT / "build" / "folio"))
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "mknap"))
    ap.add_argument("--keep", action="store_true", help="keep each instance's files (printed work directory)")
    ap.add_argument("--json", default=None, help="write every instance's results to this file")
    args = ap.parse_args()
    args.solvers = args.solvers.split(",")
    data = Path(args.data)
    if not (data / "BEST_KNOWN.tsv").exists():
        raise SystemExit("bench_mknap: no benchmark data at {} (--data DIR)".format(data))
    for tool in [t for t in args.solvers if t != "folio"]:
        if shutil.which(tool) is None:
            raise SystemExit("bench_mknap: '{}' is not installed (FOLIO_SETUP_TESTS=1 tools/setup.sh adds it)".format(tool))
    best = best_known(data)
    work = Path(tempfile.mkdtemp(prefix="folio-mknap-"))
    if args.keep:
        print("work directory:", work)
    failed = []
    all_rows = []
    print("{:<9} {:<7} {:>4} {:>10} {:>10} {:>9} {:>9} {:>14}".format(
        "class", "solver", "n", "mean gap", "worst gap", "optimal", "reached", "time to best"))
    try:
        for cls in args.classes.split(","):
            insts = list(instances(data, cls))
            chosen = parse_list(args.instances, len(insts)) if cls != "gk" else parse_list(args.instances, len(insts))
            jobs = []
            with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
                for k in chosen:
                    fname, idx, prob = insts[k - 1]
                    jobs.append(ex.submit(run_one, args, work, cls, fname, idx, prob, best.get((fname, idx))))
                rows = [j.result() for j in jobs]
            all_rows += rows
            for r in rows:
                f = r["folio"]
                if "error" in f:
                    failed.append("{} #{}: {}".format(r["file"], r["index"], f["error"]))
                    continue
                if "folio" not in args.solvers:
                    del r["folio"]
                    continue
                g = gap(f, r["best"])
                if args.check_optimal and not (f["optimal"] and g is not None and abs(g) <= 1e-9):
                    failed.append("{} #{}: folio {} {} (best known {})".format(
                        r["file"], r["index"], "optimal" if f["optimal"] else "not proven", f["objective"], r["best"]))
                if args.max_gap is not None and (g is None or g > args.max_gap):
                    failed.append("{} #{}: folio gap {} above {}".format(r["file"], r["index"], g, args.max_gap))
            for line in summarise(cls, rows, args.solvers):
                print(line, flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(all_rows, indent=1))
    for f in failed:
        print("FAIL", f, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
