#!/bin/sh
# Add Case Review Workbench to the desktop: the applications menu, the icon, and the
# review file type (.cwr opens in it). Run it from the unpacked folder:
#
#   ./install.sh               for you only (copies the program to ~/.local/opt), no root
#   sudo ./install.sh --system for everyone (/opt and /usr/local)
#   ./install.sh --uninstall   (or --system --uninstall) to take it away again
#
# It copies this folder, so the unpacked download can be deleted afterwards.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
name=case-review-workbench
scope=user
action=install
for arg in "$@"; do
  case $arg in
    --system) scope=system ;;
    --uninstall) action=uninstall ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

if [ "$scope" = system ]; then
  opt=/opt/$name
  bin=/usr/local/bin
  share=/usr/local/share
else
  opt=$HOME/.local/opt/$name
  bin=$HOME/.local/bin
  share=${XDG_DATA_HOME:-$HOME/.local/share}
fi

refresh() {
  command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$share/mime" >/dev/null 2>&1 || true
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$share/applications" >/dev/null 2>&1 || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$share/icons/hicolor" >/dev/null 2>&1 || true
}

if [ "$action" = uninstall ]; then
  rm -rf "$opt"
  rm -f "$bin/workbench" "$share/applications/$name.desktop" \
        "$share/metainfo/org.casereviewworkbench.Workbench.metainfo.xml" \
        "$share/mime/packages/$name.xml"
  find "$share/icons/hicolor" \( -name "$name.png" -o -name "$name.svg" \
       -o -name "application-x-$name.png" -o -name "application-x-$name.svg" \) \
       -delete 2>/dev/null || true
  refresh
  echo "Case Review Workbench is uninstalled (your reviews and preferences are kept)."
  exit 0
fi

[ -x "$here/workbench" ] || { echo "install.sh: run it from the unpacked folder (no ./workbench here)" >&2; exit 1; }
mkdir -p "$opt" "$bin" "$share/applications" "$share/metainfo" "$share/mime/packages"
if [ "$here" != "$opt" ]; then
  rm -rf "$opt"
  mkdir -p "$opt"
  cp -R "$here/." "$opt/"
fi
ln -sf "$opt/workbench" "$bin/workbench"

sed -e "s|^Exec=workbench|Exec=\"$opt/workbench\"|" -e "s|^TryExec=workbench|TryExec=$opt/workbench|" \
  "$here/share/applications/$name.desktop" > "$share/applications/$name.desktop"
cp "$here/share/metainfo/org.casereviewworkbench.Workbench.metainfo.xml" "$share/metainfo/"
cp "$here/share/mime/packages/$name.xml" "$share/mime/packages/"
for dir in "$here"/share/icons/hicolor/*/*; do
  rel=${dir#"$here/share/"}
  mkdir -p "$share/$rel"
  cp "$dir"/* "$share/$rel/"
done
refresh
echo "Installed Case Review Workbench in $opt."
echo "It is in your applications menu; from a terminal: $bin/workbench (--help for the commands)."
case :$PATH: in *:"$bin":*) ;; *) echo "Note: $bin is not on your PATH." ;; esac
