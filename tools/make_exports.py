#!/usr/bin/env python3
"""Writes tests/data/exports/: one portfolio of twelve projects written as folio's canonical CSV and
as five PPM tools export it (Smartsheet .xlsx, Project Online, Jira, a German Clarity PPM in
Windows-1252, ServiceNow), each with the rules file that reads it untouched. The numbers are made
up; the layouts (headers, date, money, yes/no and link styles) follow each tool's export. Run with
Debian's python3 (python3-openpyxl); the files are committed, so the tests need neither."""
import csv
import datetime as dt
import os
import sys

import openpyxl

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "exports")

# id, name, category, cost, must, depends_on (ids), start quarter (0 = 2027-Q1), duration (quarters),
# fit (1 low .. 3 high), value, risk (1..5), fte (over the whole run)
PROJECTS = [
    ("PORT-101", "Customer portal refresh", "Digital", 1250000, False, [], 0, 2, 3, 2400000, 2, 6.0),
    ("PORT-102", "Billing platform migration", "Core", 2100000, True, [], 0, 3, 2, 1800000, 4, 9.0),
    ("PORT-103", "Data warehouse consolidation", "Data", 900000, False, [], 1, 2, 2, 1500000, 3, 4.5),
    ("PORT-104", "Self-service analytics", "Data", 650000, False, ["PORT-103"], 3, 2, 3, 1300000, 2, 3.0),
    ("PORT-105", "Mobile app relaunch", "Digital", 1400000, False, ["PORT-101"], 2, 2, 3, 2100000, 3, 7.5),
    ("PORT-106", "ERP upgrade", "Core", 1800000, False, [], 1, 4, 1, 900000, 5, 10.0),
    ("PORT-107", "Field service scheduling", "Operations", 550000, False, [], 0, 1, 2, 700000, 2, 2.5),
    ("PORT-108", "Warehouse robotics pilot", "Operations", 1600000, False, [], 2, 3, 2, 2000000, 4, 5.0),
    ("PORT-109", "Identity and access overhaul", "Core", 800000, False, [], 0, 2, 3, 600000, 1, 4.0),
    ("PORT-110", "Partner API programme", "Digital", 700000, False, ["PORT-109"], 2, 2, 2, 1100000, 2, 3.5),
    ("PORT-111", "Kundenportal Überarbeitung", "Digital", 450000, False, [], 4, 2, 1, 500000, 3, 2.0),
    ("PORT-112", "Procurement automation", "Operations", 380000, False, [], 3, 1, 2, 650000, 1, 2.0),
]

COMMON = """[portfolio]
name = Exports test portfolio
periods = 2027-Q1..2028-Q4

[criterion fit]
column = {fit}
weight = 40
normalise = range
range = {fit_range}

[criterion value]
column = {value}
weight = 40

[criterion risk]
column = {risk}
weight = 20
direction = min

[capacity budget]
column = cost
limit = {limit}

[capacity staff]
column = {fte}
per_period = {per_period}

[sensitivity]
enabled = no

[tradeoffs]
enabled = no
"""

FIT = {1: "Low", 2: "Medium", 3: "High"}


def quarter(q):
    return "%d-Q%d" % (2027 + q // 4, q % 4 + 1)


def first_day(q, day=15):
    return dt.date(2027 + q // 4, (q % 4) * 3 + 1, day)


def last_day(q):
    month = (q % 4) * 3 + 3
    return dt.date(2027 + q // 4, month, 28)


def write(path, text, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as f:
        f.write(text)


def rules(folder, extra, **cols):
    limit = cols.pop("limit", "9000000")
    cols.setdefault("fit_range", "1..3")
    if cols["cost"] != "cost":  # the cost is a field of its own: a tool's header is mapped to it
        extra = extra.replace("[columns]\n", "[columns]\ncost = %s\n" % cols["cost"])
    per_period = cols.pop("per_period", "12")
    text = extra + "\n" + COMMON.format(limit=limit, per_period=per_period, **cols)
    write(os.path.join(folder, "rules.ini"), text)


def rows_csv(path, header, rows, delimiter=",", encoding="utf-8", crlf=False):
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n")
        w.writerow(header)
        w.writerows(rows)


def canonical(d):
    header = ["id", "name", "category", "cost", "must", "depends_on", "start", "duration", "fit", "value", "risk", "fte"]
    rows = [[p[0], p[1], p[2], p[3], "yes" if p[4] else "no", ";".join(p[5]), quarter(p[6]), p[7], p[8], p[9], p[10],
             p[11]] for p in PROJECTS]
    rows_csv(os.path.join(d, "projects.csv"), header, rows)
    rules(d, "", fit="fit", value="value", risk="risk", cost="cost", fte="fte")


def smartsheet(d):
    """Smartsheet's Export to Microsoft Excel of a project sheet: its default columns (Task Name, Start
    Date, End Date as date cells, Duration in working days "129d", Predecessors as row numbers with
    link types and lags, Assigned To, % Complete, Status) and added ones: an auto-number ID, a
    checkbox column as TRUE/FALSE, a dropdown column of words, currency cells. The sheet's hierarchy
    is exported as Excel's outline: one parent row per program (its budget, value and dates rolled
    up from the projects indented under it), each project one level down."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Portfolio Intake"
    ws.append(["ID", "Task Name", "Program", "Budget", "Must Do", "Predecessors", "Start Date", "End Date", "Duration",
               "Strategic Fit", "Expected Value", "Risk", "FTE", "Status", "% Complete", "Assigned To"])
    programs = []
    for p in PROJECTS:
        if p[2] not in programs:
            programs.append(p[2])
    order = [x for g in programs for x in [(None, g)] + [(p, g) for p in PROJECTS if p[2] == g]]
    row_of = {p[0]: k + 1 for k, (p, _) in enumerate(order) if p is not None}
    links = ["", "FS", "SS", "FS +2d"]
    for (p, g) in order:
        if p is None:
            kids = [q for q in PROJECTS if q[2] == g]
            start, end = min(q[6] for q in kids), max(q[6] + q[7] - 1 for q in kids)
            ws.append(["PRG-%d" % (programs.index(g) + 1), g + " program", g, sum(q[3] for q in kids), False, "",
                       dt.datetime.combine(first_day(start, 4), dt.time(8)), dt.datetime.combine(last_day(end), dt.time(17)),
                       "%dd" % (65 * (end - start + 1)), None, sum(q[9] for q in kids), None, None, "In Progress", 0, None])
            ws.cell(row=ws.max_row, column=4).number_format = '"$"#,##0.00'
            ws.cell(row=ws.max_row, column=11).number_format = '"$"#,##0'
            continue
        k = PROJECTS.index(p)
        preds = ", ".join("%d%s" % (row_of[x], links[(k + j) % len(links)]) for j, x in enumerate(p[5]))
        days = 65 * p[7] - (1 if k % 2 else 0)  # 129d rounds up to 2 quarters, 130d is exactly 2
        ws.append([p[0], p[1], p[2], p[3], p[4], preds, dt.datetime.combine(first_day(p[6], 4 + k), dt.time(8)),
                   dt.datetime.combine(last_day(p[6] + p[7] - 1), dt.time(17)), "%dd" % days, FIT[p[8]], p[9], p[10],
                   p[11], "Not Started", 0, "pmo@example.com"])
        ws.row_dimensions[ws.max_row].outlineLevel = 1
        ws.cell(row=ws.max_row, column=4).number_format = '"$"#,##0.00'
        ws.cell(row=ws.max_row, column=11).number_format = '"$"#,##0'
        ws.cell(row=ws.max_row, column=15).number_format = "0%"
    wb.save(os.path.join(d, "projects.xlsx"))
    rules(d, """[input]
depends_on = rows

[columns]
id = ID
name = Task Name
category = Program
must = Must Do
depends_on = Predecessors
start = Start Date

[values Strategic Fit]
Low = 1
Medium = 2
High = 3
""", fit="Strategic Fit", value="Expected Value", risk="Risk", cost="Budget", fte="FTE")


def project_online(d):
    """Project Online's Project Center exported to Excel and saved as CSV: its default columns
    (Project Name, Start, Finish, % Complete, Work in hours, Duration in days, Owner), US dates,
    money with $ and cents, and enterprise custom fields: Yes/No flags, N/A where a field is empty.
    Work is in hours (520 h is one FTE for a quarter), so the staff limit is in hours too."""
    header = ["Project Name", "Start", "Finish", "% Complete", "Work", "Duration", "Owner", "Cost",
              "Project Departments", "Mandatory", "Depends On", "Strategic Alignment", "Expected Benefit",
              "Risk Score"]
    name = {p[0]: p[1] for p in PROJECTS}
    rows = []
    for p in PROJECTS:
        start = first_day(p[6], 21)
        finish = last_day(p[6] + p[7] - 1)
        rows.append([p[1], "%d/%d/%d" % (start.month, start.day, start.year),
                     "%d/%d/%d" % (finish.month, finish.day, finish.year), "0%", "{:,.0f}h".format(p[11] * 520),
                     "%dd" % (65 * p[7] - 1), "Dana Whitfield", "${:,.2f}".format(p[3]), p[2],
                     "Yes" if p[4] else "No", "; ".join(name[x] for x in p[5]) or "N/A", FIT[p[8]],
                     "${:,.0f}".format(p[9]), p[10]])
    rows_csv(os.path.join(d, "projects.csv"), header, rows, crlf=True)
    rules(d, """[input]
date_order = mdy

[columns]
id = Project Name
name = Project Name
category = Project Departments
must = Mandatory
depends_on = Depends On
start = Start

[values Strategic Alignment]
Low = 1
Medium = 2
High = 3
""", fit="Strategic Alignment", value="Expected Benefit", risk="Risk Score", cost="Cost",
          fte="Work", per_period="6,240")


def jira(d):
    """Jira's CSV export (all fields): Summary first, Issue key and id, a column per label and per
    issue link ("Labels", "Labels"; "Inward issue link (Blocks)" twice for the issues that block
    this one, "Outward issue link (Blocks)" for those it blocks), custom fields as "Custom field
    (NAME)" (Advanced Roadmaps' Target start and Target end), dates as 10/Jan/27 and times as
    10/Jan/27 9:00 AM."""
    header = ["Summary", "Issue key", "Issue id", "Issue Type", "Status", "Priority", "Created", "Labels", "Labels",
              "Inward issue link (Blocks)", "Inward issue link (Blocks)", "Outward issue link (Blocks)",
              "Custom field (Target start)", "Custom field (Target end)", "Custom field (Budget)",
              "Custom field (Mandatory)", "Custom field (Business Value)", "Custom field (Risk)",
              "Custom field (Team FTE)", "Custom field (Program)"]
    prio = {1: "Low", 2: "Medium", 3: "High"}
    blocks = {p[0]: [q[0] for q in PROJECTS if p[0] in q[5]] for p in PROJECTS}
    rows = []
    for k, p in enumerate(PROJECTS):
        start = first_day(p[6], 10)
        end = last_day(p[6] + p[7] - 1)
        links = (p[5] + ["", ""])[:2]
        rows.append([p[1], p[0], 10100 + k, "Initiative", "To Do", prio[p[8]], "02/Nov/26 9:%02d AM" % k, "portfolio",
                     "fy27" if k % 2 else "", links[0], links[1], ",".join(blocks[p[0]]), start.strftime("%d/%b/%y"),
                     end.strftime("%d/%b/%y"), p[3], "Yes" if p[4] else "", p[9], p[10], p[11], p[2]])
    rows_csv(os.path.join(d, "projects.csv"), header, rows)
    rules(d, """[columns]
id = Issue key
name = Summary
category = Custom field (Program)
must = Custom field (Mandatory)
depends_on = Inward issue link (Blocks)
start = Custom field (Target start)
finish = Custom field (Target end)

[values Priority]
Low = 1
Medium = 2
High = 3
""", fit="Priority", value="Custom field (Business Value)", risk="Custom field (Risk)",
          cost="Custom field (Budget)", fte="Custom field (Team FTE)")


def clarity(d):
    """A German Clarity PPM project list exported to Excel and saved as CSV: semicolons, decimal
    commas, thousands points, dates as 15.01.2027, Ja/Nein, risk as words, '-' for none, in
    Windows-1252. Headers and value styles from Broadcom's documentation where it gives them: the
    German "Bearbeiten allgemeiner Eigenschaften (Investitionen)" (CA Clarity PPM 13.3, DEU) names
    "Projektname", "Projekt ID" and "Manager"; the German Microsoft Project field mapping (13.2,
    DEU) names the project's "Anfangsdatum" and "Enddatum"; "How Information Transfers from CA
    Clarity PPM to Excel" (14.2) exports a boolean as Yes/No (localised: the Japanese edition says
    はい/いいえ) and money as two columns, the numeric value and the currency code, under the
    attribute's one header (a merged cell: saved as CSV, the code's column has a blank header). The
    German labels of Goal, Alignment (0-100), Risk and Required, and the custom attributes, are not
    in the documentation reachable here: "Ziel", "Ausrichtung", "Risiko", "Erforderlich" are
    translations."""
    header = ["Projekt ID", "Projektname", "Manager", "Ziel", "Ausrichtung", "Risiko", "Erforderlich", "Anfangsdatum",
              "Enddatum", "Geplante Kosten", "", "Abhängigkeiten", "Erwarteter Nutzen", "", "Kapazität (FTE)"]
    risk = {1: "Sehr niedrig", 2: "Niedrig", 3: "Mittel", 4: "Hoch", 5: "Sehr hoch"}
    goal = {"Digital": "Geschäft ausbauen", "Core": "Geschäft erhalten", "Data": "Infrastruktur verbessern",
            "Operations": "Kosten senken"}

    def money(v):
        return "{:,.2f}".format(v).replace(",", "X").replace(".", ",").replace("X", ".")

    rows = []
    for p in PROJECTS:
        start = first_day(p[6], 2)
        finish = last_day(p[6] + p[7] - 1)
        rows.append([p[0], p[1], "Jürgen Weiß", goal[p[2]], 50 * (p[8] - 1), risk[p[10]], "Ja" if p[4] else "Nein",
                     start.strftime("%d.%m.%Y"), finish.strftime("%d.%m.%Y"), money(p[3]), "EUR",
                     ", ".join(p[5]) or "-", money(p[9]), "EUR", ("%g" % p[11]).replace(".", ",")])
    rows_csv(os.path.join(d, "projects.csv"), header, rows, delimiter=";", encoding="cp1252", crlf=True)
    rules(d, """[input]
encoding = windows-1252
decimal = comma
true = Ja
false = Nein

[columns]
id = Projekt ID
name = Projektname
category = Ziel
must = Erforderlich
depends_on = Abhängigkeiten
start = Anfangsdatum
finish = Enddatum

[values Risiko]
Sehr niedrig = 1
Niedrig = 2
Mittel = 3
Hoch = 4
Sehr hoch = 5
""", fit="Ausrichtung", fit_range="0..100", value="Erwarteter Nutzen", risk="Risiko", cost="Geplante Kosten",
          fte="Kapazität (FTE)", limit="9.000.000", per_period="12")


def servicenow(d):
    """A ServiceNow project list (pm_project) exported to CSV: field names as headers, datetimes as
    2027-01-15 08:00:00, currency with $, true/false, ServiceNow's numbered priorities."""
    header = ["number", "short_description", "u_program", "cost", "u_mandatory", "u_depends_on", "start_date",
              "end_date", "priority", "u_business_value", "u_risk_score", "u_fte", "state"]
    prio = {1: "4 - Low", 2: "3 - Moderate", 3: "2 - High"}
    rows = []
    for p in PROJECTS:
        start = first_day(p[6], 5)
        finish = last_day(p[6] + p[7] - 1)
        rows.append([p[0], p[1], p[2], "${:,.2f}".format(p[3]), "true" if p[4] else "false", ",".join(p[5]),
                     start.strftime("%Y-%m-%d 08:00:00"), finish.strftime("%Y-%m-%d 17:00:00"), prio[p[8]],
                     "{:.2f}".format(p[9]), p[10], p[11], "Pending"])
    rows_csv(os.path.join(d, "projects.csv"), header, rows)
    rules(d, """[columns]
id = number
name = short_description
category = u_program
must = u_mandatory
depends_on = u_depends_on
start = start_date
finish = end_date

[values priority]
4 - Low = 1
3 - Moderate = 2
2 - High = 3
""", fit="priority", value="u_business_value", risk="u_risk_score", cost="cost", fte="u_fte")


def main():
    for name, fn in [("canonical", canonical), ("smartsheet", smartsheet), ("project_online", project_online),
                     ("jira", jira), ("clarity", clarity), ("servicenow", servicenow)]:
        d = os.path.join(OUT, name)
        os.makedirs(d, exist_ok=True)
        fn(d)
    return 0


if __name__ == "__main__":
    sys.exit(main())
