#!/usr/bin/env python3
"""Checks that no two engine modules include each other's headers in a loop.

A module is x.c with x.h; a family split over files shares a private header P_int.h, and the
files P_*.c with it belong to the module whose file includes that header (book_*.c to book,
trade_*.c to tradeoffs, rules_*.c to rules). Prints each loop found and exits 1, else prints the
modules and exits 0.
Usage: check_includes.py ENGINE_DIR"""
import os
import re
import sys


def main():
    engine = sys.argv[1]
    files = sorted(f for f in os.listdir(engine) if f.endswith((".c", ".h", ".h.in")))
    includes = {}
    for f in files:
        with open(os.path.join(engine, f), encoding="utf-8") as fh:
            includes[f] = re.findall(r'^#include "([^"]+)"', fh.read(), re.M)
    base = lambda f: f.split(".")[0]
    module = {base(f): base(f) for f in files}
    for f in files:
        m = re.match(r"(\w+)_int\.h$", f)
        if not m:
            continue
        prefix = m.group(1)
        owners = [base(g) for g in files if g.endswith(".c") and "_" not in base(g)
                  and base(g).startswith(prefix) and f in includes[g]]
        if len(owners) != 1:
            print("%s: no single module owns it (%s)" % (f, owners))
            return 1
        for g in files:
            if base(g) == prefix + "_int" or (base(g).startswith(prefix + "_") and g.endswith(".c")):
                module[base(g)] = owners[0]
    graph = {}
    for f, incs in includes.items():
        a = module[base(f)]
        for h in incs:
            b = module.get(base(h))
            if b is not None and b != a:
                graph.setdefault(a, set()).add(b)
    # Tarjan's strongly connected components: a component of more than one module is a loop.
    index, low, stack, on, loops, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                loops.append(sorted(comp))

    for v in sorted(set(module.values())):
        if v not in index:
            visit(v)
    for comp in loops:
        print("modules that include each other's headers in a loop: " + ", ".join(comp))
    if loops:
        return 1
    print("%d modules, %d include edges, no loop" % (len(set(module.values())), sum(len(s) for s in graph.values())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
