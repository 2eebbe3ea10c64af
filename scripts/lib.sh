# Shared by the scripts in this folder (sourced, not run).
# find_jdk: sets JAVA_HOME to a JDK >= 21: $JAVA_HOME if it is new enough, else the newest under /usr/lib/jvm.
# ensure_built: builds the jars with Maven when a jar is missing or older than the sources.
# start_rabbitmq: makes sure a RabbitMQ answers on 127.0.0.1:5672 (installs Debian's and starts it if need be).

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MIN_JAVA=21

java_major() { # prints the major version of the JDK at $1, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

find_jdk() {
  local v
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(java_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$MIN_JAVA" ]; then export JAVA_HOME; return 0; fi
  fi
  local best="" bestv=0 d
  for d in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -d "$d" ] || continue
    v=$(java_major "$d")
    if [ -n "$v" ] && [ "$v" -ge "$MIN_JAVA" ] && [ "$v" -gt "$bestv" ]; then best=$d; bestv=$v; fi
  done
  if [ -z "$best" ]; then
    echo "error: no JDK >= $MIN_JAVA found (looked at \$JAVA_HOME and /usr/lib/jvm); install one or set JAVA_HOME" >&2
    exit 1
  fi
  export JAVA_HOME=$best
}

ensure_built() {
  local jar stale=""
  # Several scripts started at once (three cluster nodes, say) build once: the others wait for the lock and
  # then find the jars fresh.
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$ROOT/.build.lock"
    flock 9
  fi
  for jar in chat-server/target/chat-server.jar chat-client/target/chat-client.jar "$@"; do
    if [ ! -f "$ROOT/$jar" ]; then stale=1; break; fi
    if [ -n "$(find "$ROOT" -path '*/target' -prune -o \( -name '*.java' -o -name pom.xml -o -path '*/src/main/resources/*' \) -newer "$ROOT/$jar" -print -quit)" ]; then
      stale=1; break
    fi
  done
  if [ -n "$stale" ]; then
    echo "building (mvn -q -DskipTests package) ..." >&2
    (cd "$ROOT" && mvn -B -q -DskipTests package) >&2 || { echo "error: build failed" >&2; exit 1; }
  fi
  if command -v flock >/dev/null 2>&1; then exec 9>&-; fi
}

# A RabbitMQ on 127.0.0.1:5672 for cluster tests and benchmarks: Debian's rabbitmq-server, installed (root
# with apt-get) when missing and started when nothing answers there; a warning if that cannot be done.
broker_answers() { (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; }
start_rabbitmq() {
  broker_answers && return
  if ! command -v rabbitmq-server >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "installing rabbitmq-server (apt-get) for the cluster" >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q rabbitmq-server >&2 \
        || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q rabbitmq-server >&2; }
    else
      echo "warning: no RabbitMQ on 127.0.0.1:5672 and none to start; cluster tests are skipped (or fail under CI=true)" >&2
      return
    fi
  fi
  broker_answers && return # the package's own service may have started it
  echo "starting rabbitmq-server for the cluster" >&2
  rabbitmq-server -detached >&2 || true
  for _ in $(seq 1 90); do
    broker_answers && rabbitmqctl await_startup >/dev/null 2>&1 && return
    sleep 1
  done
  echo "warning: rabbitmq-server did not come up within 90 s" >&2
}
