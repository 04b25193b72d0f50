"""Running the per-document work on a Dask cluster (``policytext convert --dask ADDRESS|local``)."""
from __future__ import annotations

import datetime as _dt
import logging
from typing import Any, Iterable, List, Optional, Tuple

from .workers import Result, _work

__all__ = ["dask_results"]


def _dask_client(address: str, jobs: int) -> Tuple[Any, Any]:
    """A ``distributed.Client`` for ``address`` (or a local cluster), and the cluster to close (or ``None``)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        from ..errors import MissingDependencyError

        raise MissingDependencyError("running on a Dask cluster needs dask.distributed: "
                                     "pip install 'policytext[dask]'") from None
    for name in ("distributed", "distributed.scheduler", "distributed.nanny", "distributed.core",
                 "distributed.http.proxy"):
        logging.getLogger(name).setLevel(logging.WARNING)
    if address == "local":
        cluster = LocalCluster(n_workers=max(2, jobs), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        return Client(cluster), cluster
    return Client(address), None


def dask_results(files: List[str], address: str, jobs: int, reference_date: Optional[_dt.date],
                  engine: str) -> Iterable[Result]:
    """Run :func:`_work` for every file on a Dask cluster; yield results as they finish."""
    client, cluster = _dask_client(address, jobs)
    try:
        from distributed import as_completed

        futures = client.map(_work, range(len(files)), files, [reference_date] * len(files),
                             [engine] * len(files), pure=False)
        where = {f.key: i for i, f in enumerate(futures)}
        for fut in as_completed(futures):
            i = where[fut.key]
            try:
                yield fut.result()
            except Exception as e:  # a worker died, or the task could not be sent or returned
                yield i, files[i], None, f"Dask worker failed ({type(e).__name__}: {e})", None
            fut.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
