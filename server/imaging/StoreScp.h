// SPDX-License-Identifier: MIT
// StoreScp — the DICOM C-STORE receiver (DCMTK dcmnet) through which the hospital's modalities and
// PACS send images, with C-ECHO for their connection tests. Associations are served by a pool of
// threads; every storage SOP class and the common transfer syntaxes are accepted (uncompressed,
// deflate, RLE, JPEG baseline and lossless, JPEG-LS, JPEG 2000 as it arrives). Each instance goes
// through ImageStore::store, like the folder import and STOW-RS; an instance whose patient cannot be
// matched is held for the liaison office (success); a refused instance is answered with a failure
// status (0xA900 / 0xC000 / 0xA700) and nothing of it is kept.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace renkei::server {

class ImageStore;

struct StoreScpEvent {
  std::string callingAe, sopUid, patientId, outcome /* stored | duplicate | held | refused | failed */, detail;
};

class StoreScp {
 public:
  /// `onEvent` runs for every C-STORE (in the association's thread): the server audits through it.
  StoreScp(ImageStore& store, std::filesystem::path incomingDir, std::function<void(const StoreScpEvent&)> onEvent);
  ~StoreScp();

  /// Starts listening on `port` as `aeTitle`; throws std::runtime_error when the port cannot be used.
  /// `callers`: the calling AE titles that may associate (empty: any).
  void start(int port, const std::string& aeTitle, int maxAssociations, const std::vector<std::string>& callers = {});
  /// Stops after the associations in progress (within about a second).
  void stop();

 private:
  struct Pool;
  std::unique_ptr<Pool> pool_;
  std::thread thread_;
};

}  // namespace renkei::server
