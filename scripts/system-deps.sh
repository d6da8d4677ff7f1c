#!/usr/bin/env bash
# The system packages the app and its tests need: checks what is missing and installs it with
# apt-get (as root, or through sudo when it asks no password); otherwise prints the one command to
# run and exits 1.
#
# Usage: scripts/system-deps.sh [--check] [run|test|ci]...      (default: run)
#   run    what `make run` needs:
#            a JDK 17+      javac compiles the embedded Neo4j's launcher, java runs it
#            Maven          resolves Neo4j Community 5.26 from Maven Central
#   test   what `make test` needs: run's, plus
#            Chromium       the browser tests (Playwright drives Debian's chromium; $CHROMIUM
#                           names another binary, as in tests/conftest.py)
#            a CJK font     fonts-wqy-zenhei, so Chinese pages render in those tests
#   ci     what `.ci/run` needs: test's, plus docker-compose (it validates docker-compose.yml)
#   --check  only report; exits 1 when something is missing
#
# KG_SYSTEM_DEPS=skip skips all of it, for machines whose packages are managed otherwise.
# Python 3.11 is not installed here: it is the one thing the README asks for.
set -euo pipefail

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
JDK_PACKAGES=(openjdk-17-jdk-headless openjdk-21-jdk-headless openjdk-25-jdk-headless default-jdk-headless)
JDK_MIN=17

say() { echo "system-deps: $*" >&2; }

usage() {
  echo "usage: $0 [--check] [run|test|ci]..." >&2
  exit 2
}

check_only=0
profiles=()
for arg in "$@"; do
  case "$arg" in
    --check) check_only=1 ;;
    run | test | ci) profiles+=("$arg") ;;
    -h | --help) sed -n '2,/^set /p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) usage ;;
  esac
done
((${#profiles[@]})) || profiles=(run)

if [[ "${KG_SYSTEM_DEPS:-}" == skip ]]; then
  say "KG_SYSTEM_DEPS=skip: not checking system packages"
  exit 0
fi

wants() { # wants PROFILE: true when PROFILE's needs are part of what was asked for
  local p
  for p in "${profiles[@]}"; do
    case "$1:$p" in
      run:* | test:test | test:ci | ci:ci) return 0 ;;
    esac
  done
  return 1
}

# --- what is there ---------------------------------------------------------------------------
have_command() { command -v "$1" >/dev/null 2>&1; }
have_package() { [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]; }
have_jdk() {
  have_command java && have_command javac || return 1
  local version major
  version="$(javac -version 2>&1)" || return 1
  major="$(sed -n 's/^javac \([0-9][0-9]*\).*/\1/p' <<<"$version" | head -n 1)"
  [[ -n "$major" ]] && ((major >= JDK_MIN))
}

# The first of the candidate packages this machine's apt knows (the first one when it knows none).
available() { apt-cache show --no-all-versions "$1" >/dev/null 2>&1; }
pick() {
  local p
  for p in "$@"; do
    if available "$p"; then
      echo "$p"
      return
    fi
  done
  echo "$1"
}

# Fills missing_what (for people) and missing_pkgs (for apt-get).
missing_what=()
missing_pkgs=()
survey() {
  missing_what=()
  missing_pkgs=()
  if wants run; then
    have_jdk || { missing_what+=("a JDK $JDK_MIN+ (java and javac)"); missing_pkgs+=("$(pick "${JDK_PACKAGES[@]}")"); }
    have_command mvn || { missing_what+=("Maven (mvn)"); missing_pkgs+=(maven); }
  fi
  if wants test; then
    [[ -x "$CHROMIUM" ]] || { missing_what+=("Chromium ($CHROMIUM)"); missing_pkgs+=(chromium); }
    have_package fonts-wqy-zenhei || { missing_what+=("a CJK font (fonts-wqy-zenhei)"); missing_pkgs+=(fonts-wqy-zenhei); }
  fi
  if wants ci; then
    have_command docker-compose || { missing_what+=("docker-compose"); missing_pkgs+=(docker-compose); }
  fi
  return 0
}

survey
if ((${#missing_pkgs[@]} == 0)); then
  say "${profiles[*]}: every system package is present"
  exit 0
fi
for what in "${missing_what[@]}"; do say "missing: $what"; done
command_line="apt-get install -y --no-install-recommends ${missing_pkgs[*]}"

if ! have_command apt-get; then
  say "this is not a Debian-family machine (no apt-get): install the above with your package manager,"
  say "or set KG_SYSTEM_DEPS=skip once they are there"
  exit 1
fi
sudo_="sudo "
[[ "$(id -u)" == 0 ]] && sudo_=
if ((check_only)); then
  say "to install: $sudo_$command_line   (or run without --check)"
  exit 1
fi
if [[ -z "$sudo_" ]]; then
  as_root=()
elif have_command sudo && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  say "installing needs root; run this once, then try again:"
  echo "  sudo apt-get update && sudo $command_line" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
started=$SECONDS
say "apt-get update (reads the package lists: usually 5-30 s)"
"${as_root[@]}" apt-get update -qq || { say "apt-get update failed"; exit 1; }
survey # the package lists may only now know which JDK package exists
command_line="apt-get install -y --no-install-recommends ${missing_pkgs[*]}"
installing="${missing_pkgs[*]}"
size="$("${as_root[@]}" apt-get install --assume-no --no-install-recommends "${missing_pkgs[@]}" 2>/dev/null \
  | sed -n 's/^Need to get \([^ ]* [kMG]*B\).*/\1/p' | head -n 1 || true)"
say "apt-get install ${missing_pkgs[*]}${size:+ (downloads $size)}: usually under a minute, longer on a slow link"
if ! "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing_pkgs[@]}" >/dev/null; then
  say "apt-get install failed; try by hand: $sudo_$command_line"
  exit 1
fi
survey
if ((${#missing_pkgs[@]})); then
  for what in "${missing_what[@]}"; do say "still missing after apt-get install: $what"; done
  exit 1
fi
say "installed $installing in $((SECONDS - started)) s"
