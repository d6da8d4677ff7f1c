"""scripts/system-deps.sh decides what to install: run against fake apt, dpkg, sudo and tools.

PATH holds only the fakes and the few real tools the script uses, so nothing on this machine
(its JDK, Maven or Chromium) leaks into the decisions, and the fake apt-get "installs" by
creating the binaries a real package would bring.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "system-deps.sh"
# The script needs bash, sed and head; the fakes grep, touch, chmod and true.
REAL_TOOLS = ("bash", "sed", "head", "grep", "touch", "chmod", "true")

FAKE_DPKG_QUERY = """#!/bin/bash
# dpkg-query -W -f='${Status}' PKG
pkg="${@: -1}"
grep -qx "$pkg" "$FAKE_STATE/installed" 2>/dev/null || exit 1
printf 'install ok installed'
"""
FAKE_APT_CACHE = """#!/bin/bash
# apt-cache show --no-all-versions PKG: known when listed in available (after apt-get update)
pkg="${@: -1}"
[[ -f "$FAKE_STATE/updated" ]] && grep -qx "$pkg" "$FAKE_STATE/available.after-update" && exit 0
grep -qx "$pkg" "$FAKE_STATE/available" 2>/dev/null
"""
FAKE_APT_GET = r"""#!/bin/bash
echo "apt-get $*" >>"$FAKE_STATE/calls"
[[ -n "${FAKE_APT_FAIL:-}" ]] && exit 100
case " $* " in
  *" update "*) touch "$FAKE_STATE/updated"; exit 0 ;;
  *" --assume-no "*) echo "Need to get 98.6 MB of archives."; echo "Abort."; exit 1 ;;
esac
bin="$FAKE_STATE/bin"
for pkg in "$@"; do
  [[ "$pkg" == -* || "$pkg" == install ]] && continue
  echo "$pkg" >>"$FAKE_STATE/installed"
  case "$pkg" in
    openjdk-*-jdk-headless)
      v="${pkg#openjdk-}"; v="${v%%-*}"
      printf '#!/bin/bash\necho "javac %s.0.1"\n' "$v" >"$bin/javac"
      printf '#!/bin/bash\necho "openjdk %s"\n' "$v" >"$bin/java" ;;
    maven) printf '#!/bin/bash\n' >"$bin/mvn" ;;
    docker-compose) printf '#!/bin/bash\n' >"$bin/docker-compose" ;;
    chromium) printf '#!/bin/bash\n' >"$CHROMIUM" ; chmod +x "$CHROMIUM" ;;
  esac
  chmod +x "$bin"/* 2>/dev/null
done
"""
FAKE_ID = """#!/bin/bash
echo "${FAKE_UID:-0}"
"""
FAKE_SUDO = """#!/bin/bash
echo "sudo $*" >>"$FAKE_STATE/calls"
[[ "${FAKE_SUDO:-}" == nopasswd ]] || { echo "sudo: a password is required" >&2; exit 1; }
[[ "$1" == -n ]] && shift
exec "$@"
"""


class Machine:
    """A fake Debian machine in a temporary directory."""

    def __init__(self, root: Path):
        self.state = root / "state"
        self.bin = self.state / "bin"
        self.bin.mkdir(parents=True)
        self.chromium = root / "usr-bin-chromium"
        for name in REAL_TOOLS:
            (self.bin / name).symlink_to(shutil.which(name))
        self.write("dpkg-query", FAKE_DPKG_QUERY)
        self.write("apt-cache", FAKE_APT_CACHE)
        self.write("apt-get", FAKE_APT_GET)
        self.write("id", FAKE_ID)
        self.available("openjdk-17-jdk-headless", "maven", "chromium", "fonts-wqy-zenhei", "docker-compose")
        self.env = {"FAKE_UID": "0"}

    def write(self, name, text):
        path = self.bin / name
        path.write_text(text)
        path.chmod(0o755)

    def available(self, *packages, after_update=()):
        (self.state / "available").write_text("".join(f"{p}\n" for p in packages))
        (self.state / "available.after-update").write_text("".join(f"{p}\n" for p in after_update))

    def has_jdk(self, version=17):
        self.write("javac", f'#!/bin/bash\necho "javac {version}.0.15" >&2\n')
        self.write("java", "#!/bin/bash\n")

    def has(self, *things):
        for thing in things:
            if thing == "chromium":
                self.chromium.write_text("#!/bin/bash\n")
                self.chromium.chmod(0o755)
            elif thing == "fonts-wqy-zenhei":
                with open(self.state / "installed", "a") as f:
                    f.write("fonts-wqy-zenhei\n")
            else:
                self.write(thing, "#!/bin/bash\n")

    def has_everything(self):
        self.has_jdk()
        self.has("mvn", "chromium", "fonts-wqy-zenhei", "docker-compose")

    def run(self, *args, **env):
        environ = {
            "PATH": str(self.bin),
            "FAKE_STATE": str(self.state),
            "CHROMIUM": str(self.chromium),
            **self.env,
            **env,
        }
        return subprocess.run(
            [str(self.bin / "bash"), str(SCRIPT), *args],
            env=environ,
            capture_output=True,
            text=True,
            timeout=60,
        )

    @property
    def calls(self):
        path = self.state / "calls"
        return path.read_text().splitlines() if path.exists() else []

    @property
    def installs(self):
        return [c for c in self.calls if c.startswith("apt-get install -y")]


@pytest.fixture
def machine(tmp_path):
    return Machine(tmp_path)


def test_nothing_missing_installs_nothing(machine):
    machine.has_everything()
    for profile in ("run", "test", "ci"):
        result = machine.run(profile)
        assert result.returncode == 0, result.stderr
        assert "every system package is present" in result.stderr
    assert machine.calls == []


def test_check_reports_what_is_missing_and_installs_nothing(machine):
    machine.has_jdk()
    machine.has("mvn")
    result = machine.run("--check", "test")
    assert result.returncode == 1
    assert "missing: Chromium" in result.stderr
    assert "missing: a CJK font (fonts-wqy-zenhei)" in result.stderr
    assert "apt-get install -y --no-install-recommends chromium fonts-wqy-zenhei" in result.stderr
    assert "JDK" not in result.stderr and "Maven" not in result.stderr
    assert machine.calls == []


def test_each_command_asks_only_for_what_it_needs(machine):
    machine.has_jdk()
    machine.has("mvn")
    assert machine.run("--check", "run").returncode == 0
    assert machine.run("--check", "test").returncode == 1
    machine.has("chromium", "fonts-wqy-zenhei")
    assert machine.run("--check", "test").returncode == 0
    ci = machine.run("--check", "ci")
    assert ci.returncode == 1
    assert "missing: docker-compose" in ci.stderr


def test_as_root_installs_the_missing_packages_and_says_how_much(machine):
    machine.has_jdk()
    machine.has("fonts-wqy-zenhei")
    result = machine.run("test")
    assert result.returncode == 0, result.stderr
    assert machine.calls[0] == "apt-get update -qq"
    assert machine.installs == ["apt-get install -y -qq --no-install-recommends maven chromium"]
    assert "downloads 98.6 MB" in result.stderr
    assert "installed maven chromium" in result.stderr
    assert machine.run("--check", "test").returncode == 0


@pytest.mark.parametrize("version", [None, 11])
def test_a_missing_or_old_jdk_brings_a_jdk_17(machine, version):
    if version:
        machine.has_jdk(version)
    machine.has("mvn")
    result = machine.run("run")
    assert result.returncode == 0, result.stderr
    if version:
        assert "missing: a JDK 17+" in result.stderr
    assert machine.installs == ["apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless"]


def test_the_jdk_package_is_the_first_one_this_distribution_has(machine):
    # A release without openjdk-17 whose package lists only arrive with apt-get update.
    machine.available("maven", after_update=("openjdk-21-jdk-headless", "default-jdk-headless"))
    machine.has("mvn")
    result = machine.run("run")
    assert result.returncode == 0, result.stderr
    assert machine.installs == ["apt-get install -y -qq --no-install-recommends openjdk-21-jdk-headless"]


def test_without_root_uses_sudo_that_needs_no_password(machine):
    machine.has_everything()
    (machine.bin / "mvn").unlink()
    machine.write("sudo", FAKE_SUDO)
    result = machine.run("run", FAKE_UID="1000", FAKE_SUDO="nopasswd")
    assert result.returncode == 0, result.stderr
    assert "sudo -n apt-get install -y -qq --no-install-recommends maven" in machine.calls


def test_without_root_or_sudo_prints_the_one_command_and_fails(machine):
    machine.has_everything()
    (machine.bin / "mvn").unlink()
    machine.chromium.unlink()
    machine.write("sudo", FAKE_SUDO)
    result = machine.run("test", FAKE_UID="1000")
    assert result.returncode == 1
    assert "sudo apt-get update && sudo apt-get install -y --no-install-recommends maven chromium" in result.stderr
    assert not any(c.startswith("apt-get") for c in machine.calls)


def test_a_failed_install_fails_with_the_command_to_retry(machine):
    machine.has_jdk()
    result = machine.run("run", FAKE_APT_FAIL="1")
    assert result.returncode == 1
    assert "apt-get update failed" in result.stderr


def test_a_package_that_does_not_bring_the_tool_is_reported(machine):
    machine.has("mvn", "fonts-wqy-zenhei")
    machine.available("openjdk-17-jdk-headless")
    # This apt "installs" the JDK package but no javac appears.
    machine.write("apt-get", '#!/bin/bash\necho "apt-get $*" >>"$FAKE_STATE/calls"\n')
    result = machine.run("run")
    assert result.returncode == 1
    assert "still missing after apt-get install: a JDK 17+" in result.stderr


def test_not_debian_says_so(machine):
    machine.has_jdk()
    (machine.bin / "apt-get").unlink()
    result = machine.run("run")
    assert result.returncode == 1
    assert "missing: Maven (mvn)" in result.stderr
    assert "not a Debian-family machine" in result.stderr


def test_skip_for_people_who_manage_packages_themselves(machine):
    result = machine.run("test", KG_SYSTEM_DEPS="skip")
    assert result.returncode == 0
    assert "KG_SYSTEM_DEPS=skip" in result.stderr
    assert machine.calls == []


def test_unknown_argument_is_a_usage_error(machine):
    result = machine.run("tests")
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_the_real_machine_has_what_the_suite_needs():
    """This very run needed Chromium and a JDK: the script must agree they are present."""
    result = subprocess.run(
        [str(SCRIPT), "--check", "test"],
        env={**os.environ},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
