# The two commands of the README:
#   make demo   set up, then run the whole pipeline on the sample reports in raw/
#   make test   set up, then lint and run the test suite
.PHONY: setup demo test lint lock bench clean

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

clean:
	rm -rf warehouse/landing warehouse/state warehouse/published warehouse/dq warehouse/runs warehouse/jixiao.duckdb
