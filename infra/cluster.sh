# Shanfu's cluster mode on one machine (sourced by infra/shanfu; docs/operations.md, "Cluster"):
#   a 3-node MariaDB Galera cluster, HAProxy in front of everything, 2 Keycloak nodes in production mode on the
#   cluster (JGroups discovery through the database: jdbc-ping), 2 TMS and 2 portal instances. Every process is a
#   real server from Debian's packages or this build, on 127.0.0.1, with its state under .shanfu/cluster.
#
#   infra/shanfu cluster up          start it from nothing (a fresh database), print the addresses
#   infra/shanfu cluster test        start it, run the failover test and the backup test, stop it
#   infra/shanfu cluster down        stop every process of it
#   infra/shanfu cluster status      which processes run, and HAProxy's view of its servers
#   infra/shanfu cluster kill NAME | stop NAME | start NAME   one process: galera1..3, kc1..2, tms1..2, portal1..2
#   infra/shanfu cluster backup DIR  a consistent dump of every database (mariadb-dump --single-transaction)
#   infra/shanfu cluster restore DIR a fresh MariaDB from a backup, checked with the books check

CL="$ROOT/.shanfu/cluster"
# what the outside sees (HAProxy) and what each instance listens on
CL_LB_DB=3340 CL_LB_ISO=8593 CL_LB_TMS=8091 CL_LB_PORTAL=8090 CL_LB_KC=8390 CL_LB_STATS=8404
CL_GALERA_SQL=(0 3341 3342 3343) CL_GALERA_BASE=(0 4571 4581 4591)
CL_KC_HTTP=(0 8391 8392) CL_KC_MGMT=(0 9391 9392) CL_KC_JGROUPS=(0 7801 7802)
CL_TMS_HTTP=(0 8191 8192) CL_TMS_ISO=(0 8691 8692)
CL_PORTAL_HTTP=(0 8181 8182)
CL_KC_HOME="$CACHE/keycloak-$KC_VERSION-cluster"

cl_log() { log "cluster: $*"; }

cl_need() {
  need_java
  need_packages browser
  local missing=()
  [ -f /usr/lib/galera/libgalera_smm.so ] || missing+=(galera-4)
  command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
  # Galera's state transfer to a joining node: mariabackup streamed over socat
  command -v mariadb-backup >/dev/null || missing+=(mariadb-backup)
  command -v socat >/dev/null || missing+=(socat)
  command -v mariadb-dump >/dev/null || missing+=(mariadb-client)
  command -v openssl >/dev/null || missing+=(openssl)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    cl_log "installing ${missing[*]} (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    die "missing Debian packages: ${missing[*]} — install them with: sudo apt-get install -y ${missing[*]}"
  fi
}

cl_pid() { cat "$CL/pids/$1.pid" 2>/dev/null || true; }
cl_alive() { local p; p="$(cl_pid "$1")"; [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }
cl_sql() { # node sql...
  local n="$1"; shift
  mariadb --no-defaults -uroot --socket="$CL/galera$n/mysqld.sock" -N -B -e "$*"
}

# ---------------------------------------------------------------- MariaDB Galera
cl_galera_cnf() { # n
  local n="$1" dir="$CL/galera$1" base="${CL_GALERA_BASE[$1]}" peers=""
  local i
  for i in 1 2 3; do peers="$peers${peers:+,}127.0.0.1:${CL_GALERA_BASE[$i]}"; done
  mkdir -p "$dir"
  cat >"$dir/my.cnf" <<EOF
[mysqld]
datadir=$dir/data
socket=$dir/mysqld.sock
pid-file=$dir/mysqld.pid
log-error=$dir/error.log
port=${CL_GALERA_SQL[$n]}
bind-address=127.0.0.1
user=root
skip-name-resolve
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
max-connections=500
innodb-buffer-pool-size=128M
innodb-log-file-size=32M
innodb-flush-log-at-trx-commit=2
default-storage-engine=InnoDB
binlog-format=ROW
innodb-autoinc-lock-mode=2
wsrep-on=ON
wsrep-provider=/usr/lib/galera/libgalera_smm.so
wsrep-cluster-name=shanfu
wsrep-cluster-address=gcomm://$peers
wsrep-node-name=galera$n
wsrep-node-address=127.0.0.1:$base
wsrep-provider-options=base_port=$base;ist.recv_addr=127.0.0.1:$((base + 1));gcache.size=256M
wsrep-sst-method=mariabackup
wsrep-sst-auth=root:
wsrep-sst-receive-address=127.0.0.1:$((base + 2))
wsrep-slave-threads=2
# the TMS's migrations create triggers (the journal is append-only) as an ordinary user
log-bin-trust-function-creators=1
EOF
}

cl_galera_start() { # n [--wsrep-new-cluster]
  local n="$1" dir="$CL/galera$1"
  shift
  cl_galera_cnf "$n"
  if [ ! -d "$dir/data/mysql" ]; then
    mariadb-install-db --no-defaults --datadir="$dir/data" --user=root --auth-root-authentication-method=normal \
      --skip-test-db >"$dir/install.log" 2>&1 || { cat "$dir/install.log" >&2; die "mariadb-install-db failed"; }
  fi
  rm -f "$dir/mysqld.sock"
  /usr/sbin/mariadbd --defaults-file="$dir/my.cnf" "$@" >/dev/null 2>&1 &
  echo $! >"$CL/pids/galera$n.pid"
}

cl_galera_wait() { # n: until the node is Synced with the cluster
  local n="$1" state=""
  for _ in $(seq 1 240); do
    cl_alive "galera$n" || { tail -n 30 "$CL/galera$n/error.log" >&2; die "galera$n stopped (see $CL/galera$n/error.log)"; }
    state="$(cl_sql "$n" "show status like 'wsrep_local_state_comment'" 2>/dev/null | cut -f2)" || true
    [ "$state" = Synced ] && return 0
    sleep 0.5
  done
  die "galera$n is not Synced after 120 s (state: ${state:-none}; see $CL/galera$n/error.log)"
}

# ---------------------------------------------------------------- HAProxy
cl_haproxy_cfg() {
  local i
  cat >"$CL/haproxy.cfg" <<EOF
# written by infra/shanfu cluster up
global
  maxconn 8000
  pidfile $CL/haproxy.pid
  ssl-default-bind-options ssl-min-ver TLSv1.3
  ssl-default-server-options ssl-min-ver TLSv1.2

defaults
  timeout connect 2s
  timeout client 2m
  timeout server 2m
  timeout tunnel 1h
  timeout check 2s
  default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions
  # a connection refused by an instance that just died is tried on another one
  option redispatch
  retries 2

listen stats
  mode http
  bind 127.0.0.1:$CL_LB_STATS
  stats enable
  stats uri /stats
  stats refresh 2s

# the database's write node: every writer talks to one Galera node at a time (no certification conflicts in normal
# running), the others wait as backups and take over when it fails its check
listen galera-write
  mode tcp
  bind 127.0.0.1:$CL_LB_DB
  option mysql-check user haproxy post-41
  # once a backup took over, writes stay on it when the first node comes back (one writer at a time)
  stick-table type ip size 1
  stick on dst
  timeout client 8h
  timeout server 8h
$(for i in 1 2 3; do echo "  server galera$i 127.0.0.1:${CL_GALERA_SQL[$i]} check$([ "$i" -gt 1 ] && echo " backup")"; done)

# ISO 8583 over TLS, passed through (the TMS ends TLS); a TMS gets connections while its readiness is UP (the
# database and the ISO listener), checked on its HTTPS port
listen iso8583
  mode tcp
  bind 127.0.0.1:$CL_LB_ISO
  balance leastconn
  option httpchk GET /actuator/health/readiness
$(for i in 1 2; do echo "  server tms$i 127.0.0.1:${CL_TMS_ISO[$i]} check port ${CL_TMS_HTTP[$i]} check-ssl verify none"; done)

# the TMS's management API and the terminals' management channel (HTTPS: ended here, and again to the TMS)
frontend tms-api
  mode http
  bind 127.0.0.1:$CL_LB_TMS ssl crt $CL/tls/haproxy.pem
  option forwardfor
  http-request set-header X-Forwarded-Proto https
  default_backend tms-api
backend tms-api
  mode http
  balance roundrobin
  option httpchk GET /actuator/health/readiness
$(for i in 1 2; do echo "  server tms$i 127.0.0.1:${CL_TMS_HTTP[$i]} check ssl verify required ca-file $CL/tls/ca.pem verifyhost localhost"; done)

# the portal: a browser stays on the instance that holds its session (cookie SHANFU_NODE)
frontend portal
  mode http
  bind 127.0.0.1:$CL_LB_PORTAL ssl crt $CL/tls/haproxy.pem
  option forwardfor
  http-request set-header X-Forwarded-Proto https
  default_backend portal
backend portal
  mode http
  balance roundrobin
  cookie SHANFU_NODE insert indirect nocache httponly secure
  option httpchk GET /actuator/health/readiness
$(for i in 1 2; do echo "  server portal$i 127.0.0.1:${CL_PORTAL_HTTP[$i]} cookie p$i check ssl verify required ca-file $CL/tls/ca.pem verifyhost localhost"; done)

# Keycloak: its sessions live in its clustered caches and its database, any node serves any request
frontend keycloak
  mode http
  bind 127.0.0.1:$CL_LB_KC
  option forwardfor
  http-request set-header X-Forwarded-Proto http
  default_backend keycloak
backend keycloak
  mode http
  balance roundrobin
  option httpchk GET /health/ready
$(for i in 1 2; do echo "  server kc$i 127.0.0.1:${CL_KC_HTTP[$i]} check port ${CL_KC_MGMT[$i]}"; done)
EOF
}

cl_haproxy_start() {
  cl_haproxy_cfg
  haproxy -c -q -f "$CL/haproxy.cfg" || die "HAProxy refused its configuration ($CL/haproxy.cfg)"
  haproxy -f "$CL/haproxy.cfg" -db >"$CL/haproxy.log" 2>&1 &
  echo $! >"$CL/pids/haproxy.pid"
  for _ in $(seq 1 20); do (exec 3<>"/dev/tcp/127.0.0.1/$CL_LB_STATS") 2>/dev/null && return 0; sleep 0.25; done
  cat "$CL/haproxy.log" >&2
  die "HAProxy did not start (see $CL/haproxy.log)"
}

# ---------------------------------------------------------------- Keycloak in production mode
cl_keycloak_build() { # a copy of the distribution built once for the cluster's options (start --optimized)
  fetch_keycloak
  [ -f "$CL_KC_HOME/.built" ] && return 0
  cl_log "building Keycloak for production on MariaDB (once, into $CL_KC_HOME)"
  rm -rf "$CL_KC_HOME" && cp -a "$KC_HOME" "$CL_KC_HOME" && rm -rf "$CL_KC_HOME/data"
  "$CL_KC_HOME/bin/kc.sh" build --db=mariadb --health-enabled=true --metrics-enabled=true --cache=ispn \
    --cache-stack=jdbc-ping >"$CACHE/keycloak-cluster-build.log" 2>&1 \
    || { tail -n 30 "$CACHE/keycloak-cluster-build.log" >&2; die "kc.sh build failed"; }
  touch "$CL_KC_HOME/.built"
}

cl_keycloak_start() { # n [--import-realm]
  local n="$1" home="$CL/kc$1"
  shift
  if [ ! -d "$home/bin" ]; then # its own home: the distribution's files linked, its data folder its own
    cp -al "$CL_KC_HOME" "$home" && rm -rf "$home/data" && mkdir -p "$home/data/import"
    cp "$REALM_JSON" "$home/data/import/shanfu-realm.json"
  fi
  JAVA_OPTS_KC_HEAP="-Xms64m -Xmx512m" KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    "$home/bin/kc.sh" start --optimized --http-enabled=true --http-host=127.0.0.1 --http-port="${CL_KC_HTTP[$n]}" \
    --http-management-port="${CL_KC_MGMT[$n]}" --hostname="http://localhost:$CL_LB_KC" --proxy-headers=xforwarded \
    --db-url="jdbc:mariadb://127.0.0.1:$CL_LB_DB/keycloak" --db-username=keycloak --db-password=keycloak \
    --cache-embedded-network-bind-address=127.0.0.1 --cache-embedded-network-bind-port="${CL_KC_JGROUPS[$n]}" \
    "$@" >"$CL/kc$n.log" 2>&1 &
  echo $! >"$CL/pids/kc$n.pid"
}

cl_keycloak_wait() { # n
  cl_alive "kc$1" || { tail -n 20 "$CL/kc$1.log" >&2; die "kc$1 stopped while starting (log: $CL/kc$1.log)"; }
  wait_http "http://127.0.0.1:${CL_KC_MGMT[$1]}/health/ready" 300 "Keycloak kc$1" "$CL/kc$1.log"
}

# ---------------------------------------------------------------- TMS and portal
cl_env() { # what every TMS and portal instance shares: TLS, the LMK's components, the PII key
  # shellcheck disable=SC1091
  source "$CL/env"
}

cl_tms_start() { # n
  local n="$1"
  cl_env
  SHANFU_DB_URL_TMS="$(db_url shanfu_tms "$CL_LB_DB")" SHANFU_DB_USER=shanfu SHANFU_DB_PASSWORD=shanfu \
  SHANFU_KEYCLOAK_URL="http://localhost:$CL_LB_KC" SERVER_PORT="${CL_TMS_HTTP[$n]}" \
  SHANFU_ISO_PORT="${CL_TMS_ISO[$n]}" SHANFU_ISO_PUBLIC_PORT="$CL_LB_ISO" \
  SHANFU_DEMO=true SHANFU_IDENTITY_SIMULATOR=true LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs \
  LOGGING_LEVEL_SHANFU_REQUESTS=DEBUG \
    run_jar "$ROOT/tms/server/target/tms.jar" "$CL/tms$n.log" -XX:+UseSerialGC -Xmx512m &
  echo $! >"$CL/pids/tms$n.pid"
}

cl_portal_start() { # n
  local n="$1"
  cl_env
  SHANFU_DB_URL_PORTAL="$(db_url shanfu_portal "$CL_LB_DB")" SHANFU_DB_USER=shanfu SHANFU_DB_PASSWORD=shanfu \
  SHANFU_KEYCLOAK_URL="http://localhost:$CL_LB_KC" SERVER_PORT="${CL_PORTAL_HTTP[$n]}" \
  SHANFU_TMS_URL="https://localhost:$CL_LB_TMS" SHANFU_DEMO=true SHANFU_PII_KEY_FILE="$CL/pii.key" \
  SHANFU_IDENTITY_URL="https://localhost:$CL_LB_TMS/sim" SPRING_PROFILES_ACTIVE=local \
  SHANFU_DEV_PHONE_DIR="$CL/phone" SHANFU_DEMO_TERMINALFILE="$CL/demo-terminal-$n.txt" \
  LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs LOGGING_LEVEL_SHANFU_REQUESTS=DEBUG \
    run_jar "$ROOT/portal/target/portal.jar" "$CL/portal$n.log" -XX:+UseSerialGC -Xmx768m $(trust_flags) &
  echo $! >"$CL/pids/portal$n.pid"
}

cl_wait_ready() { # name port: until it is ready, or it stopped
  for _ in $(seq 1 480); do
    curlx -fsS -o /dev/null "https://localhost:$2/actuator/health/readiness" 2>/dev/null && return 0
    cl_alive "$1" || { tail -n 40 "$CL/$1.log" >&2; die "$1 stopped while starting (log: $CL/$1.log)"; }
    sleep 0.5
  done
  die "$1 was not ready within 240 s (log: $CL/$1.log)"
}

# ---------------------------------------------------------------- one process
cl_start() { # name: start one process of a running cluster again (after a kill or a stop), wait until it serves
  local name="$1"
  cl_alive "$name" && die "$name is running"
  case "$name" in
    galera[1-3]) cl_galera_start "${name#galera}"; cl_galera_wait "${name#galera}" ;;
    kc[1-2]) cl_keycloak_start "${name#kc}"; cl_keycloak_wait "${name#kc}" ;;
    tms[1-2]) cl_tms_start "${name#tms}"; cl_wait_ready "$name" "${CL_TMS_HTTP[${name#tms}]}" ;;
    portal[1-2]) cl_portal_start "${name#portal}"; cl_wait_ready "$name" "${CL_PORTAL_HTTP[${name#portal}]}" ;;
    *) die "no process $name in the cluster (galera1..3, kc1..2, tms1..2, portal1..2)" ;;
  esac
  cl_log "$name started"
}

cl_stop() { # name signal: TERM lets it drain, KILL is a crash
  local name="$1" sig="$2" pid
  pid="$(cl_pid "$name")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || die "$name is not running"
  kill "-$sig" "$pid"
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$CL/pids/$name.pid"
  cl_log "$name $([ "$sig" = KILL ] && echo killed || echo stopped)"
}

# ---------------------------------------------------------------- the whole cluster
cl_up() {
  cl_need
  jars_missing && build
  [ -d "$CL/pids" ] && [ -n "$(ls "$CL/pids" 2>/dev/null)" ] && cl_down
  check_ports "$CL_LB_DB" "$CL_LB_ISO" "$CL_LB_TMS" "$CL_LB_PORTAL" "$CL_LB_KC" "$CL_LB_STATS" \
    "${CL_GALERA_SQL[@]:1}" "${CL_KC_HTTP[@]:1}" "${CL_KC_MGMT[@]:1}" "${CL_TMS_HTTP[@]:1}" "${CL_TMS_ISO[@]:1}" \
    "${CL_PORTAL_HTTP[@]:1}"
  rm -rf "$CL" && mkdir -p "$CL/pids"
  trap 'cl_down' EXIT # a start cut short leaves nothing running
  local t0=$SECONDS
  cl_keycloak_build
  cl_log "MariaDB Galera: galera1 starts the cluster, galera2 and galera3 join it (state transfer by mariabackup)"
  cl_galera_start 1 --wsrep-new-cluster
  cl_galera_wait 1
  cl_sql 1 "
    CREATE DATABASE shanfu_tms CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    CREATE DATABASE shanfu_portal CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    CREATE DATABASE keycloak CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    CREATE USER 'shanfu'@'127.0.0.1' IDENTIFIED BY 'shanfu';
    GRANT ALL PRIVILEGES ON shanfu_tms.* TO 'shanfu'@'127.0.0.1';
    GRANT ALL PRIVILEGES ON shanfu_portal.* TO 'shanfu'@'127.0.0.1';
    CREATE USER 'keycloak'@'127.0.0.1' IDENTIFIED BY 'keycloak';
    GRANT ALL PRIVILEGES ON keycloak.* TO 'keycloak'@'127.0.0.1';
    CREATE USER 'haproxy'@'127.0.0.1';" || die "galera1 refused the databases and users"
  cl_galera_start 2
  cl_galera_wait 2
  cl_galera_start 3
  cl_galera_wait 3
  cl_log "Galera: $(cl_sql 1 "show status like 'wsrep_cluster_size'" | cut -f2) nodes Synced"
  mkdir -p "$CL/tls"
  make_certs "$CL/tls" && tls_env "$CL/tls"
  openssl pkcs12 -in "$CL/tls/tms.p12" -nodes -passin "file:$CL/tls/password" -out "$CL/tls/haproxy.pem" 2>/dev/null \
    || die "openssl could not read $CL/tls/tms.p12"
  demo_lmk "$CL" >/dev/null
  (umask 077 && od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$CL/pii.key") # the portals' PII key (hex), shared
  cat >"$CL/env" <<EOF
export SHANFU_TLS_KEYSTORE="$SHANFU_TLS_KEYSTORE" SHANFU_TLS_PASSWORD="$SHANFU_TLS_PASSWORD" SHANFU_TLS_CA="$SHANFU_TLS_CA"
export SHANFU_TLS_TRUSTSTORE="$SHANFU_TLS_TRUSTSTORE" SHANFU_TMS_CA="$SHANFU_TMS_CA"
export SHANFU_LMK_COMPONENTS="$SHANFU_LMK_COMPONENTS" SHANFU_LMK_KCV="$SHANFU_LMK_KCV"
export SHANFU_CARD_WALLET="$CL/cards" SHANFU_FACTORY_DIR="$CL/factory"
EOF
  chmod 600 "$CL/env"
  cl_haproxy_start
  # the first Keycloak node makes its schema and imports the realm while the first TMS migrates its own; the second
  # of each joins when the first is up (a schema is made once)
  cl_keycloak_start 1 --import-realm
  cl_tms_start 1
  cl_wait_ready tms1 "${CL_TMS_HTTP[1]}"
  cl_tms_start 2
  cl_keycloak_wait 1
  cl_keycloak_start 2
  cl_wait_ready tms2 "${CL_TMS_HTTP[2]}"
  cl_portal_start 1
  cl_keycloak_wait 2
  cl_wait_ready portal1 "${CL_PORTAL_HTTP[1]}"
  cl_portal_start 2
  cl_wait_ready portal2 "${CL_PORTAL_HTTP[2]}"
  wait_http "http://localhost:$CL_LB_KC/realms/shanfu/.well-known/openid-configuration" 60 "Keycloak (HAProxy)" "$CL/haproxy.log"
  wait_http "https://localhost:$CL_LB_PORTAL/actuator/health/readiness" 60 "portal (HAProxy)" "$CL/haproxy.log"
  trap - EXIT
  cl_log "up in $((SECONDS - t0)) s; Keycloak's cluster view (jdbc-ping): $(grep -o 'Received new cluster view for channel ISPN: [^(]*([0-9]*)' "$CL/kc2.log" | tail -1 | grep -o '([0-9]*)' | tr -d '()') nodes"
  cat <<EOF

  Shanfu cluster is running (state in $CL).
    Portal (HAProxy, sticky)   https://localhost:$CL_LB_PORTAL  -> portal1 :${CL_PORTAL_HTTP[1]}, portal2 :${CL_PORTAL_HTTP[2]}
    TMS API (HAProxy)          https://localhost:$CL_LB_TMS  -> tms1 :${CL_TMS_HTTP[1]}, tms2 :${CL_TMS_HTTP[2]}
    ISO 8583 host (HAProxy)    127.0.0.1:$CL_LB_ISO (TLS passed through) -> tms1 :${CL_TMS_ISO[1]}, tms2 :${CL_TMS_ISO[2]}
    Keycloak (HAProxy)         http://localhost:$CL_LB_KC/admin (admin / admin) -> kc1 :${CL_KC_HTTP[1]}, kc2 :${CL_KC_HTTP[2]}
    MariaDB write node         127.0.0.1:$CL_LB_DB (shanfu / shanfu) -> galera1 :${CL_GALERA_SQL[1]} (galera2, galera3 standby)
    HAProxy's view             http://localhost:$CL_LB_STATS/stats
  Private CA: $CL/tls/ca.pem. Demo logins as in 'infra/shanfu up' (password shanfu-demo).
  Stop: infra/shanfu cluster down

EOF
}

cl_down() {
  local name
  for name in portal2 portal1 tms2 tms1 kc2 kc1 haproxy galera3 galera2 galera1; do
    cl_alive "$name" && cl_stop "$name" TERM >/dev/null 2>&1
    rm -f "$CL/pids/$name.pid"
  done
  cl_log "stopped"
}

cl_status() {
  local name
  for name in galera1 galera2 galera3 haproxy kc1 kc2 tms1 tms2 portal1 portal2; do
    if cl_alive "$name"; then printf '  %-8s running (pid %s)\n' "$name" "$(cl_pid "$name")"
    else printf '  %-8s not running\n' "$name"; fi
  done
  curl -fsS "http://127.0.0.1:$CL_LB_STATS/stats;csv" 2>/dev/null | awk -F, 'NR > 1 && $2 != "FRONTEND" && $2 != "BACKEND" \
    { printf "  haproxy  %-13s %-8s %s\n", $1, $2, $18 }'
}

# ---------------------------------------------------------------- backups
cl_backup() { # dir: one consistent dump of the cluster's databases, taken on a node that is not the write node
  local out="$1" node=3
  mkdir -p "$out"
  cl_alive galera3 || node=2
  mariadb-dump --no-defaults -uroot --socket="$CL/galera$node/mysqld.sock" --single-transaction --routines \
    --triggers --events --databases shanfu_tms shanfu_portal keycloak --result-file="$out/shanfu.sql" \
    || die "mariadb-dump on galera$node failed"
  cp "$CL/env" "$out/env" 2>/dev/null || true
  printf 'taken %s from galera%s (mariadb-dump --single-transaction)\n' "$(date -u +%FT%TZ)" "$node" >"$out/README"
  cl_log "backup of shanfu_tms, shanfu_portal and keycloak from galera$node in $out ($(du -h "$out/shanfu.sql" | cut -f1))"
}

cl_restore() { # backup-dir target-dir port: a fresh MariaDB (target-dir/db) holding the backup
  local from="$1" dir="$2" port="$3"
  [ -f "$from/shanfu.sql" ] || die "no backup in $from (infra/shanfu cluster backup DIR)"
  stop_dir "$dir" 2>/dev/null || true
  rm -rf "$dir" && mkdir -p "$dir"
  start_db "$dir/db" "$port" >/dev/null 2>&1 || die "the fresh MariaDB for the restore did not start"
  mariadb --no-defaults -uroot --socket="$dir/db/mysqld.sock" -e 'DROP DATABASE shanfu_tms; DROP DATABASE shanfu_portal'
  mariadb --no-defaults -uroot --socket="$dir/db/mysqld.sock" <"$from/shanfu.sql" || die "the restore failed"
  cl_log "restored $from into a fresh MariaDB on 127.0.0.1:$port ($dir; stop it with: kill \$(cat $dir/db/mariadb.pid))"
}

cl_restored_tms() { # dir port: a TMS on the restored database, beside the cluster (its Keycloak, the same LMK)
  local dir="$1" port="$2"
  cl_env
  SHANFU_DB_URL_TMS="$(db_url shanfu_tms "$port")" SHANFU_DB_USER=shanfu SHANFU_DB_PASSWORD=shanfu \
  SHANFU_KEYCLOAK_URL="http://localhost:$CL_LB_KC" SERVER_PORT=8193 SHANFU_ISO_PORT=8693 \
  SHANFU_DEMO=true SHANFU_IDENTITY_SIMULATOR=true \
    run_jar "$ROOT/tms/server/target/tms.jar" "$dir/tms.log" -XX:+UseSerialGC -Xmx512m &
  echo $! >"$dir/tms.pid"
  wait_http "https://localhost:8193/actuator/health/readiness" 240 "the TMS on the restored database" "$dir/tms.log"
}

cmd_cluster() {
  source_cluster_env() { [ -f "$CL/env" ] && cl_env; true; }
  case "${1:-}" in
    up) cl_up ;;
    down) cl_down ;;
    status) cl_status ;;
    kill) source_cluster_env; cl_stop "${2:?name}" KILL ;;
    stop) source_cluster_env; cl_stop "${2:?name}" TERM ;;
    start) need_java; source_cluster_env; cl_start "${2:?name}" ;;
    backup) cl_backup "${2:?backup directory}" ;;
    restore)
      need_java
      cl_restore "${2:?backup directory}" "${3:-$ROOT/.shanfu/restore}" "${4:-3350}"
      books_check --url "jdbc:mysql://127.0.0.1:${4:-3350}/" --all ;;
    test) shift; cl_test "$@" ;;
    *) sed -n '2,13p' "$ROOT/infra/cluster.sh" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
}

cl_logs_check() { # the instances log JSON (ECS): the host's lines carry tid, stan and rrn, and the id a portal
  # sent with its call to the TMS (logger shanfu.requests) is the correlationId of the TMS's line for it
  python3 - "$CL" <<'PY' || die "the cluster's structured logs lack the fields they must carry"
import json, pathlib, re, sys
cl = pathlib.Path(sys.argv[1])
def lines(name):
    for f in sorted(cl.glob(name + "*.log")):
        for line in f.read_text(errors="replace").splitlines():
            if line.startswith("{"):
                yield json.loads(line)
host = [l for l in lines("tms") if "rrn" in l and "tid" in l and "stan" in l]
tms_ids = {l["correlationId"] for l in lines("tms") if "correlationId" in l}
sent = (re.match(r"to the TMS \[([0-9A-Za-z-]+)\]", l.get("message", "")) for l in lines("portal"))
portal_ids = {m.group(1) for m in sent if m}
both = tms_ids & portal_ids
print(f"structured logs: {len(host)} host lines with tid, stan and rrn; {len(both)} request ids in a portal's and a TMS's log")
sys.exit(0 if host and both else 1)
PY
}

cl_conflict_check() { # two writers on two Galera nodes change one row at once: the later commit fails Galera's
  # certification and MariaDB reports it as a deadlock (1213), the error the host's steps retry (docs/operations.md)
  local out="$CL/conflict" v a b
  mkdir -p "$out"
  cl_sql 2 "CREATE DATABASE galera_probe; CREATE TABLE galera_probe.t (id INT PRIMARY KEY, v INT) ENGINE=InnoDB;
    INSERT INTO galera_probe.t VALUES (1, 0)" || die "galera2 refused the probe table"
  sleep 1
  mariadb --no-defaults -uroot --socket="$CL/galera2/mysqld.sock" -e \
    "BEGIN; UPDATE galera_probe.t SET v = v + 1 WHERE id = 1; DO SLEEP(2); COMMIT;" >"$out/galera2" 2>&1 &
  a=$!
  mariadb --no-defaults -uroot --socket="$CL/galera3/mysqld.sock" -e \
    "BEGIN; UPDATE galera_probe.t SET v = v + 10 WHERE id = 1; DO SLEEP(2); COMMIT;" >"$out/galera3" 2>&1 &
  b=$!
  wait "$a" "$b" || true # one of them fails: that is the point
  sleep 1
  v="$(cl_sql 2 "SELECT v FROM galera_probe.t WHERE id = 1")"
  cl_sql 2 "DROP DATABASE galera_probe"
  if [ "$(cat "$out"/galera2 "$out"/galera3 | grep -c 'ERROR 1213')" = 1 ] && { [ "$v" = 1 ] || [ "$v" = 10 ]; }; then
    cl_log "Galera conflict: one of two writers on two nodes got $(cat "$out"/galera2 "$out"/galera3 | grep -o 'ERROR 1213[^:]*'), the row holds only the other's change"
  else
    cat "$out"/galera2 "$out"/galera3 >&2
    die "two writers on two Galera nodes: expected one commit refused with 1213 (row: $v)"
  fi
}

cl_test() { # the cluster from nothing, the failover test under load, a backup restored and checked, all stopped
  local t0=$SECONDS rc=0
  cl_up
  trap 'cl_down; stop_dir "$ROOT/.shanfu/restore"' EXIT
  cl_env
  "$JAVA" $(trust_flags) -Dshanfu.card-wallet="$CL/cards" \
    -cp "$ROOT/infra/target/classes:$ROOT/infra/target/lib/*" com.shanfu.e2e.ClusterFailover \
    --control "$ROOT/infra/shanfu" --tms "https://localhost:$CL_LB_TMS" --portal "https://localhost:$CL_LB_PORTAL" \
    --keycloak "http://localhost:$CL_LB_KC" --db "jdbc:mysql://127.0.0.1:$CL_LB_DB/shanfu_tms?useSSL=false&allowPublicKeyRetrieval=true" \
    --stats "http://127.0.0.1:$CL_LB_STATS/stats;csv" --work "$CL/failover" --report "$ROOT/docs/operations.md" \
    --instances "https://localhost:${CL_TMS_HTTP[1]},https://localhost:${CL_TMS_HTTP[2]}" "$@" \
    || rc=$?
  [ $rc -eq 0 ] || die "the failover test failed (logs in $CL)"
  cl_logs_check
  cl_conflict_check
  cl_log "backup: a dump of the running cluster, restored into a fresh MariaDB, the books check on it"
  cl_backup "$CL/backup"
  local counts_live counts_restored
  counts_live="$(cl_sql "$(cl_alive galera1 && echo 1 || echo 2)" "select (select count(*) from shanfu_tms.txn), (select count(*) from shanfu_tms.batch), (select count(*) from shanfu_portal.application), (select count(*) from keycloak.USER_ENTITY)")"
  cl_restore "$CL/backup" "$ROOT/.shanfu/restore" 3350
  counts_restored="$(mariadb --no-defaults -uroot --socket="$ROOT/.shanfu/restore/db/mysqld.sock" -N -B -e "select (select count(*) from shanfu_tms.txn), (select count(*) from shanfu_tms.batch), (select count(*) from shanfu_portal.application), (select count(*) from keycloak.USER_ENTITY)")"
  cl_log "rows (transactions, batches, applications, Keycloak users): cluster $counts_live, restored $counts_restored"
  [ "$counts_live" = "$counts_restored" ] || die "the restored database differs from the cluster"
  books_check --url "jdbc:mysql://127.0.0.1:3350/" --database shanfu_tms | tail -n 5 \
    || die "the books check failed on the restored database"
  cl_log "a TMS on the restored database takes one of the fleet's terminals: sign-on, a sale, a settlement"
  cl_restored_tms "$ROOT/.shanfu/restore" 3350
  "$JAVA" $(trust_flags) -Dshanfu.card-wallet="$CL/cards" \
    -cp "$ROOT/infra/target/classes:$ROOT/infra/target/lib/*" com.shanfu.e2e.ClusterFailover \
    --keycloak "http://localhost:$CL_LB_KC" --work "$CL/failover" --restored-tms https://localhost:8193 \
    --restored-iso 8693 --restored-db "jdbc:mysql://127.0.0.1:3350/shanfu_tms?useSSL=false&allowPublicKeyRetrieval=true" \
    || die "the system restored from the backup did not work"
  cl_log "cluster test passed in $((SECONDS - t0)) s"
}
