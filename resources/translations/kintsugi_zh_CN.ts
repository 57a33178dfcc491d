<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BlendMode</name>
    <message>
        <location filename="../../widgets/layers_panel.py" line="40"/>
        <source>Normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/layers_panel.py" line="41"/>
        <source>Multiply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/layers_panel.py" line="42"/>
        <source>Screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/layers_panel.py" line="43"/>
        <source>Overlay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/layers_panel.py" line="44"/>
        <source>Darken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/layers_panel.py" line="45"/>
        <source>Lighten</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/layers_panel.py" line="46"/>
        <source>Color Dodge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/layers_panel.py" line="47"/>
        <source>Color Burn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/layers_panel.py" line="48"/>
        <source>Hard Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/layers_panel.py" line="49"/>
        <source>Soft Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/layers_panel.py" line="50"/>
        <source>Difference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/layers_panel.py" line="51"/>
        <source>Exclusion</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <location filename="../../widgets/file_dialogs.py" line="24"/>
        <source>Images and projects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/file_dialogs.py" line="25"/>
        <source>All files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/file_dialogs.py" line="27"/>
        <source>Open Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/file_dialogs.py" line="33"/>
        <source>Photoshop documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/file_dialogs.py" line="34"/>
        <source>Import PSD as Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/file_dialogs.py" line="41"/>
        <source>OpenRaster project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/file_dialogs.py" line="42"/>
        <source>Save Project As</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/file_dialogs.py" line="53"/>
        <source>Export Image</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <location filename="../../widgets/history_panel.py" line="42"/>
        <source>Opened</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LayersPanel</name>
    <message>
        <location filename="../../widgets/layers_panel.py" line="216"/>
        <source>Opacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/layers_panel.py" line="217"/>
        <source>Blend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/layers_panel.py" line="218"/>
        <source>Masks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/layers_panel.py" line="219"/>
        <source>New layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/layers_panel.py" line="220"/>
        <source>Duplicate layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/layers_panel.py" line="221"/>
        <source>Delete layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/layers_panel.py" line="222"/>
        <source>Merge down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/layers_panel.py" line="223"/>
        <source>Move layer up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/layers_panel.py" line="224"/>
        <source>Move layer down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/layers_panel.py" line="225"/>
        <source>Delete mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/layers_panel.py" line="265"/>
        <source>Show or hide the layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/layers_panel.py" line="266"/>
        <source>Lock or unlock the layer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../widgets/main_window.py" line="38"/>
        <source>Face</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="39"/>
        <source>Skin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="40"/>
        <source>Eyes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="41"/>
        <source>Eyebrows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="42"/>
        <source>Nose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="43"/>
        <source>Mouth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="44"/>
        <source>Lips</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="45"/>
        <source>Hair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="98"/>
        <location filename="../../widgets/main_window.py" line="464"/>
        <source>Untitled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="120"/>
        <source>Opening {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="163"/>
        <source>No background jobs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="214"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="215"/>
        <source>&amp;New…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="216"/>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="217"/>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="220"/>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="221"/>
        <source>Save &amp;As (.ora)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="222"/>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="223"/>
        <source>Import PSD as &amp;Layers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="225"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="227"/>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="228"/>
        <location filename="../../widgets/main_window.py" line="398"/>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="229"/>
        <location filename="../../widgets/main_window.py" line="400"/>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="231"/>
        <source>&amp;Preferences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="233"/>
        <source>&amp;Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="234"/>
        <source>&amp;Crop to Selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="235"/>
        <source>Canvas &amp;Size…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="236"/>
        <source>Sc&amp;ale Image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="238"/>
        <source>Rotate 90° &amp;Clockwise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="239"/>
        <source>Rotate 90° C&amp;ounter-clockwise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="241"/>
        <source>Rotate &amp;180°</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="242"/>
        <source>Flip &amp;Horizontally</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="243"/>
        <source>Flip &amp;Vertically</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="245"/>
        <source>&amp;Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="246"/>
        <source>&amp;New Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="247"/>
        <source>&amp;Duplicate Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="249"/>
        <source>De&amp;lete Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="250"/>
        <source>&amp;Merge Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="253"/>
        <source>Move &amp;Up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="254"/>
        <source>Move D&amp;own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="256"/>
        <source>New Mask from &amp;Selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="258"/>
        <source>Delete &amp;Mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="260"/>
        <source>&amp;Select</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="261"/>
        <source>&amp;All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="262"/>
        <source>&amp;None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="263"/>
        <source>&amp;Invert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="266"/>
        <source>Fil&amp;ter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="267"/>
        <source>&amp;Upscale…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="269"/>
        <source>&amp;Style Transfer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="272"/>
        <source>F&amp;ace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="273"/>
        <source>&amp;Detect Faces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="275"/>
        <source>Select &amp;Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="279"/>
        <source>&amp;Align and Crop…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="282"/>
        <source>&amp;Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="283"/>
        <source>&amp;Model Manager…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="286"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="287"/>
        <source>Zoom &amp;In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="288"/>
        <source>Zoom &amp;Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="289"/>
        <source>&amp;Fit to Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="290"/>
        <source>&amp;Actual Pixels (100%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="292"/>
        <source>Show &amp;Mask Overlay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="297"/>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="299"/>
        <source>&amp;Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="299"/>
        <source>&amp;Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="304"/>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="315"/>
        <source>&amp;Panels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="319"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="320"/>
        <source>&amp;About Kintsugi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="325"/>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="326"/>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="327"/>
        <source>Jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="340"/>
        <source>Clear List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="348"/>
        <source>“{0}” no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="375"/>
        <source>{0} × {1} px</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="397"/>
        <source>&amp;Undo {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="399"/>
        <source>&amp;Redo {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="421"/>
        <source>Kintsugi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="431"/>
        <location filename="../../widgets/main_window.py" line="578"/>
        <source>Something went wrong: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="437"/>
        <source>Not available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="438"/>
        <source>This feature is not available in this version of Kintsugi.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="459"/>
        <source>New Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="463"/>
        <source>Background</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="508"/>
        <source>Saved {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="510"/>
        <source>Saving {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="526"/>
        <source>Exporting {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="528"/>
        <source>Exported {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="546"/>
        <source>Import PSD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="549"/>
        <source>Some blend modes were replaced by Normal: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="552"/>
        <source>Importing {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="575"/>
        <source>There is not enough memory for this image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="610"/>
        <source>Unsaved Changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="611"/>
        <source>“{0}” has unsaved changes. Save them first?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="635"/>
        <source>Canvas Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="645"/>
        <source>Scale Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="691"/>
        <source>About Kintsugi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="692"/>
        <source>&lt;h3&gt;Kintsugi&lt;/h3&gt;&lt;p&gt;A photo-restoration editor with layers, masks and local AI models.&lt;/p&gt;&lt;p&gt;Like the Japanese art of mending pottery with gold, it repairs what time has broken and lets the repair show.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../widgets/preferences_dialog.py" line="27"/>
        <source>Preferences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/preferences_dialog.py" line="30"/>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/preferences_dialog.py" line="31"/>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/preferences_dialog.py" line="34"/>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/preferences_dialog.py" line="39"/>
        <source>Automatic (GPU when available)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/preferences_dialog.py" line="40"/>
        <source>GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/preferences_dialog.py" line="40"/>
        <source>CPU only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/preferences_dialog.py" line="44"/>
        <source>Default folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/preferences_dialog.py" line="45"/>
        <source>Browse...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/preferences_dialog.py" line="61"/>
        <source>Theme:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/preferences_dialog.py" line="62"/>
        <source>Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/preferences_dialog.py" line="63"/>
        <source>Run models on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/preferences_dialog.py" line="64"/>
        <source>Model folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/preferences_dialog.py" line="65"/>
        <source>Mask overlay colour:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/preferences_dialog.py" line="66"/>
        <source>Mask overlay opacity:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/preferences_dialog.py" line="70"/>
        <source>Model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/preferences_dialog.py" line="75"/>
        <source>Mask overlay colour</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <location filename="../../widgets/recovery_dialog.py" line="24"/>
        <source>Recover Unsaved Work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/recovery_dialog.py" line="27"/>
        <source>Kintsugi did not close properly last time. These documents were saved automatically:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/recovery_dialog.py" line="39"/>
        <source>Recover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/recovery_dialog.py" line="40"/>
        <source>Discard All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/recovery_dialog.py" line="41"/>
        <source>Decide Later</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SizeDialog</name>
    <message>
        <location filename="../../widgets/size_dialog.py" line="28"/>
        <source>Keep aspect ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/size_dialog.py" line="36"/>
        <source>Width:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../widgets/size_dialog.py" line="37"/>
        <source>Height:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
