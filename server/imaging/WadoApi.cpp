// SPDX-License-Identifier: MIT
// WadoApi — WADO-RS (PS3.18 §10.4): whole studies and series (hospital staff), single instances
// (counted as downloads for clinic users), metadata (DICOM JSON with the pixel data as a link to
// the frames) and frames, each in the transfer syntax the Accept header asks for.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <memory>

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

/// Reads `length` bytes at `offset` of an open file, or throws.
void readAt(int fd, std::int64_t offset, char* into, std::size_t length, const std::string& sopUid) {
  std::size_t done = 0;
  while (done < length) {
    const ssize_t n = ::pread(fd, into + done, length - done, static_cast<off_t>(offset + static_cast<std::int64_t>(done)));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("the stored file of " + sopUid + " is short");
    done += static_cast<std::size_t>(n);
  }
}

/// Frames straight from the file at the offsets indexed when the instance arrived, without parsing
/// it: native frames one after another, encapsulated frames fragment by fragment (issue 13 §3).
std::vector<std::string> framesAt(const std::filesystem::path& path, const InstanceRow& i, const std::vector<int>& numbers) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("the stored file of " + i.sopUid + " is missing");
  const std::unique_ptr<int, void (*)(int*)> closer(new int(fd), [](int* f) {
    ::close(*f);
    delete f;
  });
  std::vector<std::string> out;
  for (const int n : numbers) {
    if (n < 1 || n > std::max(1, i.frames)) throw std::out_of_range("frame " + std::to_string(n) + " does not exist");
    std::string frame;
    if (!i.frameIndex.empty()) {
      const auto fragments = frameFragments(i.frameIndex, n);
      if (fragments.empty()) throw std::runtime_error("the frame index of " + i.sopUid + " has no frame " + std::to_string(n));
      std::size_t total = 0;
      for (const auto& f : fragments) total += static_cast<std::size_t>(f.second);
      frame.resize(total);
      std::size_t at = 0;
      for (const auto& [offset, length] : fragments) {
        readAt(fd, offset, frame.data() + at, static_cast<std::size_t>(length), i.sopUid);
        at += static_cast<std::size_t>(length);
      }
    } else {
      frame.resize(static_cast<std::size_t>(i.frameBytes));
      readAt(fd, i.pixelOffset + static_cast<std::int64_t>(n - 1) * i.frameBytes, frame.data(), frame.size(), i.sopUid);
    }
    out.push_back(std::move(frame));
  }
  return out;
}

/// Answers `parts` as multipart/related without joining them into one string: the framing and each
/// part's bytes are written to the connection as they are (a 512 KB frame is not copied again).
/// The answer's size.
std::size_t sendMultipart(httplib::Response& res, std::vector<MimePart> parts) {
  std::string boundary;
  for (;;) {
    boundary = "renkei-" + randomToken(12);
    if (std::none_of(parts.begin(), parts.end(), [&](const MimePart& p) { return p.body.find(boundary) != std::string::npos; })) break;
  }
  auto pieces = std::make_shared<std::vector<std::string>>();
  std::string type = parts.empty() ? "application/octet-stream" : parts.front().contentType.substr(0, parts.front().contentType.find(';'));
  for (MimePart& p : parts) {
    pieces->push_back((pieces->empty() ? "--" : "\r\n--") + boundary + "\r\nContent-Type: " + p.contentType + "\r\n\r\n");
    pieces->push_back(std::move(p.body));
  }
  pieces->push_back((pieces->empty() ? "--" : "\r\n--") + boundary + "--\r\n");
  std::size_t total = 0;
  for (const std::string& p : *pieces) total += p.size();
  res.set_content_provider(total, "multipart/related; type=\"" + type + "\"; boundary=" + boundary,
                           [pieces](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                             // Write from `offset` on, piece by piece, up to `length` bytes.
                             std::size_t at = 0;
                             for (const std::string& p : *pieces) {
                               if (offset < at + p.size() && length > 0) {
                                 const std::size_t from = offset - at, n = std::min(p.size() - from, length);
                                 if (!sink.write(p.data() + from, n)) return false;
                                 offset += n;
                                 length -= n;
                               }
                               at += p.size();
                             }
                             return true;
                           });
  return total;
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
  // record) has finished, outside the database lock: it reads only the files.
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
  std::vector<MimePart> parts;
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
    parts.push_back({"application/dicom; transfer-syntax=" + ts, "", std::move(bytes)});
  }
  std::string boundary;
  std::string body = buildMultipart(parts, boundary);
  res.set_content(std::move(body), "multipart/related; type=\"application/dicom\"; boundary=" + boundary);
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
  // 16 MB of metadata: a 300-slice CT's is about 0.8 MB.
  static AnswerCache metadataCache(16u << 20);
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
    std::string body = "[";
    for (const InstanceRow& i : list) {
      if (body.size() > 1) body += ",";
      body += *instanceMetadata(store, *cache, i);
    }
    body += "]";
    // A study's metadata opens every series in it; counted as one, by the study.
    countViewing(*vol, ctx, req.matches.size() > 2 ? list.front().seriesUid : "study " + study.uid, body.size());
    ctx.detail = "metadata of " + std::to_string(list.size()) + " instance(s) in study " + study.uid;
    res.set_content(body, kDicomJson);
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
              std::vector<std::string> data;
              try {
                if (!decompress && ((i.pixelOffset > 0 && i.frameBytes > 0) || !i.frameIndex.empty())) {
                  data = framesAt(store.pathOf(i), i, numbers);  // straight from the file, no parsing
                } else {
                  data = frames(fileOf(store, i), numbers, decompress);
                }
              } catch (const std::out_of_range& e) {
                throw Refusal(Error::UnknownFrame, e.what());
              } catch (const std::runtime_error& e) {
                if (!decompress) throw;
                throw Refusal(Error::NotAcceptable, std::string("The frames cannot be decompressed here: ") + e.what());
              }
              const std::string ts = decompress || isUncompressed(i.transferSyntax) ? kExplicitLittleEndian : i.transferSyntax;
              const std::string type = decompress ? "application/octet-stream" : storedType;
              std::vector<MimePart> parts;
              for (std::size_t k = 0; k < data.size(); ++k)
                parts.push_back({type + "; transfer-syntax=" + ts, "", std::move(data[k])});
              const std::size_t bytes = sendMultipart(res, std::move(parts));
              countViewing(*vol, ctx, i.seriesUid, bytes);
              ctx.detail = "instance " + i.sopUid + " frames " + req.matches[4].str().substr(0, 100);
              ctx.frameWindow = i.seriesUid;
            });
}

}  // namespace renkei::server::dicomweb
