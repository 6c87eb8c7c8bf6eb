#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing: Chromium for the browser
# tests (with an emoji font for screenshots), PostgreSQL for the second backend pass and the
# multi-replica tests (the tests start their own private server and stop it afterwards), and
# poppler-utils (pdftotext) for the test that prints a plan to PDF, and curl (an HTTP/2
# stream's client in the serve --http2 stop tests).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "noto color emoji" || need+=(fonts-noto-color-emoji)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v psql >/dev/null 2>&1 || need+=(postgresql-client)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)  # the print test reads the PDF back
command -v curl >/dev/null 2>&1 || need+=(curl)  # a stream's client in the --http2 stop tests
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
echo "installing Debian packages: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
