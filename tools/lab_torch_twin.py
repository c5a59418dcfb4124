"""PyTorch-CPU twin of the scaling lab's numpy model, for tools/bench_lab.py only (dev-only, its own venv).

Same architecture as scaling_course.lab_model (token + position embeddings, pre-layer-norm blocks of causal
multi-head attention and a bias-free ReLU MLP 4x wide, final layer norm, untied unembedding, no other
biases), same weights (read from an .npz the bench writes), same Adam (beta2 = 0.99), float32, one thread.

    .venv-torch/bin/python tools/lab_torch_twin.py WEIGHTS.npz DATA.npz N_LAYERS N_HEADS STEPS

Prints one JSON line: tokens per second of the fastest of STEPS full steps (forward, backward, Adam) after warm-up, and
the first step's loss (the bench compares it with numpy's to confirm the twins compute the same thing).
"""
import json
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)


def forward(p, n_layers, n_heads, tokens):
    B, T = tokens.shape
    x = p["embed"][tokens] + p["pos"][:T]
    d = x.shape[-1]
    for l in range(n_layers):
        h = F.layer_norm(x, (d,), p[f"ln1_g{l}"], p[f"ln1_b{l}"], 1e-5)
        q, k, v = (h @ p[f"qkv{l}"]).split(d, dim=-1)
        q, k, v = (t.view(B, T, n_heads, d // n_heads).transpose(1, 2) for t in (q, k, v))
        mixed = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + mixed.transpose(1, 2).reshape(B, T, d) @ p[f"o{l}"]
        h2 = F.layer_norm(x, (d,), p[f"ln2_g{l}"], p[f"ln2_b{l}"], 1e-5)
        x = x + torch.relu(h2 @ p[f"fc{l}"]) @ p[f"proj{l}"]
    x = F.layer_norm(x, (d,), p["lnf_g"], p["lnf_b"], 1e-5)
    return x @ p["unembed"]


def main():
    weights, data, n_layers, n_heads, steps = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])
    p = {k: torch.tensor(v, requires_grad=True) for k, v in np.load(weights).items()}
    batches = np.load(data)["windows"]  # (steps + warm-up, B, T + 1)
    opt = torch.optim.Adam(list(p.values()), lr=1e-3, betas=(0.9, 0.99), eps=1e-8)

    def step(windows):
        windows = torch.from_numpy(windows)
        logits = forward(p, n_layers, n_heads, windows[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), windows[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return float(loss)

    first = step(batches[0])
    warm = 5
    for i in range(1, warm):
        step(batches[i])
    times = []
    for i in range(steps):
        start = time.perf_counter()
        step(batches[warm + i])
        times.append(time.perf_counter() - start)
    seconds = steps * min(times)  # the fastest step: what the code does when no other process interrupts it
    B, T1 = batches.shape[1:]
    print(json.dumps({"tokens_per_s": steps * B * (T1 - 1) / seconds, "first_loss": first,
                      "torch": torch.__version__}))


if __name__ == "__main__":
    main()
