#!/usr/bin/env bash
# One command for a fresh machine: install what is missing, migrate the embedded SQLite database,
# load the Lushan 2022 H1 demo and start the server on http://127.0.0.1:8000/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export DEBUG=${DEBUG:-true}
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py load_demo
echo "==> 启动服务: http://127.0.0.1:${PORT:-8000}/  （Ctrl-C 停止）"
exec .venv/bin/python manage.py runserver "127.0.0.1:${PORT:-8000}"
