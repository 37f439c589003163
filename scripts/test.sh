#!/usr/bin/env bash
# Run the whole test suite (installs what is missing first). Uses SQLite unless DATABASE_URL is
# set, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/ecoreport bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/python manage.py makemigrations --check --dry-run >/dev/null
exec .venv/bin/python -m pytest "$@"
