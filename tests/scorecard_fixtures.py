"""Small seeded datasets for the scorecard tests (policies, license, outputs, attestation, gate, leaks)."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd

# Canary values: they must never appear in any output (test_no_leaks.py).
CANARY_SSNS = ["219-09-9999", "078-05-1120", "457-55-5462"]
CANARY_EMAILS = ["zebulon.quixote@canary-mail.example", "ottoline.vex@leakcheck.example"]
CANARY_NAMES = ["Zebulon Quixote", "Ottoline Vexworth", "Persephone Grimsditch"]
CANARY_PHONES = ["(917) 555-0134", "(646) 555-0199"]


def make_dataset(path: Path, n: int = 400, seed: int = 7, restricted_zip: bool = True) -> Path:
    rng = random.Random(seed)
    first = ["Ann", "Bob", "Cara", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivan", "Jo"]
    last = ["Smith", "Lee", "Garcia", "Khan", "Brown", "Nagy", "Okafor", "Rossi"]
    zips = ["10001", "10002", "11201", "07302", "08901"] + (["03601", "89301"] if restricted_zip else [])
    rows = []
    for i in range(n):
        name = f"{rng.choice(first)} {rng.choice(last)}"
        ssn = f"{rng.randint(100, 665):03d}-{rng.randint(10, 99):02d}-{rng.randint(1000, 9999):04d}"
        email = f"{name.lower().replace(' ', '.')}{i}@example.org"
        phone = f"({rng.randint(201, 989)}) {rng.randint(200, 999)}-{rng.randint(1000, 9999):04d}"
        note = "Patient stable, discharged home."
        if i < len(CANARY_NAMES):
            name = CANARY_NAMES[i]
            note = f"Seen with {CANARY_NAMES[i]}; call {CANARY_PHONES[i % len(CANARY_PHONES)]}."
        if i < len(CANARY_SSNS):
            ssn = CANARY_SSNS[i]
        if i < len(CANARY_EMAILS):
            email = CANARY_EMAILS[i]
            note += f" Email {CANARY_EMAILS[i]}."
        if i < len(CANARY_PHONES):
            phone = CANARY_PHONES[i]
        rows.append(
            {
                "patient_name": name,
                "ssn": ssn,
                "email": email,
                "phone": phone,
                "zip5": rng.choice(zips),
                "date_of_birth": f"{rng.randint(1925, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "sex": rng.choice("MF"),
                "race": rng.choice(["White", "Black", "Asian", "Other"]),
                "primary_diagnosis": rng.choice(["I10", "E11.9", "J18.9", "K35.80"]),
                "admission_date": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "readmitted_30d": int(rng.random() < 0.2),
                "clinical_note": note,
            }
        )
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def make_deid(
    path: Path, n: int = 400, seed: int = 3, zip3s: tuple[str, ...] = ("100", "112", "073", "000")
) -> Path:
    """A release that follows Safe Harbor's shape: ZIP3 (restricted -> 000), birth year capped, no dates.

    Pass ``zip3s`` with a restricted prefix (e.g. "036") to make one Safe Harbor finding.
    """
    rng = random.Random(seed)
    rows = [
        {
            "zip3": rng.choice(list(zip3s)),
            "birth_year": rng.randint(1940, 2000),
            "sex": rng.choice("MF"),
            "los": rng.randint(1, 9),
        }
        for _ in range(n)
    ]
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


ALL_FORMATS = ["json", "md", "html", "sarif", "junit", "spdx", "croissant"]


def audit_all_formats(workdir: Path, policy: str = "hipaa-safe-harbor", n: int = 300) -> Path:
    """Audit a small canary dataset (relative paths, run inside ``workdir``) with every output format."""
    import os
    import shutil

    from riskaudit.audit import run_audit
    from riskaudit.config import load_config

    root = Path(__file__).resolve().parents[1]
    old = os.getcwd()
    os.chdir(workdir)
    try:
        make_dataset(Path("data.csv"), n=n)
        shutil.copy(root / "configs" / "license.example.yaml", "lic.yaml")
        cfg = load_config(
            root / "src/riskaudit/configs" / "default.yaml",
            {
                "policy": {"extends": [policy]},
                "license": "lic.yaml",
                "outputs": {"formats": ALL_FORMATS},
                "columns": {"label": "readmitted_30d", "positive_label": "1"},
            },
        )
        run_audit("data.csv", cfg, out_dir="out")
    finally:
        os.chdir(old)
    return workdir / "out"
