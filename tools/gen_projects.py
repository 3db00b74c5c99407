#!/usr/bin/env python3
"""Generates a synthetic quarter for tests and benchmarks: projects.csv, benefits.csv, rules.ini.

Usage: gen_projects.py OUT_DIR --projects N [--capacities K] [--seed S] [--tightness F]
                       [--periods P [--window W]]

The instance is built like Chu & Beasley's multidimensional knapsacks (uses uniform in
[1, 1000], value correlated with the mean use), which is what makes capacity-constrained
selection hard; a few must-do projects, exclusions, dependencies and mutual exclusions are
mixed in so that every rule type is exercised. With --periods the quarter is a plan over P
quarters: each project gets an earliest start, a start window of up to W periods and a duration
of 1 to 4 periods, and every capacity a per-period limit. Same arguments, same files.
"""
import argparse
import random
from pathlib import Path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out_dir")
    ap.add_argument("--projects", type=int, required=True)
    ap.add_argument("--capacities", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tightness", type=float, default=0.5)
    ap.add_argument("--periods", type=int, default=0)
    ap.add_argument("--window", type=int, default=1)
    ap.add_argument("--values", choices=["correlated", "independent"], default="correlated",
                    help="correlated with the uses (hard, like Chu & Beasley) or independent of them "
                         "(like criteria scores that do not look at resources)")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    out = Path(a.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    n, k = a.projects, a.capacities
    cats = ["Operations", "Digital", "Compliance", "Infrastructure", "Data", "Innovation"]
    uses = [[rng.randint(1, 1000) for _ in range(k)] for _ in range(n)]
    timing = {}

    def quarter(t):
        return "{}-Q{}".format(2027 + t // 4, t % 4 + 1)
    ids = ["P{:05d}".format(i + 1) for i in range(n)]
    with open(out / "projects.csv", "w", newline="") as f:
        cols = ["id", "name", "category", "cost"] + ["res{}".format(c) for c in range(1, k)] + \
               ["value", "fit", "must", "exclude", "depends_on", "excludes"] + \
               (["start", "latest_start", "duration"] if a.periods else [])
        f.write(",".join(cols) + "\n")
        for i in range(n):
            u = uses[i]
            value = sum(u) / k + rng.randint(1, 500) if a.values == "correlated" else rng.randint(1, 1000)
            must = "yes" if rng.random() < 0.002 else ""
            excl = "yes" if not must and rng.random() < 0.01 else ""
            dep = ids[rng.randrange(i)] if i > 0 and rng.random() < 0.02 else ""
            xs = ids[rng.randrange(i)] if i > 0 and rng.random() < 0.01 else ""
            row = [ids[i], "Project {}".format(i + 1), rng.choice(cats), str(u[0] * 1000)] + \
                  [str(x) for x in u[1:]] + [str(value), str(rng.randint(1, 5)), must, excl, dep, xs]
            if a.periods:
                s0 = rng.randrange(max(1, a.periods - 3))
                s1 = min(a.periods - 1, s0 + rng.randrange(a.window))
                d = rng.randint(1, 4)
                timing[i] = (s0, d)
                row += [quarter(s0), quarter(s1) if s1 > s0 else "", str(d)]
            f.write(",".join(row) + "\n")
    with open(out / "benefits.csv", "w", newline="") as f:
        f.write("project_id,benefit,period,amount\n")
        for i in range(n):
            for _ in range(rng.randint(1, 3)):
                f.write("{},saving,2027-Q{},{}\n".format(ids[i], rng.randint(1, 4), rng.randint(1000, 100000)))
    totals = [sum(u[c] for u in uses) for c in range(k)]
    with open(out / "rules.ini", "w") as f:
        f.write("[portfolio]\nname = synthetic {} projects, {} capacities (seed {})\n".format(n, k, a.seed))
        if a.periods:
            f.write("periods = {}..{}\ndelay_penalty = 2%\n".format(quarter(0), quarter(a.periods - 1)))
        f.write("\n")
        f.write("[criterion value]\ncolumn = value\nweight = 90\nnormalise = none\n\n")
        f.write("[criterion fit]\ncolumn = fit\nweight = 10\nnormalise = range\nrange = 1..5\n\n")
        if a.periods:
            # Per-period limits: the tightness share of the mean demand per period at earliest starts.
            for c in range(k):
                load = [0.0] * a.periods
                for i, (s0, d) in timing.items():
                    for t in range(s0, min(a.periods, s0 + d)):
                        load[t] += uses[i][c] * (1000 if c == 0 else 1) / d
                limit = int(sum(load) / a.periods * a.tightness)
                name, col = ("budget", "cost") if c == 0 else ("res{}".format(c), "res{}".format(c))
                f.write("[capacity {}]\ncolumn = {}\nper_period = {}\n\n".format(name, col, limit))
        else:
            f.write("[capacity budget]\ncolumn = cost\nlimit = {}\n\n".format(int(totals[0] * 1000 * a.tightness)))
            for c in range(1, k):
                f.write("[capacity res{0}]\ncolumn = res{0}\nlimit = {1}\n\n".format(c, int(totals[c] * a.tightness)))


if __name__ == "__main__":
    main()
