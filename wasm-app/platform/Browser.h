// SPDX-License-Identifier: MIT
// Browser — the few browser facilities the app uses besides HTTP: persisted preferences
// (localStorage; never patient data), the page's language attribute, choosing a file to upload and
// saving a file the server produced (the audit export).
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace renkei::app {

std::string loadPreference(const char* key);
void savePreference(const char* key, const std::string& value);
void setDocumentLanguage(const char* code);

/// A file the user picked: its name, the browser's media type guess, and its bytes.
struct ChosenFile {
  std::string name, mediaType, bytes;
};
/// Opens the browser's file chooser (`accept`: e.g. "application/pdf,image/png"); `done` runs in a
/// later frame with the file, unless the user cancels. Call it from a click (browsers allow a file
/// chooser only right after a user action). Files over `maxBytes` are not read: `done` gets a file
/// with the name and no bytes.
void chooseFile(const char* accept, std::size_t maxBytes, std::function<void(const ChosenFile&)> done);
/// The browser's answer to chooseFile `token` (Exports.cpp receives it from JavaScript).
void fileChosen(int token, ChosenFile file);

/// Opens a page of the server (same origin: the session cookie goes along) in a new tab — the
/// printable referral letter and instruction sheet.
void openPage(const std::string& path);
/// Hands `bytes` to the browser as a download named `fileName`.
void saveFile(const std::string& fileName, const std::string& mediaType, const std::string& bytes);
/// A picture the browser decoded: RGBA, rows top-down; width 0 when it could not.
struct DecodedPicture {
  int width = 0, height = 0;
  std::vector<unsigned char> rgba;
};
/// Has the browser decode a small JPEG or PNG (series thumbnails); `done` runs when it has.
void decodePicture(const std::string& bytes, std::function<void(const DecodedPicture&)> done);
/// The browser's answer (the JS export renkei_picture_decoded calls it).
void pictureDecoded(int token, DecodedPicture picture);
/// Offers RGBA pixels (width × height, rows top-down) as a PNG file download (the browser encodes it).
void savePng(const std::string& fileName, const std::vector<unsigned char>& rgba, int width, int height);

}  // namespace renkei::app
