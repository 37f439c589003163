#!/usr/bin/env bash
# Install what ecoreport needs and is missing: Debian packages (as root), a virtual environment
# in .venv with the pinned requirements. Safe to run again: it only does what is not yet done.
set -euo pipefail
cd "$(dirname "$0")/.."

# Fonts for Chinese PDFs and charts (Simplified Chinese forms, a 楷体 stand-in), the PDF engine's
# libraries, a PDF reader for the tests, the browser the browser tests drive, and Redis (the cache
# gunicorn workers share in production; the login-lock test needs it).
DEB_PACKAGES=(
  fonts-noto-cjk fonts-arphic-gkai00mp fontconfig
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
  poppler-utils chromium redis-server
)

missing=()
for pkg in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "==> 安装系统软件包: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fc-cache -f >/dev/null 2>&1 || true
  else
    echo "!! 缺少系统软件包（PDF 字体、浏览器测试、Redis 需要）: ${missing[*]}" >&2
    echo "!! 请以 root 运行本脚本，或执行: sudo apt-get install ${missing[*]}" >&2
  fi
fi

PYTHON=${PYTHON:-}
if [ -z "$PYTHON" ]; then
  for cand in python3.11 python3; do
    if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      PYTHON=$cand; break
    fi
  done
fi
if [ -z "$PYTHON" ]; then
  echo "!! 需要 Python 3.11（未找到 python3.11）" >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  echo "==> 创建虚拟环境 .venv ($PYTHON)"
  "$PYTHON" -m venv .venv
fi
# Reinstall only when requirements.txt changed since the last successful install.
stamp=.venv/.requirements.sha256
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "==> 安装 Python 依赖 (requirements.txt)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r requirements.txt
  echo "$want" > "$stamp"
fi
# Compile the project's modules once, so that every later process (a command from cron, a worker)
# reads bytecode instead of compiling about 75 modules again, also where PYTHONDONTWRITEBYTECODE is set.
.venv/bin/python -m compileall -q -j 0 manage.py ecoreport indicators tasks >/dev/null
