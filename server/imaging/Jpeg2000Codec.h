// SPDX-License-Identifier: MIT
// Jpeg2000Codec — JPEG 2000 decompression (1.2.840.10008.1.2.4.90 lossless, .91 lossy) for DCMTK,
// by OpenJPEG (Debian's libopenjp2, the same library the app's decoder is built from). Debian's
// DCMTK has no JPEG 2000 codec; registered as a DCMTK decoder, every DCMTK step that decompresses —
// rendered pictures and thumbnails (DicomImage), decompressed frames and transcoded instances
// (chooseRepresentation) — handles JPEG 2000 like the other syntaxes. Decoding only.
#pragma once

namespace renkei::server {

/// Registers the decoder in DCMTK's codec list, once (initialiseDicom calls it).
void registerJpeg2000Decoder();

}  // namespace renkei::server
