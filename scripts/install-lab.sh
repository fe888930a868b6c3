#!/usr/bin/env bash
# Installs the Debian packages the lab tests need. Idempotent; run as root (CI and these machines are).
set -euo pipefail
PACKAGES=(docker-registry podman openssh-server openssh-client uidmap tmux slirp4netns fuse-overlayfs ca-certificates openssl)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-lab: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "install-lab: ok"
