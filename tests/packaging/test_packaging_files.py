"""The packaging files: valid, and consistent with the package's name, version and file type.

The bundle itself is built and its frozen program smoke-tested by ``.ci/build-bundle``.
"""

from __future__ import annotations

import ast
import configparser
import os
import plistlib
import re
import subprocess
import sys
from pathlib import Path

from defusedxml import ElementTree
from PIL import Image

from workbench import APP_NAME, FILE_SUFFIX, __version__

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
LINUX = PACKAGING / "linux"
ICONS = ROOT / "resources" / "icons"
DIST_NAME = "case-review-workbench"
APP_ID = "org.casereviewworkbench.Workbench"
MIME_TYPE = "application/x-case-review-workbench"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _spec_source() -> str:
    return (PACKAGING / "workbench.spec").read_text(encoding="utf-8")


def _spec_constant(name: str) -> str:
    for node in ast.parse(_spec_source()).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"the spec defines no {name}")


# -- the spec -----------------------------------------------------------------------------
def test_spec_takes_name_and_version_from_the_package() -> None:
    source = _spec_source()
    tree = ast.parse(source)  # valid Python
    imports = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "workbench"
    ]
    assert imports and {"APP_NAME", "__version__"} <= {a.name for a in imports[0].names}
    assert f'"{__version__}"' not in source and f"'{__version__}'" not in source
    assert _spec_constant("DIST_NAME") == DIST_NAME
    assert _spec_constant("BUNDLE_ID") == APP_ID


def test_spec_bundles_what_is_loaded_by_path() -> None:
    source = _spec_source()
    # resources/ at the bundle's root, where resources_dir() looks when frozen.
    assert 'tree(ROOT / "resources", "resources")' in source
    # The migrations as data files beside the frozen workbench.core modules.
    assert 'tree(MIGRATIONS, "workbench/core/migrations")' in source
    assert 'MIGRATIONS = ROOT / "workbench" / "core" / "migrations"' in source
    assert '"workbench" / "gui" / "workbench.qss"' in source
    assert 'collect_submodules("workbench")' in source
    from workbench.core import store
    from workbench.demo import resources_dir

    assert store.MIGRATIONS_DIR == ROOT / "workbench" / "core" / "migrations"
    assert (store.MIGRATIONS_DIR / "script.py.mako").is_file()
    assert list((store.MIGRATIONS_DIR / "versions").glob("0*.py"))
    assert resources_dir() == ROOT / "resources"
    assert (ROOT / "workbench" / "gui" / "workbench.qss").is_file()
    # The entry point is the workbench command.
    launcher = (PACKAGING / "launcher.py").read_text(encoding="utf-8")
    assert "from workbench.launcher import main" in launcher


def test_windows_version_resource_is_filled_from_the_package(tmp_path: Path) -> None:
    template = (PACKAGING / "windows" / "version_info.txt").read_text(encoding="utf-8")
    assert __version__ not in template
    # Filled in as the spec does on Windows, then read the way PyInstaller reads it.
    numbers = ([int(p) for p in __version__.split(".")[:3]] + [0, 0, 0])[:4]
    filled = (
        template.replace("@VERSION_TUPLE@", ", ".join(map(str, numbers)))
        .replace("@VERSION@", __version__)
        .replace("@APP_NAME@", APP_NAME)
    )
    assert "@" not in filled
    assert '.replace("@VERSION_TUPLE@"' in _spec_source()
    # The format is one Python expression of PyInstaller's classes.
    body = "\n".join(line for line in filled.splitlines() if not line.lstrip().startswith("#"))
    calls = [n for n in ast.walk(ast.parse(body, mode="eval")) if isinstance(n, ast.Call)]
    strings = {
        ast.literal_eval(c.args[0]): ast.literal_eval(c.args[1])
        for c in calls
        if isinstance(c.func, ast.Name) and c.func.id == "StringStruct"
    }
    assert strings["ProductName"] == APP_NAME
    assert strings["FileVersion"] == strings["ProductVersion"] == __version__
    (ffi,) = [c for c in calls if isinstance(c.func, ast.Name) and c.func.id == "FixedFileInfo"]
    filevers = {k.arg: ast.literal_eval(k.value) for k in ffi.keywords}["filevers"]
    assert list(filevers) == numbers
    # PyInstaller's own reader too, where it can be imported (it needs pefile).
    try:
        from PyInstaller.utils.win32 import versioninfo
    except ImportError:
        return
    path = tmp_path / "version_info.txt"
    path.write_text(filled, encoding="utf-8")
    info = versioninfo.load_version_info_from_text_file(str(path))
    assert info.ffi.fileVersionMS == (numbers[0] << 16) | numbers[1]
    assert info.ffi.fileVersionLS == (numbers[2] << 16) | numbers[3]


def test_inno_setup_script_installs_per_user_and_associates_reviews() -> None:
    iss = (PACKAGING / "windows" / "case-review-workbench.iss").read_text(encoding="utf-8")
    assert "PrivilegesRequired=lowest" in iss
    assert f'#define AppName "{APP_NAME}"' in iss
    assert "AppVersion={#AppVersion}" in iss and __version__ not in iss
    assert f'Subkey: "Software\\Classes\\{FILE_SUFFIX}"' in iss
    assert "ChangesAssociations=yes" in iss
    assert f'#define Bundle "..\\..\\dist\\{DIST_NAME}"' in iss
    # The program it starts is the windowed one the spec makes on Windows.
    assert f'#define AppExe "{APP_NAME}.exe"' in iss
    assert "executable(APP_NAME, console=False)" in _spec_source()
    icon = re.search(r"^SetupIconFile=(.+)$", iss, re.MULTILINE)
    assert icon is not None
    assert (PACKAGING / "windows" / icon.group(1).replace("\\", "/")).resolve().is_file()


def test_macos_document_type_is_the_review_file() -> None:
    with (PACKAGING / "macos" / "document-types.plist").open("rb") as fh:
        plist = plistlib.load(fh)
    (declared,) = plist["UTExportedTypeDeclarations"]
    tags = declared["UTTypeTagSpecification"]
    assert tags["public.filename-extension"] == [FILE_SUFFIX.lstrip(".")]
    assert tags["public.mime-type"] == [MIME_TYPE]
    (document,) = plist["CFBundleDocumentTypes"]
    assert document["LSItemContentTypes"] == [declared["UTTypeIdentifier"]]
    assert (ICONS / document["CFBundleTypeIconFile"]).is_file()
    assert "CFBundleShortVersionString" not in plist  # the spec adds the package's


# -- Linux --------------------------------------------------------------------------------
def _desktop() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(LINUX / f"{DIST_NAME}.desktop", encoding="utf-8")
    return parser


def test_desktop_file() -> None:
    entry = _desktop()["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == APP_NAME
    assert entry["Exec"].split()[0] == "workbench" and "%f" in entry["Exec"]
    assert entry["Icon"] == DIST_NAME
    assert MIME_TYPE in entry["MimeType"].split(";")
    assert entry["Categories"].endswith(";")
    # Qt tells Wayland the desktop file's name: they must match.
    app_source = (ROOT / "workbench" / "gui" / "app.py").read_text(encoding="utf-8")
    assert f'setDesktopFileName("{DIST_NAME}")' in app_source


def test_metainfo_matches_the_package() -> None:
    root = ElementTree.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == APP_NAME
    assert root.findtext("project_license") == "GPL-3.0-or-later"
    assert root.findtext("launchable") == f"{DIST_NAME}.desktop"
    assert root.findtext("provides/mediatype") == MIME_TYPE
    releases = [r.get("version") for r in root.findall("releases/release")]
    assert releases and releases[0] == __version__, (
        "add a <release> for the package's version to the metainfo"
    )


def test_mime_type_is_the_review_suffix() -> None:
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ElementTree.parse(LINUX / "mime" / f"{DIST_NAME}.xml").getroot()
    (mime,) = root.findall("m:mime-type", ns)
    assert mime.get("type") == MIME_TYPE
    assert [g.get("pattern") for g in mime.findall("m:glob", ns)] == [f"*{FILE_SUFFIX}"]
    assert mime.findtext("m:comment", namespaces=ns) == f"{APP_NAME} review"


def test_install_script_and_spec_agree_on_the_layout() -> None:
    script = LINUX / "install.sh"
    assert os.access(script, os.X_OK)
    subprocess.run(["sh", "-n", str(script)], check=True)
    text = script.read_text(encoding="utf-8")
    spec = _spec_source()
    for path in (
        "share/applications/$name.desktop",
        "share/metainfo/org.casereviewworkbench.Workbench.metainfo.xml",
        "share/mime/packages/$name.xml",
    ):
        assert path in text
    assert 'share / "applications"' in spec and 'share / "metainfo"' in spec
    assert 'share / "mime" / "packages"' in spec
    assert text.count("name=case-review-workbench") == 1


# -- icons --------------------------------------------------------------------------------
def test_icons_exist_at_every_size() -> None:
    for size in PNG_SIZES:
        with Image.open(ICONS / f"{DIST_NAME}-{size}.png") as image:
            assert image.size == (size, size)
            assert image.mode == "RGBA"
            assert image.getpixel((0, 0))[3] == 0  # transparent corners (rounded square)
            assert image.getpixel((size // 2, size // 2))[3] == 255
    with Image.open(ICONS / f"{DIST_NAME}.ico") as ico:
        assert {(s, s) for s in (16, 32, 48, 256)} <= set(ico.info["sizes"])
    with Image.open(ICONS / f"{DIST_NAME}.icns") as icns:
        assert icns.format == "ICNS"
        assert max(s[0] * s[2] for s in icns.info["sizes"]) >= 512
    svg = ElementTree.parse(ICONS / f"{DIST_NAME}.svg").getroot()
    assert svg.tag.endswith("svg") and svg.get("viewBox") == "0 0 256 256"


def test_icons_are_up_to_date_with_their_geometry() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_icons.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


# -- screenshots --------------------------------------------------------------------------
def test_screenshot_script_runs(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DISPLAY", None)
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "screenshots.py"),
            "--out",
            str(tmp_path),
            "--only",
            "welcome",
            "workspace",
            "tour",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    for name in ("welcome", "workspace", "tour"):
        with Image.open(tmp_path / f"{name}.png") as image:
            assert image.size == (1600, 1000)
            # Not a blank window: many colours.
            assert len(image.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 50
    assert not (tmp_path / "timeline.png").exists()
    committed = ROOT / "docs" / "images" / "workspace.png"
    assert committed.is_file(), "run scripts/screenshots.py and commit docs/images/"
