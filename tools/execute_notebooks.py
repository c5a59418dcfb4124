"""Execute notebooks in place and store their outputs: `python tools/execute_notebooks.py solutions/*.ipynb`.

Used by `make solutions`: the solution notebooks are stored with outputs, which nbval checks strictly.
"""
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute_in_place(path):
    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in notebook.cells:  # keep stored notebooks free of per-run noise
        cell.metadata.pop("execution", None)
    nbformat.write(notebook, path)


if __name__ == "__main__":
    for notebook_path in sys.argv[1:]:
        execute_in_place(notebook_path)
        print(f"executed {notebook_path}")
