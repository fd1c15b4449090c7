#!/usr/bin/env python3
"""Reads Lamina's SONATA outputs with h5py, as an analyst would, and prints what it
finds as JSON for the C++ test to compare: datasets, shapes, attributes, values."""
import json
import sys

import h5py
import numpy as np


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def spikes(path):
    out = {}
    with h5py.File(path, "r") as f:
        for name, group in f["spikes"].items():
            t = group["timestamps"][()]
            ids = group["node_ids"][()]
            out[name] = {
                "sorting": text(group.attrs["sorting"]),
                "units": text(group["timestamps"].attrs["units"]),
                "count": int(len(t)),
                "ids_count": int(len(ids)),
                "sorted": bool(np.all(np.diff(t) >= 0)),
                "first": [float(t[0]), int(ids[0])] if len(t) else None,
                "timestamps_dtype": str(t.dtype),
                "node_ids_dtype": str(ids.dtype),
            }
    return out


def report(path):
    out = {}
    with h5py.File(path, "r") as f:
        for name, group in f["report"].items():
            data = group["data"]
            mapping = group["mapping"]
            out[name] = {
                "shape": list(data.shape),
                "dtype": str(data.dtype),
                "units": text(data.attrs["units"]),
                "chunked": data.chunks is not None,
                "node_ids": [int(x) for x in mapping["node_ids"][()]],
                "index_pointers": [int(x) for x in mapping["index_pointers"][()]],
                "element_ids_count": int(len(mapping["element_ids"])),
                "element_pos_first": float(mapping["element_pos"][0]),
                "time": [float(x) for x in mapping["time"][()]],
                "first_row_mean": float(np.mean(data[0, :])),
                "max": float(np.max(data[()])),
                "last_row_first": float(data[-1, 0]),
            }
    return out


if __name__ == "__main__":
    print(json.dumps({"spikes": spikes(sys.argv[1]), "report": report(sys.argv[2])}))
