"""Percentiles by nearest rank, in milliseconds unless told otherwise."""

import math


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summary(values: list[float], *, scale: float = 1000.0) -> dict:
    if not values:
        return {"n": 0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "mean": 0.0, "max": 0.0}
    return {
        "n": len(values),
        "p50": round(percentile(values, 0.50) * scale, 2),
        "p95": round(percentile(values, 0.95) * scale, 2),
        "p99": round(percentile(values, 0.99) * scale, 2),
        "mean": round(sum(values) / len(values) * scale, 2),
        "max": round(max(values) * scale, 2),
    }
