# shellcheck shell=bash
# Install Debian's chromium (if missing) for the report's browser test; idempotent.
# Playwright is pointed at /usr/bin/chromium, so no browser download is needed.
if [ ! -x /usr/bin/chromium ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null \
        || echo "error: could not install chromium" >&2
fi
