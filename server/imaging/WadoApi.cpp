// SPDX-License-Identifier: MIT
// WadoApi — WADO-RS (PS3.18 §10.4): whole studies and series (hospital staff), single instances
// (counted as downloads for clinic users), metadata (DICOM JSON with the pixel data as a link to
// the frames) and frames, each in the transfer syntax the Accept header asks for.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <memory>
#include <string_view>
#include <utility>

#include "server/api/ErrorResponse.h"
#include "server/api/QueryParams.h"
#include "server/api/Roles.h"
#include "server/crypto/Digest.h"
#include "server/imaging/AcceptNegotiation.h"
#include "server/imaging/DicomCodec.h"
#include "server/imaging/DicomJson.h"
#include "server/imaging/DicomWebApi.h"
#include "server/imaging/ImageStore.h"
#include "server/http/AnswerCache.h"
#include "server/imaging/Multipart.h"
#include "server/records/StoredFile.h"

namespace renkei::server::dicomweb {
namespace {

/// One frame's bytes: a view of what keeps them — a string, or the stored file mapped into memory.
struct FrameBytes {
  std::shared_ptr<const void> keep;
  std::string_view bytes;
  static FrameBytes of(std::string s) {
    auto kept = std::make_shared<const std::string>(std::move(s));
    return FrameBytes{kept, *kept};
  }
};

/// `length` bytes at `offset` of an open file, read into a buffer of their own (not zero-filled
/// first), or throws.
FrameBytes readAt(int fd, std::int64_t offset, std::size_t length, std::int64_t fileSize, const std::string& sopUid) {
  if (offset < 0 || offset + static_cast<std::int64_t>(length) > fileSize)
    throw std::runtime_error("the stored file of " + sopUid + " is short");
  std::shared_ptr<char[]> buffer(new char[std::max<std::size_t>(length, 1)]);
  std::size_t done = 0;
  while (done < length) {
    const ssize_t n = ::pread(fd, buffer.get() + done, length - done, static_cast<off_t>(offset + static_cast<std::int64_t>(done)));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("the stored file of " + sopUid + " is short");
    done += static_cast<std::size_t>(n);
  }
  const std::string_view bytes(buffer.get(), length);
  return FrameBytes{std::move(buffer), bytes};
}

/// Frames straight from the file at the offsets indexed when the instance arrived, without parsing
/// it: native frames one after another, encapsulated frames fragment by fragment (issue 13 §3).
std::vector<FrameBytes> framesAt(const std::filesystem::path& path, const InstanceRow& i, const std::vector<int>& numbers) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("the stored file of " + i.sopUid + " is missing");
  const std::unique_ptr<int, void (*)(int*)> closer(new int(fd), [](int* f) {
    ::close(*f);
    delete f;
  });
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw std::runtime_error("the stored file of " + i.sopUid + " cannot be read");
  std::vector<FrameBytes> out;
  for (const int n : numbers) {
    if (n < 1 || n > std::max(1, i.frames)) throw std::out_of_range("frame " + std::to_string(n) + " does not exist");
    if (!i.frameIndex.empty()) {
      const auto fragments = frameFragments(i.frameIndex, n);
      if (fragments.empty()) throw std::runtime_error("the frame index of " + i.sopUid + " has no frame " + std::to_string(n));
      if (fragments.size() == 1) {
        out.push_back(readAt(fd, fragments[0].first, static_cast<std::size_t>(fragments[0].second), st.st_size, i.sopUid));
        continue;
      }
      std::string frame;  // several fragments: joined
      for (const auto& [offset, length] : fragments)
        frame += readAt(fd, offset, static_cast<std::size_t>(length), st.st_size, i.sopUid).bytes;
      out.push_back(FrameBytes::of(std::move(frame)));
    } else {
      out.push_back(readAt(fd, i.pixelOffset + static_cast<std::int64_t>(n - 1) * i.frameBytes, static_cast<std::size_t>(i.frameBytes),
                          st.st_size, i.sopUid));
    }
  }
  return out;
}

/// Answers `pieces`, one after the other, as the body: each written to the connection from where
/// it is kept (a frame's buffer, a cached metadata entry), never joined into one string. The size.
std::size_t sendPieces(httplib::Response& res, const std::string& contentType, std::vector<FrameBytes> list) {
  auto pieces = std::make_shared<std::vector<FrameBytes>>(std::move(list));
  std::size_t total = 0;
  for (const FrameBytes& p : *pieces) total += p.bytes.size();
  res.set_content_provider(total, contentType, [pieces](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
    // Write from `offset` on, piece by piece, up to `length` bytes. Small pieces (a part's header,
    // one instance's metadata, a comma) are gathered into writes of up to 16 KB: each write is a TLS
    // record of its own.
    constexpr std::size_t kGather = 16u << 10;
    std::string gathered;
    const auto flush = [&] {
      const bool ok = gathered.empty() || sink.write(gathered.data(), gathered.size());
      gathered.clear();
      return ok;
    };
    std::size_t at = 0;
    for (const FrameBytes& piece : *pieces) {
      const std::string_view p = piece.bytes;
      if (offset < at + p.size() && length > 0) {
        const std::size_t from = offset - at, n = std::min(p.size() - from, length);
        if (gathered.size() + n <= kGather) {
          gathered.append(p.data() + from, n);
        } else {
          if (!flush()) return false;
          if (n >= kGather) {
            if (!sink.write(p.data() + from, n)) return false;
          } else {
            gathered.append(p.data() + from, n);
          }
        }
        offset += n;
        length -= n;
      }
      at += p.size();
    }
    return flush();
  });
  return total;
}

/// Answers `parts` (content type, bytes) as multipart/related, the frames not copied. The size.
std::size_t sendMultipart(httplib::Response& res, const std::vector<std::pair<std::string, FrameBytes>>& parts) {
  // 96 random bits, drawn after the parts were written: no file can hold them but by chance
  // (2^-96), so the parts are not searched for them (that would touch every byte once more).
  const std::string boundary = "renkei-" + randomToken(12);
  std::vector<FrameBytes> pieces;
  const std::string type = parts.empty() ? "application/octet-stream" : parts.front().first.substr(0, parts.front().first.find(';'));
  for (const auto& [contentType, bytes] : parts) {
    pieces.push_back(FrameBytes::of((pieces.empty() ? "--" : "\r\n--") + boundary + "\r\nContent-Type: " + contentType + "\r\n\r\n"));
    pieces.push_back(bytes);
  }
  pieces.push_back(FrameBytes::of((pieces.empty() ? "--" : "\r\n--") + boundary + "--\r\n"));
  return sendPieces(res, "multipart/related; type=\"" + type + "\"; boundary=" + boundary, std::move(pieces));
}

/// "1,2,…,n": the Pixel Data's bulk-data link names every frame (one request gives all of them).
std::string frameList(int frames) {
  std::string list = "1";
  for (int n = 2; n <= std::min(frames, 1000); ++n) list += "," + std::to_string(n);
  return list;
}

/// The media ranges of the request's Accept header.
std::vector<Acceptable> acceptable(const httplib::Request& req) { return parseAccept(req.get_header_value("Accept")); }

std::string sendInstances(ImageStore& store, const std::vector<InstanceRow>& list, const std::vector<Acceptable>& accept,
                          httplib::Response& res) {
  if (!acceptsMultipart(accept))
    throw Refusal(Error::NotAcceptable, "This resource is sent as multipart/related; type=\"application/dicom\".");
  // Several instances sent as stored are streamed file by file, never held in memory together (a
  // CT study is hundreds of megabytes). The body is written after the handler (and its audit
  // record) has finished: it reads only the files.
  const bool asStored = std::all_of(list.begin(), list.end(),
                                    [&](const InstanceRow& i) { return instanceSyntax(accept, i.transferSyntax) == i.transferSyntax; });
  if (list.size() > 1 && asStored) {
    struct Stream {
      std::vector<std::filesystem::path> files;
      std::vector<std::string> syntaxes;
      std::string boundary = "renkei-" + randomToken(24);
      std::size_t next = 0;
    };
    auto stream = std::make_shared<Stream>();
    for (const InstanceRow& i : list) {
      stream->files.push_back(store.pathOf(i));
      stream->syntaxes.push_back(i.transferSyntax);
    }
    res.set_chunked_content_provider(
        "multipart/related; type=\"application/dicom\"; boundary=" + stream->boundary,
        [stream](std::size_t, httplib::DataSink& sink) {
          if (stream->next == stream->files.size()) {
            const std::string end = "--" + stream->boundary + "--\r\n";
            sink.write(end.data(), end.size());
            sink.done();
            return true;
          }
          const std::size_t k = stream->next++;
          const auto bytes = readStoredFile(stream->files[k]);
          if (!bytes) return false;  // the connection is cut: the client sees an incomplete body
          const std::string head = "--" + stream->boundary + "\r\nContent-Type: application/dicom; transfer-syntax=" +
                                   stream->syntaxes[k] + "\r\n\r\n";
          return sink.write(head.data(), head.size()) && sink.write(bytes->data(), bytes->size()) && sink.write("\r\n", 2);
        });
    return std::to_string(list.size()) + " instance(s), streamed";
  }
  std::vector<std::pair<std::string, FrameBytes>> parts;
  for (const InstanceRow& i : list) {
    const std::string ts = instanceSyntax(accept, i.transferSyntax);
    if (ts.empty()) throw Refusal(Error::NotAcceptable, "No acceptable media type for DICOM instances.");
    std::string bytes = fileOf(store, i);
    if (ts != i.transferSyntax) {
      try {
        bytes = transcode(bytes, ts);
      } catch (const std::exception& e) {
        throw Refusal(Error::NotAcceptable, std::string("The instance cannot be sent in transfer syntax ") + ts + ": " + e.what());
      }
    }
    parts.emplace_back("application/dicom; transfer-syntax=" + ts, FrameBytes::of(std::move(bytes)));
  }
  sendMultipart(res, parts);
  return std::to_string(parts.size()) + " instance(s)";
}

/// One instance's metadata. Native pixels are not read at all: the header before them is enough
/// (a series' metadata is the viewer's first request, before any image can show).
std::string readMetadata(ImageStore& store, const InstanceRow& i, const std::string& pixelDataUri) {
  if (i.pixelOffset > 0) {
    const auto path = store.pathOf(i);
    if (const auto header = readStoredFile(path, static_cast<std::size_t>(i.pixelOffset)))
      if (const auto end = pixelDataEnd(*header)) {
        const auto tail = *end < static_cast<std::size_t>(i.bytes) ? readStoredFile(path, SIZE_MAX, *end) : std::string();
        if (tail)
          if (auto j = metadataJsonOfHeader(*header, *tail, pixelDataUri)) return std::move(*j);
      }
  }
  return metadataJson(fileOf(store, i), pixelDataUri);
}

/// An instance's metadata: from the cache, else read (and kept). The link to the frames is part of
/// it; it follows from the instance's UIDs and frame count, which its file fixes too.
std::shared_ptr<const std::string> instanceMetadata(ImageStore& store, AnswerCache& cache, const InstanceRow& i) {
  if (auto hit = cache.find(i.storedFile)) return hit;
  auto json = std::make_shared<const std::string>(
      readMetadata(store, i, instanceUrl(i.studyUid, i.seriesUid, i.sopUid) + "/frames/" + frameList(i.frames)));
  cache.keep(i.storedFile, json);
  return json;
}

}  // namespace

void registerWado(Api& api, ImageStore& store, DownloadLimit& limit, ViewingVolume& volume) {
  Services& sv = api.services();

  // WADO-RS, whole studies and series: hospital staff only. Clinic users read instance by instance
  // (R-VIEW-4: no bulk download for clinic users).
  api.route("GET", R"(/dicomweb/studies/([0-9.]+))", Access::SessionOrToken, kStaff,
            [&sv, &store](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "dicomweb.wado.study";
              QueryParams(req, {});
              const StudyRow study = readableStudy(sv, store, ctx, req.matches[1]);
              ctx.detail = "study " + study.uid + ": " + sendInstances(store, store.instances(study.uid), acceptable(req), res);
            });
  api.route("GET", R"(/dicomweb/studies/([0-9.]+)/series/([0-9.]+))", Access::SessionOrToken, kStaff,
            [&sv, &store](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "dicomweb.wado.series";
              QueryParams(req, {});
              const StudyRow study = readableStudy(sv, store, ctx, req.matches[1]);
              const auto list = store.instances(study.uid, req.matches[2]);
              if (list.empty()) throw Refusal(Error::UnknownSeries, "No such series.");
              ctx.detail = "series " + req.matches[2].str() + ": " + sendInstances(store, list, acceptable(req), res);
            });

  api.route("GET", R"(/dicomweb/studies/([0-9.]+)/series/([0-9.]+)/instances/([0-9.]+))", Access::SessionOrToken, kAnyone,
            [&sv, &store, lim = &limit](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "dicomweb.wado.instance";
              QueryParams(req, {});
              const InstanceRow i = readableInstance(sv, store, ctx, req.matches[1], req.matches[2], req.matches[3]);
              const std::string sent = sendInstances(store, {i}, acceptable(req), res);
              countDownload(*lim, ctx);  // only what is actually handed out counts
              ctx.detail = "instance " + i.sopUid + ": " + sent;
            });

  // Metadata: DICOM JSON without the pixel data (which is a BulkDataURI to the frames).
  // 8 MB of metadata: a 300-slice CT's is about 0.8 MB.
  static AnswerCache metadataCache(8u << 20);
  const auto metadata = [&sv, &store, vol = &volume, cache = &metadataCache](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
    ctx.action = "dicomweb.metadata";
    QueryParams(req, {});
    const StudyRow study = readableStudy(sv, store, ctx, req.matches[1]);
    std::vector<InstanceRow> list;
    if (req.matches.size() > 3) {
      list.push_back(readableInstance(sv, store, ctx, req.matches[1], req.matches[2], req.matches[3]));
    } else {
      list = store.instances(study.uid, req.matches.size() > 2 ? req.matches[2].str() : "");
    }
    if (list.empty()) throw Refusal(Error::UnknownSeries, "No such series.");
    // The answer is the instances' kept JSON, written from the cache as it is (a 300-slice CT's is
    // 0.8 MB: not copied into one string per request).
    const auto comma = FrameBytes::of(",");
    std::vector<FrameBytes> pieces{FrameBytes::of("[")};
    for (const InstanceRow& i : list) {
      if (pieces.size() > 1) pieces.push_back(comma);
      const auto json = instanceMetadata(store, *cache, i);
      pieces.push_back(FrameBytes{json, *json});
    }
    pieces.push_back(FrameBytes::of("]"));
    std::size_t bytes = 0;
    for (const FrameBytes& p : pieces) bytes += p.bytes.size();
    // A study's metadata opens every series in it; counted as one, by the study.
    countViewing(*vol, ctx, req.matches.size() > 2 ? list.front().seriesUid : "study " + study.uid, bytes);
    ctx.detail = "metadata of " + std::to_string(list.size()) + " instance(s) in study " + study.uid;
    sendPieces(res, kDicomJson, std::move(pieces));
  };
  api.route("GET", R"(/dicomweb/studies/([0-9.]+)/metadata)", Access::SessionOrToken, kAnyone, metadata);
  api.route("GET", R"(/dicomweb/studies/([0-9.]+)/series/([0-9.]+)/metadata)", Access::SessionOrToken, kAnyone, metadata);
  api.route("GET", R"(/dicomweb/studies/([0-9.]+)/series/([0-9.]+)/instances/([0-9.]+)/metadata)", Access::SessionOrToken, kAnyone,
            metadata);

  // Frames: as stored when the client takes that syntax, or decompressed to explicit VR little endian.
  api.route("GET", R"(/dicomweb/studies/([0-9.]+)/series/([0-9.]+)/instances/([0-9.]+)/frames/([0-9,]+))", Access::SessionOrToken,
            kAnyone, [&sv, &store, vol = &volume](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "dicomweb.wado.frames";
              QueryParams(req, {});
              const std::vector<int> numbers = frameNumbers(req.matches[4]);
              const InstanceRow i = readableInstance(sv, store, ctx, req.matches[1], req.matches[2], req.matches[3]);
              const std::string storedType = frameMediaType(i.transferSyntax);
              const FrameSyntax choice = chooseFrameSyntax(acceptable(req), i.transferSyntax);
              if (choice == FrameSyntax::NotAcceptable)
                throw Refusal(Error::NotAcceptable,
                               "Frames of this instance are sent as " + storedType + " (transfer syntax " + i.transferSyntax +
                                   ") or as application/octet-stream (1.2.840.10008.1.2.1).");
              const bool decompress = choice == FrameSyntax::Decompressed && !isUncompressed(i.transferSyntax);
              // At most 256 MiB of frames per answer (frame numbers may repeat; all are held in memory).
              constexpr std::int64_t kMaxFrameBytes = 256ll << 20;
              const std::int64_t frameSize = i.frameBytes > 0 ? i.frameBytes : static_cast<std::int64_t>(i.rows) * i.columns * std::max(1, i.bitsAllocated / 8) * 3;
              if (frameSize * static_cast<std::int64_t>(numbers.size()) > kMaxFrameBytes)
                throw Refusal(Error::TooManyFrames, "Ask for fewer frames at a time (at most 256 MiB in one answer).");
              std::vector<FrameBytes> data;
              try {
                if (!decompress && ((i.pixelOffset > 0 && i.frameBytes > 0) || !i.frameIndex.empty())) {
                  data = framesAt(store.pathOf(i), i, numbers);  // straight from the file, no parsing
                } else {
                  for (std::string& f : frames(fileOf(store, i), numbers, decompress)) data.push_back(FrameBytes::of(std::move(f)));
                }
              } catch (const std::out_of_range& e) {
                throw Refusal(Error::UnknownFrame, e.what());
              } catch (const std::runtime_error& e) {
                if (!decompress) throw;
                throw Refusal(Error::NotAcceptable, std::string("The frames cannot be decompressed here: ") + e.what());
              }
              const std::string ts = decompress || isUncompressed(i.transferSyntax) ? kExplicitLittleEndian : i.transferSyntax;
              const std::string type = decompress ? "application/octet-stream" : storedType;
              std::vector<std::pair<std::string, FrameBytes>> parts;
              for (FrameBytes& f : data) parts.emplace_back(type + "; transfer-syntax=" + ts, std::move(f));
              const std::size_t bytes = sendMultipart(res, parts);
              countViewing(*vol, ctx, i.seriesUid, bytes);
              ctx.detail = "instance " + i.sopUid + " frames " + req.matches[4].str().substr(0, 100);
              ctx.frameWindow = i.seriesUid;
            });
}

}  // namespace renkei::server::dicomweb
