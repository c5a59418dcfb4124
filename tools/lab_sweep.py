"""Regenerate the scaling lab's stored data: `python tools/lab_sweep.py` (the full sweep, lab_sweep.json)
and `python tools/lab_sweep.py --corpus` (the corpus, lab_corpus.txt, from the course's own prose).

The corpus is the markdown of book/*.ipynb, book/*.md, book/guides/*.md and solutions/*.ipynb (the
course's own words, CC BY 4.0) with every block quote removed (lines starting with '>': the quotations
from The Scaling Era and their attribution lines), code fences and HTML comments dropped, folded to ASCII.
"""
import argparse
import json
import os
import re
import time
import unicodedata
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from scaling_course import scaling_lab  # noqa: E402  (after the thread setting)

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "scaling_course"
SKIP = {"LICENSE.md", "errata.md"}  # licence text and a changelog-like list, not prose
ASCII = {"\u2014": " -- ", "\u2013": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
         "\u2026": "...", "\u00d7": "x", "\u2212": "-", "\u2248": "~", "\u2192": "->", "\u00a0": " "}


def markdown_sources():
    """(path, markdown text) of every prose source, in a fixed order."""
    files = sorted((ROOT / "book").glob("*.ipynb")) + sorted((ROOT / "book").glob("*.md")) + \
        sorted((ROOT / "book" / "guides").glob("*.md")) + sorted((ROOT / "solutions").glob("*.ipynb"))
    for path in files:
        if path.name in SKIP:
            continue
        if path.suffix == ".ipynb":
            cells = json.loads(path.read_text())["cells"]
            text = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        else:
            text = path.read_text()
        yield path, text


def prose(text):
    """The text without block quotes, code fences, HTML comments and front matter, folded to ASCII."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    kept = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith(("```", ":::", ">")):  # directive fences, block quotes and attributions
            continue
        kept.append(line.rstrip())
    text = "\n".join(kept)
    text = "".join(ASCII.get(ch, ch) for ch in text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^\n\x20-\x7e]", "", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def build_corpus():
    parts = [prose(text) for _, text in markdown_sources()]
    corpus = "\n".join(p for p in parts if p.strip())
    (PACKAGE / "lab_corpus.txt").write_text(corpus)
    return corpus


def full_sweep(seed=0):
    """The quick sweep (the size sweep, its fit and the prediction of the largest model) and the isoFLOP runs."""
    start, load = time.perf_counter(), os.getloadavg()
    sizes = scaling_lab.quick_sweep(seed=seed)
    size_seconds = time.perf_counter() - start
    print(f"size sweep (quick_sweep): {size_seconds:.1f} s", flush=True)
    following = scaling_lab.train_model(scaling_lab.model_config(scaling_lab.NEXT_WIDTH), scaling_lab.QUICK_STEPS,
                                        seed=seed).row()
    print(f"next model: {following['seconds']:.1f} s", flush=True)
    iso = scaling_lab.isoflop_runs(scaling_lab.ISO_BUDGETS, scaling_lab.ISO_WIDTHS, seed=seed,
                                   progress=lambda i, n: print(f"  isoFLOP run {i} of {n}, "
                                                               f"{time.perf_counter() - start:.0f} s", flush=True))
    optima = scaling_lab.isoflop_optima(iso)
    a, k = scaling_lab.fit_exponent([o["budget"] for o in optima], [o["n_opt"] for o in optima])
    n = [r["params"] for r in sizes]
    return {"seed": seed, "seconds": time.perf_counter() - start, "size_sweep_seconds": size_seconds,
            "load_average_at_start": load, "load_average_at_end": os.getloadavg(),
            "settings": {"seq_len": scaling_lab.SEQ_LEN, "batch": scaling_lab.BATCH, "n_layers": scaling_lab.N_LAYERS,
                         "lr": scaling_lab.LR, "quick_steps": scaling_lab.QUICK_STEPS,
                         "isoflop_batch": scaling_lab.ISO_BATCH, "isoflop_lr": scaling_lab.ISO_LR},
            "size_sweep": sizes, "prediction": scaling_lab.predict_largest(sizes),
            "next_model": following, "next_prediction": scaling_lab.predict_largest(sizes + [following]),
            "fit_all": dict(zip("E A alpha".split(), scaling_lab.fit_loss_curve(n, [r["held_out_loss"] for r in sizes]))),
            "isoflop": iso, "optima": optima, "exponent": {"a": a, "k": k}}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="store_true", help="rebuild lab_corpus.txt from the course's prose")
    args = parser.parse_args()
    if args.corpus:
        corpus = build_corpus()
        print(f"lab_corpus.txt: {len(corpus):,} characters, {len(set(corpus))} distinct")
        return
    sweep = full_sweep()
    scaling_lab.SWEEP_PATH.write_text(json.dumps(sweep, indent=1) + "\n")
    p, e = sweep["prediction"], sweep["exponent"]
    print(f"full sweep: {sweep['seconds']:.0f} s (target <= 300 s), load {sweep['load_average_at_start']}")
    print(f"fit on all but the largest: E={p['E']:.3f} A={p['A']:.3f} alpha={p['alpha']:.3f}; largest predicted "
          f"{p['predicted']:.3f}, actual {p['actual']:.3f} ({p['relative_error']:+.2%}; on L - E "
          f"{p['relative_error_above_E']:+.1%})")
    q = sweep["next_prediction"]
    print(f"fit on all six: next model ({q['params']:,} params) predicted {q['predicted']:.3f}, actual "
          f"{q['actual']:.3f} ({q['relative_error']:+.2%}; on L - E {q['relative_error_above_E']:+.1%}), "
          f"trained in {sweep['next_model']['seconds']:.1f} s")
    for o in sweep["optima"]:
        print(f"C={o['budget']:.0e}: N_opt={o['n_opt']:,.0f} loss {o['loss_opt']:.3f} "
              f"({'inside' if o['inside'] else 'OUTSIDE'} the sizes trained)")
    print(f"N_opt ~ C^{e['a']:.2f} (Chinchilla ~0.5, Kaplan ~0.73)")


if __name__ == "__main__":
    main()
