#!/usr/bin/env bash
# Runs every test of AgentOps. Installs what the tests need first (Debian packages for the real servers the
# tests start on loopback: PostgreSQL, Redis, Dovecot, Postfix, Prometheus; Chromium for the dashboard's browser tests), then `dotnet test`.
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Storage]
set -euo pipefail
cd "$(dirname "$0")"

packages=(postgresql redis-server dovecot-imapd postfix prometheus chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing test servers: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  # Postfix asks questions at install time; answer them up front. Services are started by the tests, not by the system.
  echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections || true
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Some tests install npm packages (GitHub's OpenAPI description, webhook examples) into a temporary cache.
if ! command -v npm >/dev/null 2>&1; then
  echo "Installing npm"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends npm >/dev/null
fi
# The packages' own services are not needed (tests start private instances on free ports).
for s in postgresql redis-server dovecot postfix prometheus; do
  (service "$s" stop >/dev/null 2>&1 || true)
done

dotnet test AgentOps.sln -c Release --nologo "$@"
