#!/usr/bin/env bash
# PostgreSQL for the store's tests, on loopback: installed when missing, its
# cluster started, a login role and a database for the tests (idempotent).
# Prints the URL the tests read as PAVED_TEST_POSTGRES_URL.
set -euo pipefail
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq >/dev/null
  as_root apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /etc/postgresql | sort -V | tail -1)
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  pg_isready -q -h 127.0.0.1 -p 5432 || { echo "ci-postgres: PostgreSQL $version did not start" >&2; exit 1; }
fi
as_postgres psql -q -v ON_ERROR_STOP=1 -c "DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'paved') THEN CREATE ROLE paved; END IF;
  ALTER ROLE paved LOGIN PASSWORD 'paved';
END \$\$;" >&2
if [ -z "$(as_postgres psql -Atc "SELECT 1 FROM pg_database WHERE datname = 'test'")" ]; then
  as_postgres createdb -O paved test >&2
fi
echo "postgres://paved:paved@127.0.0.1:5432/test?sslmode=disable"
