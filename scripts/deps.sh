#!/usr/bin/env bash
# Installs the Debian 12 packages Lamina needs to build, test and run.
# One list, one place. Re-running is cheap: only missing packages are installed.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config git clang
  # libraries fixed by the project: Qt 6, VTK, HDF5, Eigen, OpenMP, JSON
  qt6-base-dev libqt6opengl6-dev libgl-dev
  libvtk9-dev libhdf5-dev libeigen3-dev libomp-dev nlohmann-json3-dev
  # NeuroML cell files (XML)
  libexpat1-dev
  # the R-tree behind the segment index (Boost.Geometry, header-only)
  libboost-dev
  # headless GUI tests and software OpenGL
  xvfb xauth libgl1-mesa-dri mesa-utils
  # reading outputs back in tests the way analysts do
  python3-h5py python3-numpy
)

missing=()
for p in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "lamina: installing missing Debian packages: ${missing[*]}" >&2
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "lamina: need root or sudo to install packages" >&2; exit 1; }
  SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
# The package lists may be stale on a fresh machine; refresh them once per install run.
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
