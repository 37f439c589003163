#!/usr/bin/env bash
# The production path: install what is missing, migrate, collect the static files, then replace
# this shell with gunicorn. Settings come from the environment (deploy/ecoreport.env.example);
# under systemd from EnvironmentFile= (deploy/ecoreport.service), by hand from a shell:
#   set -a; . /etc/ecoreport/ecoreport.env; set +a; bash scripts/serve.sh
# gunicorn: GUNICORN_BIND (default 127.0.0.1:8000), GUNICORN_WORKERS (2), GUNICORN_THREADS (4),
# GUNICORN_TIMEOUT (120 s); any other option in GUNICORN_CMD_ARGS, which gunicorn reads itself.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh

# Without ECOREPORT_PRODUCTION the settings would quietly use the development secret key.
if ! .venv/bin/python -c 'import sys; from ecoreport.env import env_bool; sys.exit(not env_bool("ECOREPORT_PRODUCTION", False))'; then
  echo "!! scripts/serve.sh 用于生产环境：请设置 ECOREPORT_PRODUCTION=true 等变量（见 deploy/ecoreport.env.example）。" >&2
  echo "!! 本机试用请运行 bash scripts/start.sh" >&2
  exit 1
fi

.venv/bin/python manage.py check --deploy
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py collectstatic --noinput --verbosity 0

bind=${GUNICORN_BIND:-127.0.0.1:8000}
echo "==> 启动 gunicorn: ${bind}（${GUNICORN_WORKERS:-2} 个进程 × ${GUNICORN_THREADS:-4} 个线程）"
exec .venv/bin/gunicorn ecoreport.wsgi \
  --bind "$bind" \
  --workers "${GUNICORN_WORKERS:-2}" \
  --threads "${GUNICORN_THREADS:-4}" \
  --timeout "${GUNICORN_TIMEOUT:-120}" \
  --graceful-timeout 30 \
  --max-requests 1000 --max-requests-jitter 100 \
  --access-logfile - \
  --error-logfile -
