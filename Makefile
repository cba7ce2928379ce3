# Thin wrappers: bootstrap.py does the work, so Windows and make-less machines run the same steps.
PYTHON ?= python3

.PHONY: demo test serve site-offline release lint clean

demo:
	$(PYTHON) bootstrap.py demo

test:
	$(PYTHON) bootstrap.py test

serve:
	$(PYTHON) bootstrap.py serve

site-offline:
	$(PYTHON) bootstrap.py site-offline

release:
	$(PYTHON) bootstrap.py release

lint:
	.venv/bin/formfill lint

clean:
	rm -rf site site-offline .venv .pytest_cache .ruff_cache
