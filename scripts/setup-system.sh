#!/usr/bin/env bash
# Installs the Debian packages Himaya needs that are not already present.
#   scripts/setup-system.sh          packages for building and running
#   scripts/setup-system.sh --test   also PostgreSQL, Chromium and fonts for tests
set -euo pipefail

packages=(libjpeg62-turbo-dev libpng-dev libwebp-dev pkg-config)
if [[ "${1:-}" == "--test" ]]; then
    # fonts-noto-core gives screenshots real Arabic glyphs instead of boxes.
    packages+=(postgresql chromium chromium-driver fonts-noto-core)
    # Debian's own python3 needs python3-venv for the end-to-end tests' .venv.
    python3 -c 'import ensurepip' 2>/dev/null || packages+=(python3-venv)
fi

missing=()
for p in "${packages[@]}"; do
    # dpkg also remembers removed packages whose config files remain: check the status.
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Installing missing packages: ${missing[*]}"
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
# Only refresh the package lists when something actually has to be installed.
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
