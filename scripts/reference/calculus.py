"""Reference numbers for the `calculus` lab (labs/classic/src/bin/calculus.rs).

Same algorithms, same constants, float64, written so that every float operation happens in
the same order as in the Rust lab (scalar `math` functions, not NumPy's vectorised ones, which
may round differently): the iterates must agree to ~1e-10. SciPy supplies what the lab does
not compute itself: `rosen`/`rosen_der`, `approx_fprime`, `check_grad` and the optimum from
`minimize`.

Usage: scripts/reference/run.sh calculus  (writes scripts/reference/golden/calculus.json)
"""

import json
import math
import platform
import sys

import numpy as np
import scipy
from scipy.optimize import approx_fprime, check_grad, minimize, rosen, rosen_der

X0 = (-1.5, 2.0)
LEARNING_RATE = 1e-3
BETA = 0.9
ITERATIONS = 20_000  # full mode; quick mode runs the first 2 000 of the same iterations
CHECKPOINTS = [1, 10, 100, 1_000, 2_000, 5_000, 10_000, 20_000]
GRADIENT_POINTS = [(-1.5, 2.0), (0.0, 0.0), (0.5, 0.5), (1.2, 1.0), (-0.3, 0.8)]


def f(x, y):
    return (1.0 - x) ** 2 + 100.0 * (y - x * x) ** 2


def grad(x, y):
    return (-2.0 * (1.0 - x) - 400.0 * x * (y - x * x), 200.0 * (y - x * x))


def descend(method):
    """Plain gradient descent, heavy-ball momentum or Nesterov; checkpoints and first hits."""
    x, y = X0
    vx, vy = 0.0, 0.0
    out = {"checkpoints": [], "iterations_to_1e-3": None, "iterations_to_1e-6": None}
    for k in range(1, ITERATIONS + 1):
        if method == "gd":
            gx, gy = grad(x, y)
            x, y = x - LEARNING_RATE * gx, y - LEARNING_RATE * gy
        else:
            # heavy ball: v <- beta v - lr grad(p); Nesterov evaluates grad at p + beta v
            px, py = (x + BETA * vx, y + BETA * vy) if method == "nesterov" else (x, y)
            gx, gy = grad(px, py)
            vx, vy = BETA * vx - LEARNING_RATE * gx, BETA * vy - LEARNING_RATE * gy
            x, y = x + vx, y + vy
        loss = f(x, y)
        for threshold in ("1e-3", "1e-6"):
            key = f"iterations_to_{threshold}"
            if out[key] is None and loss < float(threshold):
                out[key] = k
        if k in CHECKPOINTS:
            out["checkpoints"].append([k, x, y, loss])
    return out


def derivative_sweep():
    """Central and forward differences of sin at x0 = 1 for h = 10^(-k/4), k = 4..60."""
    x0, exact = 1.0, math.cos(1.0)
    hs = [10.0 ** (-k / 4) for k in range(4, 61)]
    central = [abs((math.sin(x0 + h) - math.sin(x0 - h)) / (2.0 * h) - exact) for h in hs]
    forward = [abs((math.sin(x0 + h) - math.sin(x0)) / h - exact) for h in hs]
    eps = np.finfo(float).eps
    best = lambda errors: hs[int(np.argmin(errors))]  # noqa: E731
    return {
        "x0": x0,
        "h": hs,
        "central_error": central,
        "forward_error": forward,
        "central_best_h": best(central),
        "central_min_error": min(central),
        "forward_best_h": best(forward),
        "forward_min_error": min(forward),
        # error model eps|f|/h + h^2|f'''|/6 (central), eps|f|/h + h|f''|/2 (forward)
        "central_model_h": (3.0 * eps * abs(math.sin(x0)) / abs(math.cos(x0))) ** (1 / 3),
        "forward_model_h": math.sqrt(2.0 * eps * abs(math.sin(x0)) / abs(math.sin(x0))),
        "eps": eps,
    }


def gradients():
    eps = math.sqrt(np.finfo(float).eps)
    points = [np.array(p) for p in GRADIENT_POINTS]
    return {
        "points": [list(p) for p in GRADIENT_POINTS],
        "rosen": [float(rosen(p)) for p in points],
        "rosen_der": [rosen_der(p).tolist() for p in points],
        "approx_fprime_epsilon": eps,
        "approx_fprime": [approx_fprime(p, rosen, eps).tolist() for p in points],
        "check_grad": [float(check_grad(rosen, rosen_der, p, epsilon=eps)) for p in points],
    }


def taylor():
    """exp around 0: max |exp(x) - T_n(x)| on 401 points of [-2, 2], T_n = sum_{k<=n} x^k/k!."""
    xs = [-2.0 + 4.0 * i / 400 for i in range(401)]

    def t(n, x):
        return sum(x**k / math.factorial(k) for k in range(n + 1))

    return {
        "center": 0.0,
        "interval": [-2.0, 2.0],
        "points": 401,
        "max_abs_error": {str(n): max(abs(math.exp(x) - t(n, x)) for x in xs) for n in (1, 2, 3, 5)},
        # Lagrange remainder bound for order 5: max e^xi |x|^6 / 6! = e^2 2^6 / 720
        "lagrange_bound_order5": math.exp(2.0) * 2.0**6 / 720.0,
    }


def main(path):
    best = minimize(rosen, np.array(X0), method="BFGS", jac=rosen_der, options={"gtol": 1e-10})
    descent = {m: descend(m) for m in ("gd", "momentum", "nesterov")}
    golden = {
        "generated_by": "scripts/reference/calculus.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__},
        "x0": list(X0),
        "learning_rate": LEARNING_RATE,
        "beta": BETA,
        "iterations": ITERATIONS,
        # [k, x, y, loss] after k iterations
        "checkpoints": {m: d["checkpoints"] for m, d in descent.items()},
        "iterations_to_1e-3": {m: d["iterations_to_1e-3"] for m, d in descent.items()},
        "iterations_to_1e-6": {m: d["iterations_to_1e-6"] for m, d in descent.items()},
        "optimum": {"method": "BFGS", "x": best.x.tolist(), "fun": float(best.fun), "nit": int(best.nit)},
        "derivative": derivative_sweep(),
        "gradient": gradients(),
        "taylor": taylor(),
    }
    with open(path, "w") as out:
        json.dump(golden, out, indent=1)
        out.write("\n")
    for m, d in descent.items():
        print(f"{m:9} final loss {d['checkpoints'][-1][3]:.3e}, loss < 1e-6 after {d['iterations_to_1e-6']} iterations")
    print(f"optimum {golden['optimum']}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "calculus.json")
