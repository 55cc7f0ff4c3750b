#!/usr/bin/env bash
# Sets up a Payara Server domain for Parley and deploys the EAR.
#   domain-config/deploy-to-payara-server.sh PAYARA_HOME EAR [DOMAIN]
# Starts the domain if it is not running, creates the shard pools once, then (re)deploys the EAR at "/".
set -euo pipefail
payara="$1"; ear="$2"; domain="${3:-domain1}"
here="$(cd "$(dirname "$0")" && pwd)"
asadmin="$payara/bin/asadmin"
chmod +x "$payara"/bin/* "$payara"/glassfish/bin/* 2>/dev/null || true  # zip unpackers may drop the mode bits
export AS_JAVA="${AS_JAVA:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}"

"$asadmin" list-domains | grep -q "^$domain running" || "$asadmin" start-domain "$domain"
if ! "$asadmin" list-jdbc-resources | grep -q '^jdbc/parley/shard0$'; then
  "$asadmin" multimode --file "$here/server-resources.asadmin"
  "$asadmin" restart-domain "$domain"  # the HTTP worker pool's queue bound applies from the next start
fi
"$asadmin" deploy --force=true --name parley "$ear"
