"""The script an analyst would write in Python for what `rapport run` does on the
benchmark survey (bench/specs/survey-*.json): import, read the CSV, score the answers,
build the design matrix, fit, standard errors, a Wald test per block. One task per
process, so bench/pipeline.py can time it whole, as a user meets it.

Usage: python3 bench/peer_pipeline.py TASK FILE
  TASK: ols | wls-cluster | logit (FILE a CSV), or read-xlsx (FILE a workbook; fastexcel
  through polars, the fastest Python reader of xlsx).
"""

import sys

AGREE = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
TRUST = ["Not at all", "Not very much", "A fair amount", "A great deal"]
RELATIONAL = ["kind", "listened", "respect", "time_for_me", "understood_situation",
              "kept_informed", "same_person", "felt_understood"]
PERFORMANCE = ["resolved_first_time", "days_waited", "forms_easy", "cost_fair", "rules_clear"]
CONTROLS = ["age_band", "sex", "tenure", "imd_quintile"]
# Answers Rapport reads as missing for a reason (scale.rs): the rows are left out.
MISSING = ["Don't know", "Prefer not to say"]


def read_xlsx(path):
    import polars as pl

    frame = pl.read_excel(path, sheet_name="Responses", engine="calamine",
                          read_options={"header_row": 3})
    print(frame.shape)


def fit(task, path):
    import pandas as pd
    import statsmodels.api as sm

    data = pd.read_csv(path, na_values=MISSING, keep_default_na=True)
    scored = {"trust_council": data["trust_council"].map({t: i + 1 for i, t in enumerate(TRUST)})}
    for item in RELATIONAL + ["forms_easy", "cost_fair", "rules_clear"]:
        scored[item] = data[item].map({a: i + 1 for i, a in enumerate(AGREE)})
    scored["resolved_first_time"] = data["resolved_first_time"].map({"No": 0.0, "Yes": 1.0})
    scored["days_waited"] = pd.to_numeric(data["days_waited"], errors="coerce")
    frame = pd.DataFrame(scored)
    dummies = pd.get_dummies(data[CONTROLS].astype("category"), drop_first=True, dtype=float)
    columns = ["trust_council"] + RELATIONAL + PERFORMANCE
    frame = pd.concat([frame, dummies, data[["weight", "ward"]]], axis=1)
    # Complete cases: every scored column and every control answered.
    frame = frame.dropna(subset=columns)
    frame = frame[data.loc[frame.index, CONTROLS].notna().all(axis=1)]
    x = sm.add_constant(frame[RELATIONAL + PERFORMANCE + list(dummies.columns)])
    y = frame["trust_council"]
    if task == "ols":
        result = sm.OLS(y, x).fit()
    elif task == "wls-cluster":
        groups = frame["ward"].astype("category").cat.codes
        result = sm.WLS(y, x, weights=frame["weight"]).fit(
            cov_type="cluster", cov_kwds={"groups": groups})
    elif task == "logit":
        result = sm.Logit((y >= 3).astype(float), x).fit(disp=0)
    else:
        raise SystemExit(f"unknown task {task}")
    blocks = {"Relationships": RELATIONAL, "Service performance": PERFORMANCE,
              "About the respondent": list(dummies.columns)}
    tests = {name: result.wald_test(" = 0, ".join(terms) + " = 0", scalar=True)
             for name, terms in blocks.items()}
    print(result.summary())
    print("rows used", int(result.nobs))
    for name, test in tests.items():
        print(name, float(test.statistic), float(test.pvalue))


def main():
    task, path = sys.argv[1], sys.argv[2]
    if task == "read-xlsx":
        read_xlsx(path)
    else:
        fit(task, path)


if __name__ == "__main__":
    main()
