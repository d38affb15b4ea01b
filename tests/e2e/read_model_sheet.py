#!/usr/bin/env python3
"""Print the coefficient table of an exported Rapport report's "Model" sheet as JSON.

Usage: read_model_sheet.py REPORT.xlsx
Output: {"sheets": [...], "coefficients": [{"term": ..., "block": ..., "estimate": ...}, ...]}

The table starts at the row whose first cell is "Term" and whose header has "Estimate";
it ends at the first row with an empty first cell. Read with openpyxl (values, not formulas),
independently of the Rust code that wrote the file.
"""
import json
import sys

import openpyxl


def main() -> int:
    path = sys.argv[1]
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    out = {"sheets": wb.sheetnames, "coefficients": []}
    if "Model" not in wb.sheetnames:
        print(json.dumps(out))
        return 0
    rows = wb["Model"].iter_rows(values_only=True)
    header = None
    for row in rows:
        if row and row[0] == "Term":
            header = [str(c) if c is not None else "" for c in row]
            break
    if header is None or "Estimate" not in header:
        print(json.dumps(out))
        return 0
    i_est = header.index("Estimate")
    i_block = header.index("Block") if "Block" in header else None
    for row in rows:
        if not row or row[0] is None or row[0] == "":
            break
        out["coefficients"].append(
            {
                "term": row[0],
                "block": row[i_block] if i_block is not None else None,
                "estimate": row[i_est],
            }
        )
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
