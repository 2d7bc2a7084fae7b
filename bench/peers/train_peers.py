"""The XGBoost and scikit-learn sides of bench/train.ts: one training run, in a fresh process, printed as one JSON line.

Usage: OMP_NUM_THREADS=2 python3 bench/peers/train_peers.py LIB --data DIR --params JSON --predictions FILE
LIB is xgboost, sklearn, or baseline (imports only, for the idle process's memory). DIR holds what
bench/train.ts wrote: meta.json, train.f32 / test.f32 (row-major float32 features) and
train-labels.f64 / test-labels.f64. PARAMS is a JSON object: objective (binary, multiclass,
regression_l2), num_class, trees, leaves, learning_rate, max_bins, threads, min_child_weight,
lambda_l2, lambda_l1, min_gain, min_data_in_leaf (bench/train.ts derives them from Shipyard's).

The clock covers training alone, from the numpy arrays in memory: for XGBoost the DMatrix
construction plus `xgb.train` (the hist method sketches quantiles and bins inside it); for
scikit-learn `fit`, which bins first. Loading the files and the imports are outside it. Test
predictions (probabilities [N, K] or values [N], float64) go to FILE for bench/train.ts to score
with Shipyard's metrics. The JSON line carries the seconds, the peak RSS (ru_maxrss, KiB), the
process's CPU time (every thread), and checks: scikit-learn's own metrics of the predictions, which
bench/train.ts compares with Shipyard's, and the rows and label sums read.
"""

import argparse
import json
import os
import resource
import sys
import time

import numpy as np


def load(directory):
    with open(os.path.join(directory, "meta.json")) as f:
        meta = json.load(f)
    width = meta["width"]

    def matrix(name):
        return np.fromfile(os.path.join(directory, name), dtype=np.float32).reshape(-1, width)

    def labels(name):
        return np.fromfile(os.path.join(directory, name), dtype=np.float64)

    return matrix("train.f32"), labels("train-labels.f64"), matrix("test.f32"), labels("test-labels.f64")


def xgboost_params(params):
    """XGBoost's booster parameters for PARAMS (shared with bench/peers/serve_peer.py)."""
    objective = {"binary": "binary:logistic", "multiclass": "multi:softprob",
                 "regression_l2": "reg:squarederror"}[params["objective"]]
    booster_params = {
        "objective": objective,
        "tree_method": "hist",
        "grow_policy": "lossguide",
        "max_leaves": params["leaves"],
        "max_depth": 0,
        "eta": params["learning_rate"],
        "max_bin": params["max_bins"],
        "nthread": params["threads"],
        # Matched to Shipyard's minSumHessianInLeaf, lambdaL2, lambdaL1 and minGainToSplit. XGBoost's
        # own defaults (min_child_weight 1, lambda 1) regularise more than LightGBM-style defaults.
        "min_child_weight": params["min_child_weight"],
        "lambda": params["lambda_l2"],
        "alpha": params["lambda_l1"],
        "gamma": params["min_gain"],
        "verbosity": 0,
        "seed": 0,
    }
    if params["objective"] == "multiclass":
        booster_params["num_class"] = params["num_class"]
    return booster_params


def train_xgboost(params, x, y):
    import xgboost as xgb

    booster_params = xgboost_params(params)
    started = time.perf_counter()
    dtrain = xgb.DMatrix(x, label=y, nthread=params["threads"])
    booster = xgb.train(booster_params, dtrain, num_boost_round=params["trees"])
    seconds = time.perf_counter() - started

    def predict(test):
        return booster.predict(xgb.DMatrix(test, nthread=params["threads"]))

    return seconds, predict, {"xgboost": xgb.__version__}


def train_sklearn(params, x, y):
    import sklearn
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

    common = {
        "max_iter": params["trees"],
        "max_leaf_nodes": params["leaves"],
        "max_depth": None,
        "learning_rate": params["learning_rate"],
        "max_bins": params["max_bins"],
        # Matched to Shipyard's minDataInLeaf and lambdaL2; scikit-learn has no public minimum
        # hessian (it uses 1e-3 internally, as Shipyard's default) nor L1.
        "min_samples_leaf": params["min_data_in_leaf"],
        "l2_regularization": params["lambda_l2"],
        "early_stopping": False,
        "random_state": 0,
    }
    if params["objective"] == "regression_l2":
        model = HistGradientBoostingRegressor(loss="squared_error", **common)
    else:
        model = HistGradientBoostingClassifier(loss="log_loss", **common)
    started = time.perf_counter()
    model.fit(x, y)
    seconds = time.perf_counter() - started

    def predict(test):
        if params["objective"] == "regression_l2":
            return model.predict(test)
        return model.predict_proba(test)

    return seconds, predict, {"sklearn": sklearn.__version__}


def as_probabilities(objective, predictions):
    if objective == "binary" and predictions.ndim == 1:
        return np.column_stack([1 - predictions, predictions])
    return predictions


def metrics(objective, labels, predictions):
    from sklearn.metrics import accuracy_score, log_loss, mean_squared_error, r2_score, roc_auc_score

    if objective == "regression_l2":
        return {"rmse": float(np.sqrt(mean_squared_error(labels, predictions))),
                "r2": float(r2_score(labels, predictions))}
    classes = predictions.shape[1]
    # eps 1e-15: Shipyard's clipping (scikit-learn < 1.2's default; 1.2's "auto" clips float64 at 2.2e-16,
    # which differs when a peer predicts a probability of exactly 0 or 1, as XGBoost's float32 output can).
    result = {"logloss": float(log_loss(labels, predictions, eps=1e-15, labels=list(range(classes)))),
              "accuracy": float(accuracy_score(labels, predictions.argmax(axis=1)))}
    if classes == 2:
        result["roc_auc"] = float(roc_auc_score(labels, predictions[:, 1]))
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("lib", choices=["xgboost", "sklearn", "baseline"])
    parser.add_argument("--data", required=True)
    parser.add_argument("--params", required=True)
    parser.add_argument("--predictions", required=True)
    args = parser.parse_args()
    params = json.loads(args.params)
    versions = {"python": sys.version.split()[0], "numpy": np.__version__}

    if args.lib == "baseline":
        import sklearn.ensemble  # noqa: F401
        import sklearn.metrics  # noqa: F401
        import xgboost  # noqa: F401

        print(json.dumps({"seconds": 0, "predictSeconds": 0, "peakRssKiB": peak_kib(),
                          "cpuSeconds": cpu_seconds(), "check": {}, "versions": versions}))
        return

    import sklearn.metrics  # noqa: F401 -- imported before the clock, as the trainers are

    x_train, y_train, x_test, y_test = load(args.data)
    trainer = train_xgboost if args.lib == "xgboost" else train_sklearn
    seconds, predict, lib_versions = trainer(params, x_train, y_train)
    started = time.perf_counter()
    predictions = as_probabilities(params["objective"], np.asarray(predict(x_test), dtype=np.float64))
    predict_seconds = time.perf_counter() - started
    predictions.tofile(args.predictions)

    check = {"train_rows": int(x_train.shape[0]), "test_rows": int(x_test.shape[0]),
             "train_label_sum": float(y_train.sum()), "test_label_sum": float(y_test.sum())}
    check.update(metrics(params["objective"], y_test, predictions))
    versions.update(lib_versions)
    print(json.dumps({"seconds": seconds, "predictSeconds": predict_seconds, "peakRssKiB": peak_kib(),
                      "cpuSeconds": cpu_seconds(), "check": check, "versions": versions}))


def peak_kib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
