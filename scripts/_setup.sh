# Shared set-up steps for scripts/serve and scripts/test (sourced, not run).
# Everything the blog needs is installed from this repository's own files.

PYTHON=${PYTHON:-python3}
VENV=.venv

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  echo "Installing Debian packages: $*" >&2
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

check_python() {
  if ! command -v "$PYTHON" >/dev/null 2>&1; then
    apt_install python3
  fi
  "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    echo "The blog needs Python 3.11 or newer; $PYTHON is $("$PYTHON" --version)." >&2
    exit 1
  }
}

# setup_python_env [EXTRA]: a virtualenv in .venv with the blog (and its EXTRA) installed.
# Reinstalls only when pyproject.toml has changed since the last install.
setup_python_env() {
  local extra=${1:-}
  check_python
  if [ ! -x "$VENV/bin/python" ]; then
    # Debian ships venv support separately from python3 itself.
    "$PYTHON" -m venv "$VENV" 2>/dev/null || {
      rm -rf "$VENV"
      apt_install python3-venv
      "$PYTHON" -m venv "$VENV"
    }
  fi
  local target="."
  [ -n "$extra" ] && target=".[$extra]"
  local stamp="$VENV/.installed-$(sha256sum pyproject.toml | cut -c1-16)-${extra:-base}"
  if [ ! -f "$stamp" ]; then
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet --editable "$target"
    touch "$stamp"
  fi
}

# Debian's Chromium drives the browser tests; Playwright never downloads its own.
ensure_chromium() {
  command -v chromium >/dev/null 2>&1 || apt_install chromium
}

# The deployment test runs deploy/nginx.conf in a real nginx of its own, on free ports.
# Debian's `nginx` is the plain server (`nginx-light` only adds the echo module). Where
# systemd runs, Debian also starts its nginx service on port 80; the tests never use it.
ensure_nginx() {
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || apt_install nginx
}

# Java runs the Nu HTML checker; Node installs it and axe-core (package-lock.json).
ensure_page_checkers() {
  command -v java >/dev/null 2>&1 || apt_install default-jre-headless
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  local stamp="node_modules/.installed-$(sha256sum package-lock.json | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    npm ci --no-audit --no-fund --loglevel=error
    touch "$stamp"
  fi
}

# The interface's translations: each blog/translations/*/LC_MESSAGES/messages.po compiled
# into the messages.mo the blog reads, when the .po is newer (the .mo files are not kept in
# git).
compile_translations() {
  local po mo
  for po in blog/translations/*/LC_MESSAGES/messages.po; do
    [ -e "$po" ] || continue
    mo=${po%.po}.mo
    if [ ! -f "$mo" ] || [ "$po" -nt "$mo" ]; then
      "$VENV/bin/pybabel" -q compile -i "$po" -o "$mo"
    fi
  done
}
