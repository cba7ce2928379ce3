# Thin wrappers: bootstrap.py does the work, so Windows and make-less machines run the same steps.
PYTHON ?= python3

.PHONY: demo test serve lint clean

demo:
	$(PYTHON) bootstrap.py demo

test:
	$(PYTHON) bootstrap.py test

serve:
	$(PYTHON) bootstrap.py serve

lint:
	.venv/bin/formfill lint

clean:
	rm -rf site .venv .pytest_cache .ruff_cache
