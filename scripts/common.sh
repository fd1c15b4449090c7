# Shared by scripts/run, scripts/test and scripts/fuzz. Sourced, not executed.
set -euo pipefail

LAMINA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LAMINA_JOBS="${LAMINA_JOBS:-$(nproc 2>/dev/null || echo 2)}"

lamina_say() { printf 'lamina: %s\n' "$*" >&2; }

# configure_and_build BUILD_DIR [TARGET] -- CMAKE_ARGS...
# Configures once (re-running cmake is skipped when the cache exists and the arguments
# are unchanged), then builds incrementally with Ninja.
configure_and_build() {
  local dir="$1" target="$2"; shift 2
  local stamp="$dir/.lamina-configure-args"
  local args="$*"
  if [[ ! -f "$dir/CMakeCache.txt" || ! -f "$stamp" || "$(cat "$stamp")" != "$args" ]]; then
    lamina_say "configuring $dir"
    cmake -S "$LAMINA_ROOT" -B "$dir" -G Ninja "$@" >"$dir.configure.log" 2>&1 || {
      cat "$dir.configure.log" >&2; lamina_say "configuration failed (log above)"; return 1; }
    printf '%s' "$args" >"$stamp"
  fi
  lamina_say "building $dir${target:+ ($target)}"
  if [[ -n "$target" ]]; then
    cmake --build "$dir" --target "$target" -j "$LAMINA_JOBS"
  else
    cmake --build "$dir" -j "$LAMINA_JOBS"
  fi
}
