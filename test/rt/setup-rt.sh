#!/usr/bin/env bash
# Test Request Tracker 5 for TicketBridge: install from Debian (if missing), configure for tests, start, provision.
# Idempotent: a second run checks each step and only restarts RT when it is not answering or its config changed.
# Facts behind every choice: ../shared/rt/API-FACTS.md (summarised in docs/recorded-facts.md) ("Running it in CI"). Writes the connection facts to
# $RT_ENV_FILE (default /tmp/ticketbridge-rt/env), which test/rt/rt-env.ts reads.
set -euo pipefail

RT_HOST=127.0.0.1
RT_PORT="${RT_PORT:-8090}"
RT_STATE_DIR="${RT_STATE_DIR:-/tmp/ticketbridge-rt}"
RT_ENV_FILE="${RT_ENV_FILE:-$RT_STATE_DIR/env}"
# One queue per RT test file (plugin tests, plugin contract, end-to-end), so that the service under test in the
# end-to-end file, which writes on every ticket of its queue, never touches the tickets another file asserts on.
RT_QUEUE="${RT_QUEUE:-TicketBridge}"
RT_CONTRACT_QUEUE="${RT_CONTRACT_QUEUE:-TicketBridge-Contract}"
RT_E2E_QUEUE="${RT_E2E_QUEUE:-TicketBridge-E2E}"
RT_BRIDGE_USER="${RT_BRIDGE_USER:-ticketbridge}"
RT_STAFF_USER="${RT_STAFF_USER:-tb-staff}"
# Bump when provision-rt.pl creates something new, so existing instances are provisioned again.
PROVISION_VERSION=2

RT_URL="http://$RT_HOST:$RT_PORT"
RT_SHARE=/usr/share/request-tracker5
SITE_SNIPPET=/etc/request-tracker5/RT_SiteConfig.d/99-ticketbridge-tests.pm
PID_FILE="$RT_STATE_DIR/rt-server.pid"
LOG_FILE="$RT_STATE_DIR/rt-server.log"
HERE="$(cd "$(dirname "$0")" && pwd)"
PACKAGES=(request-tracker5 rt5-db-sqlite rt5-standalone)
# The script's own HTTP checks use curl, which a minimal Debian lacks.
command -v curl >/dev/null 2>&1 || PACKAGES+=(curl)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
# Microseconds since the epoch (bash 5), so timings need no external tool.
now() { echo "${EPOCHREALTIME/./}"; }
secs() { local us=$(( $(now) - $1 )); printf '%d.%01d' $((us / 1000000)) $(((us % 1000000) / 100000)); }
STEP_NAME=""; STEP_START=""; TOTAL_START="$(now)"
step() {
  end_step
  STEP_NAME="$1"; STEP_START="$(now)"
  printf '== %s\n' "$1"
}
end_step() {
  if [ -n "$STEP_NAME" ]; then
    printf '   %s: %ss\n' "$STEP_NAME" "$(secs "$STEP_START")"
  fi
  STEP_NAME=""
}
fail() { echo "setup-rt: $*" >&2; exit 1; }

# HTTP status of GET $1 (extra curl args after), 000 when nothing answers.
http_status() { local url="$1"; shift; curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" "$url" || true; }
rt_answers() { [ "$(http_status "$RT_URL/REST/2.0/rt")" = 401 ]; }
port_busy() { timeout 1 bash -c "exec 3<>/dev/tcp/$RT_HOST/$RT_PORT" 2>/dev/null; }

QUEUES=("$RT_QUEUE" "$RT_CONTRACT_QUEUE" "$RT_E2E_QUEUE")
# The names go unencoded into REST2 URLs here and must differ, or two test files would share a queue again.
for q in "${QUEUES[@]}"; do
  [[ "$q" =~ ^[A-Za-z0-9._-]+$ ]] || fail "queue name '$q' must be letters, digits, '.', '_' or '-'"
done
[ "$(printf '%s\n' "${QUEUES[@]}" | sort -u | wc -l)" = "${#QUEUES[@]}" ] \
  || fail "RT_QUEUE, RT_CONTRACT_QUEUE and RT_E2E_QUEUE must be three different queues"

mkdir -p "$RT_STATE_DIR"

step "install RT 5 from Debian (${PACKAGES[*]})"
packages_installed() {
  for p in "${PACKAGES[@]}"; do
    [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || return 1
  done
}
if packages_installed; then
  echo "   already installed: $(dpkg-query -W -f='${Version}' request-tracker5)"
else
  # Answers for every debconf question, so apt never prompts; dbconfig-common creates the SQLite database.
  as_root debconf-set-selections <<SEL
request-tracker5 request-tracker5/rtname string ticketbridge-tests
request-tracker5 request-tracker5/organization string ticketbridge.test
request-tracker5 request-tracker5/correspondaddress string rt@ticketbridge.test
request-tracker5 request-tracker5/commentaddress string rt-comment@ticketbridge.test
request-tracker5 request-tracker5/webbaseurl string $RT_URL
request-tracker5 request-tracker5/webpath string
request-tracker5 request-tracker5/handle-siteconfig-permissions boolean true
request-tracker5 request-tracker5/install-cronjobs boolean false
request-tracker5 request-tracker5/initial-root-password password $(head -c 18 /dev/urandom | base64 | tr -d '/+=')
request-tracker5 request-tracker5/dbconfig-install boolean true
request-tracker5 request-tracker5/database-type select sqlite3
request-tracker5 request-tracker5/db/dbname string rtdb
request-tracker5 request-tracker5/db/basepath string /var/lib/dbconfig-common/sqlite3/request-tracker5
SEL
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${PACKAGES[@]}" \
    > "$RT_STATE_DIR/apt-install.log" 2>&1 || { tail -40 "$RT_STATE_DIR/apt-install.log" >&2; fail "apt-get install failed"; }
  packages_installed || fail "packages not installed after apt-get install"
  echo "   installed $(dpkg-query -W -f='${Version}' request-tracker5)"
fi

step "configure RT for tests ($SITE_SNIPPET)"
# WebPath '' puts REST2 at /REST/2.0; cost-4 bcrypt keeps token auth cheap; 'mbox' writes mail to a file
# under /var/lib/request-tracker5 instead of queueing it in the MTA.
wanted_config="$(cat <<PERL
# Written by TicketBridge test/rt/setup-rt.sh: a loopback RT for tests. Not for production.
Set(\$WebPath, '');
Set(\$WebDomain, '$RT_HOST');
Set(\$WebPort, $RT_PORT);
Set(\$WebBaseURL, '$RT_URL');
Set(\$LogToSTDERR, 'error');
Set(\$LogToSyslog, undef);
Set(\$BcryptCost, 4);
Set(\$MailCommand, 'mbox');
Set(\$Timezone, 'UTC');
1;
PERL
)"
config_changed=0
if [ "$(as_root cat "$SITE_SNIPPET" 2>/dev/null || true)" != "$wanted_config" ]; then
  printf '%s\n' "$wanted_config" | as_root tee "$SITE_SNIPPET" >/dev/null
  config_changed=1
  echo "   wrote $SITE_SNIPPET"
else
  echo "   unchanged"
fi
# RT runs as www-data (the SQLite file is root:www-data 0660); Debian creates the site config 0600 root.
for f in /etc/request-tracker5/RT_SiteConfig.pm "$SITE_SNIPPET"; do
  if [ "$(as_root stat -c '%G %a' "$f")" != "www-data 640" ]; then
    as_root chown root:www-data "$f" && as_root chmod 640 "$f"
    echo "   fixed owner/mode of $f"
  fi
done

step "start RT on $RT_URL"
stop_rt() {
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    as_root kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$PID_FILE"
}
if rt_answers && [ "$config_changed" = 0 ]; then
  echo "   already answering"
else
  if rt_answers; then
    [ -f "$PID_FILE" ] || fail "config changed but the RT on port $RT_PORT was not started by this script ($PID_FILE missing): stop it first"
    echo "   restarting for the new configuration"
    stop_rt
  fi
  port_busy && fail "port $RT_PORT on $RT_HOST is used by something that is not RT; choose another with RT_PORT=..."
  # rt-server (Starlet) is RT's own standalone server; setpriv execs, so $! is the server's pid.
  as_root bash -c "setsid setpriv --reuid=www-data --regid=www-data --init-groups \
    $RT_SHARE/libexec/rt-server --host $RT_HOST --port $RT_PORT >>'$LOG_FILE' 2>&1 </dev/null & echo \$! > '$PID_FILE'"
  for _ in $(seq 1 150); do rt_answers && break; sleep 0.2; done
  rt_answers || { tail -30 "$LOG_FILE" >&2; fail "RT did not answer on $RT_URL/REST/2.0/rt within 30 s (log: $LOG_FILE)"; }
  echo "   answering (pid $(cat "$PID_FILE"))"
fi

step "provision queues (${QUEUES[*]}), custom fields, users, rights, tokens"
env_value() { sed -n "s/^$1=//p" "$RT_ENV_FILE" 2>/dev/null | head -1; }
# Does token $1 open queue $2 (default: the first one)?
token_works() { [ -n "$1" ] && [ "$(http_status "$RT_URL/REST/2.0/queue/${2:-$RT_QUEUE}" -H "Authorization: token $1")" = 200 ]; }
bridge_token_opens_all() { for q in "${QUEUES[@]}"; do token_works "$1" "$q" || return 1; done; }
env_names_queues() {
  [ "$(env_value RT_QUEUE)" = "$RT_QUEUE" ] && [ "$(env_value RT_CONTRACT_QUEUE)" = "$RT_CONTRACT_QUEUE" ] \
    && [ "$(env_value RT_E2E_QUEUE)" = "$RT_E2E_QUEUE" ]
}
if [ "$(env_value RT_PROVISION_VERSION)" = "$PROVISION_VERSION" ] && [ "$(env_value RT_URL)" = "$RT_URL" ] \
  && env_names_queues && bridge_token_opens_all "$(env_value RT_TOKEN)" && token_works "$(env_value RT_STAFF_TOKEN)"; then
  echo "   already provisioned ($RT_ENV_FILE)"
else
  keep_tokens=0
  token_works "$(env_value RT_TOKEN)" && token_works "$(env_value RT_STAFF_TOKEN)" && keep_tokens=1
  out="$(as_root env RT_BRIDGE_USER="$RT_BRIDGE_USER" RT_STAFF_USER="$RT_STAFF_USER" \
    KEEP_TOKENS="$keep_tokens" setpriv --reuid=www-data --regid=www-data --init-groups \
    perl "$HERE/provision-rt.pl" "${QUEUES[@]}" < /dev/null)" || fail "provisioning failed: $out"
  printf '%s\n' "$out" | grep -v '^RT_' | sed 's/^/   /'
  new_token="$(printf '%s\n' "$out" | sed -n 's/^RT_TOKEN=//p')"
  new_staff_token="$(printf '%s\n' "$out" | sed -n 's/^RT_STAFF_TOKEN=//p')"
  [ "$keep_tokens" = 1 ] && { new_token="$(env_value RT_TOKEN)"; new_staff_token="$(env_value RT_STAFF_TOKEN)"; }
  [ -n "$new_token" ] && [ -n "$new_staff_token" ] || fail "provisioning printed no tokens"
  umask 077
  cat > "$RT_ENV_FILE.tmp" <<ENV
RT_URL=$RT_URL
RT_TOKEN=$new_token
RT_QUEUE=$RT_QUEUE
RT_CONTRACT_QUEUE=$RT_CONTRACT_QUEUE
RT_E2E_QUEUE=$RT_E2E_QUEUE
RT_BRIDGE_USER=$RT_BRIDGE_USER
RT_STAFF_USER=$RT_STAFF_USER
RT_STAFF_TOKEN=$new_staff_token
RT_CF_ERP_REF=Dolibarr Ref
RT_CF_CONTRACT=Dolibarr Contract
RT_CF_DURATION=Dolibarr Duration
RT_CF_QUOTE=Dolibarr Quote
RT_PROVISION_VERSION=$PROVISION_VERSION
ENV
  mv "$RT_ENV_FILE.tmp" "$RT_ENV_FILE"
  for q in "${QUEUES[@]}"; do token_works "$new_token" "$q" || fail "the bridge token does not open queue $q"; done
  echo "   wrote $RT_ENV_FILE"
fi
end_step
printf '== RT ready at %s/REST/2.0/ (total %ss); connection facts in %s\n' "$RT_URL" "$(secs "$TOTAL_START")" "$RT_ENV_FILE"
