#!/usr/bin/env bash
# Makes sure the local PostgreSQL server answers, starting it if it is down.
url="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
ready() { pg_isready -d "$url" -q 2>/dev/null; }
ready && exit 0
command -v pg_ctlcluster >/dev/null || exit 1
version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
[ -n "$version" ] || exit 1
echo "starting PostgreSQL $version"
pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
for _ in $(seq 1 30); do ready && exit 0; sleep 1; done
exit 1
