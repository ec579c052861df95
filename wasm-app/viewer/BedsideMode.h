// SPDX-License-Identifier: MIT
// BedsideMode — explaining images to the patient on a tablet (issue 11 §6, R-VIEW-3): one series,
// the image as large as the screen allows, large preset buttons, one finger scrolls the stack, two
// fingers pinch to zoom and move it, or drag the window side by side (Gesture.h); no signed-in
// bar, no patient list, no other patient's name.
// The doctor chooses a PIN when the mode starts; leaving it needs that PIN, so a patient handed
// the tablet cannot wander off into the records.
#pragma once

namespace renkei::app {

struct App;

/// Asks for the PIN that will end the mode (the mode starts once one is set).
void startBedside(App& app);
void drawBedsideScreen(App& app);
/// The PIN choice on the viewer's page, while startBedside asked for it.
void drawBedsidePinChoice(App& app);
/// Whether `pin` is one the mode accepts: 4 to 8 digits.
bool acceptablePin(const char* pin);

}  // namespace renkei::app
