"""The peer of bench/serve.ts: XGBoost's model of the binary task served by FastAPI on uvicorn, one row per request.

Usage:
  python3 bench/peers/serve_peer.py train --data DIR --params JSON --model FILE
  SHIPYARD_BENCH_PEER_MODEL=FILE OMP_NUM_THREADS=1 \\
    python3 -m uvicorn serve_peer:app --app-dir bench/peers --host 127.0.0.1 --port PORT [--workers N]

`train` fits XGBoost on DIR's train split (the files bench/train.ts writes: meta.json, train.f32,
train-labels.f64) with PARAMS mapped to XGBoost's parameters exactly as train_peers.py maps them
(`xgboost_params`), and saves the booster as JSON in FILE. It prints one JSON line: the seconds
and the XGBoost version.

The app loads FILE into an `XGBClassifier` and answers:
- `POST /predict`: a JSON object of the model's features by name (`{"f00": 0.12, ..., "f27": -1.3}`,
  checked by a pydantic model, as a FastAPI service declares its input) with
  `{"label": 0|1, "probabilities": [p0, p1]}` from `predict_proba` on that one row;
- `GET /health`: `{"status": "ok"}`.
The route is `async def`: the prediction runs on the event loop, without a hop to FastAPI's thread
pool (faster for a sub-millisecond call). uvicorn picks uvloop and httptools when they are installed.
"""

import argparse
import json
import os
import sys
import time

import numpy as np

from train_peers import load, xgboost_params


def train(args):
    import xgboost as xgb

    params = json.loads(args.params)
    x_train, y_train, _, _ = load(args.data)
    started = time.perf_counter()
    dtrain = xgb.DMatrix(x_train, label=y_train, nthread=params["threads"])
    booster = xgb.train(xgboost_params(params), dtrain, num_boost_round=params["trees"])
    seconds = time.perf_counter() - started
    booster.save_model(args.model)
    print(json.dumps({"seconds": seconds, "versions": {"python": sys.version.split()[0],
                                                       "xgboost": xgb.__version__}}))


def create_app(model_path):
    import xgboost as xgb
    from fastapi import FastAPI
    from pydantic import create_model

    model = xgb.XGBClassifier()
    model.load_model(model_path)
    names = [f"f{i:02d}" for i in range(model.n_features_in_)]
    Row = create_model("Row", **{name: (float, ...) for name in names})
    app = FastAPI()

    @app.post("/predict")
    async def predict(row: Row):
        x = np.array([[getattr(row, name) for name in names]], dtype=np.float32)
        p0, p1 = model.predict_proba(x)[0]
        return {"label": int(p1 >= 0.5), "probabilities": [float(p0), float(p1)]}

    @app.get("/health")
    async def health():
        return {"status": "ok"}

    return app


def __getattr__(name):
    # `serve_peer:app` for uvicorn, built on first access, so that `train` needs no model file.
    if name != "app":
        raise AttributeError(name)
    app = create_app(os.environ["SHIPYARD_BENCH_PEER_MODEL"])
    globals()["app"] = app
    return app


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["train"])
    parser.add_argument("--data", required=True)
    parser.add_argument("--params", required=True)
    parser.add_argument("--model", required=True)
    train(parser.parse_args())


if __name__ == "__main__":
    main()
