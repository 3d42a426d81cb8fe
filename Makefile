# The two commands of the README:
#   make demo   set up, then run the whole pipeline on the sample reports in raw/
#   make test   set up, then lint and run the test suite
.PHONY: setup demo test lint lock bench bench-tools clean

setup:
	@scripts/bootstrap.sh

demo: setup
	.venv/bin/jixiao run

lint: setup
	.venv/bin/ruff check pipelines tests bench

# Two workers; tests of one module stay on one worker (their fixtures build a warehouse once).
test: setup lint
	.venv/bin/python -m pytest -n 2 --dist loadscope

# Re-resolve requirements.lock after changing dependencies in pyproject.toml.
lock:
	.venv/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

# The benchmark (bench/README.md): N reports in the real-world format mix, results in bench/RESULTS.md.
N ?= 1000
bench: setup
	.venv/bin/python -m bench.run --n $(N)

# docling and unstructured for the side-by-side reader comparison, in their own .venv-bench
# (the `bench` extra of pyproject.toml; several GB, never part of jixiao's environment).
bench-tools: setup
	test -x .venv-bench/bin/python || .venv/bin/uv venv --python .venv/bin/python .venv-bench
	.venv/bin/python -c "import tomllib; print('\\n'.join(tomllib.load(open('pyproject.toml','rb'))['project']['optional-dependencies']['bench']))" > .venv-bench/requirements.txt
	.venv/bin/uv pip install --python .venv-bench/bin/python -r .venv-bench/requirements.txt

clean:
	rm -rf warehouse/landing warehouse/state warehouse/published warehouse/dq warehouse/runs warehouse/jixiao.duckdb
