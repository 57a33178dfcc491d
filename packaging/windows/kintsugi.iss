; Inno Setup script: turns dist\Kintsugi (the PyInstaller one-folder app) into dist\KintsugiSetup.exe.
; Built by packaging\build.py (which passes /DAppVersion=...).
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6C3B1F0E-2F7A-4C55-9B7E-4B1D2E9A7C11}
AppName=Kintsugi
AppVersion={#AppVersion}
AppPublisher=Kintsugi
DefaultDirName={autopf}\Kintsugi
DefaultGroupName=Kintsugi
OutputDir=..\..\dist
OutputBaseFilename=KintsugiSetup
SetupIconFile=..\..\resources\icons\kintsugi.ico
UninstallDisplayIcon={app}\Kintsugi.exe
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "assocora"; Description: "Open .ora projects with Kintsugi"; GroupDescription: "File associations:"

[Files]
Source: "..\..\dist\Kintsugi\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Kintsugi"; Filename: "{app}\Kintsugi.exe"
Name: "{group}\{cm:UninstallProgram,Kintsugi}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Kintsugi"; Filename: "{app}\Kintsugi.exe"; Tasks: desktopicon

[Registry]
Root: HKA; Subkey: "Software\Classes\.ora\OpenWithProgids"; ValueType: string; ValueName: "Kintsugi.Project"; ValueData: ""; Flags: uninsdeletevalue; Tasks: assocora
Root: HKA; Subkey: "Software\Classes\Kintsugi.Project"; ValueType: string; ValueName: ""; ValueData: "Kintsugi project"; Flags: uninsdeletekey; Tasks: assocora
Root: HKA; Subkey: "Software\Classes\Kintsugi.Project\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\Kintsugi.exe,0"; Tasks: assocora
Root: HKA; Subkey: "Software\Classes\Kintsugi.Project\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\Kintsugi.exe"" ""%1"""; Tasks: assocora

[Run]
Filename: "{app}\Kintsugi.exe"; Description: "{cm:LaunchProgram,Kintsugi}"; Flags: nowait postinstall skipifsilent
