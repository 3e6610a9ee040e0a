#!/bin/sh
# Renders Steward's icon (renderer/public/favicon.svg, the single source) into the PNGs electron-builder
# packs (build/electron-builder.yml): build/icon.png (1024 px; macOS and Windows convert it to .icns /
# .ico) and the Linux set build/icons/<n>x<n>.png. Needs rsvg-convert (Debian: apt-get install librsvg2-bin).
# Run from the repository root after changing the SVG: sh build/scripts/icons.sh
set -eu
src=renderer/public/favicon.svg
command -v rsvg-convert >/dev/null || { echo "icons: rsvg-convert not found (apt-get install librsvg2-bin)" >&2; exit 1; }
mkdir -p build/icons
rsvg-convert -w 1024 -h 1024 "$src" -o build/icon.png
for n in 16 32 48 64 128 256 512; do
  rsvg-convert -w "$n" -h "$n" "$src" -o "build/icons/${n}x${n}.png"
done
echo "icons: build/icon.png and build/icons/*.png rendered from $src"
