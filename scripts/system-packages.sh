#!/usr/bin/env bash
# Install the Debian packages the build needs, only those that are missing.
#
#   scripts/system-packages.sh [make] [python-venv] [postgresql] [gettext]
#
# Each name is checked first (a command or file it provides); `apt-get update` runs at most once, and only
# when something is missing. Runs as root, or through sudo when that is available. On a system without
# apt-get it names what is missing and fails.
set -euo pipefail

PYTHON=${PYTHON:-python3}

missing() {
    case "$1" in
        make) ! command -v make >/dev/null 2>&1 ;;
        gettext) ! command -v msgfmt >/dev/null 2>&1 ;;
        postgresql) ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && ! command -v initdb >/dev/null 2>&1 ;;
        # Debian's python3 ships venv without ensurepip (that is python3-venv).
        python-venv) ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1 ;;
        *) echo "system-packages.sh: unknown package '$1'" >&2; exit 2 ;;
    esac
}

debian_name() {
    case "$1" in
        # python3.11-venv for python3.11 (Debian 12's python3-venv depends on it).
        python-venv) echo "python$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || echo 3)-venv" ;;
        *) echo "$1" ;;
    esac
}

want=()
for name in "$@"; do
    if missing "$name"; then
        want+=("$name")
    fi
done
[ ${#want[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing system packages: ${want[*]} (no apt-get here: please install them, then re-run)." >&2
    exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    echo "Missing system packages: ${want[*]}; run as root or install them: apt-get install ${want[*]}" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
APT=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Use-Pty=0)
echo ">>> installing Debian packages: ${want[*]}"
"${APT[@]}" update

packages=()
for name in "${want[@]}"; do
    if [ "$name" = postgresql ]; then
        # The tests only need the server binaries: scripts/pgtest.sh runs its own throwaway cluster. Stop the
        # package from creating (and starting) a system-wide "main" cluster on port 5432, as the official
        # postgres Docker image does. `pg_createcluster 15 main --start` creates it later if wanted.
        if [ ! -d /etc/postgresql ] || [ -z "$(ls -A /etc/postgresql 2>/dev/null)" ]; then
            "${APT[@]}" install --no-install-recommends postgresql-common
            conf=/etc/postgresql-common/createcluster.conf
            if [ -f "$conf" ] && ! grep -Eq '^[[:space:]]*create_main_cluster' "$conf"; then
                echo "create_main_cluster = false  # set by quanlyhoi scripts/system-packages.sh" |
                    "${SUDO[@]}" tee -a "$conf" >/dev/null
            fi
        fi
    fi
    packages+=("$(debian_name "$name")")
done
"${APT[@]}" install --no-install-recommends "${packages[@]}"

for name in "${want[@]}"; do
    if missing "$name"; then
        echo "system-packages.sh: '$name' still missing after apt-get install" >&2
        exit 1
    fi
done
