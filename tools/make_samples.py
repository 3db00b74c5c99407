#!/usr/bin/env python3
"""Writes samples/projects.csv and samples/benefits.csv: one believable quarter of proposals.

The samples are committed; this script documents how they were made and re-makes them
byte-for-byte (fixed seed). They imitate two real exports: a PPM tool's project list
(comma-delimited, money with '$' and thousands separators, quoted names holding commas)
and a finance team's benefits register (semicolon-delimited, decimal commas, euro amounts).
"""
import csv
import random
import sys
from pathlib import Path

CATEGORIES = {
    "Digital Customer": [
        "Mobile app redesign", "Self-service returns portal", "Customer identity, SSO and consent",
        "Live chat with order context", "Loyalty programme relaunch", "Personalised recommendations",
        "Checkout performance, phase 2", "Accessibility remediation (WCAG 2.2)", "Store locator rebuild",
        "Customer feedback hub",
    ],
    "Operations": [
        "Warehouse slotting optimisation", "Route planning for last mile", "Returns triage automation",
        "Supplier portal", "Demand forecasting refresh", "Field service scheduling",
        "Fleet telematics rollout", "Inventory cycle counting, RFID pilot", "Procure-to-pay workflow",
        "Dock door scheduling",
    ],
    "Compliance & Risk": [
        "GDPR data retention clean-up", "SOX controls automation", "PCI DSS 4.0 upgrade",
        "Third-party risk register", "Sanctions screening upgrade", "Records management migration",
        "ESG reporting (CSRD)", "Access recertification tooling", "Fraud detection rules refresh",
        "Audit trail for pricing changes",
    ],
    "Infrastructure": [
        "Data centre exit, wave 1", "Data centre exit, wave 2", "Network refresh (branch sites)",
        "Backup and disaster recovery", "Kubernetes platform", "Observability stack",
        "Identity provider consolidation", "End-user device refresh", "Mainframe batch offload",
        "Zero-trust remote access",
    ],
    "Data & Analytics": [
        "Enterprise data warehouse migration", "Master data management", "Self-service BI rollout",
        "Customer 360 data model", "Data quality monitoring", "Pricing analytics",
        "Finance planning model", "Marketing mix modelling", "Data catalogue", "Real-time sales dashboard",
    ],
    "Innovation": [
        "GenAI assistant for agents", "Computer vision shelf audit", "Drone inventory pilot",
        "Voice ordering pilot", "Digital twin of DC", "Blockchain provenance pilot",
        "AR product previews", "Predictive maintenance pilot", "Smart lockers pilot", "IoT cold chain pilot",
    ],
}
PREFIX = {"Digital Customer": "DC", "Operations": "OPS", "Compliance & Risk": "CMP",
          "Infrastructure": "INF", "Data & Analytics": "DA", "Innovation": "INN"}
OWNERS = ["A. Laurent", "B. Okafor", "C. Nguyen", "D. Fischer", "E. Rossi", "F. Haddad", "G. Silva"]
BENEFIT_KINDS = ["Revenue uplift", "Cost saving", "Cost avoidance", "Risk reduction"]


def money(v):
    return "${:,.0f}".format(v)


def euro(v):
    s = "{:,.2f}".format(v)  # 1,234,567.89
    return s.replace(",", "_").replace(".", ",").replace("_", ".") + " €"


def main(out_dir):
    rng = random.Random(20270101)
    rows, ids = [], []
    for cat, names in CATEGORIES.items():
        for k, name in enumerate(names, start=1):
            pid = "{}-{:03d}".format(PREFIX[cat], k)
            ids.append(pid)
            base = {"Innovation": 450_000, "Compliance & Risk": 650_000, "Infrastructure": 1_400_000}.get(cat, 900_000)
            cost = round(base * rng.uniform(0.35, 2.6), -3)
            eng = round(rng.uniform(0.5, 9.0) * (1.4 if cat in ("Infrastructure", "Digital Customer") else 1.0), 1)
            ops = round(rng.uniform(0.0, 4.0) * (2.0 if cat == "Operations" else 1.0), 1)
            data = round(rng.uniform(0.0, 3.0) * (2.5 if cat == "Data & Analytics" else 1.0), 1)
            rows.append({
                "Project ID": pid, "Project Name": name, "Category": cat, "Owner": rng.choice(OWNERS),
                "Cost": cost, "Engineering FTE": eng, "Operations FTE": ops, "Data FTE": data,
                "Strategic Fit": rng.randint(1, 5), "Customer Impact": rng.randint(1, 5),
                "Delivery Risk": rng.randint(1, 5), "Months to Value": rng.choice([3, 4, 6, 6, 9, 12, 12, 18, 24]),
                "Must Do": "", "Exclude": "", "Depends On": "", "Excludes": "",
            })
    # Timing for the time-phased variant, from a generator of its own so that the columns above
    # (and so the single-period results) stay as they were.
    trng = random.Random(20270401)
    for r in rows:
        r["Start"] = "2027-Q{}".format(trng.randint(1, 4))
        r["Latest Start"] = ""
        r["Duration"] = trng.choice([1, 2, 2, 3, 3, 4])
        slack = trng.choice([0, 0, 1, 2, 2, 3])
        if slack:
            q = int(r["Start"][-1]) + slack
            r["Latest Start"] = "{}-Q{}".format(2027 + (q - 1) // 4, (q - 1) % 4 + 1)
    by_id = {r["Project ID"]: r for r in rows}
    for pid in ("CMP-001", "CMP-003", "INF-004"):
        by_id[pid]["Must Do"] = "Yes"
        by_id[pid]["Strategic Fit"] = max(by_id[pid]["Strategic Fit"], 3)
    by_id["INN-006"]["Exclude"] = "Yes"   # blockchain pilot: vetoed by the steering committee
    by_id["OPS-007"]["Exclude"] = "yes"   # fleet telematics: vendor contract lapsed
    # Links as a PPM tool types them: forecasting starts with data-quality monitoring (start-to-start),
    # the second data-centre wave a quarter after the first starts.
    deps = {"INF-002": "INF-001SS+3mo", "DA-004": "DA-001; DA-002", "DC-006": "DA-004", "DA-006": "DA-001",
            "OPS-005": "DA-005SS", "INN-005": "INF-005", "DC-007": "INF-005"}
    for a, b in deps.items():
        by_id[a]["Depends On"] = b
    excl = {"DA-003": "DA-010", "INN-004": "DC-005", "INF-009": "INF-001"}
    for a, b in excl.items():
        by_id[a]["Excludes"] = b
    # Fixed dates: regulatory deadlines and the data-centre contract.
    for pid in ("CMP-001", "CMP-003", "INF-001"):
        by_id[pid]["Latest Start"] = ""
    # The PPM tool writes blank booleans as empty and one analyst typed "No".
    by_id["DC-001"]["Must Do"] = "No"
    by_id["DA-009"]["Months to Value"] = ""  # not yet estimated
    # Where each project stands (read only when the rules re-plan, rules/replan.ini): last quarter's
    # approved work in flight with its spend to date, in the words the PPM tool uses.
    flight = {"CMP-008": ("In Progress", 0.40), "INF-005": ("Active", 0.35), "DA-002": ("Execution", 0.55),
              "CMP-005": ("In Progress", 0.20), "OPS-002": ("On Hold", 0.15)}
    for r in rows:
        r["Status"], r["Spent"] = ("Idea" if r["Category"] == "Innovation" else "Proposed"), ""
    for pid, (status, share) in flight.items():
        by_id[pid]["Status"], by_id[pid]["Spent"] = status, money(round(by_id[pid]["Cost"] * share, -3))
    by_id["CMP-010"]["Status"] = "Completed"
    by_id["INN-009"]["Status"] = "Cancelled"

    out = Path(out_dir)
    with open(out / "projects.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\r\n")
        header = list(rows[0].keys())
        w.writerow(header)
        for r in rows:
            r = dict(r)
            r["Cost"] = money(r["Cost"])
            w.writerow([r[h] for h in header])

    # Resource plans for a few large projects: engineering ramps up, operations comes at the end.
    # Periods are as if each project starts at its Start.
    def quarter(label, k):
        q = int(label[-1]) + k
        return "{}-Q{}".format(int(label[:4]) + (q - 1) // 4, (q - 1) % 4 + 1)
    with open(out / "demand.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["Project", "Resource", "Period", "Amount"])
        for r in rows:
            d = r["Duration"]
            if d < 3 or r["Project ID"] not in ("DC-001", "DA-001", "INF-002", "OPS-004", "DC-007", "DA-005"):
                continue
            eng, ops = r["Engineering FTE"], r["Operations FTE"]
            weights = [k + 1 for k in range(d)]
            for k in range(d):
                w.writerow([r["Project ID"], "Engineering FTE", quarter(r["Start"], k),
                            round(eng * weights[k] / sum(weights), 2)])
            w.writerow([r["Project ID"], "Operations FTE", quarter(r["Start"], d - 1), ops])

    with open(out / "benefits.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\n")
        w.writerow(["Project", "Benefit type", "Period", "Amount", "Low", "High"])
        for r in rows:
            pid = r["Project ID"]
            scale = float(r["Cost"]) * rng.uniform(0.4, 2.2) / 4
            kinds = rng.sample(BENEFIT_KINDS, rng.randint(1, 3))
            quarters = ["2027-Q{}".format(q) for q in (2, 3, 4)] + ["2028-Q{}".format(q) for q in (1, 2)]
            for kind in kinds:
                for q in rng.sample(quarters, rng.randint(1, 3)):
                    amt = round(scale * rng.uniform(0.3, 1.0), 2)
                    w.writerow([pid, kind, q, euro(amt), euro(amt * 0.7), euro(amt * 1.25)])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "samples")
