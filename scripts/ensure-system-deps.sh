#!/bin/sh
# Firefox ESR, certutil, openssl, python3, curl, xmllint and a JDK are Debian packages, not npm ones. Install them when missing and we are
# root (CI, a fresh machine); otherwise say exactly what to run.
set -eu
missing=""
command -v "${FIREFOX_BIN:-firefox-esr}" >/dev/null 2>&1 || missing="$missing firefox-esr"
command -v certutil >/dev/null 2>&1 || missing="$missing libnss3-tools"
command -v openssl >/dev/null 2>&1 || missing="$missing openssl"
# The CSV export's test reads it with Python's csv module, a parser that is not ours.
command -v python3 >/dev/null 2>&1 || missing="$missing python3"
# The pin exports are checked by the clients they name (test/unit/pins/real-consumers.test.ts):
# curl, xmllint for Android's XML, and javac/java for OkHttp's Java.
command -v curl >/dev/null 2>&1 || missing="$missing curl"
command -v xmllint >/dev/null 2>&1 || missing="$missing libxml2-utils"
command -v javac >/dev/null 2>&1 || missing="$missing default-jdk-headless"
# The real OkHttp 3.13, to check what a "**." pattern pins there (it accepts it and pins nothing).
[ -f /usr/share/java/okhttp.jar ] || missing="$missing libokhttp-java"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "Installing$missing from Debian's packages..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  echo "Installing$missing from Debian's packages (sudo)..."
  sudo -n apt-get update -qq
  sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
else
  echo "FirstSeen needs$missing. Install with:" >&2
  echo "  sudo apt-get install -y$missing" >&2
  exit 1
fi
