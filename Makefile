# Everything a fresh machine with Python and make needs: `make book`, `make test`.
# The supported Python range is said once, as requires-python in pyproject.toml (tests/test_python_range.py checks
# that the locks allow exactly it: >=3.11.5, as soupsieve in both locks needs). PY_IN_RANGE exits 0 for a Python
# inside it and with one sentence otherwise; a version given as its argument is checked instead of the running one.
PY_RANGE := $(shell sed -n 's/^requires-python *= *"\([^"]*\)".*/\1/p' pyproject.toml)
PY_IN_RANGE := import operator as o, platform, re, sys; v = (sys.argv[1:] or [platform.python_version()])[0]; \
  t = lambda s: tuple((list(map(int, re.findall(r"[0-9]+", s))) + [0, 0])[:3]); \
  ops = {">=": o.ge, "<=": o.le, "==": o.eq, "!=": o.ne, ">": o.gt, "<": o.lt}; \
  ok = all(ops[op](t(v), t(w)) for op, w in re.findall(r"(>=|<=|==|!=|>|<) *([0-9.]+)", "$(PY_RANGE)")); \
  sys.exit(None if ok else "Python " + v + " (" + sys.executable + ") is outside the range this course supports, \
  $(PY_RANGE) (requires-python in pyproject.toml): install a Python in that range and run make again, adding \
  PYTHON=/path/to/it if make does not find it on the PATH.")
# The first of python3.11 ... python3 on the PATH that is in the range (else python3.11 or python3, which the
# check below then refuses in one sentence); PYTHON=... on the command line overrides it.
ifeq ($(origin PYTHON),undefined)
PYTHON := $(firstword $(shell for p in python3.11 python3.12 python3.13 python3.14 python3; do \
  command -v $$p >/dev/null && $$p -c '$(PY_IN_RANGE)' 2>/dev/null && { command -v $$p; break; }; done) \
  $(shell command -v python3.11 || command -v python3))
endif
# $(call python_check,VENV): refuse a PYTHON outside the range, and remove VENV if it was made with a Python
# outside it, or its Python is gone (so it is rebuilt rather than reused).
define python_check
@$(PYTHON) -c '$(PY_IN_RANGE)'
@if test -d $(1) && ! $(1)/bin/python -c '$(PY_IN_RANGE)' 2>/dev/null; then \
  echo "$(1) has no Python in $(PY_RANGE): making it again with $(PYTHON)."; rm -rf $(1); fi
endef
# $(call venv_stale,VENV) is non-empty when VENV has no working Python in the range, whatever its stamp says.
venv_stale = $(shell test -x $(1)/bin/python && $(1)/bin/python -c '$(PY_IN_RANGE)' 2>/dev/null || echo stale)
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
JB := $(BIN)/jupyter-book build . -W -n --keep-going

# JupyterLab (`make lab`, and the test that opens a chapter in it) runs in a venv of its own made from the run-time
# lock, the set Binder installs: JupyterLab at the version the lock pins and only the extensions learners get (.venv
# also holds JupyterLite's Pyodide kernel extension, which fails in JupyterLab for want of @jupyterlite/services).
LAB := .venv-lab
LAB_READY := $(LAB)/.ready
# nbgrader lives in a venv of its own (it brings a server stack the course does not need); the test uses it.
NBGRADER := nbgrader==0.9.6
NBG := .venv-nbgrader
NBG_READY := $(NBG)/.ready
# A venv whose Python left the range (or vanished) is remade, even if its stamp is newer than the locks.
$(foreach v,$(VENV) $(LAB) $(NBG),$(if $(call venv_stale,$(v)),$(eval .PHONY: $(v)/.ready)))

.PHONY: env node vendor lite book test exercises solutions bench browser bwrap lab grade nbgrader clean pin release site-address pdf lab-sweep bench-lab torch-venv python-check

env: $(READY)

# What every venv's recipe runs first (on its own: is PYTHON in the range, and is .venv's Python?).
python-check:
	$(call python_check,$(VENV))
	@echo "$(PYTHON) is in the supported range $(PY_RANGE)."

# The lock file pins the whole environment, so local, CI and Binder run the same versions.
$(READY): requirements.lock pyproject.toml src/scaling_course/__init__.py
	$(call python_check,$(VENV))
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3" >/dev/null
	touch $@

# npm fetches the pinned JavaScript packages (Debian's package, if the machine has no npm).
node:
	@command -v npm >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm; }

# The JavaScript the static site serves itself (Vega for the explorers' twins, MathJax): nothing from a CDN.
vendor: $(READY) node
	$(BIN)/python tools/vendor_js.py _vendor

# What the JupyterLite build takes from _lite/: the Pyodide runtime, its lock, and the wheels the site serves.
lite: $(READY) node
	$(BIN)/python tools/lite_site.py _lite

book: $(READY) vendor lite browser
	$(JB)
	$(BIN)/python tools/course_pdf.py
	$(BIN)/python tools/slides.py && $(BIN)/python tools/handouts.py

# The course as one PDF (_build/html/course.pdf, linked from the landing page), printed from the built site.
pdf: $(READY) browser
	$(BIN)/python tools/course_pdf.py

# Seminar slides (reveal.js, from the site's own copy) and a one-page printable handout (PDF) for each graded unit,
# made from the chapter's cells and its teacher's guide: _build/html/slides/<stem>.html, _build/html/handouts/<stem>.pdf.
# make book makes both; run these after it (they read the executed chapters from its cache, reveal.js from its vendor/).
.PHONY: slides handouts
slides: $(READY)
	$(BIN)/python tools/slides.py

handouts: $(READY) browser
	$(BIN)/python tools/handouts.py

# Headless Chromium and its driver for the browser test (Debian packages).
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver; }

# book/ and exercises/ run once, in the -W build inside tests/ (it fails on any cell error);
# solutions/ are not in the book, so nbval runs them and compares their stored outputs.
# One BLAS thread: the course's matrices are small, and threads only add hand-offs (see threads.py).
test: export OPENBLAS_NUM_THREADS = 1
test: $(READY) $(LAB_READY) $(NBG_READY) browser node bwrap
	$(BIN)/python -m pytest --nbval solutions/ -q
	$(BIN)/python -m pytest tests/ -q

# JupyterLab for working through the notebooks locally (see LAB above; tests/test_jupyterlab.py opens a chapter in
# it). It serves the repository root, so the chapters (book/) and the exercises (exercises/) they link to are both
# reachable; it opens on book/.
$(LAB_READY): requirements-run.lock pyproject.toml src/scaling_course/__init__.py
	$(call python_check,$(LAB))
	test -x $(LAB)/bin/python || $(PYTHON) -m venv $(LAB)
	$(LAB)/bin/python -m pip install -q --upgrade pip
	$(LAB)/bin/python -m pip install -q -r requirements-run.lock
	$(LAB)/bin/python -m pip install -q --no-deps -e .
	touch $@

# Jupyter will not serve as root unless told to (in a container, root is usual): then say so and pass --allow-root.
lab: $(LAB_READY)
	@if [ "$$(id -u)" = 0 ]; then echo "Running as root (a container?): passing --allow-root, without which Jupyter refuses to start as root."; fi
	$(LAB)/bin/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/book $(if $(filter 0,$(shell id -u)),--allow-root)

exercises: $(READY)
	$(BIN)/python -m scaling_course.instructor.exercises solutions exercises

# Re-run the solution notebooks and store their outputs (nbval checks them in strict mode).
solutions: $(READY)
	$(BIN)/python tools/execute_notebooks.py solutions/*.ipynb

# Grade a folder of submissions: make grade SUBMISSIONS=folder CHAPTER=01 [OUT=grades.csv] [HELD_OUT=cases.py]
# [SEED=secret] [ROSTER=roster.csv] [JOBS=2] [ISOLATION=bwrap|user|limits]. The held-out path and the seed go in
# the environment, not on a command line a submission could read. bubblewrap (Debian) sandboxes each notebook.
bwrap:
	@command -v bwrap >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq bubblewrap; }

grade: $(READY) bwrap
	SCALING_GRADE_HELD_OUT="$(HELD_OUT)" SCALING_GRADE_SEED="$(SEED)" $(BIN)/python -m scaling_course.grade \
	  "$(SUBMISSIONS)" --chapter $(CHAPTER) --out $(or $(OUT),grades.csv) --jobs $(or $(JOBS),2) \
	  $(if $(ROSTER),--roster "$(ROSTER)") $(if $(ISOLATION),--isolation $(ISOLATION))

# The instructors' answer key, kept off the site: every exercise's model answer, worked answers to each unit's
# "Going further" with the numbers the masters' stored outputs give, and the reflection rubrics, as one page
# (_build/answer-key/index.html; answer-key.pdf too when headless Chromium is installed: make browser).
.PHONY: answer-key
answer-key: $(READY)
	$(BIN)/python tools/answer_key.py _build/answer-key $$(command -v chromium >/dev/null && command -v chromedriver >/dev/null && echo --pdf)

# The masters with nbgrader metadata, for instructors who use nbgrader: writes nbgrader/source/chNN/.
nbgrader: $(READY)
	$(BIN)/python -m scaling_course.instructor.nbgrader_export solutions nbgrader

$(NBG_READY): requirements-run.lock pyproject.toml
	$(call python_check,$(NBG))
	test -x $(NBG)/bin/python || $(PYTHON) -m venv $(NBG)
	$(NBG)/bin/python -m pip install -q --upgrade pip
	$(NBG)/bin/python -m pip install -q "$(NBGRADER)"
	$(NBG)/bin/python -m pip install -q -r requirements-run.lock
	$(NBG)/bin/python -m pip install -q --no-deps -e .
	touch $@

bench: $(READY) vendor lite browser
	$(BIN)/python tools/bench.py
	OPENBLAS_NUM_THREADS=1 $(BIN)/python tools/bench_lab.py

# The scaling lab: regenerate its stored full sweep (src/scaling_course/lab_sweep.json, about 5 minutes on
# one core); time its trainer against a PyTorch twin (dev only: make torch-venv first; without it the
# bench says so and times numpy alone).
lab-sweep: $(READY)
	OPENBLAS_NUM_THREADS=1 $(BIN)/python tools/lab_sweep.py

bench-lab: $(READY)
	OPENBLAS_NUM_THREADS=1 $(BIN)/python tools/bench_lab.py

# PyTorch (CPU) for the lab's benchmark twin only, in a venv of its own: never a course dependency.
torch-venv:
	test -x .venv-torch/bin/python || $(PYTHON) -m venv .venv-torch
	.venv-torch/bin/python -m pip install -q torch==2.13.0 numpy

ifeq ($(filter release,$(MAKECMDGOALS)),release)
ifndef VERSION
$(error make release needs the version to tag, e.g. make release VERSION=0.2.0)
endif
endif

# Releases (tools/release.py): `make pin` makes the install cells follow repository.branch in _config.yml;
# `make release VERSION=0.2.0` runs every test, checks the changelog, errata and install cells, and tags v0.2.0.
pin: $(READY)
	$(BIN)/python tools/release.py pin

release: test
	$(BIN)/python tools/release.py cut "$(VERSION)"

# The site's public address (html.baseurl) and the built pages' links to it (the deploy workflow runs this).
site-address: $(READY)
	$(BIN)/python tools/site_address.py

clean:
	rm -rf _build _vendor
