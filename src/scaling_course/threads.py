"""One BLAS thread for the small matrices the course trains on.

The models in Chapter 3 multiply matrices of a few dozen rows. Splitting such products across
OpenBLAS threads costs more in hand-offs than it gains, 2.5-3x on a 2-core machine, and far more
when another process holds the other core. Training therefore runs with one BLAS thread.

Used in: Chapter 3's training (superposition.py, induction.py).
"""
import contextlib

try:
    from threadpoolctl import threadpool_limits
except ImportError:  # a Pyodide without it: numpy there has one thread anyway
    threadpool_limits = None


def one_blas_thread():
    """A context in which numpy's BLAS uses one thread (a no-op without threadpoolctl, e.g. in Pyodide)."""
    if threadpool_limits is None:
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")
