<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>BlendMode</name>
        <message>
            <source>Normal</source>
            <translation>正常</translation>
        </message>
        <message>
            <source>Multiply</source>
            <translation>正片叠底</translation>
        </message>
        <message>
            <source>Screen</source>
            <translation>滤色</translation>
        </message>
        <message>
            <source>Overlay</source>
            <translation>叠加</translation>
        </message>
        <message>
            <source>Darken</source>
            <translation>变暗</translation>
        </message>
        <message>
            <source>Lighten</source>
            <translation>变亮</translation>
        </message>
        <message>
            <source>Color Dodge</source>
            <translation>颜色减淡</translation>
        </message>
        <message>
            <source>Color Burn</source>
            <translation>颜色加深</translation>
        </message>
        <message>
            <source>Hard Light</source>
            <translation>强光</translation>
        </message>
        <message>
            <source>Soft Light</source>
            <translation>柔光</translation>
        </message>
        <message>
            <source>Difference</source>
            <translation>差值</translation>
        </message>
        <message>
            <source>Exclusion</source>
            <translation>排除</translation>
        </message>
    </context>
    <context>
        <name>DocOps</name>
        <message>
            <source>There is no mask to delete.</source>
            <translation>没有可删除的蒙版。</translation>
        </message>
        <message>
            <source>Nothing is selected.</source>
            <translation>没有选中任何内容。</translation>
        </message>
        <message>
            <source>Select All</source>
            <translation>全选</translation>
        </message>
        <message>
            <source>Invert Selection</source>
            <translation>反选</translation>
        </message>
        <message>
            <source>Select the area to keep first.</source>
            <translation>请先选择要保留的区域。</translation>
        </message>
        <message>
            <source>Layer Properties</source>
            <translation>图层属性</translation>
        </message>
    </context>
    <context>
        <name>FileDialogs</name>
        <message>
            <source>Images and projects</source>
            <translation>图像和项目</translation>
        </message>
        <message>
            <source>All files</source>
            <translation>所有文件</translation>
        </message>
        <message>
            <source>Open Image</source>
            <translation>打开图像</translation>
        </message>
        <message>
            <source>Photoshop documents</source>
            <translation>Photoshop 文档</translation>
        </message>
        <message>
            <source>Import PSD as Layers</source>
            <translation>将 PSD 导入为图层</translation>
        </message>
        <message>
            <source>OpenRaster project</source>
            <translation>OpenRaster 项目</translation>
        </message>
        <message>
            <source>Save Project As</source>
            <translation>项目另存为</translation>
        </message>
        <message>
            <source>Export Image</source>
            <translation>导出图像</translation>
        </message>
        <message>
            <source>Images</source>
            <translation>图像</translation>
        </message>
        <message>
            <source>Place Image</source>
            <translation>置入图像</translation>
        </message>
        <message>
            <source>Save a Copy</source>
            <translation>保存副本</translation>
        </message>
    </context>
    <context>
        <name>HistoryPanel</name>
        <message>
            <source>Opened</source>
            <translation>打开时</translation>
        </message>
    </context>
    <context>
        <name>LayersPanel</name>
        <message>
            <source>Opacity</source>
            <translation>不透明度</translation>
        </message>
        <message>
            <source>Blend</source>
            <translation>混合</translation>
        </message>
        <message>
            <source>Masks</source>
            <translation>蒙版</translation>
        </message>
        <message>
            <source>New layer</source>
            <translation>新建图层</translation>
        </message>
        <message>
            <source>Duplicate layer</source>
            <translation>复制图层</translation>
        </message>
        <message>
            <source>Delete layer</source>
            <translation>删除图层</translation>
        </message>
        <message>
            <source>Merge down</source>
            <translation>向下合并</translation>
        </message>
        <message>
            <source>Move layer up</source>
            <translation>上移图层</translation>
        </message>
        <message>
            <source>Move layer down</source>
            <translation>下移图层</translation>
        </message>
        <message>
            <source>Delete mask</source>
            <translation>删除蒙版</translation>
        </message>
        <message>
            <source>Show or hide the layer</source>
            <translation>显示或隐藏图层</translation>
        </message>
        <message>
            <source>Lock or unlock the layer</source>
            <translation>锁定或解锁图层</translation>
        </message>
        <message>
            <source>Layer mask: click to paint it (black hides, white shows), Shift-click to disable or enable it</source>
            <translation>图层蒙版：单击以绘制（黑色隐藏，白色显示），按住 Shift 单击以停用或启用</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>&amp;Next Document</source>
            <translation>下一个文档(&amp;N)</translation>
        </message>
        <message>
            <source>P&amp;revious Document</source>
            <translation>上一个文档(&amp;R)</translation>
        </message>
        <message>
            <source>Mask Mo&amp;rphology…</source>
            <translation>蒙版形态学(&amp;R)…</translation>
        </message>
        <message>
            <source>&amp;Remove Object</source>
            <translation>移除物体(&amp;R)</translation>
        </message>
        <message>
            <source>Untitled</source>
            <translation>未命名</translation>
        </message>
        <message>
            <source>Opening {0}…</source>
            <translation>正在打开 {0}…</translation>
        </message>
        <message>
            <source>No background jobs.</source>
            <translation>没有后台任务。</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;New…</source>
            <translation>新建(&amp;N)…</translation>
        </message>
        <message>
            <source>&amp;Open…</source>
            <translation>打开(&amp;O)…</translation>
        </message>
        <message>
            <source>Open &amp;Recent</source>
            <translation>最近打开(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>保存(&amp;S)</translation>
        </message>
        <message>
            <source>Save &amp;As (.ora)…</source>
            <translation>另存为 .ora(&amp;A)…</translation>
        </message>
        <message>
            <source>&amp;Export…</source>
            <translation>导出(&amp;E)…</translation>
        </message>
        <message>
            <source>Import PSD as &amp;Layers…</source>
            <translation>将 PSD 导入为图层(&amp;L)…</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation>编辑(&amp;E)</translation>
        </message>
        <message>
            <source>&amp;Undo</source>
            <translation>撤销(&amp;U)</translation>
        </message>
        <message>
            <source>&amp;Redo</source>
            <translation>重做(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Preferences…</source>
            <translation>首选项(&amp;P)…</translation>
        </message>
        <message>
            <source>&amp;Image</source>
            <translation>图像(&amp;I)</translation>
        </message>
        <message>
            <source>&amp;Crop to Selection</source>
            <translation>裁剪到选区(&amp;C)</translation>
        </message>
        <message>
            <source>Canvas &amp;Size…</source>
            <translation>画布大小(&amp;S)…</translation>
        </message>
        <message>
            <source>Sc&amp;ale Image…</source>
            <translation>缩放图像(&amp;A)…</translation>
        </message>
        <message>
            <source>Rotate 90° &amp;Clockwise</source>
            <translation>顺时针旋转 90°(&amp;C)</translation>
        </message>
        <message>
            <source>Rotate 90° C&amp;ounter-clockwise</source>
            <translation>逆时针旋转 90°(&amp;O)</translation>
        </message>
        <message>
            <source>Rotate &amp;180°</source>
            <translation>旋转 180°(&amp;1)</translation>
        </message>
        <message>
            <source>Flip &amp;Horizontally</source>
            <translation>水平翻转(&amp;H)</translation>
        </message>
        <message>
            <source>Flip &amp;Vertically</source>
            <translation>垂直翻转(&amp;V)</translation>
        </message>
        <message>
            <source>&amp;Layer</source>
            <translation>图层(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;New Layer</source>
            <translation>新建图层(&amp;N)</translation>
        </message>
        <message>
            <source>&amp;Duplicate Layer</source>
            <translation>复制图层(&amp;D)</translation>
        </message>
        <message>
            <source>De&amp;lete Layer</source>
            <translation>删除图层(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;Merge Down</source>
            <translation>向下合并(&amp;M)</translation>
        </message>
        <message>
            <source>Move &amp;Up</source>
            <translation>上移(&amp;U)</translation>
        </message>
        <message>
            <source>Move D&amp;own</source>
            <translation>下移(&amp;O)</translation>
        </message>
        <message>
            <source>New Mask from &amp;Selection</source>
            <translation>从选区新建蒙版(&amp;S)</translation>
        </message>
        <message>
            <source>Delete &amp;Mask</source>
            <translation>删除蒙版(&amp;M)</translation>
        </message>
        <message>
            <source>&amp;Select</source>
            <translation>选择(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;All</source>
            <translation>全选(&amp;A)</translation>
        </message>
        <message>
            <source>&amp;None</source>
            <translation>取消选择(&amp;N)</translation>
        </message>
        <message>
            <source>&amp;Invert</source>
            <translation>反选(&amp;I)</translation>
        </message>
        <message>
            <source>Fil&amp;ter</source>
            <translation>滤镜(&amp;T)</translation>
        </message>
        <message>
            <source>F&amp;ace</source>
            <translation>人脸(&amp;A)</translation>
        </message>
        <message>
            <source>Select &amp;Region</source>
            <translation>选择区域(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Align and Crop…</source>
            <translation>对齐并裁剪(&amp;A)…</translation>
        </message>
        <message>
            <source>&amp;Models</source>
            <translation>模型(&amp;M)</translation>
        </message>
        <message>
            <source>&amp;Model Manager…</source>
            <translation>模型管理器(&amp;M)…</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <source>Zoom &amp;In</source>
            <translation>放大视图(&amp;I)</translation>
        </message>
        <message>
            <source>Zoom &amp;Out</source>
            <translation>缩小视图(&amp;O)</translation>
        </message>
        <message>
            <source>&amp;Fit to Window</source>
            <translation>适合窗口(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Actual Pixels (100%)</source>
            <translation>实际像素 100%(&amp;A)</translation>
        </message>
        <message>
            <source>Show &amp;Mask Overlay</source>
            <translation>显示蒙版叠加(&amp;M)</translation>
        </message>
        <message>
            <source>&amp;Theme</source>
            <translation>主题(&amp;T)</translation>
        </message>
        <message>
            <source>&amp;Dark</source>
            <translation>深色(&amp;D)</translation>
        </message>
        <message>
            <source>&amp;Light</source>
            <translation>浅色(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;Language</source>
            <translation>语言(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;Panels</source>
            <translation>面板(&amp;P)</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <source>&amp;About Kintsugi</source>
            <translation>关于 Kintsugi(&amp;A)</translation>
        </message>
        <message>
            <source>Layers</source>
            <translation>图层</translation>
        </message>
        <message>
            <source>History</source>
            <translation>历史记录</translation>
        </message>
        <message>
            <source>Jobs</source>
            <translation>任务</translation>
        </message>
        <message>
            <source>Clear List</source>
            <translation>清除列表</translation>
        </message>
        <message>
            <source>“{0}” no longer exists.</source>
            <translation>“{0}”已不存在。</translation>
        </message>
        <message>
            <source>{0} × {1} px</source>
            <translation>{0} × {1} 像素</translation>
        </message>
        <message>
            <source>&amp;Undo {0}</source>
            <translation>撤销 {0}(&amp;U)</translation>
        </message>
        <message>
            <source>&amp;Redo {0}</source>
            <translation>重做 {0}(&amp;R)</translation>
        </message>
        <message>
            <source>Kintsugi</source>
            <translation>Kintsugi</translation>
        </message>
        <message>
            <source>Something went wrong: {0}</source>
            <translation>出错了：{0}</translation>
        </message>
        <message>
            <source>Not available</source>
            <translation>不可用</translation>
        </message>
        <message>
            <source>This feature is not available in this version of Kintsugi.</source>
            <translation>此版本的 Kintsugi 不提供该功能。</translation>
        </message>
        <message>
            <source>New Image</source>
            <translation>新建图像</translation>
        </message>
        <message>
            <source>Background</source>
            <translation>背景</translation>
        </message>
        <message>
            <source>Saved {0}</source>
            <translation>已保存 {0}</translation>
        </message>
        <message>
            <source>Saving {0}…</source>
            <translation>正在保存 {0}…</translation>
        </message>
        <message>
            <source>Exporting {0}…</source>
            <translation>正在导出 {0}…</translation>
        </message>
        <message>
            <source>Exported {0}</source>
            <translation>已导出 {0}</translation>
        </message>
        <message>
            <source>Import PSD</source>
            <translation>导入 PSD</translation>
        </message>
        <message>
            <source>Some blend modes were replaced by Normal: {0}</source>
            <translation>部分混合模式已替换为“正常”：{0}</translation>
        </message>
        <message>
            <source>Importing {0}…</source>
            <translation>正在导入 {0}…</translation>
        </message>
        <message>
            <source>There is not enough memory for this image.</source>
            <translation>内存不足，无法处理此图像。</translation>
        </message>
        <message>
            <source>Unsaved Changes</source>
            <translation>未保存的更改</translation>
        </message>
        <message>
            <source>“{0}” has unsaved changes. Save them first?</source>
            <translation>“{0}”有未保存的更改。要先保存吗？</translation>
        </message>
        <message>
            <source>Canvas Size</source>
            <translation>画布大小</translation>
        </message>
        <message>
            <source>Scale Image</source>
            <translation>缩放图像</translation>
        </message>
        <message>
            <source>About Kintsugi</source>
            <translation>关于 Kintsugi</translation>
        </message>
        <message>
            <source>&lt;h3&gt;Kintsugi&lt;/h3&gt;&lt;p&gt;A photo-restoration editor with layers, masks and local AI models.&lt;/p&gt;&lt;p&gt;Like the Japanese art of mending pottery with gold, it repairs what time has broken and lets the repair show.&lt;/p&gt;</source>
            <translation>&lt;h3&gt;Kintsugi&lt;/h3&gt;&lt;p&gt;一款支持图层、蒙版和本地 AI 模型的照片修复编辑器。&lt;/p&gt;&lt;p&gt;正如日本用金漆修补陶器的“金继”工艺，它修复岁月留下的裂痕，并让修复之美显现出来。&lt;/p&gt;</translation>
        </message>
        <message>
            <source>Pixel &amp;Grid (at 800% and closer)</source>
            <translation>像素网格(&amp;G)（800% 及以上）</translation>
        </message>
        <message>
            <source>&amp;Subject</source>
            <translation>主体(&amp;S)</translation>
        </message>
        <message>
            <source>Refine &amp;Edge…</source>
            <translation>调整边缘(&amp;E)…</translation>
        </message>
        <message>
            <source>Remove &amp;Background</source>
            <translation>移除背景(&amp;B)</translation>
        </message>
        <message>
            <source>Repla&amp;ce Background…</source>
            <translation>替换背景(&amp;C)…</translation>
        </message>
        <message>
            <source>&amp;Trim…</source>
            <translation>裁切边框(&amp;T)…</translation>
        </message>
        <message>
            <source>&amp;Rotate</source>
            <translation>旋转(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Free Rotate…</source>
            <translation>自由旋转(&amp;F)…</translation>
        </message>
        <message>
            <source>&amp;Straighten (draw a line)</source>
            <translation>拉直（画一条线）(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;Perspective Correction (drag the corners)</source>
            <translation>透视校正（拖动角点）(&amp;P)</translation>
        </message>
        <message>
            <source>La&amp;yer Mask</source>
            <translation>图层蒙版(&amp;Y)</translation>
        </message>
        <message>
            <source>&amp;Reveal All</source>
            <translation>显示全部(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Hide All</source>
            <translation>隐藏全部(&amp;H)</translation>
        </message>
        <message>
            <source>From &amp;Selection</source>
            <translation>从选区(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;Edit Layer Mask</source>
            <translation>编辑图层蒙版(&amp;E)</translation>
        </message>
        <message>
            <source>&amp;Edit Layer Pixels</source>
            <translation>编辑图层像素(&amp;E)</translation>
        </message>
        <message>
            <source>&amp;Disable Layer Mask</source>
            <translation>停用图层蒙版(&amp;D)</translation>
        </message>
        <message>
            <source>&amp;Enable Layer Mask</source>
            <translation>启用图层蒙版(&amp;E)</translation>
        </message>
        <message>
            <source>&amp;Invert Layer Mask</source>
            <translation>反相图层蒙版(&amp;I)</translation>
        </message>
        <message>
            <source>&amp;Apply Layer Mask</source>
            <translation>应用图层蒙版(&amp;A)</translation>
        </message>
        <message>
            <source>De&amp;lete Layer Mask</source>
            <translation>删除图层蒙版(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;Before/After</source>
            <translation>前后对比(&amp;B)</translation>
        </message>
        <message>
            <source>&amp;Border…</source>
            <translation>边界(&amp;B)…</translation>
        </message>
        <message>
            <source>&amp;Clear Mask</source>
            <translation>清除蒙版(&amp;C)</translation>
        </message>
        <message>
            <source>&amp;Close</source>
            <translation>关闭(&amp;C)</translation>
        </message>
        <message>
            <source>&amp;Copy</source>
            <translation>复制(&amp;C)</translation>
        </message>
        <message>
            <source>&amp;Feather…</source>
            <translation>羽化(&amp;F)…</translation>
        </message>
        <message>
            <source>&amp;Fill Mask</source>
            <translation>填充蒙版(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Flatten Image</source>
            <translation>拼合图像(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Grow Mask…</source>
            <translation>扩展蒙版(&amp;G)…</translation>
        </message>
        <message>
            <source>&amp;Grow…</source>
            <translation>扩展(&amp;G)…</translation>
        </message>
        <message>
            <source>&amp;Invert Mask</source>
            <translation>反相蒙版(&amp;I)</translation>
        </message>
        <message>
            <source>&amp;Keyboard Shortcuts</source>
            <translation>键盘快捷键(&amp;K)</translation>
        </message>
        <message>
            <source>&amp;Modify</source>
            <translation>修改(&amp;M)</translation>
        </message>
        <message>
            <source>&amp;Paste</source>
            <translation>粘贴(&amp;P)</translation>
        </message>
        <message>
            <source>&amp;Place…</source>
            <translation>置入(&amp;P)…</translation>
        </message>
        <message>
            <source>&amp;Shrink Mask…</source>
            <translation>收缩蒙版(&amp;S)…</translation>
        </message>
        <message>
            <source>&amp;Shrink…</source>
            <translation>收缩(&amp;S)…</translation>
        </message>
        <message>
            <source>Copy &amp;Merged</source>
            <translation>合并复制(&amp;M)</translation>
        </message>
        <message>
            <source>Cu&amp;t</source>
            <translation>剪切(&amp;T)</translation>
        </message>
        <message>
            <source>F&amp;eather Mask…</source>
            <translation>羽化蒙版(&amp;E)…</translation>
        </message>
        <message>
            <source>F&amp;ull Screen</source>
            <translation>全屏(&amp;U)</translation>
        </message>
        <message>
            <source>Layer &amp;Properties…</source>
            <translation>图层属性(&amp;P)…</translation>
        </message>
        <message>
            <source>Load Selection from &amp;Mask</source>
            <translation>从蒙版载入选区(&amp;M)</translation>
        </message>
        <message>
            <source>Mas&amp;k</source>
            <translation>蒙版(&amp;K)</translation>
        </message>
        <message>
            <source>Merge &amp;Visible</source>
            <translation>合并可见图层(&amp;V)</translation>
        </message>
        <message>
            <source>New Layer from Se&amp;lection</source>
            <translation>从选区新建图层(&amp;L)</translation>
        </message>
        <message>
            <source>Paste &amp;in Place</source>
            <translation>原位粘贴(&amp;I)</translation>
        </message>
        <message>
            <source>Re&amp;vert</source>
            <translation>恢复(&amp;V)</translation>
        </message>
        <message>
            <source>Save a Cop&amp;y…</source>
            <translation>保存副本(&amp;Y)…</translation>
        </message>
        <message>
            <source>Version {0}</source>
            <translation>版本 {0}</translation>
        </message>
    </context>
    <context>
        <name>PreferencesDialog</name>
        <message>
            <source>In place</source>
            <translation>原位替换</translation>
        </message>
        <message>
            <source>On a new layer</source>
            <translation>放在新图层</translation>
        </message>
        <message>
            <source>Remove Object puts its result:</source>
            <translation>移除物体的结果放在：</translation>
        </message>
        <message>
            <source>Preferences</source>
            <translation>首选项</translation>
        </message>
        <message>
            <source>Dark</source>
            <translation>深色</translation>
        </message>
        <message>
            <source>Light</source>
            <translation>浅色</translation>
        </message>
        <message>
            <source>System default</source>
            <translation>跟随系统</translation>
        </message>
        <message>
            <source>Automatic (GPU when available)</source>
            <translation>自动（有 GPU 时使用 GPU）</translation>
        </message>
        <message>
            <source>GPU</source>
            <translation>GPU</translation>
        </message>
        <message>
            <source>CPU only</source>
            <translation>仅 CPU</translation>
        </message>
        <message>
            <source>Default folder</source>
            <translation>默认文件夹</translation>
        </message>
        <message>
            <source>Browse...</source>
            <translation>浏览...</translation>
        </message>
        <message>
            <source>Theme:</source>
            <translation>主题：</translation>
        </message>
        <message>
            <source>Language:</source>
            <translation>语言：</translation>
        </message>
        <message>
            <source>Run models on:</source>
            <translation>模型运行设备：</translation>
        </message>
        <message>
            <source>Model folder:</source>
            <translation>模型文件夹：</translation>
        </message>
        <message>
            <source>Mask overlay colour:</source>
            <translation>蒙版叠加颜色：</translation>
        </message>
        <message>
            <source>Mask overlay opacity:</source>
            <translation>蒙版叠加不透明度：</translation>
        </message>
        <message>
            <source>Model folder</source>
            <translation>模型文件夹</translation>
        </message>
        <message>
            <source>Mask overlay colour</source>
            <translation>蒙版叠加颜色</translation>
        </message>
        <message>
            <source>General</source>
            <translation>常规</translation>
        </message>
        <message>
            <source>Keyboard Shortcuts</source>
            <translation>键盘快捷键</translation>
        </message>
    </context>
    <context>
        <name>RecoveryDialog</name>
        <message>
            <source>Recover Unsaved Work</source>
            <translation>恢复未保存的工作</translation>
        </message>
        <message>
            <source>Kintsugi did not close properly last time. These documents were saved automatically:</source>
            <translation>Kintsugi 上次未正常关闭。以下文档已自动保存：</translation>
        </message>
        <message>
            <source>Recover</source>
            <translation>恢复</translation>
        </message>
        <message>
            <source>Discard All</source>
            <translation>全部丢弃</translation>
        </message>
        <message>
            <source>Decide Later</source>
            <translation>稍后决定</translation>
        </message>
    </context>
    <context>
        <name>SizeDialog</name>
        <message>
            <source>Keep aspect ratio</source>
            <translation>保持宽高比</translation>
        </message>
        <message>
            <source>Width:</source>
            <translation>宽度：</translation>
        </message>
        <message>
            <source>Height:</source>
            <translation>高度：</translation>
        </message>
        <message>
            <source>Scale:</source>
            <translation>缩放比例：</translation>
        </message>
        <message>
            <source>Resampling:</source>
            <translation>重采样：</translation>
        </message>
        <message>
            <source>Anchor:</source>
            <translation>锚点：</translation>
        </message>
        <message>
            <source>Automatic (bicubic to enlarge, area average to reduce)</source>
            <translation>自动（放大用双三次，缩小用区域平均）</translation>
        </message>
        <message>
            <source>Nearest neighbour (hard pixels)</source>
            <translation>最近邻（硬像素）</translation>
        </message>
        <message>
            <source>Bilinear (smooth)</source>
            <translation>双线性（平滑）</translation>
        </message>
        <message>
            <source>Bicubic (sharper)</source>
            <translation>双三次（较锐利）</translation>
        </message>
        <message>
            <source>Lanczos (sharpest)</source>
            <translation>Lanczos（最锐利）</translation>
        </message>
        <message>
            <source>Top left</source>
            <translation>左上</translation>
        </message>
        <message>
            <source>Top</source>
            <translation>上</translation>
        </message>
        <message>
            <source>Top right</source>
            <translation>右上</translation>
        </message>
        <message>
            <source>Left</source>
            <translation>左</translation>
        </message>
        <message>
            <source>Centre</source>
            <translation>居中</translation>
        </message>
        <message>
            <source>Right</source>
            <translation>右</translation>
        </message>
        <message>
            <source>Bottom left</source>
            <translation>左下</translation>
        </message>
        <message>
            <source>Bottom</source>
            <translation>下</translation>
        </message>
        <message>
            <source>Bottom right</source>
            <translation>右下</translation>
        </message>
        <message>
            <source>Canvas Size</source>
            <translation>画布大小</translation>
        </message>
        <message>
            <source>Scale Image</source>
            <translation>缩放图像</translation>
        </message>
    </context>
    <context>
        <name>LayerOps</name>
        <message>
            <source>A layer name cannot be empty.</source>
            <translation>图层名称不能为空。</translation>
        </message>
        <message>
            <source>Add Layer</source>
            <translation>添加图层</translation>
        </message>
        <message>
            <source>Add Mask</source>
            <translation>添加蒙版</translation>
        </message>
        <message>
            <source>Background</source>
            <translation>背景</translation>
        </message>
        <message>
            <source>Blend Mode</source>
            <translation>混合模式</translation>
        </message>
        <message>
            <source>Canvas Size</source>
            <translation>画布大小</translation>
        </message>
        <message>
            <source>Choose Mask</source>
            <translation>选择蒙版</translation>
        </message>
        <message>
            <source>Crop</source>
            <translation>裁剪</translation>
        </message>
        <message>
            <source>Delete Layer</source>
            <translation>删除图层</translation>
        </message>
        <message>
            <source>Delete Mask</source>
            <translation>删除蒙版</translation>
        </message>
        <message>
            <source>Deselect</source>
            <translation>取消选择</translation>
        </message>
        <message>
            <source>Duplicate Layer</source>
            <translation>复制图层</translation>
        </message>
        <message>
            <source>Flatten Image</source>
            <translation>拼合图像</translation>
        </message>
        <message>
            <source>Flip Horizontal</source>
            <translation>水平翻转</translation>
        </message>
        <message>
            <source>Flip Vertical</source>
            <translation>垂直翻转</translation>
        </message>
        <message>
            <source>Hide Layer</source>
            <translation>隐藏图层</translation>
        </message>
        <message>
            <source>Layer Opacity</source>
            <translation>图层不透明度</translation>
        </message>
        <message>
            <source>Layer from Selection</source>
            <translation>从选区新建图层</translation>
        </message>
        <message>
            <source>Layer {n}</source>
            <translation>图层 {n}</translation>
        </message>
        <message>
            <source>Lock Layer</source>
            <translation>锁定图层</translation>
        </message>
        <message>
            <source>Mask {n}</source>
            <translation>蒙版 {n}</translation>
        </message>
        <message>
            <source>Merge Down</source>
            <translation>向下合并</translation>
        </message>
        <message>
            <source>Move Layer</source>
            <translation>移动图层</translation>
        </message>
        <message>
            <source>Move Layer Order</source>
            <translation>调整图层顺序</translation>
        </message>
        <message>
            <source>New Layer from Result</source>
            <translation>从结果新建图层</translation>
        </message>
        <message>
            <source>Nothing is selected.</source>
            <translation>没有选中任何内容。</translation>
        </message>
        <message>
            <source>Rename Layer</source>
            <translation>重命名图层</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>结果</translation>
        </message>
        <message>
            <source>Rotate 180°</source>
            <translation>旋转 180°</translation>
        </message>
        <message>
            <source>Rotate 90° Clockwise</source>
            <translation>顺时针旋转 90°</translation>
        </message>
        <message>
            <source>Rotate 90° Counter-clockwise</source>
            <translation>逆时针旋转 90°</translation>
        </message>
        <message>
            <source>Rotation must be 90, 180 or 270 degrees.</source>
            <translation>旋转角度必须是 90、180 或 270 度。</translation>
        </message>
        <message>
            <source>Scale Image</source>
            <translation>缩放图像</translation>
        </message>
        <message>
            <source>Select</source>
            <translation>选择</translation>
        </message>
        <message>
            <source>Show Layer</source>
            <translation>显示图层</translation>
        </message>
        <message>
            <source>The crop area is outside the image.</source>
            <translation>裁剪区域在图像之外。</translation>
        </message>
        <message>
            <source>The layer “{name}” is hidden; show it before merging.</source>
            <translation>图层“{name}”已隐藏，请先显示再合并。</translation>
        </message>
        <message>
            <source>The layer “{name}” is locked.</source>
            <translation>图层“{name}”已锁定。</translation>
        </message>
        <message>
            <source>The mask does not have the size of the result.</source>
            <translation>蒙版与结果的尺寸不一致。</translation>
        </message>
        <message>
            <source>The mask must be the size of the image.</source>
            <translation>蒙版必须与图像尺寸相同。</translation>
        </message>
        <message>
            <source>The result is not an 8- or 16-bit image.</source>
            <translation>结果不是 8 位或 16 位图像。</translation>
        </message>
        <message>
            <source>The selection does not touch the layer “{name}”.</source>
            <translation>选区与图层“{name}”没有重叠。</translation>
        </message>
        <message>
            <source>The size must be at least 1 × 1 pixel.</source>
            <translation>尺寸至少为 1 × 1 像素。</translation>
        </message>
        <message>
            <source>There are no layers to flatten.</source>
            <translation>没有可拼合的图层。</translation>
        </message>
        <message>
            <source>There is no layer below “{name}” to merge into.</source>
            <translation>图层“{name}”下方没有可合并的图层。</translation>
        </message>
        <message>
            <source>There is no layer to work on.</source>
            <translation>没有可操作的图层。</translation>
        </message>
        <message>
            <source>There is no mask to work on.</source>
            <translation>没有可操作的蒙版。</translation>
        </message>
        <message>
            <source>Unknown blend mode “{mode}”.</source>
            <translation>未知的混合模式“{mode}”。</translation>
        </message>
        <message>
            <source>Unlock Layer</source>
            <translation>解锁图层</translation>
        </message>
        <message>
            <source>{name} (selection)</source>
            <translation>{name}（选区）</translation>
        </message>
        <message>
            <source>{name} copy</source>
            <translation>{name} 副本</translation>
        </message>
        <message>
            <source>{w} × {h} pixels is too large.</source>
            <translation>{w} × {h} 像素过大。</translation>
        </message>
        <message>
            <source>There is no layer.</source>
            <translation>没有图层。</translation>
        </message>
        <message>
            <source>The layer “{name}” has no layer mask.</source>
            <translation>图层“{name}”没有图层蒙版。</translation>
        </message>
        <message>
            <source>The layer “{name}” already has a layer mask.</source>
            <translation>图层“{name}”已经有图层蒙版。</translation>
        </message>
        <message>
            <source>Add Layer Mask</source>
            <translation>添加图层蒙版</translation>
        </message>
        <message>
            <source>Delete Layer Mask</source>
            <translation>删除图层蒙版</translation>
        </message>
        <message>
            <source>Apply Layer Mask</source>
            <translation>应用图层蒙版</translation>
        </message>
        <message>
            <source>Enable Layer Mask</source>
            <translation>启用图层蒙版</translation>
        </message>
        <message>
            <source>Disable Layer Mask</source>
            <translation>停用图层蒙版</translation>
        </message>
        <message>
            <source>Invert Layer Mask</source>
            <translation>反相图层蒙版</translation>
        </message>
        <message>
            <source>Merge Visible</source>
            <translation>合并可见图层</translation>
        </message>
        <message>
            <source>Merge Visible needs at least two visible layers.</source>
            <translation>合并可见图层至少需要两个可见图层。</translation>
        </message>
    </context>
    <context>
        <name>History</name>
        <message>
            <source>The layer is locked.</source>
            <translation>该图层已锁定。</translation>
        </message>
    </context>
    <context>
        <name>Jobs</name>
        <message>
            <source>Not enough memory for this image. Close other programs or use a smaller image.</source>
            <translation>内存不足，无法处理此图像。请关闭其他程序或使用较小的图像。</translation>
        </message>
        <message>
            <source>This tool needs a mask: paint or select the area first.</source>
            <translation>此工具需要蒙版：请先绘制或选择区域。</translation>
        </message>
        <message>
            <source>Unexpected error in {task}: {error}</source>
            <translation>{task} 发生意外错误：{error}</translation>
        </message>
        <message>
            <source>Waiting…</source>
            <translation>等待中…</translation>
        </message>
    </context>
    <context>
        <name>Clone</name>
        <message>
            <source>Alt+click to choose where to clone from first.</source>
            <translation>请先按住 Alt 单击，选择仿制源。</translation>
        </message>
        <message>
            <source>Clone Stamp</source>
            <translation>仿制图章</translation>
        </message>
    </context>
    <context>
        <name>EngineResults</name>
        <message>
            <source>There is no layer to put the result on.</source>
            <translation>没有可放置结果的图层。</translation>
        </message>
        <message>
            <source>The result is {w} × {h} pixels but the image is {cw} × {ch}: use “Replace image” or open the result as a new image.</source>
            <translation>结果为 {w} × {h} 像素，而图像为 {cw} × {ch}：请使用“替换图像”，或将结果作为新图像打开。</translation>
        </message>
        <message>
            <source>This result has no mask.</source>
            <translation>此结果没有蒙版。</translation>
        </message>
        <message>
            <source>This result has no image.</source>
            <translation>此结果没有图像。</translation>
        </message>
        <message>
            <source>This job was not started from an open image.</source>
            <translation>此任务不是从已打开的图像启动的。</translation>
        </message>
        <message>
            <source>This job has no result to apply.</source>
            <translation>此任务没有可应用的结果。</translation>
        </message>
        <message>
            <source>This result cannot be added to the image.</source>
            <translation>无法将此结果添加到图像。</translation>
        </message>
        <message>
            <source>The image changed while “{title}” was running, so its result was not applied.</source>
            <translation>“{title}”运行期间图像已被修改，因此未应用其结果。</translation>
        </message>
        <message>
            <source>The mask does not have the size of the layer.</source>
            <translation>蒙版与图层的尺寸不同。</translation>
        </message>
    </context>
    <context>
        <name>FillOps</name>
        <message>
            <source>There is no layer to work on.</source>
            <translation>没有可操作的图层。</translation>
        </message>
        <message>
            <source>The layer “{name}” is locked.</source>
            <translation>图层“{name}”已锁定。</translation>
        </message>
        <message>
            <source>Fill</source>
            <translation>填充</translation>
        </message>
        <message>
            <source>Gradient</source>
            <translation>渐变</translation>
        </message>
    </context>
    <context>
        <name>MaskOps</name>
        <message>
            <source>Erode Mask</source>
            <translation>收缩蒙版（腐蚀）</translation>
        </message>
        <message>
            <source>Dilate Mask</source>
            <translation>扩张蒙版（膨胀）</translation>
        </message>
        <message>
            <source>Remove Specks from Mask</source>
            <translation>去除蒙版中的斑点</translation>
        </message>
        <message>
            <source>Fill Holes in Mask</source>
            <translation>填补蒙版中的孔洞</translation>
        </message>
        <message>
            <source>White Top-Hat of Mask</source>
            <translation>蒙版白顶帽</translation>
        </message>
        <message>
            <source>Black Top-Hat of Mask</source>
            <translation>蒙版黑顶帽</translation>
        </message>
        <message>
            <source>Mask</source>
            <translation>蒙版</translation>
        </message>
        <message>
            <source>There is no mask to work on.</source>
            <translation>没有可操作的蒙版。</translation>
        </message>
        <message>
            <source>The mask must be the size of the image.</source>
            <translation>蒙版必须与图像尺寸相同。</translation>
        </message>
        <message>
            <source>Clear Mask</source>
            <translation>清除蒙版</translation>
        </message>
        <message>
            <source>Fill Mask</source>
            <translation>填充蒙版</translation>
        </message>
        <message>
            <source>Invert Mask</source>
            <translation>反相蒙版</translation>
        </message>
        <message>
            <source>Grow Mask</source>
            <translation>扩展蒙版</translation>
        </message>
        <message>
            <source>Shrink Mask</source>
            <translation>收缩蒙版</translation>
        </message>
        <message>
            <source>Feather Mask</source>
            <translation>羽化蒙版</translation>
        </message>
        <message>
            <source>Nothing is selected.</source>
            <translation>没有选中任何内容。</translation>
        </message>
        <message>
            <source>Mask from Selection</source>
            <translation>从选区创建蒙版</translation>
        </message>
        <message>
            <source>Selection from Mask</source>
            <translation>从蒙版创建选区</translation>
        </message>
    </context>
    <context>
        <name>Selection</name>
        <message>
            <source>Deselect</source>
            <translation>取消选择</translation>
        </message>
        <message>
            <source>Select</source>
            <translation>选择</translation>
        </message>
        <message>
            <source>Select All</source>
            <translation>全选</translation>
        </message>
        <message>
            <source>Invert Selection</source>
            <translation>反选</translation>
        </message>
        <message>
            <source>Nothing is selected.</source>
            <translation>没有选中任何内容。</translation>
        </message>
        <message>
            <source>Feather Selection</source>
            <translation>羽化选区</translation>
        </message>
        <message>
            <source>Grow Selection</source>
            <translation>扩展选区</translation>
        </message>
        <message>
            <source>Shrink Selection</source>
            <translation>收缩选区</translation>
        </message>
        <message>
            <source>Border Selection</source>
            <translation>边界选区</translation>
        </message>
    </context>
    <context>
        <name>ColorPanel</name>
        <message>
            <source>Foreground colour (click to change)</source>
            <translation>前景色（单击更改）</translation>
        </message>
        <message>
            <source>Background colour (click to change)</source>
            <translation>背景色（单击更改）</translation>
        </message>
        <message>
            <source>Swap colours (X)</source>
            <translation>交换颜色 (X)</translation>
        </message>
        <message>
            <source>Black and white (D)</source>
            <translation>默认黑白 (D)</translation>
        </message>
        <message>
            <source>Foreground Colour</source>
            <translation>前景色</translation>
        </message>
        <message>
            <source>Background Colour</source>
            <translation>背景色</translation>
        </message>
    </context>
    <context>
        <name>CompareView</name>
        <message>
            <source>Before</source>
            <translation>原图</translation>
        </message>
        <message>
            <source>After</source>
            <translation>修复后</translation>
        </message>
    </context>
    <context>
        <name>Faces</name>
        <message>
            <source>Faces</source>
            <translation>人脸</translation>
        </message>
        <message>
            <source>Open an image first.</source>
            <translation>请先打开图像。</translation>
        </message>
        <message>
            <source>Find faces</source>
            <translation>查找人脸</translation>
        </message>
        <message>
            <source>No faces found. Try a lower minimum confidence or another detector.</source>
            <translation>未找到人脸。请尝试降低最低置信度，或换用其他检测器。</translation>
        </message>
        <message>
            <source>Finding faces failed: {0}</source>
            <translation>查找人脸失败：{0}</translation>
        </message>
        <message>
            <source>Face: {region}</source>
            <translation>人脸：{region}</translation>
        </message>
        <message>
            <source>No faces found.</source>
            <translation>未找到人脸。</translation>
        </message>
        <message>
            <source>1 face found.</source>
            <translation>找到 1 张人脸。</translation>
        </message>
        <message>
            <source>{n} faces found.</source>
            <translation>找到 {n} 张人脸。</translation>
        </message>
        <message>
            <source>Face crop</source>
            <translation>人脸裁剪</translation>
        </message>
        <message>
            <source>Face {n} ({score} %)</source>
            <translation>人脸 {n}（{score} %）</translation>
        </message>
        <message>
            <source>Whole face</source>
            <translation>整张脸</translation>
        </message>
        <message>
            <source>Skin</source>
            <translation>皮肤</translation>
        </message>
        <message>
            <source>Eyes</source>
            <translation>双眼</translation>
        </message>
        <message>
            <source>Left eye</source>
            <translation>左眼</translation>
        </message>
        <message>
            <source>Right eye</source>
            <translation>右眼</translation>
        </message>
        <message>
            <source>Irises</source>
            <translation>虹膜</translation>
        </message>
        <message>
            <source>Eyebrows</source>
            <translation>眉毛</translation>
        </message>
        <message>
            <source>Nose</source>
            <translation>鼻子</translation>
        </message>
        <message>
            <source>Lips</source>
            <translation>嘴唇</translation>
        </message>
        <message>
            <source>Mouth</source>
            <translation>嘴部</translation>
        </message>
        <message>
            <source>Inside of the mouth</source>
            <translation>口腔内部</translation>
        </message>
    </context>
    <context>
        <name>AlignCropDialog</name>
        <message>
            <source>Align and Crop Face</source>
            <translation>人脸对齐与裁剪</translation>
        </message>
        <message>
            <source>Face:</source>
            <translation>人脸：</translation>
        </message>
        <message>
            <source>Custom</source>
            <translation>自定义</translation>
        </message>
        <message>
            <source>Preset:</source>
            <translation>预设：</translation>
        </message>
        <message>
            <source> px</source>
            <translation> 像素</translation>
        </message>
        <message>
            <source>Size:</source>
            <translation>尺寸：</translation>
        </message>
        <message>
            <source>Height of the eyes, from the top of the picture.</source>
            <translation>眼睛距画面顶部的高度。</translation>
        </message>
        <message>
            <source>Eye line:</source>
            <translation>眼线高度：</translation>
        </message>
        <message>
            <source>Chin to top of the head, as a share of the picture's height.</source>
            <translation>下巴到头顶的长度占画面高度的比例。</translation>
        </message>
        <message>
            <source>Head height:</source>
            <translation>头部高度：</translation>
        </message>
        <message>
            <source>Level the eyes</source>
            <translation>双眼水平对齐</translation>
        </message>
        <message>
            <source>Crop to New Image</source>
            <translation>裁剪为新图像</translation>
        </message>
        <message>
            <source>Portrait 4:5</source>
            <translation>人像 4:5</translation>
        </message>
        <message>
            <source>Square 1:1</source>
            <translation>正方形 1:1</translation>
        </message>
        <message>
            <source>Passport 35 x 45 mm</source>
            <translation>护照 35 × 45 毫米</translation>
        </message>
        <message>
            <source>US passport 2 x 2 in</source>
            <translation>美国护照 2 × 2 英寸</translation>
        </message>
    </context>
    <context>
        <name>FaceListDock</name>
        <message>
            <source>Faces</source>
            <translation>人脸</translation>
        </message>
        <message>
            <source>Find Faces</source>
            <translation>查找人脸</translation>
        </message>
        <message>
            <source>No faces found yet.</source>
            <translation>尚未查找人脸。</translation>
        </message>
        <message>
            <source>Boxes</source>
            <translation>边框</translation>
        </message>
        <message>
            <source>Mesh</source>
            <translation>网格</translation>
        </message>
        <message>
            <source>Irises</source>
            <translation>虹膜</translation>
        </message>
        <message>
            <source>Make Mask</source>
            <translation>创建蒙版</translation>
        </message>
        <message>
            <source>A new mask of this part of the chosen face (or of every face).</source>
            <translation>为所选人脸（或全部人脸）的这一部位新建蒙版。</translation>
        </message>
        <message>
            <source>Align &amp;&amp; Crop…</source>
            <translation>对齐并裁剪…</translation>
        </message>
        <message>
            <source>Finds the faces first, then makes the mask.</source>
            <translation>先查找人脸，再创建蒙版。</translation>
        </message>
    </context>
    <context>
        <name>JobsPanel</name>
        <message>
            <source>{n} s</source>
            <translation>{n} 秒</translation>
        </message>
        <message>
            <source>{m} min {s} s</source>
            <translation>{m} 分 {s} 秒</translation>
        </message>
        <message>
            <source>{h} h {m} min</source>
            <translation>{h} 小时 {m} 分</translation>
        </message>
        <message>
            <source>Waiting for the model to be free…</source>
            <translation>正在等待模型空闲…</translation>
        </message>
        <message>
            <source>about {t} left</source>
            <translation>约剩 {t}</translation>
        </message>
        <message>
            <source>estimating…</source>
            <translation>正在估算…</translation>
        </message>
        <message>
            <source>Done in {t}</source>
            <translation>已完成，用时 {t}</translation>
        </message>
        <message>
            <source>Failed: {error}</source>
            <translation>失败：{error}</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>已取消</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Stop this job (it stops after the current tile)</source>
            <translation>停止此任务（在当前分块完成后停止）</translation>
        </message>
        <message>
            <source>Cancelling…</source>
            <translation>正在取消…</translation>
        </message>
        <message>
            <source>No jobs. Engines you run appear here.</source>
            <translation>没有任务。运行的处理会显示在这里。</translation>
        </message>
        <message>
            <source>Clear finished</source>
            <translation>清除已完成</translation>
        </message>
        <message>
            <source>Free memory</source>
            <translation>释放内存</translation>
        </message>
        <message>
            <source>Unload the models kept in memory between jobs</source>
            <translation>卸载任务之间保留在内存中的模型</translation>
        </message>
        <message>
            <source>{title} finished in {t}.</source>
            <translation>{title}已完成，用时 {t}。</translation>
        </message>
        <message>
            <source>{title} failed: {error}</source>
            <translation>{title}失败：{error}</translation>
        </message>
        <message>
            <source>{title} was cancelled.</source>
            <translation>{title}已取消。</translation>
        </message>
        <message>
            <source>Models unloaded from memory.</source>
            <translation>已从内存中卸载模型。</translation>
        </message>
        <message>
            <source> (+{n} more)</source>
            <translation>（另有 {n} 个）</translation>
        </message>
    </context>
    <context>
        <name>ModelManager</name>
        <message>
            <source>Not installed</source>
            <translation>未安装</translation>
        </message>
        <message>
            <source>Downloading</source>
            <translation>正在下载</translation>
        </message>
        <message>
            <source>Ready</source>
            <translation>就绪</translation>
        </message>
        <message>
            <source>Damaged</source>
            <translation>已损坏</translation>
        </message>
        <message>
            <source>%1 is ready.</source>
            <translation>%1 已就绪。</translation>
        </message>
        <message>
            <source>Download of %1 cancelled; fetch again to resume.</source>
            <translation>%1 的下载已取消；再次获取即可继续。</translation>
        </message>
    </context>
    <context>
        <name>ModelManagerDialog</name>
        <message>
            <source>Model Manager</source>
            <translation>模型管理器</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>Task</source>
            <translation>用途</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>大小</translation>
        </message>
        <message>
            <source>Licence</source>
            <translation>许可证</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>来源</translation>
        </message>
        <message>
            <source>Fetch</source>
            <translation>获取</translation>
        </message>
        <message>
            <source>Fetch all built-in</source>
            <translation>获取全部内置模型</translation>
        </message>
        <message>
            <source>Import model file...</source>
            <translation>导入模型文件...</translation>
        </message>
        <message>
            <source>Verify</source>
            <translation>校验</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Models are stored in %1</source>
            <translation>模型存储于 %1</translation>
        </message>
        <message>
            <source>The model catalog could not be read: %1</source>
            <translation>无法读取模型目录：%1</translation>
        </message>
        <message>
            <source>custom (imported)</source>
            <translation>自定义（导入）</translation>
        </message>
        <message>
            <source>built-in</source>
            <translation>内置</translation>
        </message>
        <message>
            <source>optional</source>
            <translation>可选</translation>
        </message>
        <message>
            <source>Nothing to fetch: the models are already installed.</source>
            <translation>无需获取：模型均已安装。</translation>
        </message>
        <message>
            <source>Starting...</source>
            <translation>正在开始...</translation>
        </message>
        <message>
            <source>Cancelling...</source>
            <translation>正在取消...</translation>
        </message>
        <message>
            <source>Import model file</source>
            <translation>导入模型文件</translation>
        </message>
        <message>
            <source>Model files (*.onnx);;All files (*)</source>
            <translation>模型文件 (*.onnx);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Import failed: %1</source>
            <translation>导入失败：%1</translation>
        </message>
        <message>
            <source>Delete models</source>
            <translation>删除模型</translation>
        </message>
        <message>
            <source>Delete the files of %1 from the store?</source>
            <translation>要从存储中删除 %1 的文件吗？</translation>
        </message>
        <message>
            <source>%1 deleted.</source>
            <translation>%1 已删除。</translation>
        </message>
    </context>
    <context>
        <name>StyleDialog</name>
        <message>
            <source>Style {n}: {name}</source>
            <translation>风格 {n}：{name}</translation>
        </message>
        <message>
            <source>Choose a painting…</source>
            <translation>选择画作…</translation>
        </message>
        <message>
            <source>or pick a built-in style above</source>
            <translation>或在上方选择内置风格</translation>
        </message>
        <message>
            <source>Choose a painting</source>
            <translation>选择画作</translation>
        </message>
        <message>
            <source>Images (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff);;All files (*)</source>
            <translation>图像 (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff);;所有文件 (*)</translation>
        </message>
    </context>
    <context>
        <name>StylePresets</name>
        <message>
            <source>Honey pastel</source>
            <translation>蜂蜜粉彩</translation>
        </message>
        <message>
            <source>Yellow blocks</source>
            <translation>黄色色块</translation>
        </message>
        <message>
            <source>Charcoal wash</source>
            <translation>炭笔淡彩</translation>
        </message>
        <message>
            <source>Fauvist tangle</source>
            <translation>野兽派缠绕</translation>
        </message>
        <message>
            <source>Crimson cubist</source>
            <translation>深红立体派</translation>
        </message>
        <message>
            <source>Autumn brushwork</source>
            <translation>秋色笔触</translation>
        </message>
        <message>
            <source>Indigo leopard</source>
            <translation>靛蓝豹纹</translation>
        </message>
        <message>
            <source>Blue and gold</source>
            <translation>蓝与金</translation>
        </message>
        <message>
            <source>Pastel sketch</source>
            <translation>粉彩素描</translation>
        </message>
        <message>
            <source>Teal mosaic</source>
            <translation>青色马赛克</translation>
        </message>
        <message>
            <source>Terracotta</source>
            <translation>赤陶</translation>
        </message>
        <message>
            <source>Ink and ochre</source>
            <translation>水墨赭石</translation>
        </message>
        <message>
            <source>Soft impression</source>
            <translation>柔和印象</translation>
        </message>
        <message>
            <source>Green expressionist</source>
            <translation>绿色表现主义</translation>
        </message>
        <message>
            <source>Frost</source>
            <translation>霜花</translation>
        </message>
        <message>
            <source>Stained glass</source>
            <translation>彩色玻璃</translation>
        </message>
        <message>
            <source>Pointillist dusk</source>
            <translation>点彩黄昏</translation>
        </message>
        <message>
            <source>Red grid</source>
            <translation>红色网格</translation>
        </message>
        <message>
            <source>Sepia etching</source>
            <translation>棕褐蚀刻</translation>
        </message>
        <message>
            <source>Starry swirl</source>
            <translation>星空漩涡</translation>
        </message>
        <message>
            <source>Red fire</source>
            <translation>红色火焰</translation>
        </message>
        <message>
            <source>Paper cut</source>
            <translation>剪纸</translation>
        </message>
        <message>
            <source>Blue woodcut</source>
            <translation>蓝色木刻</translation>
        </message>
        <message>
            <source>Ink smoke</source>
            <translation>水墨烟云</translation>
        </message>
        <message>
            <source>Blue engraving</source>
            <translation>蓝色版画</translation>
        </message>
        <message>
            <source>Tapestry</source>
            <translation>挂毯</translation>
        </message>
    </context>
    <context>
        <name>ToolBar</name>
        <message>
            <source>Tools</source>
            <translation>工具</translation>
        </message>
    </context>
    <context>
        <name>ToolOptionsBar</name>
        <message>
            <source>Tool Options</source>
            <translation>工具选项</translation>
        </message>
    </context>
    <context>
        <name>Tools</name>
        <message>
            <source>Healing Brush</source>
            <translation>修复画笔</translation>
        </message>
        <message>
            <source>Spot Healing Brush</source>
            <translation>污点修复画笔</translation>
        </message>
        <message>
            <source>Method</source>
            <translation>方法</translation>
        </message>
        <message>
            <source>Best available</source>
            <translation>最佳可用</translation>
        </message>
        <message>
            <source>PatchMatch (texture)</source>
            <translation>PatchMatch（纹理）</translation>
        </message>
        <message>
            <source>Fast (Telea)</source>
            <translation>快速（Telea）</translation>
        </message>
        <message>
            <source>Navier-Stokes</source>
            <translation>Navier-Stokes 流体填充</translation>
        </message>
        <message>
            <source>The layer is locked.</source>
            <translation>图层已锁定。</translation>
        </message>
        <message>
            <source>Open an image first.</source>
            <translation>请先打开图像。</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>大小</translation>
        </message>
        <message>
            <source>Hardness</source>
            <translation>硬度</translation>
        </message>
        <message>
            <source>Opacity</source>
            <translation>不透明度</translation>
        </message>
        <message>
            <source>Flow</source>
            <translation>流量</translation>
        </message>
        <message>
            <source>Spacing</source>
            <translation>间距</translation>
        </message>
        <message>
            <source>Smoothing</source>
            <translation>平滑</translation>
        </message>
        <message>
            <source>Pressure: size</source>
            <translation>压感：大小</translation>
        </message>
        <message>
            <source>Pressure: opacity</source>
            <translation>压感：不透明度</translation>
        </message>
        <message>
            <source>There is no layer to paint on.</source>
            <translation>没有可绘制的图层。</translation>
        </message>
        <message>
            <source>Erase</source>
            <translation>擦除</translation>
        </message>
        <message>
            <source>Brush</source>
            <translation>画笔</translation>
        </message>
        <message>
            <source>Eraser</source>
            <translation>橡皮擦</translation>
        </message>
        <message>
            <source>Mask Brush</source>
            <translation>蒙版画笔</translation>
        </message>
        <message>
            <source>Mask Eraser</source>
            <translation>蒙版橡皮擦</translation>
        </message>
        <message>
            <source>Clone Stamp</source>
            <translation>仿制图章</translation>
        </message>
        <message>
            <source>Aligned</source>
            <translation>对齐</translation>
        </message>
        <message>
            <source>Crop</source>
            <translation>裁剪</translation>
        </message>
        <message>
            <source>Aspect</source>
            <translation>比例</translation>
        </message>
        <message>
            <source>Free</source>
            <translation>不限</translation>
        </message>
        <message>
            <source>Portrait</source>
            <translation>竖向</translation>
        </message>
        <message>
            <source>Eyedropper</source>
            <translation>吸管</translation>
        </message>
        <message>
            <source>Fill</source>
            <translation>填充</translation>
        </message>
        <message>
            <source>Tolerance</source>
            <translation>容差</translation>
        </message>
        <message>
            <source>Contiguous</source>
            <translation>连续</translation>
        </message>
        <message>
            <source>All layers</source>
            <translation>所有图层</translation>
        </message>
        <message>
            <source>Gradient</source>
            <translation>渐变</translation>
        </message>
        <message>
            <source>Shape</source>
            <translation>形状</translation>
        </message>
        <message>
            <source>Linear</source>
            <translation>线性</translation>
        </message>
        <message>
            <source>Radial</source>
            <translation>径向</translation>
        </message>
        <message>
            <source>Before/After</source>
            <translation>修复前后对比</translation>
        </message>
        <message>
            <source>Show the original left of a split line (hold \ to see it all)</source>
            <translation>在分割线左侧显示原图（按住 \ 查看完整原图）</translation>
        </message>
        <message>
            <source>Colours</source>
            <translation>颜色</translation>
        </message>
        <message>
            <source>Navigator</source>
            <translation>导航器</translation>
        </message>
        <message>
            <source>Swap Colours</source>
            <translation>交换颜色</translation>
        </message>
        <message>
            <source>Default Colours</source>
            <translation>默认颜色</translation>
        </message>
        <message>
            <source>Smaller Brush</source>
            <translation>减小画笔</translation>
        </message>
        <message>
            <source>Larger Brush</source>
            <translation>增大画笔</translation>
        </message>
        <message>
            <source>Softer Brush</source>
            <translation>降低画笔硬度</translation>
        </message>
        <message>
            <source>Harder Brush</source>
            <translation>提高画笔硬度</translation>
        </message>
        <message>
            <source>Deselect</source>
            <translation>取消选择</translation>
        </message>
        <message>
            <source>Invert Selection</source>
            <translation>反选</translation>
        </message>
        <message>
            <source>Move</source>
            <translation>移动</translation>
        </message>
        <message>
            <source>Replace</source>
            <translation>新选区</translation>
        </message>
        <message>
            <source>Add</source>
            <translation>添加到选区</translation>
        </message>
        <message>
            <source>Subtract</source>
            <translation>从选区减去</translation>
        </message>
        <message>
            <source>Intersect</source>
            <translation>与选区交叉</translation>
        </message>
        <message>
            <source>Mode</source>
            <translation>模式</translation>
        </message>
        <message>
            <source>Feather</source>
            <translation>羽化</translation>
        </message>
        <message>
            <source>Anti-alias</source>
            <translation>消除锯齿</translation>
        </message>
        <message>
            <source>Rectangle Select</source>
            <translation>矩形选框</translation>
        </message>
        <message>
            <source>Ellipse Select</source>
            <translation>椭圆选框</translation>
        </message>
        <message>
            <source>Lasso</source>
            <translation>套索</translation>
        </message>
        <message>
            <source>Polygon Lasso</source>
            <translation>多边形套索</translation>
        </message>
        <message>
            <source>Magic Wand</source>
            <translation>魔棒</translation>
        </message>
        <message>
            <source>Smart Select</source>
            <translation>智能选择</translation>
        </message>
        <message>
            <source>There is no layer to select from.</source>
            <translation>没有可供选择的图层。</translation>
        </message>
        <message>
            <source>The engine returned no mask.</source>
            <translation>引擎没有返回蒙版。</translation>
        </message>
        <message>
            <source>Refine edge</source>
            <translation>调整边缘</translation>
        </message>
        <message>
            <source>GrabCut (colour)</source>
            <translation>GrabCut（颜色）</translation>
        </message>
        <message>
            <source>The image changed: click again.</source>
            <translation>图像已更改：请再点击一次。</translation>
        </message>
        <message>
            <source>Not enough memory for this image.</source>
            <translation>内存不足，无法处理此图像。</translation>
        </message>
        <message>
            <source>Unexpected error: {error}</source>
            <translation>意外错误：{error}</translation>
        </message>
        <message>
            <source>Straighten</source>
            <translation>拉直</translation>
        </message>
        <message>
            <source>Perspective</source>
            <translation>透视校正</translation>
        </message>
        <message>
            <source>Turn {0:+.2f}°</source>
            <translation>旋转 {0:+.2f}°</translation>
        </message>
        <message>
            <source>Crop corners</source>
            <translation>裁掉角落</translation>
        </message>
        <message>
            <source>Resampling</source>
            <translation>重采样</translation>
        </message>
        <message>
            <source>Bicubic</source>
            <translation>双三次</translation>
        </message>
        <message>
            <source>Lanczos</source>
            <translation>Lanczos 插值</translation>
        </message>
        <message>
            <source>Bilinear</source>
            <translation>双线性</translation>
        </message>
        <message>
            <source>Nearest neighbour</source>
            <translation>最近邻</translation>
        </message>
        <message>
            <source>Paint Layer Mask</source>
            <translation>绘制图层蒙版</translation>
        </message>
        <message>
            <source>Drag</source>
            <translation>拖动</translation>
        </message>
        <message>
            <source>Draws a box</source>
            <translation>画框</translation>
        </message>
        <message>
            <source>Paints the object (Alt: not the object)</source>
            <translation>涂抹对象（Alt：不是对象）</translation>
        </message>
        <message>
            <source>Brush size</source>
            <translation>画笔大小</translation>
        </message>
    </context>
    <context>
        <name>UpscaleDialog</name>
        <message>
            <source>under a second</source>
            <translation>不到 1 秒</translation>
        </message>
        <message>
            <source>about {s} s</source>
            <translation>约 {s} 秒</translation>
        </message>
        <message>
            <source>about {m} min {s} s</source>
            <translation>约 {m} 分 {s} 秒</translation>
        </message>
        <message>
            <source>about {h} h {m} min</source>
            <translation>约 {h} 小时 {m} 分</translation>
        </message>
        <message>
            <source>Fit to size…</source>
            <translation>适合尺寸…</translation>
        </message>
        <message>
            <source>any</source>
            <translation>不限</translation>
        </message>
        <message>
            <source>Estimated time: measuring…</source>
            <translation>预计时间：正在测算…</translation>
        </message>
        <message>
            <source>Bicubic</source>
            <translation>双三次</translation>
        </message>
        <message>
            <source>{w} × {h} px</source>
            <translation>{w} × {h} 像素</translation>
        </message>
        <message>
            <source>Enter a width, a height or both.</source>
            <translation>请输入宽度、高度或两者。</translation>
        </message>
        <message>
            <source>Estimated time: unknown (model not installed)</source>
            <translation>预计时间：未知（模型未安装）</translation>
        </message>
        <message>
            <source>Estimated time: {t} on this computer</source>
            <translation>预计在此电脑上需要{t}</translation>
        </message>
        <message>
            <source>Estimated time: unknown</source>
            <translation>预计时间：未知</translation>
        </message>
        <message>
            <source>Scale</source>
            <translation>倍数</translation>
        </message>
        <message>
            <source>Fit within</source>
            <translation>适合范围</translation>
        </message>
        <message>
            <source>Result size</source>
            <translation>结果尺寸</translation>
        </message>
        <message>
            <source>Fast preview model</source>
            <translation>快速预览模型</translation>
        </message>
    </context>
    <context>
        <name>DocumentFiles</name>
        <message>
            <source>Exported {0}</source>
            <translation>已导出 {0}</translation>
        </message>
        <message>
            <source>Exporting {0}…</source>
            <translation>正在导出 {0}…</translation>
        </message>
        <message>
            <source>Import PSD</source>
            <translation>导入 PSD</translation>
        </message>
        <message>
            <source>Importing {0}…</source>
            <translation>正在导入 {0}…</translation>
        </message>
        <message>
            <source>Opening {0}…</source>
            <translation>正在打开 {0}…</translation>
        </message>
        <message>
            <source>Saved {0}</source>
            <translation>已保存 {0}</translation>
        </message>
        <message>
            <source>Saving {0}…</source>
            <translation>正在保存 {0}…</translation>
        </message>
        <message>
            <source>Some blend modes were replaced by Normal: {0}</source>
            <translation>部分混合模式已替换为“正常”：{0}</translation>
        </message>
        <message>
            <source>Something went wrong: {0}</source>
            <translation>出错了：{0}</translation>
        </message>
        <message>
            <source>There is not enough memory for this image.</source>
            <translation>内存不足，无法处理此图像。</translation>
        </message>
        <message>
            <source>Unsaved Changes</source>
            <translation>未保存的更改</translation>
        </message>
        <message>
            <source>“{0}” has unsaved changes. Save them first?</source>
            <translation>“{0}”有未保存的更改。要先保存吗？</translation>
        </message>
        <message>
            <source>Opened with Changes</source>
            <translation>打开时有改动</translation>
        </message>
        <message>
            <source>Place Image</source>
            <translation>置入图像</translation>
        </message>
        <message>
            <source>Placing {0}…</source>
            <translation>正在置入 {0}…</translation>
        </message>
        <message>
            <source>Revert</source>
            <translation>恢复</translation>
        </message>
        <message>
            <source>Revert to “{0}” as saved? The changes since then are lost.</source>
            <translation>恢复到已保存的“{0}”？此后的更改将丢失。</translation>
        </message>
        <message>
            <source>Saved a copy as {0}</source>
            <translation>已将副本保存为 {0}</translation>
        </message>
        <message>
            <source>Saving a copy as {0}…</source>
            <translation>正在将副本保存为 {0}…</translation>
        </message>
    </context>
    <context>
        <name>Models</name>
        <message>
            <source>LaMa (big-lama, large holes)</source>
            <translation>LaMa（big-lama，大面积空洞）</translation>
        </message>
        <message>
            <source>MI-GAN (fast, any size)</source>
            <translation>MI-GAN（快速，任意尺寸）</translation>
        </message>
        <message>
            <source>BlazeFace short range</source>
            <translation>BlazeFace 近距离</translation>
        </message>
        <message>
            <source>BlazeFace full range</source>
            <translation>BlazeFace 全距离</translation>
        </message>
        <message>
            <source>FaceMesh (468 points)</source>
            <translation>FaceMesh（468 个点）</translation>
        </message>
        <message>
            <source>Iris landmarks</source>
            <translation>虹膜关键点</translation>
        </message>
        <message>
            <source>CenterFace (small faces, group photos)</source>
            <translation>CenterFace（小人脸、合影）</translation>
        </message>
        <message>
            <source>26 painting styles</source>
            <translation>26 种绘画风格</translation>
        </message>
        <message>
            <source>Any painting as a style</source>
            <translation>任意画作作为风格</translation>
        </message>
        <message>
            <source>Real-ESRGAN x4plus (photos)</source>
            <translation>Real-ESRGAN x4plus（照片）</translation>
        </message>
        <message>
            <source>Real-ESRGAN AnimeVideo v3 (fast preview, drawings)</source>
            <translation>Real-ESRGAN AnimeVideo v3（快速预览、绘画）</translation>
        </message>
        <message>
            <source>Real-ESRGAN x4plus anime (illustrations)</source>
            <translation>Real-ESRGAN x4plus 动漫（插画）</translation>
        </message>
        <message>
            <source>RealSR DF2K x4 (photos, alternative)</source>
            <translation>RealSR DF2K x4（照片，备选）</translation>
        </message>
        <message>
            <source>MediaPipe Selfie (person)</source>
            <translation>MediaPipe 自拍分割（人像）</translation>
        </message>
        <message>
            <source>MediaPipe Selfie landscape (person)</source>
            <translation>MediaPipe 自拍分割横屏版（人像）</translation>
        </message>
        <message>
            <source>U²-Net (salient object)</source>
            <translation>U²-Net（显著物体）</translation>
        </message>
        <message>
            <source>U²-Net small (salient object)</source>
            <translation>U²-Net 小型版（显著物体）</translation>
        </message>
        <message>
            <source>Silueta (salient object)</source>
            <translation>Silueta（显著物体）</translation>
        </message>
        <message>
            <source>IS-Net general use (salient object)</source>
            <translation>IS-Net 通用版（显著物体）</translation>
        </message>
        <message>
            <source>MODNet (portrait matting)</source>
            <translation>MODNet（人像抠图）</translation>
        </message>
        <message>
            <source>MobileSAM (click to select)</source>
            <translation>MobileSAM（点击选取）</translation>
        </message>
    </context>
    <context>
        <name>PsdImport</name>
        <message>
            <source>These layers could not be read and were left out: {names}</source>
            <translation>以下图层无法读取，已略去：{names}</translation>
        </message>
        <message>
            <source>Some blend modes were replaced by Normal: {names}</source>
            <translation>部分混合模式已替换为“正常”：{names}</translation>
        </message>
        <message>
            <source>Layers without pixels (adjustments, empty layers) were skipped: {names}</source>
            <translation>没有像素的图层（调整图层、空图层）已跳过：{names}</translation>
        </message>
    </context>
    <context>
        <name>EngineDialog</name>
        <message>
            <source>The canvas shows this at reduced size: sizes in pixels (a radius) look larger there than in the result.</source>
            <translation>画布上以缩小尺寸显示：以像素计的大小（如半径）在画布上看起来比结果中更大。</translation>
        </message>
        <message>
            <source>Method</source>
            <translation>方法</translation>
        </message>
        <message>
            <source> (damaged)</source>
            <translation>（已损坏）</translation>
        </message>
        <message>
            <source> (downloading)</source>
            <translation>（下载中）</translation>
        </message>
        <message>
            <source> (not installed)</source>
            <translation>（未安装）</translation>
        </message>
        <message>
            <source>Add as a new layer</source>
            <translation>添加为新图层</translation>
        </message>
        <message>
            <source>Add as a new mask</source>
            <translation>添加为新蒙版</translation>
        </message>
        <message>
            <source>After</source>
            <translation>处理后</translation>
        </message>
        <message>
            <source>Apply</source>
            <translation>应用</translation>
        </message>
        <message>
            <source>Apply only inside the mask</source>
            <translation>仅在蒙版内应用</translation>
        </message>
        <message>
            <source>Automatic</source>
            <translation>自动</translation>
        </message>
        <message>
            <source>Before</source>
            <translation>处理前</translation>
        </message>
        <message>
            <source>CPU</source>
            <translation>CPU</translation>
        </message>
        <message>
            <source>GPU</source>
            <translation>GPU</translation>
        </message>
        <message>
            <source>Cancelled.</source>
            <translation>已取消。</translation>
        </message>
        <message>
            <source>Cancelling…</source>
            <translation>正在取消…</translation>
        </message>
        <message>
            <source>Close this dialog; the job goes on in the Jobs panel.</source>
            <translation>关闭此对话框；任务会在“任务”面板中继续运行。</translation>
        </message>
        <message>
            <source>Device</source>
            <translation>设备</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <source>No preview: the model is not installed.</source>
            <translation>无预览：模型尚未安装。</translation>
        </message>
        <message>
            <source>Open an image first.</source>
            <translation>请先打开图像。</translation>
        </message>
        <message>
            <source>Open as a new image</source>
            <translation>作为新图像打开</translation>
        </message>
        <message>
            <source>Paint a mask or make one from a selection first.</source>
            <translation>请先绘制蒙版，或从选区创建蒙版。</translation>
        </message>
        <message>
            <source>Rendering the preview…</source>
            <translation>正在生成预览…</translation>
        </message>
        <message>
            <source>Replace this layer (undoable)</source>
            <translation>替换此图层（可撤销）</translation>
        </message>
        <message>
            <source>Run in Background</source>
            <translation>在后台运行</translation>
        </message>
        <message>
            <source>Starting…</source>
            <translation>正在开始…</translation>
        </message>
        <message>
            <source>The preview failed: {error}</source>
            <translation>预览失败：{error}</translation>
        </message>
        <message>
            <source>This engine has nothing to preview.</source>
            <translation>此引擎没有可预览的内容。</translation>
        </message>
        <message>
            <source>This model is not installed. Fetch it in Models &gt; Model Manager.</source>
            <translation>此模型尚未安装。请在“模型 &gt; 模型管理器”中获取。</translation>
        </message>
        <message>
            <source>This needs a mask: paint one or make one from a selection first.</source>
            <translation>此功能需要蒙版：请先绘制蒙版，或从选区创建蒙版。</translation>
        </message>
        <message>
            <source>Select it</source>
            <translation>选中它</translation>
        </message>
        <message>
            <source>Remove the rest from this layer (undoable)</source>
            <translation>从此图层去除其余部分（可撤销）</translation>
        </message>
    </context>
    <context>
        <name>ParamPanel</name>
        <message>
            <source>Advanced</source>
            <translation>高级</translation>
        </message>
        <message>
            <source>Choose…</source>
            <translation>选择…</translation>
        </message>
    </context>
    <context>
        <name>Engines</name>
        <message>
            <source>Select the subject of a photo (a person, an object), from nothing, a box or clicks.</source>
            <translation>选择照片的主体（人物或物体），可不加提示，也可框选或点击。</translation>
        </message>
        <message>
            <source>GrabCut (colour)</source>
            <translation>GrabCut（按颜色）</translation>
        </message>
        <message>
            <source>Separates the subject from the background by colour, from a box, clicks or scribbles. Built in, no model file.</source>
            <translation>根据颜色把主体从背景中分离，可用框选、点击或涂抹。内置，无需模型文件。</translation>
        </message>
        <message>
            <source>Without clicks: a person model when it finds a person, else an installed salient-object model, else GrabCut from the middle of the photo. With clicks or a box: an installed SAM model, else GrabCut.</source>
            <translation>不点击时：找到人物则用人像模型，否则用已安装的显著物体模型，再否则从照片中央运行 GrabCut。有点击或框选时：用已安装的 SAM 模型，否则用 GrabCut。</translation>
        </message>
        <message>
            <source>Best available</source>
            <translation>最佳可用</translation>
        </message>
        <message>
            <source>Copies the photo's own texture into the hole. Good for large areas; a few seconds per megapixel of hole.</source>
            <translation>把照片自身的纹理复制到空洞中。适合大面积区域；每百万像素空洞需要几秒。</translation>
        </message>
        <message>
            <source>Fast (Telea)</source>
            <translation>快速（Telea）</translation>
        </message>
        <message>
            <source>Fast diffusion for thin scratches; for larger areas an installed learned model (LaMa, MI-GAN), else PatchMatch.</source>
            <translation>细划痕用快速扩散；较大区域用已安装的学习模型（LaMa、MI-GAN），否则用 PatchMatch。</translation>
        </message>
        <message>
            <source>Find Scratches and Dust</source>
            <translation>查找划痕和灰尘</translation>
        </message>
        <message>
            <source>Inpaint</source>
            <translation>修补填充</translation>
        </message>
        <message>
            <source>Navier-Stokes</source>
            <translation>Navier-Stokes 流体填充</translation>
        </message>
        <message>
            <source>PatchMatch (texture)</source>
            <translation>PatchMatch（纹理）</translation>
        </message>
        <message>
            <source>Remove Object</source>
            <translation>移除物体</translation>
        </message>
        <message>
            <source>Smooth diffusion from the edges inwards. Best for thin scratches and dust.</source>
            <translation>从边缘向内平滑扩散。最适合细划痕和灰尘。</translation>
        </message>
        <message>
            <source>Smooth fluid-like fill that continues edges. For thin defects.</source>
            <translation>平滑的流体式填充，可延续边缘。适合细小瑕疵。</translation>
        </message>
        <message>
            <source>Upscale</source>
            <translation>放大</translation>
        </message>
        <message>
            <source>Style transfer</source>
            <translation>风格迁移</translation>
        </message>
        <message>
            <source>Find faces</source>
            <translation>查找人脸</translation>
        </message>
        <message>
            <source>Adjust</source>
            <translation>调整</translation>
        </message>
        <message>
            <source>Filters</source>
            <translation>滤镜</translation>
        </message>
        <message>
            <source>Segment Subject</source>
            <translation>分割主体</translation>
        </message>
    </context>
    <context>
        <name>EngineParams</name>
        <message>
            <source>Refine edge</source>
            <translation>细化边缘</translation>
        </message>
        <message>
            <source>Soften the edge by matting, so hair and fur blend.</source>
            <translation>用抠图柔化边缘，使头发和毛发自然过渡。</translation>
        </message>
        <message>
            <source>Edge radius</source>
            <translation>边缘半径</translation>
        </message>
        <message>
            <source>How far from the edge refinement may soften it.</source>
            <translation>细化可在离边缘多远的范围内柔化。</translation>
        </message>
        <message>
            <source>Blend the fill into the photo over this many pixels, inside the grown mask.</source>
            <translation>在扩大后的蒙版内，用这么多像素把填充融入照片。</translation>
        </message>
        <message>
            <source>Blend the repair into the photo over this many pixels.</source>
            <translation>用这么多像素把修复融入照片。</translation>
        </message>
        <message>
            <source>Dust only</source>
            <translation>仅灰尘</translation>
        </message>
        <message>
            <source>Feather</source>
            <translation>羽化</translation>
        </message>
        <message>
            <source>Find</source>
            <translation>查找</translation>
        </message>
        <message>
            <source>Grow mask</source>
            <translation>扩大蒙版</translation>
        </message>
        <message>
            <source>Grow the mask by this many pixels first: painted masks usually miss a defect's soft edge.</source>
            <translation>先把蒙版扩大这么多像素：手绘的蒙版通常盖不住瑕疵的柔和边缘。</translation>
        </message>
        <message>
            <source>Higher finds fainter scratches and dust, and risks marking fine detail.</source>
            <translation>越高越能找到较淡的划痕和灰尘，但也可能误标细节。</translation>
        </message>
        <message>
            <source>Larger spots are taken as part of the picture.</source>
            <translation>更大的斑点被视为画面的一部分。</translation>
        </message>
        <message>
            <source>Largest speck</source>
            <translation>最大斑点</translation>
        </message>
        <message>
            <source>Scratches and dust</source>
            <translation>划痕和灰尘</translation>
        </message>
        <message>
            <source>Scratches only</source>
            <translation>仅划痕</translation>
        </message>
        <message>
            <source>Sensitivity</source>
            <translation>灵敏度</translation>
        </message>
        <message>
            <source>Shorter lines are not scratches (unless small enough to be dust).</source>
            <translation>更短的线条不算划痕（除非小到可算作灰尘）。</translation>
        </message>
        <message>
            <source>Shortest scratch</source>
            <translation>最短划痕</translation>
        </message>
        <message>
            <source>What to look for.</source>
            <translation>要查找的内容。</translation>
        </message>
        <message>
            <source>Wider lines are taken as part of the picture.</source>
            <translation>更宽的线条被视为画面的一部分。</translation>
        </message>
        <message>
            <source>Widest scratch</source>
            <translation>最宽划痕</translation>
        </message>
        <message>
            <source>both</source>
            <translation>两者</translation>
        </message>
        <message>
            <source>dust</source>
            <translation>灰尘</translation>
        </message>
        <message>
            <source>scratches</source>
            <translation>划痕</translation>
        </message>
        <message>
            <source>Mask file</source>
            <translation>蒙版文件</translation>
        </message>
        <message>
            <source>Strength</source>
            <translation>强度</translation>
        </message>
        <message>
            <source>0 keeps the photo, 1 is the full style. Built-in styles blend with the photo; a style picture moves from the photo's own style to the picture's.</source>
            <translation>0 保持照片原样，1 为完整风格。内置风格与照片混合；风格图片则从照片自身的风格过渡到图片的风格。</translation>
        </message>
        <message>
            <source>Preserve colours</source>
            <translation>保留原色</translation>
        </message>
        <message>
            <source>Keep the photo's colours and take only brightness and texture from the style.</source>
            <translation>保留照片的颜色，只从风格中获取亮度和纹理。</translation>
        </message>
        <message>
            <source>Mask feather</source>
            <translation>蒙版羽化</translation>
        </message>
        <message>
            <source>Soft edge inside the mask, in pixels.</source>
            <translation>蒙版内侧的柔和边缘，单位为像素。</translation>
        </message>
        <message>
            <source>Tile size</source>
            <translation>分块大小</translation>
        </message>
        <message>
            <source>Tile side in pixels for large images (0 = automatic, from free memory; at least 512).</source>
            <translation>大图像的分块边长，单位为像素（0 = 根据可用内存自动选择；至少 512）。</translation>
        </message>
        <message>
            <source>Tile side in input pixels (0 = automatic, from free memory).</source>
            <translation>分块边长，以输入像素计（0 = 根据可用内存自动选择）。</translation>
        </message>
        <message>
            <source>Tile overlap</source>
            <translation>分块重叠</translation>
        </message>
        <message>
            <source>Overlap between tiles in input pixels.</source>
            <translation>分块之间的重叠，以输入像素计。</translation>
        </message>
        <message>
            <source>JPEG artefacts</source>
            <translation>JPEG 压缩瑕疵</translation>
        </message>
        <message>
            <source>Reduce JPEG blocking and colour smear (0 = off).</source>
            <translation>减轻 JPEG 方块和颜色涂抹（0 = 关闭）。</translation>
        </message>
        <message>
            <source>JPEG Artefacts</source>
            <translation>JPEG 瑕疵</translation>
        </message>
        <message>
            <source>Lightness noise</source>
            <translation>明度噪点</translation>
        </message>
        <message>
            <source>Non-local means strength for grain (0 = off).</source>
            <translation>针对颗粒的非局部均值强度（0 = 关闭）。</translation>
        </message>
        <message>
            <source>Denoise</source>
            <translation>降噪</translation>
        </message>
        <message>
            <source>Colour noise</source>
            <translation>彩色噪点</translation>
        </message>
        <message>
            <source>Strength for colour noise (0 = off).</source>
            <translation>彩色噪点的强度（0 = 关闭）。</translation>
        </message>
        <message>
            <source>Remove colour cast</source>
            <translation>去除偏色</translation>
        </message>
        <message>
            <source>Neutralise a sepia, selenium or yellowed black-and-white print: 1 removes the tint fully (0 = off).</source>
            <translation>中和棕褐色调、硒调或泛黄的黑白照片：1 完全去除色调（0 = 关闭）。</translation>
        </message>
        <message>
            <source>Remove Colour Cast</source>
            <translation>去除偏色</translation>
        </message>
        <message>
            <source>Auto white balance</source>
            <translation>自动白平衡</translation>
        </message>
        <message>
            <source>Make the mid-tones' average grey.</source>
            <translation>使中间调的平均色为中性灰。</translation>
        </message>
        <message>
            <source>Auto Tone</source>
            <translation>自动色调</translation>
        </message>
        <message>
            <source>Auto contrast</source>
            <translation>自动对比度</translation>
        </message>
        <message>
            <source>Stretch the tones to full black and white.</source>
            <translation>将色调拉伸到纯黑和纯白。</translation>
        </message>
        <message>
            <source>Auto levels</source>
            <translation>自动色阶</translation>
        </message>
        <message>
            <source>Stretch each channel on its own (also fixes casts).</source>
            <translation>分别拉伸每个通道（同时校正偏色）。</translation>
        </message>
        <message>
            <source>Black point</source>
            <translation>黑场</translation>
        </message>
        <message>
            <source>Input level that becomes black.</source>
            <translation>变为黑色的输入色阶。</translation>
        </message>
        <message>
            <source>Levels</source>
            <translation>色阶</translation>
        </message>
        <message>
            <source>White point</source>
            <translation>白场</translation>
        </message>
        <message>
            <source>Input level that becomes white.</source>
            <translation>变为白色的输入色阶。</translation>
        </message>
        <message>
            <source>Gamma</source>
            <translation>伽马</translation>
        </message>
        <message>
            <source>Power curve: above 1 brightens the midtones.</source>
            <translation>幂函数曲线：大于 1 时提亮中间调。</translation>
        </message>
        <message>
            <source>Brightness</source>
            <translation>亮度</translation>
        </message>
        <message>
            <source>Below 0 darker, above 0 brighter.</source>
            <translation>小于 0 变暗，大于 0 变亮。</translation>
        </message>
        <message>
            <source>Brightness/Contrast</source>
            <translation>亮度/对比度</translation>
        </message>
        <message>
            <source>Contrast</source>
            <translation>对比度</translation>
        </message>
        <message>
            <source>Below 0 flatter, above 0 punchier (about mid-grey).</source>
            <translation>小于 0 更平淡，大于 0 更鲜明（以中灰为中心）。</translation>
        </message>
        <message>
            <source>Hue</source>
            <translation>色相</translation>
        </message>
        <message>
            <source>Rotate hues by this many degrees.</source>
            <translation>将色相旋转这么多度。</translation>
        </message>
        <message>
            <source>Hue/Saturation</source>
            <translation>色相/饱和度</translation>
        </message>
        <message>
            <source>Saturation</source>
            <translation>饱和度</translation>
        </message>
        <message>
            <source>-1 (grey) .. 1 (double).</source>
            <translation>-1（灰色）到 1（加倍）。</translation>
        </message>
        <message>
            <source>Lightness</source>
            <translation>明度</translation>
        </message>
        <message>
            <source>-1 (black) .. 1 (white).</source>
            <translation>-1（黑色）到 1（白色）。</translation>
        </message>
        <message>
            <source>Local contrast</source>
            <translation>局部对比度</translation>
        </message>
        <message>
            <source>CLAHE clip limit (0 = off; 2 is moderate).</source>
            <translation>CLAHE 裁剪上限（0 = 关闭；2 为适中）。</translation>
        </message>
        <message>
            <source>Local Contrast</source>
            <translation>局部对比度</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>数量</translation>
        </message>
        <message>
            <source>Unsharp mask amount (0 = off).</source>
            <translation>USM 锐化数量（0 = 关闭）。</translation>
        </message>
        <message>
            <source>Sharpen</source>
            <translation>锐化</translation>
        </message>
        <message>
            <source>Radius</source>
            <translation>半径</translation>
        </message>
        <message>
            <source>Blur radius in pixels.</source>
            <translation>模糊半径（像素）。</translation>
        </message>
        <message>
            <source>Threshold</source>
            <translation>阈值</translation>
        </message>
        <message>
            <source>Leave differences below this (0..1) alone.</source>
            <translation>低于此值（0..1）的差异保持不变。</translation>
        </message>
        <message>
            <source>Black point, white point (0..255) and gamma, e.g. 20,235,1.1.</source>
            <translation>黑场、白场（0..255）和伽马值，例如 20,235,1.1。</translation>
        </message>
        <message>
            <source>Curve</source>
            <translation>曲线</translation>
        </message>
        <message>
            <source>Points x,y in 0..255 separated by ';', e.g. 0,0;128,150;255,255.</source>
            <translation>0..255 之间的点 x,y，用“;”分隔，例如 0,0;128,150;255,255。</translation>
        </message>
        <message>
            <source>Curves</source>
            <translation>曲线</translation>
        </message>
        <message>
            <source>Red curve</source>
            <translation>红色曲线</translation>
        </message>
        <message>
            <source>The red channel's curve, after the RGB one; points as --curve.</source>
            <translation>红色通道的曲线，在 RGB 曲线之后应用；点的写法同 --curve。</translation>
        </message>
        <message>
            <source>Green curve</source>
            <translation>绿色曲线</translation>
        </message>
        <message>
            <source>The green channel's curve, after the RGB one.</source>
            <translation>绿色通道的曲线，在 RGB 曲线之后应用。</translation>
        </message>
        <message>
            <source>Blue curve</source>
            <translation>蓝色曲线</translation>
        </message>
        <message>
            <source>The blue channel's curve, after the RGB one.</source>
            <translation>蓝色通道的曲线，在 RGB 曲线之后应用。</translation>
        </message>
        <message>
            <source>Equalise</source>
            <translation>色调均化</translation>
        </message>
        <message>
            <source>Histogram equalisation of lightness.</source>
            <translation>对亮度做直方图均衡化。</translation>
        </message>
        <message>
            <source>Black and white</source>
            <translation>黑白</translation>
        </message>
        <message>
            <source>Channel mix R,G,B, e.g. 0.3,0.59,0.11.</source>
            <translation>通道混合 R,G,B，例如 0.3,0.59,0.11。</translation>
        </message>
        <message>
            <source>Black and White</source>
            <translation>黑白</translation>
        </message>
        <message>
            <source>Red</source>
            <translation>红色</translation>
        </message>
        <message>
            <source>Green</source>
            <translation>绿色</translation>
        </message>
        <message>
            <source>Blue</source>
            <translation>蓝色</translation>
        </message>
        <message>
            <source>How much the red channel gives to the grey.</source>
            <translation>红色通道在灰度中所占的份量。</translation>
        </message>
        <message>
            <source>How much the green channel gives to the grey.</source>
            <translation>绿色通道在灰度中所占的份量。</translation>
        </message>
        <message>
            <source>How much the blue channel gives to the grey.</source>
            <translation>蓝色通道在灰度中所占的份量。</translation>
        </message>
        <message>
            <source>Invert</source>
            <translation>反相</translation>
        </message>
        <message>
            <source>Turn a negative into a positive (and back).</source>
            <translation>把负片变成正片（反之亦然）。</translation>
        </message>
        <message>
            <source>Levels at or above this (1..255) become white, the rest black (0 = off).</source>
            <translation>不低于此色阶（1..255）的变为白色，其余变为黑色（0 = 关闭）。</translation>
        </message>
        <message>
            <source>Level</source>
            <translation>色阶</translation>
        </message>
        <message>
            <source>Levels at or above this become white, the rest black.</source>
            <translation>不低于此色阶的变为白色，其余变为黑色。</translation>
        </message>
        <message>
            <source>Posterize</source>
            <translation>色调分离</translation>
        </message>
        <message>
            <source>Keep this many levels per channel, 2..256 (0 = off).</source>
            <translation>每个通道保留这么多级色阶，2..256（0 = 关闭）。</translation>
        </message>
        <message>
            <source>How many levels each channel keeps.</source>
            <translation>每个通道保留的色阶数。</translation>
        </message>
        <message>
            <source>Dialog</source>
            <translation>对话框</translation>
        </message>
        <message>
            <source>The group whose dialog gave the options (set by the dialog).</source>
            <translation>给出这些选项的对话框所属的分组（由对话框设置）。</translation>
        </message>
        <message>
            <source>Gaussian blur</source>
            <translation>高斯模糊</translation>
        </message>
        <message>
            <source>Blur radius in pixels (0 = off).</source>
            <translation>模糊半径（像素，0 = 关闭）。</translation>
        </message>
        <message>
            <source>Gaussian Blur</source>
            <translation>高斯模糊</translation>
        </message>
        <message>
            <source>Median blur</source>
            <translation>中值模糊</translation>
        </message>
        <message>
            <source>Median window size, odd (0 = off).</source>
            <translation>中值窗口大小，奇数（0 = 关闭）。</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>大小</translation>
        </message>
        <message>
            <source>Median window size in pixels (odd); removes specks.</source>
            <translation>中值窗口大小（像素，奇数）；去除斑点。</translation>
        </message>
        <message>
            <source>Median Blur</source>
            <translation>中值模糊</translation>
        </message>
        <message>
            <source>Bilateral</source>
            <translation>双边滤波</translation>
        </message>
        <message>
            <source>Edge-preserving smoothing: the neighbourhood's diameter (0 = off).</source>
            <translation>保边平滑：邻域直径（0 = 关闭）。</translation>
        </message>
        <message>
            <source>Diameter</source>
            <translation>直径</translation>
        </message>
        <message>
            <source>The neighbourhood's diameter in pixels.</source>
            <translation>邻域直径（像素）。</translation>
        </message>
        <message>
            <source>Sigma colour</source>
            <translation>颜色 Sigma</translation>
        </message>
        <message>
            <source>How different a neighbour's colour may be and still count (0..1 of the range).</source>
            <translation>邻近像素的颜色可相差多少仍被计入（范围的 0..1）。</translation>
        </message>
        <message>
            <source>Sigma space</source>
            <translation>空间 Sigma</translation>
        </message>
        <message>
            <source>How far neighbours count, in pixels.</source>
            <translation>邻近像素计入的距离（像素）。</translation>
        </message>
        <message>
            <source>Edges</source>
            <translation>边缘</translation>
        </message>
        <message>
            <source>Find edges: canny (lines) or sobel (gradient strength).</source>
            <translation>查找边缘：canny（线条）或 sobel（梯度强度）。</translation>
        </message>
        <message>
            <source>none</source>
            <translation>无</translation>
        </message>
        <message>
            <source>canny</source>
            <translation>Canny</translation>
        </message>
        <message>
            <source>sobel</source>
            <translation>Sobel</translation>
        </message>
        <message>
            <source>Method</source>
            <translation>方法</translation>
        </message>
        <message>
            <source>Canny draws thin lines; Sobel shows edge strength.</source>
            <translation>Canny 绘制细线；Sobel 显示边缘强度。</translation>
        </message>
        <message>
            <source>Canny</source>
            <translation>Canny</translation>
        </message>
        <message>
            <source>Sobel</source>
            <translation>Sobel</translation>
        </message>
        <message>
            <source>Low threshold</source>
            <translation>低阈值</translation>
        </message>
        <message>
            <source>Weaker edges are dropped (0..1).</source>
            <translation>较弱的边缘被舍弃（0..1）。</translation>
        </message>
        <message>
            <source>High threshold</source>
            <translation>高阈值</translation>
        </message>
        <message>
            <source>Stronger edges are always kept (0..1).</source>
            <translation>较强的边缘总是保留（0..1）。</translation>
        </message>
        <message>
            <source>Morphology</source>
            <translation>形态学</translation>
        </message>
        <message>
            <source>Erode, dilate, open, close, top-hat or black-hat.</source>
            <translation>腐蚀、膨胀、开运算、闭运算、顶帽或黑帽。</translation>
        </message>
        <message>
            <source>erode</source>
            <translation>腐蚀</translation>
        </message>
        <message>
            <source>dilate</source>
            <translation>膨胀</translation>
        </message>
        <message>
            <source>open</source>
            <translation>开运算</translation>
        </message>
        <message>
            <source>close</source>
            <translation>闭运算</translation>
        </message>
        <message>
            <source>tophat</source>
            <translation>顶帽</translation>
        </message>
        <message>
            <source>blackhat</source>
            <translation>黑帽</translation>
        </message>
        <message>
            <source>Operation</source>
            <translation>操作</translation>
        </message>
        <message>
            <source>Open removes small bright specks, close small dark ones; top-hat and black-hat keep only them.</source>
            <translation>开运算去除小的亮斑，闭运算去除小的暗斑；顶帽和黑帽只保留它们。</translation>
        </message>
        <message>
            <source>Erode</source>
            <translation>腐蚀</translation>
        </message>
        <message>
            <source>Dilate</source>
            <translation>膨胀</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>开运算</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>闭运算</translation>
        </message>
        <message>
            <source>Top-hat</source>
            <translation>顶帽</translation>
        </message>
        <message>
            <source>Black-hat</source>
            <translation>黑帽</translation>
        </message>
        <message>
            <source>The round kernel's radius in pixels.</source>
            <translation>圆形核的半径（像素）。</translation>
        </message>
    </context>
    <context>
        <name>CurvesWidget</name>
        <message>
            <source>Click to add a point, drag to move it; drag it out or right-click to remove it.</source>
            <translation>单击添加控制点，拖动以移动；拖出图表或右键单击以删除。</translation>
        </message>
        <message>
            <source>RGB</source>
            <translation>RGB</translation>
        </message>
        <message>
            <source>Red</source>
            <translation>红色</translation>
        </message>
        <message>
            <source>Green</source>
            <translation>绿色</translation>
        </message>
        <message>
            <source>Blue</source>
            <translation>蓝色</translation>
        </message>
        <message>
            <source>Reset Channel</source>
            <translation>重置通道</translation>
        </message>
        <message>
            <source>Channel</source>
            <translation>通道</translation>
        </message>
    </context>
    <context>
        <name>Heal</name>
        <message>
            <source>Healing Brush</source>
            <translation>修复画笔</translation>
        </message>
        <message>
            <source>Spot Healing Brush</source>
            <translation>污点修复画笔</translation>
        </message>
    </context>
    <context>
        <name>RemoveObject</name>
        <message>
            <source>Open an image first.</source>
            <translation>请先打开图像。</translation>
        </message>
        <message>
            <source>Paint a mask over what to remove first (mask brush, or a selection made into a mask).</source>
            <translation>请先在要移除的内容上绘制蒙版（用蒙版画笔，或把选区转为蒙版）。</translation>
        </message>
    </context>
    <context>
        <name>MaskMorphologyDialog</name>
        <message>
            <source>Mask Morphology</source>
            <translation>蒙版形态学</translation>
        </message>
        <message>
            <source>Erode (shrink)</source>
            <translation>腐蚀（收缩）</translation>
        </message>
        <message>
            <source>Dilate (grow)</source>
            <translation>膨胀（扩张）</translation>
        </message>
        <message>
            <source>Open (remove specks)</source>
            <translation>开运算（去除斑点）</translation>
        </message>
        <message>
            <source>Close (fill holes)</source>
            <translation>闭运算（填补孔洞）</translation>
        </message>
        <message>
            <source>White top-hat (keep thin bright parts)</source>
            <translation>白顶帽（保留细亮部分）</translation>
        </message>
        <message>
            <source>Black top-hat (keep thin gaps)</source>
            <translation>黑顶帽（保留细缝）</translation>
        </message>
        <message>
            <source> px</source>
            <translation> 像素</translation>
        </message>
        <message>
            <source>Round</source>
            <translation>圆形</translation>
        </message>
        <message>
            <source>Square</source>
            <translation>方形</translation>
        </message>
        <message>
            <source>Operation:</source>
            <translation>操作：</translation>
        </message>
        <message>
            <source>Radius:</source>
            <translation>半径：</translation>
        </message>
        <message>
            <source>Shape:</source>
            <translation>形状：</translation>
        </message>
    </context>
    <context>
        <name>SegmentActions</name>
        <message>
            <source>Select Subject</source>
            <translation>选择主体</translation>
        </message>
        <message>
            <source>Remove Background</source>
            <translation>移除背景</translation>
        </message>
        <message>
            <source>Replace Background</source>
            <translation>替换背景</translation>
        </message>
        <message>
            <source>Open an image first.</source>
            <translation>请先打开一张图像。</translation>
        </message>
        <message>
            <source>Choose the image to put behind the subject.</source>
            <translation>请选择要放在主体后面的图像。</translation>
        </message>
        <message>
            <source>The image changed while the subject was being found, so the background was not replaced.</source>
            <translation>查找主体期间图像已更改，因此未替换背景。</translation>
        </message>
        <message>
            <source>The image changed meanwhile, so the background was not replaced.</source>
            <translation>图像在此期间已更改，因此未替换背景。</translation>
        </message>
    </context>
    <context>
        <name>ReplaceBackgroundDialog</name>
        <message>
            <source>Replace Background</source>
            <translation>替换背景</translation>
        </message>
        <message>
            <source>A colour</source>
            <translation>一种颜色</translation>
        </message>
        <message>
            <source>The photo's own background, blurred</source>
            <translation>照片自身的背景（模糊）</translation>
        </message>
        <message>
            <source>Another image</source>
            <translation>另一张图像</translation>
        </message>
        <message>
            <source> px</source>
            <translation> 像素</translation>
        </message>
        <message>
            <source>Image file</source>
            <translation>图像文件</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>On a new layer</source>
            <translation>放在新图层上</translation>
        </message>
        <message>
            <source>In place (undoable)</source>
            <translation>就地替换（可撤销）</translation>
        </message>
        <message>
            <source>Result:</source>
            <translation>结果：</translation>
        </message>
        <message>
            <source>Background Colour</source>
            <translation>背景颜色</translation>
        </message>
    </context>
    <context>
        <name>RefineEdgeDialog</name>
        <message>
            <source>Refine Edge</source>
            <translation>调整边缘</translation>
        </message>
        <message>
            <source> px</source>
            <translation> 像素</translation>
        </message>
        <message>
            <source>Edge radius:</source>
            <translation>边缘半径：</translation>
        </message>
        <message>
            <source>Select something first.</source>
            <translation>请先选择一些内容。</translation>
        </message>
        <message>
            <source>Computing the preview…</source>
            <translation>正在计算预览…</translation>
        </message>
        <message>
            <source>The tint shows the refined selection.</source>
            <translation>着色部分显示调整后的选区。</translation>
        </message>
        <message>
            <source>Refining the edge…</source>
            <translation>正在调整边缘…</translation>
        </message>
    </context>
    <context>
        <name>Straighten</name>
        <message>
            <source>Draw a longer line along the horizon or the edge.</source>
            <translation>请沿地平线或边缘画一条更长的线。</translation>
        </message>
        <message>
            <source>The angle must be a number.</source>
            <translation>角度必须是数字。</translation>
        </message>
        <message>
            <source>Rotate</source>
            <translation>旋转</translation>
        </message>
        <message>
            <source>Straighten</source>
            <translation>拉直</translation>
        </message>
    </context>
    <context>
        <name>GeometryRuns</name>
        <message>
            <source>Applying {0}…</source>
            <translation>正在应用“{0}”…</translation>
        </message>
    </context>
    <context>
        <name>Perspective</name>
        <message>
            <source>Perspective correction needs four corners.</source>
            <translation>透视校正需要四个角点。</translation>
        </message>
        <message>
            <source>The four corners must make a quadrilateral without crossing sides.</source>
            <translation>四个角点必须构成边不相交的四边形。</translation>
        </message>
        <message>
            <source>Perspective Correction</source>
            <translation>透视校正</translation>
        </message>
    </context>
    <context>
        <name>Trim</name>
        <message>
            <source>The tolerance must be between 0 and {0}.</source>
            <translation>容差必须在 0 到 {0} 之间。</translation>
        </message>
        <message>
            <source>The whole image is one colour: there is nothing to keep.</source>
            <translation>整幅图像只有一种颜色：没有可保留的内容。</translation>
        </message>
        <message>
            <source>There is no uniform border to trim.</source>
            <translation>没有可裁切的均匀边框。</translation>
        </message>
        <message>
            <source>Trim</source>
            <translation>裁切边框</translation>
        </message>
    </context>
    <context>
        <name>FreeRotateDialog</name>
        <message>
            <source>Free Rotate</source>
            <translation>自由旋转</translation>
        </message>
        <message>
            <source>Clockwise; negative turns counter-clockwise</source>
            <translation>顺时针；负值为逆时针</translation>
        </message>
        <message>
            <source>Expand the canvas to fit</source>
            <translation>扩展画布以容纳</translation>
        </message>
        <message>
            <source>Keep the original size</source>
            <translation>保持原始尺寸</translation>
        </message>
        <message>
            <source>Crop away the empty corners</source>
            <translation>裁掉空白角落</translation>
        </message>
        <message>
            <source>Bicubic (sharper)</source>
            <translation>双三次（较锐利）</translation>
        </message>
        <message>
            <source>Lanczos (sharpest)</source>
            <translation>Lanczos（最锐利）</translation>
        </message>
        <message>
            <source>Bilinear (smooth)</source>
            <translation>双线性（平滑）</translation>
        </message>
        <message>
            <source>Nearest neighbour (hard pixels)</source>
            <translation>最近邻（硬像素）</translation>
        </message>
        <message>
            <source>Angle:</source>
            <translation>角度：</translation>
        </message>
        <message>
            <source>Canvas:</source>
            <translation>画布：</translation>
        </message>
        <message>
            <source>Resampling:</source>
            <translation>重采样：</translation>
        </message>
    </context>
    <context>
        <name>TrimDialog</name>
        <message>
            <source>Trim</source>
            <translation>裁切边框</translation>
        </message>
        <message>
            <source>How far a border pixel may differ from the corner's colour</source>
            <translation>边框像素与角落颜色可相差的程度</translation>
        </message>
        <message>
            <source>Tolerance:</source>
            <translation>容差：</translation>
        </message>
        <message>
            <source>Result:</source>
            <translation>结果：</translation>
        </message>
        <message>
            <source>Nothing but border</source>
            <translation>全部是边框</translation>
        </message>
        <message>
            <source>No border found</source>
            <translation>未找到边框</translation>
        </message>
        <message>
            <source>{0} × {1} pixels</source>
            <translation>{0} × {1} 像素</translation>
        </message>
    </context>
    <context>
        <name>ShortcutEditor</name>
        <message>
            <source>Search actions or keys</source>
            <translation>搜索操作或按键</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>操作</translation>
        </message>
        <message>
            <source>Shortcut</source>
            <translation>快捷键</translation>
        </message>
        <message>
            <source>Remove Shortcut</source>
            <translation>移除快捷键</translation>
        </message>
        <message>
            <source>Default</source>
            <translation>默认</translation>
        </message>
        <message>
            <source>Reset All</source>
            <translation>全部重置</translation>
        </message>
        <message>
            <source>Press the new key:</source>
            <translation>按下新按键：</translation>
        </message>
        <message>
            <source>{keys} was taken from: {actions}.</source>
            <translation>{keys} 已从以下操作移走：{actions}。</translation>
        </message>
    </context>
    <context>
        <name>AmountDialog</name>
        <message>
            <source>Border Selection</source>
            <translation>边界选区</translation>
        </message>
        <message>
            <source>Feather Mask</source>
            <translation>羽化蒙版</translation>
        </message>
        <message>
            <source>Feather Selection</source>
            <translation>羽化选区</translation>
        </message>
        <message>
            <source>Grow Mask</source>
            <translation>扩展蒙版</translation>
        </message>
        <message>
            <source>Grow Selection</source>
            <translation>扩展选区</translation>
        </message>
        <message>
            <source>Radius:</source>
            <translation>半径：</translation>
        </message>
        <message>
            <source>Shrink Mask</source>
            <translation>收缩蒙版</translation>
        </message>
        <message>
            <source>Shrink Selection</source>
            <translation>收缩选区</translation>
        </message>
        <message>
            <source>Width:</source>
            <translation>宽度：</translation>
        </message>
    </context>
    <context>
        <name>Clipboard</name>
        <message>
            <source>Paste</source>
            <translation>粘贴</translation>
        </message>
        <message>
            <source>Pasted Layer</source>
            <translation>粘贴的图层</translation>
        </message>
        <message>
            <source>The clipboard holds no image.</source>
            <translation>剪贴板中没有图像。</translation>
        </message>
    </context>
    <context>
        <name>ClipboardOps</name>
        <message>
            <source>Cut</source>
            <translation>剪切</translation>
        </message>
        <message>
            <source>Nothing is selected.</source>
            <translation>没有选中任何内容。</translation>
        </message>
        <message>
            <source>Select the area to cut first.</source>
            <translation>请先选择要剪切的区域。</translation>
        </message>
        <message>
            <source>The selected area is empty.</source>
            <translation>选中的区域是空的。</translation>
        </message>
        <message>
            <source>There is no layer to copy from.</source>
            <translation>没有可复制的图层。</translation>
        </message>
    </context>
    <context>
        <name>ExportOptionsDialog</name>
        <message>
            <source>0 is fastest, 9 smallest; every level is lossless</source>
            <translation>0 最快，9 最小；每一级都是无损的</translation>
        </message>
        <message>
            <source>Compression level:</source>
            <translation>压缩级别：</translation>
        </message>
        <message>
            <source>Compression:</source>
            <translation>压缩：</translation>
        </message>
        <message>
            <source>Export Options</source>
            <translation>导出选项</translation>
        </message>
        <message>
            <source>Keep metadata (EXIF, colour profile)</source>
            <translation>保留元数据（EXIF、色彩配置文件）</translation>
        </message>
        <message>
            <source>Lossless</source>
            <translation>无损</translation>
        </message>
        <message>
            <source>Quality:</source>
            <translation>质量：</translation>
        </message>
        <message>
            <source>None</source>
            <translation>无</translation>
        </message>
        <message>
            <source>LZW</source>
            <translation>LZW</translation>
        </message>
        <message>
            <source>Deflate (ZIP)</source>
            <translation>Deflate（ZIP）</translation>
        </message>
        <message>
            <source>PackBits</source>
            <translation>PackBits</translation>
        </message>
    </context>
    <context>
        <name>LayerPropertiesDialog</name>
        <message>
            <source>Blend mode:</source>
            <translation>混合模式：</translation>
        </message>
        <message>
            <source>Layer Properties</source>
            <translation>图层属性</translation>
        </message>
        <message>
            <source>Lock the layer's pixels</source>
            <translation>锁定图层像素</translation>
        </message>
        <message>
            <source>Name:</source>
            <translation>名称：</translation>
        </message>
        <message>
            <source>Opacity:</source>
            <translation>不透明度：</translation>
        </message>
    </context>
    <context>
        <name>ShortcutsDialog</name>
        <message>
            <source>Command</source>
            <translation>命令</translation>
        </message>
        <message>
            <source>Filter by name or key</source>
            <translation>按名称或按键筛选</translation>
        </message>
        <message>
            <source>Keyboard Shortcuts</source>
            <translation>键盘快捷键</translation>
        </message>
        <message>
            <source>Shortcut</source>
            <translation>快捷键</translation>
        </message>
        <message>
            <source>Tools and other keys</source>
            <translation>工具和其他按键</translation>
        </message>
    </context>
</TS>