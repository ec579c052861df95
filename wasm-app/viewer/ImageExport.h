// SPDX-License-Identifier: MIT
// ImageExport — "save as PNG" (issue 11 §7, R-VIEW-4): the server is asked first (audited as an
// export, counted against the download limit, refused past it) and names the watermark — user,
// facility, date and time — which the next frame burns into the view; that frame's image box is
// then read back and saved as a PNG. There is no "download series".
#pragma once

#include <imgui.h>

namespace renkei::app {

struct App;

/// Draws the watermark over pane `p`'s box while an export is being captured (the active pane).
void drawExportWatermark(App& app, int p, ImVec2 origin, ImVec2 end);
/// After the frame is rendered: reads the watermarked box back and saves it (main calls this).
void finishExport(App& app);

}  // namespace renkei::app
