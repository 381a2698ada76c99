#!/bin/sh
# Wrap the application bundle in a disk image: dist/case-review-workbench-VERSION-macos.dmg.
# Run on macOS from the repository's root after building with packaging/workbench.spec.
# Signing and notarisation (needed to open it without a warning) are described in
# packaging/README.md.
set -eu
version=$(.venv/bin/python -c 'import workbench; print(workbench.__version__)')
app="dist/Case Review Workbench.app"
[ -d "$app" ] || { echo "make-dmg.sh: $app is missing: build it first" >&2; exit 1; }
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
hdiutil create -volname "Case Review Workbench $version" -srcfolder "$stage" -ov \
  -format UDZO "dist/case-review-workbench-$version-macos-$(uname -m).dmg"
