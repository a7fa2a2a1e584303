#!/usr/bin/env bash
# Installs the Debian packages that some tests use for real: chromium (HTML report screenshot),
# postgresql (warehouse-table source), a Java runtime (Spark engine). Needs root; safe to run twice.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -x /usr/lib/postgresql/*/bin/postgres ] 2>/dev/null || ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
# Java for the Spark engine's tests (default-jre-headless: OpenJDK 17 on Debian 12, 21 on Debian 13)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
echo "system test packages ready"
