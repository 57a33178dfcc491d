#!/bin/sh
# Installs this unpacked Kintsugi folder for the current user: a launcher, a menu entry and an icon.
# Run from inside the unpacked folder: ./install.sh   (remove with ./install.sh --uninstall)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin="$HOME/.local/bin"; apps="$HOME/.local/share/applications"; icons="$HOME/.local/share/icons/hicolor/256x256/apps"
if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$bin/kintsugi" "$apps/kintsugi.desktop" "$icons/kintsugi.png"; echo "Kintsugi removed from the menu."; exit 0
fi
mkdir -p "$bin" "$apps" "$icons"
ln -sf "$here/Kintsugi" "$bin/kintsugi"
sed "s|^Exec=kintsugi|Exec=$here/Kintsugi|" "$here/kintsugi.desktop" > "$apps/kintsugi.desktop"
[ -f "$here/kintsugi.png" ] && cp "$here/kintsugi.png" "$icons/kintsugi.png"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" || true
echo "Kintsugi installed: find it in your applications menu, or run 'kintsugi'."
