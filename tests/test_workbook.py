#!/usr/bin/env python3
"""Reads the workbook folio writes back with openpyxl and checks that it is what finance needs.

Usage: test_workbook.py FOLIO SOURCE_DIR

Checks the sheets, one Portfolio row per project in rank order, decisions and reasons that agree
with the JSON summary, numbers stored as numbers with formats, every formula cell carrying a
cached value, totals whose cached values equal an independent recomputation, and a note on every
project that is not selected.
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

FAILURES = []
PASSED = [0]


def check(name, cond):
    PASSED[0] += bool(cond)
    if not cond:
        FAILURES.append(name)
        print("FAIL:", name)


def check_formulas_cached(formulas, values):
    """Every formula cell on every sheet carries a cached value; returns how many there are."""
    n = 0
    for ws in formulas.worksheets:
        wv = values[ws.title]
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    n += 1
                    check("cached value for %s!%s" % (ws.title, c.coordinate), wv[c.coordinate].value is not None)
    return n


def check_surface(folio, src):
    """A frontier surface (the samples with [tradeoffs] surface): below the frontier on the Frontier
    sheet, the JSON's limits across and down and its objective in every cell, the chosen one highlighted as
    on the frontier."""
    with tempfile.TemporaryDirectory() as tmp:
        book, summary, rules = Path(tmp) / "book.xlsx", Path(tmp) / "s.json", Path(tmp) / "r.ini"
        rules.write_text((src / "rules/default.ini").read_text() +
                         "\n[sensitivity]\nenabled = no\n[tradeoffs]\nsurface = engineering\nsurface_points = 3\n")
        rc = subprocess.run([folio, "run", "--projects", src / "samples/projects.csv",
                             "--benefits", src / "samples/benefits.csv", "--rules", rules,
                             "--out", book, "--summary", summary], capture_output=True).returncode
        check("surface run exits 0", rc == 0)
        s = json.loads(summary.read_text())
        fv = openpyxl.load_workbook(book)["Frontier"]
    sf = s["frontier_surface"]
    check("surface over budget and engineering", sf["capacity"] == "budget" and sf["second"] == "engineering")
    rows, limits = sf["rows"], sf["limits"]
    check("surface: 3 to 4 rows, one current", 3 <= len(rows) <= 4 and sum(r["current"] for r in rows) == 1)
    check("surface columns are the frontier's limits", limits == [p["limit"] for p in s["frontier"]["points"]])
    top = next(r for r in range(1, fv.max_row + 1) if str(fv.cell(row=r, column=1).value).startswith("Frontier surface"))
    check("surface header", "Engineering limit (down)" in fv.cell(row=top + 2, column=1).value)
    cells = 0
    fill_chosen = fv.cell(row=3 + next(k for k, p in enumerate(s["frontier"]["points"], 1) if p["current"]),
                          column=4).fill.fgColor.rgb  # the frontier's chosen objective
    for k, limit in enumerate(limits):
        check("surface limit across %d" % k, abs(fv.cell(row=top + 2, column=k + 2).value - limit) < 1e-6)
    for q, row in enumerate(rows):
        r = top + 3 + q
        check("surface limit down %d" % q, abs(fv.cell(row=r, column=1).value - row["limit"]) < 1e-9)
        if row["current"]:
            check("surface current row is the frontier",
                  row["objective"] == [p["objective"] for p in s["frontier"]["points"]])
        check("surface row %d: a status per cell" % q, len(row["status"]) == len(limits))
        for k, obj in enumerate(row["objective"]):
            c = fv.cell(row=r, column=k + 2)
            check("surface cell %d,%d: objective iff a portfolio" % (q, k),
                  (obj is not None) == (row["status"][k] in ("optimal", "feasible")))
            if obj is None:
                why = "re-solve stopped (time limit or budget)" if row["bound"][k] is not None else row["status"][k]
                check("surface cell %d,%d says why it is empty" % (q, k), c.value == why)
            else:
                check("surface cell %d,%d" % (q, k), abs(c.value - obj) < 1e-12)
                chosen = row["current"] and s["frontier"]["points"][k]["current"]
                check("surface cell %d,%d highlighted only where chosen" % (q, k),
                      (c.fill.fgColor.rgb == fill_chosen) == chosen)
                cells += 1
    check("surface cells compared", cells > 40)


def check_timephased(out):
    """The time-phased sample: Timeline and Demand sheets, capacity per period, starts as in the JSON."""
    book, summary = out / "timephased.xlsx", out / "timephased.json"
    check("time-phased run exits 0", (out / "timephased.rc").read_text().strip() == "0")
    s = json.loads(summary.read_text())
    formulas = openpyxl.load_workbook(book)
    values = openpyxl.load_workbook(book, data_only=True)
    check("time-phased sheets", formulas.sheetnames == ["Cover", "Summary", "Data quality", "Portfolio", "Timeline",
                                                        "Capacity use", "Capacity charts", "Sensitivity",
                                                        "Frontier", "Trade-offs",
                                                        "Capacity value", "Projects", "Criteria", "Limits", "Scores",
                                                        "Demand", "Checks"])
    pv = values["Portfolio"]
    header = [c.value for c in formulas["Portfolio"][1]]
    col = {name: i for i, name in enumerate(header)}
    by_id = {p["id"]: p for p in s["projects"]}
    for row in pv.iter_rows(min_row=2, values_only=True):
        p = by_id[row[col["ID"]]]
        if p["selected"]:
            check("start of %s" % p["id"], row[col["Start"]] == p["start"])
            check("delay of %s" % p["id"], row[col["Delay (periods)"]] == p["delay"])
    tl = values["Timeline"]
    selected = [p for p in s["projects"] if p["selected"]]
    check("one timeline row per selected project", tl.max_row - 1 == len(selected))
    periods = [c.value for c in formulas["Timeline"][1]][5:13]
    check("timeline periods", periods == ["2027-Q%d" % q for q in range(1, 5)] + ["2028-Q%d" % q for q in range(1, 5)])
    cv = values["Capacity use"]
    rows = {(cv.cell(row=r, column=2).value, cv.cell(row=r, column=3).value): r for r in range(2, cv.max_row + 1)}
    column_of = {cap["name"]: cap["column"] for cap in s["capacities"]}
    for cap in s["capacities"]:
        for per in cap["periods"]:
            r = rows[(column_of[cap["name"]], per["period"])]
            used = cv.cell(row=r, column=5).value
            check("%s %s used" % (cap["name"], per["period"]), abs(used - per["used"]) < 1e-6)
            if per["limit"] is not None:
                check("%s %s within limit" % (cap["name"], per["period"]), used <= per["limit"] + 1e-9)
    # The charts on a sheet of their own (printed, not under the Capacity use table's repeated
    # header), each drawing its capacity's rows of Capacity use.
    charts = formulas["Capacity charts"]._charts
    check("capacity charts", len(charts) == len(s["capacities"]) and not formulas["Capacity use"]._charts)
    per_cap = len(s["capacities"][0]["periods"]) + 1
    for k, chart in enumerate(charts):
        refs = [ser.val.numRef.f for ser in chart.series]
        first, last = 2 + k * per_cap, 1 + k * per_cap + per_cap - 1
        check("chart %d draws its capacity's rows" % k,
              refs == ["'Capacity use'!$E$%d:$E$%d" % (first, last), "'Capacity use'!$D$%d:$D$%d" % (first, last)])
    # The Summary's utilisation table: a row per period (and the whole horizon), a column per
    # capacity, each cell Capacity use's utilisation of that capacity and period, on one page with
    # its header, which stands right-aligned over the percentages.
    sf, sv = formulas["Summary"], values["Summary"]
    top = next(r for r in range(1, sf.max_row + 1) if sf.cell(row=r, column=1).value == "Utilisation (used / limit)")
    caps = s["capacities"]
    check("utilisation header names each capacity",
          [sf.cell(row=top, column=2 + k).value for k in range(len(caps))] ==
          [cap["name"].capitalize() for cap in caps])
    check("utilisation headers right-aligned over numbers",
          all(sf.cell(row=top, column=2 + k).alignment.horizontal == "right" for k in range(len(caps))))
    labels = [p["period"] for p in caps[0]["periods"]] + ["Whole horizon"]
    check("utilisation rows are the periods, then the whole horizon",
          [sf.cell(row=top + 1 + t, column=1).value for t in range(len(labels))] == labels)
    for k, cap in enumerate(caps):
        for t, per in enumerate(cap["periods"] + [{"period": "whole horizon", "limit": cap["limit"], "used": cap["used"]}]):
            cell = sf.cell(row=top + 1 + t, column=2 + k)
            if per["limit"] is None:
                check("no utilisation without a limit: %s %s" % (cap["name"], per["period"]), cell.value is None)
                continue
            r = rows[(column_of[cap["name"]], per["period"])]
            check("utilisation of %s %s is Capacity use's" % (cap["name"], per["period"]),
                  cell.value == "='Capacity use'!$G$%d" % r)
            check("utilisation of %s %s cached" % (cap["name"], per["period"]),
                  abs(sv.cell(row=top + 1 + t, column=2 + k).value - per["used"] / per["limit"]) < 1e-9)
    # The cost counts every period, the budget's limit only the horizon's: the Summary shows the use
    # the limit holds, live from Capacity use.
    budget = next(cap for cap in caps if cap["column"] == "cost")
    at = next(r for r in range(1, sf.max_row + 1)
              if sf.cell(row=r, column=1).value == "Budget used within the horizon (to %s)" % labels[-2])
    check("budget within the horizon is Capacity use's",
          sf.cell(row=at, column=2).value == "='Capacity use'!$E$%d" % rows[("cost", "whole horizon")])
    check("budget within the horizon cached", abs(sv.cell(row=at, column=2).value - budget["used"]) < 1e-6)
    check("the rest of the cost runs past the horizon",
          abs(s["selected_cost"] - budget["used"] - budget["after_horizon"]) < 1e-6)
    # What would it take: a project no extra capacity admits (the time-phased samples have such:
    # a predecessor that runs too late) shows what blocks it and no objective gained.
    cvv = values["Capacity value"]
    wr = next(r for r in range(1, cvv.max_row + 1) if cvv.cell(row=r, column=1).value == "What would it take")
    blocked = 0
    for k, ad in enumerate(s["what_would_it_take"], start=wr + 1):
        gained, why = cvv.cell(row=k, column=3).value, cvv.cell(row=k, column=2).value
        if ad["blocked"]:
            blocked += 1
            check("%s: blocked, no gain shown" % ad["id"],
                  gained is None and why == "no extra capacity admits it with the chosen projects at their "
                                            "starts: " + ad["blocked"])
        else:
            check("%s: its gain" % ad["id"], abs(gained - ad["gain"]) < 1e-12)
    check("some project left out is blocked", blocked > 0)
    # The extra capacity it takes names each capacity once, at the first of its needs:
    # "+$284.2k Budget in 2027-Q4, +$17.83k in 2028-Q1, +$1.977M over the horizon; +2.158 FTE ...".
    labels = {c["name"]: c["name"].replace("_", " ").capitalize() for c in s["capacities"]}
    rows = [(ad["id"], ad["needs"], cvv.cell(row=k, column=2).value)
            for k, ad in enumerate(s["what_would_it_take"], start=wr + 1) if not ad["blocked"]]
    hr = next(r for r in range(1, cvv.max_row + 1) if cvv.cell(row=r, column=1).value == "Hiring plan: admit")
    rows += [(h["admit"], h["needs_cumulative"], cvv.cell(row=k, column=2).value)
             for k, h in enumerate(s["hiring_plan"], start=hr + 1)]
    for pid, needs, text in rows:
        said = []
        for group in text.split("; "):
            items = group.split(", ")
            name = next(n for n, label in labels.items() if " %s" % label in items[0])
            said += [(name, item.split(" in ")[1] if " in " in item else "whole horizon") for item in items]
        check("%s: every need said in order, each capacity named once" % pid,
              said == [(n["capacity"], n["period"]) for n in needs]
              and all(text.count(" %s" % label) <= 1 for label in labels.values()))
    check("time-phased formulas", check_formulas_cached(formulas, values) >= 30)


def main():
    # The samples' outputs come from run_samples.sh (the ctest fixture) in OUT.
    folio, src, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    book, summary = out / "single.xlsx", out / "single.json"
    check("folio run exits 0", (out / "single.rc").read_text().strip() == "0")
    s = json.loads(summary.read_text())
    formulas = openpyxl.load_workbook(book)            # formulas as written
    values = openpyxl.load_workbook(book, data_only=True)  # cached results

    check("sheets", formulas.sheetnames == ["Cover", "Summary", "Data quality", "Portfolio", "Capacity use",
                                            "Sensitivity", "Frontier", "Trade-offs", "Capacity value", "Scenarios",
                                            "Projects", "Criteria", "Limits", "Scores", "Checks"])

    # Frontier and Trade-offs: the same figures as the summary, one chart, the chosen point marked.
    fv = values["Frontier"]
    points = s["frontier"]["points"]
    check("frontier over the budget", s["frontier"]["capacity"] == "budget")
    check("frontier has 21 points, one current", len(points) == 21 and sum(p["current"] for p in points) == 1)
    for k, p in enumerate(points, start=4):
        check("frontier limit row %d" % k, abs(fv.cell(row=k, column=1).value - p["limit"]) < 1e-6)
        if p["objective"] is not None:
            check("frontier objective row %d" % k, abs(fv.cell(row=k, column=4).value - p["objective"]) < 1e-12)
        check("frontier bound row %d" % k, fv.cell(row=k, column=5).value == p["bound"])  # None unless stopped
        check("frontier entering row %d" % k, (fv.cell(row=k, column=8).value or "") == ", ".join(p["enter"]))
    objs = [p["objective"] for p in points if p["objective"] is not None]
    check("frontier never falls", all(b >= a - 1e-9 for a, b in zip(objs, objs[1:])))
    check("frontier chart", len(formulas["Frontier"]._charts) == 1)
    # The chosen point is marked by a series of one point: the current row's own limit and objective.
    row = 4 + next(k for k, p in enumerate(points) if p["current"])
    series = {(x.tx.v if x.tx.strRef is None else x.tx.strRef.f): (x.xVal.numRef.f, x.yVal.numRef.f)
              for x in formulas["Frontier"]._charts[0].series}
    check("frontier chart marks the chosen row",
          series == {"optimum": ("Frontier!$A$4:$A$24", "Frontier!$D$4:$D$24"),
                     "chosen": ("Frontier!$A$%d" % row, "Frontier!$D$%d" % row)})
    tv = values["Trade-offs"]
    for k, proj in enumerate(s["projects"], start=4):
        check("trade-off row %d is %s" % (k, proj["id"]), tv.cell(row=k, column=1).value == proj["id"])
        if proj["force_delta"] is not None:
            check("force delta of %s" % proj["id"], abs(tv.cell(row=k, column=7).value - proj["force_delta"]) < 1e-12)
        for col, key in ((8, "force_feasible"), (9, "force_lp_bound")):
            if proj.get(key) is not None:
                check("%s of %s" % (key, proj["id"]), abs(tv.cell(row=k, column=col).value - proj[key]) < 1e-12)
        if proj.get("force_feasible") is not None and proj["force_delta"] is not None and proj["force"] != "must_lifted":
            check("%s: the forced plan is no better than the exact re-solve" % proj["id"],
                  proj["force_feasible"] <= proj["force_delta"] + 1e-9)

    cvv = values["Capacity value"]
    tlabels = {cvv.cell(row=r, column=1).value: r for r in range(1, cvv.max_row + 1)}
    wr = tlabels["What would it take"]
    for k, ad in enumerate(s["what_would_it_take"], start=wr + 1):
        # A project no extra capacity admits shows no objective gained, only what blocks it.
        gained = cvv.cell(row=k, column=3).value
        check("what would it take row %d" % k, cvv.cell(row=k, column=1).value == ad["id"]
              and (gained is None if ad["blocked"] else abs(gained - ad["gain"]) < 1e-12))
    hr = tlabels["Hiring plan: admit"]
    for k, h in enumerate(s["hiring_plan"], start=hr + 1):
        check("hiring plan row %d" % k, cvv.cell(row=k, column=1).value == h["admit"]
              and abs(cvv.cell(row=k, column=3).value - h["gain_cumulative"]) < 1e-12)
    check("hiring plan gains grow", all(b["gain_cumulative"] > a["gain_cumulative"]
                                        for a, b in zip(s["hiring_plan"], s["hiring_plan"][1:])))

    # Scenarios: the key figures and the decision matrix agree with the summary's scenarios.
    scv = values["Scenarios"]
    names = [scv.cell(row=3, column=c).value for c in range(3, 3 + len(s["scenarios"]))]
    check("scenario columns", names == [x["name"] for x in s["scenarios"]])
    rows_by_label = {scv.cell(row=r, column=1).value: r for r in range(1, scv.max_row + 1)}
    for c, sc in enumerate(s["scenarios"], start=3):
        check("scenario %s status" % sc["name"], scv.cell(row=rows_by_label["Status"], column=c).value == sc["status"])
        if sc["objective"] is not None:
            check("scenario %s objective" % sc["name"],
                  abs(scv.cell(row=rows_by_label["Objective (with the scenario's weights)"], column=c).value
                      - sc["objective"]) < 1e-12)
    head = rows_by_label["Project"]
    for k, proj in enumerate(s["projects"], start=head + 1):
        check("matrix row %d is %s" % (k, proj["id"]), scv.cell(row=k, column=1).value.startswith(proj["id"] + " "))
        check("matrix as given for %s" % proj["id"], scv.cell(row=k, column=2).value == (1 if proj["selected"] else 0))
        for c, sc in enumerate(s["scenarios"], start=3):
            check("matrix %s in %s" % (proj["id"], sc["name"]),
                  scv.cell(row=k, column=c).value == (1 if proj["id"] in sc["selected"] else 0))

    pf, pv = formulas["Portfolio"], values["Portfolio"]
    header = [c.value for c in pf[1]]
    col = {name: i for i, name in enumerate(header)}
    rows = list(pv.iter_rows(min_row=2, values_only=True))
    check("one row per project", len(rows) == len(s["projects"]) == 60)
    check("frozen header", pf.freeze_panes is not None and pf.freeze_panes.startswith(("B2", "C2", "D2")))
    check("autofilter on the table", pf.auto_filter.ref is not None and pf.auto_filter.ref.startswith("A1:"))
    by_id = {p["id"]: p for p in s["projects"]}
    for r, (row, proj) in enumerate(zip(rows, s["projects"]), start=2):
        pid = row[col["ID"]]
        check("rank order at row %d" % r, pid == proj["id"] and row[col["Rank"]] == proj["rank"])
        check("decision of %s" % pid, row[col["Decision"]] == by_id[pid]["decision"])
        check("reason of %s" % pid, row[col["Reason"]] == by_id[pid]["reason"])
        check("selected flag of %s" % pid, row[col["Selected (1 = in)"]] == (1 if by_id[pid]["selected"] else 0))
        check("score is a number for %s" % pid, isinstance(row[col["Score (0-1)"]], float))
        check("cost is a number for %s" % pid, isinstance(row[col["Cost"]], (int, float)))
        note = pf.cell(row=r, column=col["ID"] + 1).comment
        if not by_id[pid]["selected"]:
            check("note on not-selected %s" % pid, note is not None and note.text.strip() == by_id[pid]["reason"])
    check("money has a number format", pf.cell(row=2, column=col["Cost"] + 1).number_format == '"$"#,##0_);("$"#,##0)')

    check("the workbook has live formulas", check_formulas_cached(formulas, values) >= 15)

    # Totals: the cached values agree with an independent recomputation from the Portfolio rows.
    sel = [row for row in rows if row[col["Selected (1 = in)"]] == 1]
    sv = values["Summary"]
    labels = {sv.cell(row=r, column=1).value: r for r in range(1, sv.max_row + 1)}
    objective = sv.cell(row=labels["Objective (total score)"], column=2).value
    check("objective recomputes", abs(objective - sum(r[col["Score (0-1)"]] for r in sel)) < 1e-9)
    check("objective equals the summary's", abs(objective - s["objective"]) < 1e-9)
    check("selected count", sv.cell(row=labels["Projects selected"], column=2).value == len(s["selected"]))
    cost = sv.cell(row=labels["Cost of the selection"], column=2).value
    check("selection cost", abs(cost - sum(r[col["Cost"]] for r in sel)) < 1e-6)
    check("summary status", sv.cell(row=labels["Status"], column=2).value == "optimal")
    check("inputs carry SHA-256", sv.cell(row=labels["Rule set SHA-256"], column=2).value == s["inputs"]["rules"]["sha256"])

    cv = values["Capacity use"]
    for k, cap in enumerate(s["capacities"], start=2):
        check("capacity column %d" % k, cv.cell(row=k, column=2).value == cap["column"])
        check("capacity limit %s" % cap["name"], cv.cell(row=k, column=4).value == cap["limit"])
        check("capacity used %s" % cap["name"], abs(cv.cell(row=k, column=5).value - cap["used"]) < 1e-6)
        check("capacity within limit %s" % cap["name"], cv.cell(row=k, column=5).value <= cap["limit"])
        check("utilisation is a percentage %s" % cap["name"],
              formulas["Capacity use"].cell(row=k, column=7).number_format == "0.0%_)")
        unit = formulas["Capacity use"].cell(row=k, column=4).number_format
        check("%s's limit shows its unit" % cap["name"], ('"$"' if cap["column"] == "cost" else '" FTE"') in unit)

    wv = values["Criteria"]
    weights = {wv.cell(row=1, column=c).value: wv.cell(row=4, column=c).value for c in range(2, wv.max_column + 1)}
    # The Criteria sheet names each criterion by its label: the rules' name made readable.
    check("normalised weights", all(abs(weights[k.replace("_", " ").capitalize()] - v) < 1e-12
                                    for k, v in s["weights"].items()))
    check("master check on the cover is 0", values["Checks"]["F3"].value == 0)
    # A mutual exclusion's check row counts the pair's selected projects (its label says so), at most 1.
    selected = {p["id"]: p["selected"] for p in s["projects"]}
    pairs = [row for row in values["Checks"].iter_rows(values_only=True)
             if isinstance(row[0], str) and row[0].endswith(": how many of the two are selected (at most 1)")]
    check("the samples' three exclusions each have a check row", len(pairs) == 3)
    for row in pairs:
        a, b = row[0].split(":")[0].split(" and ")
        check("exclusion %s, %s: the count selected, bound 1" % (a, b),
              row[1] == row[2] == selected[a] + selected[b] and row[3] == 1)
    check("no hidden sheets", all(ws.sheet_state == "visible" for ws in formulas.worksheets))
    # Merged cells only for notes: one row from column A, nothing else in it, outside every table.
    for ws in formulas.worksheets:
        for rng in ws.merged_cells.ranges:
            check("%s: note %s is one row from column A" % (ws.title, rng.coord),
                  rng.min_row == rng.max_row and rng.min_col == 1)
            check("%s: note %s is no table's row" % (ws.title, rng.coord),
                  ws.auto_filter.ref is None or rng.min_row < int("".join(filter(str.isdigit, ws.auto_filter.ref.split(":")[0]))))
    # Headers over numbers stand right-aligned as the numbers do, but where autofilter buttons would
    # cover their last letters (the Portfolio's).
    sf = formulas["Summary"]
    top = next(r for r in range(1, sf.max_row + 1) if sf.cell(row=r, column=1).value == "Capacity")
    check("Summary's capacity headers right-aligned",
          [sf.cell(row=top, column=c).alignment.horizontal for c in range(1, 6)] == [None] + ["right"] * 4)
    # Filtered headers stay left-aligned; one after a header over numbers ("Score (0-1)") is indented
    # a character so that the two do not run together on paper.
    cost_head = formulas["Portfolio"].cell(row=1, column=col["Cost"] + 1).alignment
    check("filtered headers stay left-aligned, indented after numbers",
          cost_head.horizontal == "left" and cost_head.indent == 1)
    pd = formulas["Portfolio"]
    check("the Portfolio leads with what a reviewer reads",
          [c.value for c in pd[1]][:10] == ["Rank", "ID", "Name", "Category", "Decision", "Score (0-1)", "Cost", "Reason",
                                            "Selected (1 = in)", "Must-do (1 = yes)"])
    check("the Portfolio's detail columns are folded", all(pd.column_dimensions[openpyxl.utils.get_column_letter(c)].hidden
                                                           and pd.column_dimensions[openpyxl.utils.get_column_letter(c)].outline_level == 1
                                                           for c in range(9, pd.max_column + 1)))
    check("the Portfolio's reasons wrap", pd.cell(row=4, column=8).alignment.wrap_text)
    for ws in formulas.worksheets:
        check("%s prints on A4" % ws.title, ws.page_setup.paperSize in (9, "9"))
    check("cover links to every sheet", {c.hyperlink.location.split("!")[0].strip("'") for c in formulas["Cover"]["A"]
                                          if c.hyperlink is not None} == set(formulas.sheetnames) - {"Cover"})

    dq = values["Data quality"]
    check("data quality lists the filled value", any("Months to Value" == (dq.cell(row=r, column=4).value or "")
                                                   for r in range(2, dq.max_row + 1)))

    props = formulas.properties
    check("document title", props.title == "Portfolio selection: 2027-Q1 portfolio review")

    check_timephased(out)
    check_surface(folio, src)

    print("%d passed, %d failed" % (PASSED[0], len(FAILURES)))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
