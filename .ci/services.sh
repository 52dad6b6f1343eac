#!/usr/bin/env bash
# Services the serving tests need, on loopback only: Virtuoso (Debian's
# virtuoso-opensource-7-bin) with a private config in a temporary folder, Oxigraph's own server
# (PyPI `oxigraph`), and headless Chromium with its driver for the browser test.
# Sourced by .ci/run (`source .ci/services.sh`), or run with `bash .ci/services.sh` and then
# `source "$KAIPING_KG_SERVICES_ENV"`. Exports what the tests read:
#   KAIPING_KG_VIRTUOSO_URL (query), KAIPING_KG_VIRTUOSO_UPDATE_URL (update, digest auth),
#   KAIPING_KG_VIRTUOSO_GSP_URL (graph store, digest auth), KAIPING_KG_VIRTUOSO_USER/_PASSWORD,
#   KAIPING_KG_OXIGRAPH_URL (server root), KAIPING_KG_CHROMIUM, KAIPING_KG_CHROMEDRIVER.
# Every step is best-effort: a service that cannot start is reported and left out, and the
# tests that need it fail under CI=true.

_kk_services() {
    local py="${KAIPING_KG_PYTHON:-python3.11}"
    local dir
    dir="$(mktemp -d /tmp/kaiping-kg-services.XXXXXX)"
    export KAIPING_KG_SERVICES_DIR="$dir"
    export KAIPING_KG_SERVICES_ENV="$dir/env.sh"
    : > "$KAIPING_KG_SERVICES_ENV"

    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        local need=()
        command -v virtuoso-t >/dev/null || need+=(virtuoso-opensource-7-bin)
        command -v chromium >/dev/null || need+=(chromium)
        command -v chromedriver >/dev/null || need+=(chromium-driver)
        if [ "${#need[@]}" -gt 0 ]; then
            echo "services: apt-get install ${need[*]}"
            apt-get update -qq >/dev/null 2>&1 || true
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 \
                || echo "services: apt-get install failed"
        fi
    fi
    command -v oxigraph >/dev/null || "$py" -m pip install -q oxigraph >/dev/null 2>&1 \
        || echo "services: pip install oxigraph failed"

    _kk_free_port() {
        "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
    }
    _kk_wait_http() {  # URL, seconds
        local i
        for i in $(seq 1 "$2"); do
            if curl -s -o /dev/null -m 2 "$1"; then return 0; fi
            sleep 1
        done
        return 1
    }
    _kk_export() {
        export "$1=$2"
        printf 'export %s=%q\n' "$1" "$2" >> "$KAIPING_KG_SERVICES_ENV"
    }

    # ---- Virtuoso
    if command -v virtuoso-t >/dev/null; then
        local vdir="$dir/virtuoso" sql_port http_port
        mkdir -p "$vdir"
        sql_port="$(_kk_free_port)"
        http_port="$(_kk_free_port)"
        cat > "$vdir/virtuoso.ini" <<INI
[Database]
DatabaseFile = $vdir/virtuoso.db
ErrorLogFile = $vdir/virtuoso.log
LockFile = $vdir/virtuoso.lck
TransactionFile = $vdir/virtuoso.trx
xa_persistent_file = $vdir/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = $vdir/virtuoso-temp.db
TransactionFile = $vdir/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:$sql_port
LiteMode = 0
DisableUnixSocket = 1
DisableTcpSocket = 0
ServerThreads = 10
CheckpointInterval = 60
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., $vdir
MaxQueryMem = 1G

[HTTPServer]
ServerPort = 127.0.0.1:$http_port
ServerRoot = $vdir
ServerThreads = 10
MaxClientConnections = 10
KeepAliveTimeout = 10
EnabledDavVSP = 0
HTTPProxyEnabled = 0

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
DefaultQuery = select distinct ?Concept where {[] a ?Concept} LIMIT 100
MaxSortedTopRows = 10000
INI
        (cd "$vdir" && virtuoso-t +configfile "$vdir/virtuoso.ini" +wait >"$vdir/start.log" 2>&1) \
            || echo "services: virtuoso-t did not start (see $vdir/virtuoso.log)"
        if _kk_wait_http "http://127.0.0.1:$http_port/sparql" 60; then
            # Let dba write through /sparql-auth (SPARQL Update) and the graph store.
            isql-vt "127.0.0.1:$sql_port" dba dba exec="GRANT SPARQL_UPDATE TO \"SPARQL\"; GRANT SPARQL_UPDATE TO dba;" >/dev/null 2>&1 || true
            _kk_export KAIPING_KG_VIRTUOSO_URL "http://127.0.0.1:$http_port/sparql"
            _kk_export KAIPING_KG_VIRTUOSO_UPDATE_URL "http://127.0.0.1:$http_port/sparql-auth"
            _kk_export KAIPING_KG_VIRTUOSO_GSP_URL "http://127.0.0.1:$http_port/sparql-graph-crud-auth"
            _kk_export KAIPING_KG_VIRTUOSO_USER dba
            _kk_export KAIPING_KG_VIRTUOSO_PASSWORD dba
            _kk_export KAIPING_KG_VIRTUOSO_ISQL "127.0.0.1:$sql_port"
            echo "services: Virtuoso at http://127.0.0.1:$http_port/sparql"
        else
            echo "services: Virtuoso did not answer; log: $vdir/virtuoso.log"
        fi
    fi

    # ---- Oxigraph server
    if command -v oxigraph >/dev/null; then
        local oport
        oport="$(_kk_free_port)"
        nohup oxigraph serve --location "$dir/oxigraph" --bind "127.0.0.1:$oport" --union-default-graph \
            >"$dir/oxigraph.log" 2>&1 &
        echo $! > "$dir/oxigraph.pid"
        if _kk_wait_http "http://127.0.0.1:$oport/query" 30; then
            _kk_export KAIPING_KG_OXIGRAPH_URL "http://127.0.0.1:$oport"
            echo "services: Oxigraph server at http://127.0.0.1:$oport/query"
        else
            echo "services: Oxigraph server did not answer; log: $dir/oxigraph.log"
        fi
    fi

    # ---- Chromium for the browser test
    if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
        _kk_export KAIPING_KG_CHROMIUM "$(command -v chromium)"
        _kk_export KAIPING_KG_CHROMEDRIVER "$(command -v chromedriver)"
        echo "services: Chromium $("$(command -v chromium)" --version 2>/dev/null | head -1)"
    fi
}

_kk_services
unset -f _kk_services _kk_free_port _kk_wait_http _kk_export 2>/dev/null || true
