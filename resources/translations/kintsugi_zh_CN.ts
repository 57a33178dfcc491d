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
    </context>
    <context>
        <name>MainWindow</name>
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
            <source>&amp;Upscale…</source>
            <translation>放大(&amp;U)…</translation>
        </message>
        <message>
            <source>&amp;Style Transfer…</source>
            <translation>风格迁移(&amp;S)…</translation>
        </message>
        <message>
            <source>F&amp;ace</source>
            <translation>人脸(&amp;A)</translation>
        </message>
        <message>
            <source>&amp;Detect Faces</source>
            <translation>检测人脸(&amp;D)</translation>
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
    </context>
    <context>
        <name>PreferencesDialog</name>
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
</TS>