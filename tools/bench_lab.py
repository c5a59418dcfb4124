"""Benchmark the scaling lab's trainer: `python tools/bench_lab.py [--no-sweep]`.

Prints, with one BLAS thread and float32: the machine's single-thread GEMM peak (numpy matmul of large
square matrices), the numpy trainer's tokens per second for a full step (forward, backward, Adam) and the
fraction of that peak it reaches, the same for the PyTorch-CPU twin (tools/lab_torch_twin.py, run with
.venv-torch/bin/python if that venv exists, one thread), the quick sweep's wall time and result, and the
live run's (the next, larger model a learner trains on the page). Targets: quick sweep <= 45 s, live run
<= 30 s; numpy >= 1.0x PyTorch is a goal, reported, not a gate. Timings are only as good as the machine is
quiet: the load average is printed before and after.
"""
import argparse
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402  (after the thread setting)

from scaling_course import lab_model, scaling_lab  # noqa: E402
from scaling_course.adam import Adam  # noqa: E402
from scaling_course.threads import one_blas_thread  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TORCH_PYTHON = ROOT / ".venv-torch" / "bin" / "python"
CONFIGS = [(2, 64), (4, 128)]  # (layers, width): the quick sweep's largest model and a mid-size one
BATCH, STEPS, WARM = 32, 40, 5


def gemm_peak(n=2048, repeats=10):
    """Best GFLOP/s of an n x n float32 matrix product, one thread."""
    a = np.random.default_rng(0).standard_normal((n, n), dtype=np.float32)
    best = 0.0
    with one_blas_thread():
        a @ a
        for _ in range(repeats):
            start = time.perf_counter()
            a @ a
            best = max(best, 2 * n ** 3 / (time.perf_counter() - start) / 1e9)
    return best


def numpy_step_rate(config, batches, params):
    """Tokens per second of the fastest full training step on the given windows, and the first step's loss."""
    params = {k: v.copy() for k, v in params.items()}
    opt = Adam(params, lr=1e-3, beta2=0.99)
    lab_model.keep_freed_memory()
    with one_blas_thread():
        first = None
        for i in range(WARM):
            loss, grads = lab_model.loss_and_gradients(params, config, batches[i, :, :-1], batches[i, :, 1:])
            opt.step(params, grads)
            first = loss if first is None else first
        times = []
        for i in range(STEPS):
            w, start = batches[WARM + i], time.perf_counter()
            _, grads = lab_model.loss_and_gradients(params, config, w[:, :-1], w[:, 1:])
            opt.step(params, grads)
            times.append(time.perf_counter() - start)
    return BATCH * config.seq_len / min(times), first  # the fastest step: robust to other processes


def torch_step_rate(config, batches, params):
    """The twin's result dict, or None when .venv-torch (with torch) is absent."""
    if not TORCH_PYTHON.exists():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        np.savez(Path(tmp) / "w.npz", **params)
        np.savez(Path(tmp) / "d.npz", windows=batches)
        run = subprocess.run([str(TORCH_PYTHON), str(ROOT / "tools" / "lab_torch_twin.py"), str(Path(tmp) / "w.npz"),
                              str(Path(tmp) / "d.npz"), str(config.n_layers), str(config.n_heads), str(STEPS)],
                             capture_output=True, text=True, env=dict(os.environ, OMP_NUM_THREADS="1"))
    if run.returncode != 0:
        if "No module named 'torch'" in run.stderr:
            return None
        raise RuntimeError(run.stderr)
    return json.loads(run.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-sweep", action="store_true", help="skip timing the quick sweep")
    args = parser.parse_args()
    print("machine load:", os.getloadavg(), f"on {os.cpu_count()} cores")
    peak = gemm_peak()
    print(f"single-thread float32 GEMM peak (2048^3 matmul): {peak:.1f} GFLOP/s")
    corpus = scaling_lab.load_corpus()
    rng = np.random.default_rng(0)
    for n_layers, width in CONFIGS:
        config = scaling_lab.model_config(width, n_layers=n_layers)
        starts = rng.integers(0, len(corpus.train) - config.seq_len - 1, (WARM + STEPS, BATCH))
        batches = corpus.train[starts[..., None] + np.arange(config.seq_len + 1)]
        params = lab_model.init_params(config, np.random.default_rng(1))
        rate, first = numpy_step_rate(config, batches, params)
        flops = rate * config.flops_per_token / 1e9
        print(f"\n{config}, batch {BATCH} x {config.seq_len} tokens, {config.flops_per_token:,} FLOP/token")
        print(f"  numpy:   {rate:9,.0f} tokens/s  {flops:5.1f} GFLOP/s = {flops / peak:.0%} of GEMM peak"
              f"  (first loss {first:.4f})")
        twin = torch_step_rate(config, batches, params)
        if twin is None:
            print("  PyTorch twin: not installed (python3.11 -m venv .venv-torch && "
                  ".venv-torch/bin/pip install torch==2.13.0 numpy)")
        else:
            tflops = twin["tokens_per_s"] * config.flops_per_token / 1e9
            print(f"  PyTorch: {twin['tokens_per_s']:9,.0f} tokens/s  {tflops:5.1f} GFLOP/s = {tflops / peak:.0%} of "
                  f"GEMM peak  (first loss {twin['first_loss']:.4f}, torch {twin['torch']})")
            print(f"  numpy / PyTorch = {rate / twin['tokens_per_s']:.2f}x (goal >= 1.0x, not a gate)")
    if not args.no_sweep:
        rows, seconds = scaling_lab.timed(scaling_lab.quick_sweep, seed=0)
        fit = scaling_lab.predict_largest(rows)
        print(f"\nquick_sweep(seed=0): {seconds:.1f} s (target <= 45 s), held-out losses "
              + ", ".join(f"{r['held_out_loss']:.3f}" for r in rows))
        print(f"  fit on all but the largest: E={fit['E']:.3f}, A={fit['A']:.3f}, alpha={fit['alpha']:.3f}; "
              f"largest predicted {fit['predicted']:.3f}, actual {fit['actual']:.3f}, error "
              f"{fit['relative_error']:+.2%} (on L - E {fit['relative_error_above_E']:+.1%})")
        live = scaling_lab.train_model(scaling_lab.model_config(scaling_lab.NEXT_WIDTH), scaling_lab.QUICK_STEPS)
        print(f"live run (the next model, trained on the page): {live.seconds:.1f} s (target <= 30 s); {live}")
    print("machine load:", os.getloadavg())


if __name__ == "__main__":
    main()
