; Inno Setup script: the Windows installer of Case Review Workbench.
;
; Build the one-folder bundle first (packaging/workbench.spec), then, from the
; repository's root, with the version taken from the package:
;
;   for /f %v in ('.venv\Scripts\python -c "import workbench; print(workbench.__version__)"') do ^
;     iscc /DAppVersion=%v packaging\windows\case-review-workbench.iss
;
; The installer installs for the current user by default (no administrator rights; into
; %LOCALAPPDATA%\Programs), or for everyone when run as an administrator and the user
; chooses so. It adds a Start menu entry, associates review files (.cwr) with the
; program, and has an uninstaller. Output: dist\case-review-workbench-VERSION-windows-setup.exe

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z (see the comment at the top)
#endif
#define AppName "Case Review Workbench"
#define AppExe "Case Review Workbench.exe"
#define Bundle "..\..\dist\case-review-workbench"
#define FileType "CaseReviewWorkbench.Review"

[Setup]
; The AppId identifies the program to Windows' uninstaller: never change it.
AppId={{5B0C8F53-7C1E-4E4A-9D0B-3F2A6C1D8E47}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName} contributors
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user install unless the user asks for all users (and is an administrator).
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
#if FileExists(AddBackslash(SourcePath) + "..\..\LICENSE")
LicenseFile=..\..\LICENSE
#endif
SetupIconFile=..\..\resources\icons\case-review-workbench.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir=..\..\dist
OutputBaseFilename=case-review-workbench-{#AppVersion}-windows-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autoprograms}\{#AppName} (demo review)"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; .cwr files open in the program (HKA: the current user's classes for a per-user install,
; the machine's for an install for everyone).
Root: HKA; Subkey: "Software\Classes\.cwr"; ValueType: string; ValueName: ""; ValueData: "{#FileType}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.cwr\OpenWithProgids"; ValueType: string; ValueName: "{#FileType}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#FileType}"; ValueType: string; ValueName: ""; ValueData: "{#AppName} review"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#FileType}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#FileType}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".cwr"; ValueData: ""

[Run]
Filename: "{app}\{#AppExe}"; Parameters: "--demo"; Description: "Open the demo review now"; Flags: nowait postinstall skipifsilent
