# shellcheck shell=bash
# Install (if missing) and start PostgreSQL for the run-store tests, then export
# DETENTE_TEST_POSTGRES_URL. Meant to be `source`d by .ci/run as root on Debian; idempotent.
# Uses no `set -e` (it would leak into the caller); each step checks its own result.

_detente_pg_setup() {
    local db=detente_test role=detente pw=detente port
    if ! command -v pg_ctlcluster >/dev/null 2>&1; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq || return 1
        apt-get install -y -qq postgresql >/dev/null || return 1
    fi
    # The first cluster listed (Debian creates "main" on install); create one if none exists.
    local ver cluster
    read -r ver cluster port < <(pg_lsclusters -h | awk 'NR==1 {print $1, $2, $3}')
    if [ -z "${ver:-}" ]; then
        ver=$(ls /usr/lib/postgresql | sort -V | tail -n1)
        pg_createcluster "$ver" main >/dev/null || return 1
        cluster=main
        read -r port < <(pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main" {print $3}')
    fi
    if ! pg_lsclusters -h | awk -v v="$ver" -v c="$cluster" '$1==v && $2==c {print $4}' | grep -q online; then
        pg_ctlcluster "$ver" "$cluster" start || return 1
    fi
    local i
    for i in $(seq 1 30); do
        su postgres -c "psql -p $port -tAc 'select 1'" >/dev/null 2>&1 && break
        sleep 1
    done
    su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -q" <<SQL || return 1
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN
    CREATE ROLE $role LOGIN PASSWORD '$pw' CREATEDB;
  END IF;
END \$\$;
SQL
    if ! su postgres -c "psql -p $port -tAc \"select 1 from pg_database where datname='$db'\"" | grep -q 1; then
        su postgres -c "createdb -p $port -O $role $db" || return 1
    fi
    export DETENTE_TEST_POSTGRES_URL="postgresql+psycopg://$role:$pw@localhost:$port/$db"
}

pushd / >/dev/null || true  # the postgres user may not enter the clone's folder
if _detente_pg_setup; then
    echo "PostgreSQL ready: DETENTE_TEST_POSTGRES_URL=$DETENTE_TEST_POSTGRES_URL"
else
    echo "error: could not set up PostgreSQL for the run-store tests" >&2
fi
popd >/dev/null || true
unset -f _detente_pg_setup
