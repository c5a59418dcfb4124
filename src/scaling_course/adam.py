"""Adam (Kingma & Ba 2015), the optimiser both Chapter 3 models train with."""
import numpy as np


class Adam:
    """Adam over a dict of arrays, which step() updates in place."""

    def __init__(self, params, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps, self.step_count = lr, beta1, beta2, eps, 0
        self.moments = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in params.items()}

    def step(self, params, grads):
        self.step_count += 1
        b1, b2, t = self.beta1, self.beta2, self.step_count
        for name, g in grads.items():
            m, v = self.moments[name]
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * g * g
            params[name] -= self.lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + self.eps)
