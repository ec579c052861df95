// SPDX-License-Identifier: MIT
// MemoryStream — DCMTK reading a DICOM instance from bytes in memory the way it reads a file.
//
// DCMTK's DcmInputBufferStream cannot hand out a stream factory, so over it every value is
// allocated and read as soon as it is met, whatever its length field claims: 13 bytes announcing a
// 4 GiB element make a 4 GiB allocation (found by tests/fuzz, fuzz-dicom). Over this stream, as over
// a file, values longer than the read limit are skipped and read only when asked for, from the same
// bytes; a length past the end of the bytes is an error at once and allocates nothing. The bytes
// must outlive every DCMTK object read from the stream.
#pragma once

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcistrma.h>

#include <string_view>

namespace renkei::server {

class MemoryProducer : public DcmProducer {
 public:
  MemoryProducer(std::string_view bytes, offile_off_t offset);
  OFBool good() const override { return OFTrue; }
  OFCondition status() const override { return EC_Normal; }
  OFBool eos() override { return position_ >= size(); }
  offile_off_t avail() override { return size() - position_; }
  offile_off_t read(void* buffer, offile_off_t length) override;
  offile_off_t skip(offile_off_t length) override;
  void putback(offile_off_t length) override;

 private:
  offile_off_t size() const { return static_cast<offile_off_t>(bytes_.size()); }
  std::string_view bytes_;
  offile_off_t position_;
};

class MemoryInputStream : public DcmInputStream {
 public:
  explicit MemoryInputStream(std::string_view bytes, offile_off_t offset = 0);
  DcmInputStreamFactory* newFactory() const override;

 private:
  MemoryProducer producer_;
  std::string_view bytes_;
  offile_off_t offset_;
};

}  // namespace renkei::server
