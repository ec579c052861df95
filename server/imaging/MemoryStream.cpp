// SPDX-License-Identifier: MIT
#include "server/imaging/MemoryStream.h"

#include <algorithm>
#include <cstring>

namespace renkei::server {
namespace {

/// Makes a stream over the same bytes at the position of a value DCMTK skipped.
class MemoryStreamFactory : public DcmInputStreamFactory {
 public:
  MemoryStreamFactory(std::string_view bytes, offile_off_t offset) : bytes_(bytes), offset_(offset) {}
  DcmInputStream* create() const override { return new MemoryInputStream(bytes_, offset_); }
  DcmInputStreamFactory* clone() const override { return new MemoryStreamFactory(bytes_, offset_); }
  // DCMTK only names its own two kinds; nothing in it asks (3.6.7).
  DcmInputStreamFactoryType ident() const override { return DFT_DcmInputFileStreamFactory; }

 private:
  std::string_view bytes_;
  offile_off_t offset_;
};

}  // namespace

MemoryProducer::MemoryProducer(std::string_view bytes, offile_off_t offset)
    : bytes_(bytes), position_(std::clamp<offile_off_t>(offset, 0, static_cast<offile_off_t>(bytes.size()))) {}

offile_off_t MemoryProducer::read(void* buffer, offile_off_t length) {
  const offile_off_t n = std::clamp<offile_off_t>(length, 0, avail());
  if (n > 0) std::memcpy(buffer, bytes_.data() + position_, static_cast<std::size_t>(n));
  position_ += n;
  return n;
}

offile_off_t MemoryProducer::skip(offile_off_t length) {
  const offile_off_t n = std::clamp<offile_off_t>(length, 0, avail());
  position_ += n;
  return n;
}

void MemoryProducer::putback(offile_off_t length) { position_ -= std::clamp<offile_off_t>(length, 0, position_); }

// DcmInputStream keeps only the pointer until it reads (DCMTK's file stream does the same).
MemoryInputStream::MemoryInputStream(std::string_view bytes, offile_off_t offset)
    : DcmInputStream(&producer_), producer_(bytes, offset), bytes_(bytes), offset_(offset) {}

DcmInputStreamFactory* MemoryInputStream::newFactory() const {
  // Not through a compression filter (a deflated data set): its positions are not the bytes'.
  if (currentProducer() != &producer_) return nullptr;
  return new MemoryStreamFactory(bytes_, offset_ + tell());
}

}  // namespace renkei::server
