"""The pandas side of bench/data.ts: one step, in a fresh process, printed as one JSON line.

Usage: python3 bench/peers/pandas_data.py STEP --parquet FILE --csv FILE
STEP is baseline (imports only), parquet, csv, describe or pipeline. The clock covers the step
alone: imports and, for describe and pipeline, loading the Parquet file are outside it. The JSON
line has the seconds, the process's peak RSS (ru_maxrss, KiB on Linux), the versions, and a few
figures that bench/data.ts compares with Shipyard's to check that both sides did the same work.
"""

import argparse
import json
import math
import resource
import sys
import time

import numpy as np
import pandas as pd

# pandas imports these on first use; loading them here keeps module loading out of the clock, as
# bench/data.ts does for Shipyard's modules.
import pyarrow  # noqa: F401
import pyarrow.parquet  # noqa: F401

PERCENTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]


def load_parquet(path):
    return pd.read_parquet(path, engine="pyarrow")


def load_csv(path):
    return pd.read_csv(path)


def loaded(df):
    first = df.iloc[:, 0]
    return {"rows": int(len(df)), "columns": int(df.shape[1]), "missing0": int(first.isna().sum()),
            "sum0": float(first.sum())}


def describe(df):
    summary = df.describe(percentiles=PERCENTILES)
    first = summary.iloc[:, 0]
    # pandas' std is the sample std (ddof 1); the check allows for either convention.
    return {"count0": int(first["count"]), "mean0": float(first["mean"]), "std0": float(first["std"]),
            "p50_0": float(first["50%"]), "p99_0": float(first["99%"])}


def pipeline(df):
    # Impute with the median, then standard-scale with the population std (ddof 0, as
    # sklearn's StandardScaler and Shipyard do), fitted on the imputed values; the output is the
    # row-major float32 feature matrix a model consumes.
    imputed = df.fillna(df.median())
    scaled = (imputed - imputed.mean()) / imputed.std(ddof=0)
    matrix = scaled.to_numpy(dtype=np.float32)
    return {"rows": int(matrix.shape[0]), "width": int(matrix.shape[1]), "first": float(matrix[0, 0]),
            "abs_sum0": float(np.abs(matrix[:, 0].astype(np.float64)).sum())}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["baseline", "parquet", "csv", "describe", "pipeline"])
    parser.add_argument("--parquet", required=True)
    parser.add_argument("--csv", required=True)
    args = parser.parse_args()

    df = load_parquet(args.parquet) if args.step in ("describe", "pipeline") else None
    started = time.perf_counter()
    if args.step == "baseline":
        check = {}
    elif args.step == "parquet":
        check = loaded(load_parquet(args.parquet))
    elif args.step == "csv":
        check = loaded(load_csv(args.csv))
    elif args.step == "describe":
        check = describe(df)
    else:
        check = pipeline(df)
    seconds = time.perf_counter() - started

    versions = {"python": sys.version.split()[0], "pandas": pd.__version__, "numpy": np.__version__,
                "pyarrow": pyarrow.__version__}
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    clean = {k: (v if not (isinstance(v, float) and not math.isfinite(v)) else str(v)) for k, v in check.items()}
    print(json.dumps({"seconds": seconds, "peakRssKiB": peak_kib, "check": clean, "versions": versions}))


if __name__ == "__main__":
    main()
