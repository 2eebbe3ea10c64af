# Shared by the scripts in this folder (sourced, not run).
# find_jdk: sets JAVA_HOME to a JDK >= 21: $JAVA_HOME if it is new enough, else the newest under /usr/lib/jvm.
# ensure_built: builds the jars with Maven when a jar is missing or older than the sources.

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
}
