// SPDX-License-Identifier: MIT
#include "server/imaging/DicomWebApi.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <memory>

#include "server/api/ApiError.h"
#include "server/api/JsonBody.h"
#include "server/api/PatientAccess.h"
#include "server/api/QueryParams.h"
#include "server/crypto/Digest.h"
#include "server/imaging/DicomCodec.h"
#include "server/imaging/DownloadLimit.h"
#include "server/imaging/Rendering.h"
#include "server/imaging/ImageStore.h"
#include "server/imaging/Multipart.h"
#include "server/records/StoredFile.h"

namespace renkei::server {
namespace {

using nlohmann::json;

constexpr const char* kDicomJson = "application/dicom+json";
const std::vector<std::string> kAnyone{};
const std::vector<std::string> kStaff{"staff"};

// ---- DICOM JSON attributes (PS3.18 Annex F) ----

json attr(const char* vr, const std::string& value) {
  json a{{"vr", vr}};
  if (!value.empty()) a["Value"] = json::array({value});
  return a;
}

json attrInt(const char* vr, int value) { return json{{"vr", vr}, {"Value", json::array({value})}}; }

json attrMulti(const char* vr, const std::string& backslashed) {
  json a{{"vr", vr}};
  json values = json::array();
  for (std::size_t start = 0; start <= backslashed.size() && !backslashed.empty();) {
    const auto p = backslashed.find('\\', start);
    values.push_back(backslashed.substr(start, p == std::string::npos ? std::string::npos : p - start));
    if (p == std::string::npos) break;
    start = p + 1;
  }
  if (!values.empty()) a["Value"] = values;
  return a;
}

/// A PN value stored as "Alphabetic=Ideographic=Phonetic".
json attrName(const std::string& pn) {
  json name = json::object();
  const char* groups[] = {"Alphabetic", "Ideographic", "Phonetic"};
  std::size_t start = 0;
  for (int g = 0; g < 3; ++g) {
    const auto p = pn.find('=', start);
    const std::string part = pn.substr(start, p == std::string::npos ? std::string::npos : p - start);
    if (!part.empty()) name[groups[g]] = part;
    if (p == std::string::npos) break;
    start = p + 1;
  }
  json a{{"vr", "PN"}};
  if (!name.empty()) a["Value"] = json::array({name});
  return a;
}

std::string da(const std::string& iso) {  // "2026-11-12" → "20261112"
  std::string out;
  for (const char c : iso)
    if (c != '-') out += c;
  return out;
}

std::string base(const httplib::Request&) { return "/dicomweb"; }

json studyJson(const StudyRow& s, const httplib::Request& req) {
  return {{"00080020", attr("DA", da(s.studyDate))},
          {"00080030", attr("TM", s.studyTime)},
          {"00080050", attr("SH", s.accession)},
          {"00080061", attrMulti("CS", s.modalities)},
          {"00081030", attr("LO", s.description)},
          {"00080190", attr("UR", base(req) + "/studies/" + s.uid)},
          {"00100010", attrName(s.patientName)},
          {"00100020", attr("LO", s.patientId)},
          {"0020000D", attr("UI", s.uid)},
          {"00200010", attr("SH", s.studyId)},
          {"00201206", attrInt("IS", s.series)},
          {"00201208", attrInt("IS", s.instances)}};
}

json seriesJson(const SeriesRow& s, const httplib::Request& req) {
  return {{"00080060", attr("CS", s.modality)},
          {"0008103E", attr("LO", s.description)},
          {"00180015", attr("CS", s.bodyPart)},
          {"0020000D", attr("UI", s.studyUid)},
          {"0020000E", attr("UI", s.uid)},
          {"00200011", attrInt("IS", s.number)},
          {"00201209", attrInt("IS", s.instances)},
          {"00080190", attr("UR", base(req) + "/studies/" + s.studyUid + "/series/" + s.uid)}};
}

json instanceJson(const InstanceRow& i, const httplib::Request& req) {
  json j{{"00080016", attr("UI", i.sopClass)},
         {"00080018", attr("UI", i.sopUid)},
         {"00083002", attr("UI", i.transferSyntax)},
         {"0020000D", attr("UI", i.studyUid)},
         {"0020000E", attr("UI", i.seriesUid)},
         {"00200013", attrInt("IS", i.number)},
         {"00080190", attr("UR", base(req) + "/studies/" + i.studyUid + "/series/" + i.seriesUid + "/instances/" + i.sopUid)}};
  if (i.rows) j["00280010"] = attrInt("US", i.rows);
  if (i.columns) j["00280011"] = attrInt("US", i.columns);
  if (i.frames) j["00280008"] = attrInt("IS", i.frames);
  return j;
}

void sendJson(httplib::Response& res, const json& j) { res.set_content(j.dump(), kDicomJson); }

// ---- The consent check for one study ----

/// The study asked for, if the caller may see it: 404 for an unknown study and for one outside
/// every consent of the caller (the same answer), 403 for one dated before the look-back, or
/// undated for a caller whose scope is limited (fails closed).
StudyRow readableStudy(Services& sv, ImageStore& store, RequestContext& ctx, const std::string& uid) {
  ctx.detail = "study " + uid.substr(0, 64);
  if (ctx.account->role == "admin")  // before the look-up: the office learns nothing of which studies exist
    throw ApiError(403, "forbidden", "The liaison office does not see clinical data.", "clinical data: role admin");
  const auto study = store.study(uid);
  if (!study) throw ApiError(404, "unknown_study", "No such study.");
  PatientAccess access(sv);
  try {
    const PatientScope scope = access.open(ctx, study->patientId, Purpose::Clinical);
    if (const auto d = study->date()) access.requireItem(ctx, scope, *d);
    else if (scope.limited)
      throw ApiError(403, "outside_consent_period", "This study has no date inside the period the consent covers.",
                     "consent: undated study");
  } catch (const ApiError& e) {
    if (e.status() != 404) throw;
    throw ApiError(404, "unknown_study", "No such study.", e.auditDetail());
  }
  return *study;
}

InstanceRow readableInstance(Services& sv, ImageStore& store, RequestContext& ctx, const std::string& studyUid,
                             const std::string& seriesUid, const std::string& sopUid) {
  readableStudy(sv, store, ctx, studyUid);
  const auto inst = store.instance(sopUid);
  if (!inst || inst->studyUid != studyUid || inst->seriesUid != seriesUid) throw ApiError(404, "unknown_instance", "No such instance.");
  ctx.detail = "instance " + sopUid;
  return *inst;
}

/// Native frames read at their offsets (ImageStore indexed them when the instance arrived).
std::vector<std::string> framesAt(const std::filesystem::path& path, const InstanceRow& i, const std::vector<int>& numbers) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("the stored file of " + i.sopUid + " is missing");
  std::vector<std::string> out;
  for (const int n : numbers) {
    if (n < 1 || n > std::max(1, i.frames)) throw std::out_of_range("frame " + std::to_string(n) + " does not exist");
    std::string frame(static_cast<std::size_t>(i.frameBytes), '\0');
    in.seekg(i.pixelOffset + static_cast<std::int64_t>(n - 1) * i.frameBytes);
    if (!in.read(frame.data(), i.frameBytes)) throw std::runtime_error("the stored file of " + i.sopUid + " is short");
    out.push_back(std::move(frame));
  }
  return out;
}

/// "1,2,…,n": the Pixel Data's bulk-data link names every frame (one request gives all of them).
std::string frameList(int frames) {
  std::string list = "1";
  for (int n = 2; n <= std::min(frames, 1000); ++n) list += "," + std::to_string(n);
  return list;
}

std::string fileOf(ImageStore& store, const InstanceRow& i) {
  auto bytes = readStoredFile(store.pathOf(i));
  if (!bytes) throw std::runtime_error("the stored file of " + i.sopUid + " is missing");
  return std::move(*bytes);
}

// ---- Accept negotiation (PS3.18 §8.7) ----

struct Acceptable {
  std::string type, partType, transferSyntax;  ///< transferSyntax: "" (the default), "*" or a UID
};

std::vector<Acceptable> acceptable(const httplib::Request& req) {
  std::vector<Acceptable> out;
  const std::string header = req.get_header_value("Accept");
  if (header.empty()) return {{"*/*", "", "*"}};
  std::size_t start = 0;
  while (start <= header.size()) {
    // Commas inside quoted parameters are not separators.
    std::size_t end = start;
    bool quoted = false;
    while (end < header.size() && (quoted || header[end] != ',')) {
      if (header[end] == '"') quoted = !quoted;
      ++end;
    }
    const std::string range = header.substr(start, end - start);
    if (range.find_first_not_of(" \t") != std::string::npos)
      out.push_back({mediaType(range), mediaType(headerParameter(range, "type")), headerParameter(range, "transfer-syntax")});
    start = end + 1;
  }
  return out;
}

/// The transfer syntax to send an instance in: as stored ("*" or no preference), or the one asked
/// for (the default of application/dicom is explicit VR little endian). Empty: nothing acceptable.
std::string instanceSyntax(const std::vector<Acceptable>& accept, const std::string& stored) {
  for (const Acceptable& a : accept) {
    const bool any = a.type == "*/*" || (a.type == "multipart/related" && (a.partType.empty() || a.partType == "*/*"));
    const bool dicom = (a.type == "multipart/related" && a.partType == "application/dicom") || a.type == "application/dicom";
    if (!any && !dicom) continue;
    if (any || a.transferSyntax == "*") return stored;
    return a.transferSyntax.empty() ? kExplicitLittleEndian : a.transferSyntax;
  }
  return {};
}

void ensureMultipartAccepted(const std::vector<Acceptable>& accept) {
  for (const Acceptable& a : accept)
    if (a.type == "*/*" || a.type == "multipart/related" || a.type == "application/dicom") return;
  throw ApiError(406, "not_acceptable", "This resource is sent as multipart/related; type=\"application/dicom\".");
}

std::string sendInstances(ImageStore& store, const std::vector<InstanceRow>& list, const std::vector<Acceptable>& accept,
                          httplib::Response& res) {
  ensureMultipartAccepted(accept);
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
    if (ts.empty()) throw ApiError(406, "not_acceptable", "No acceptable media type for DICOM instances.");
    std::string bytes = fileOf(store, i);
    if (ts != i.transferSyntax) {
      try {
        bytes = transcode(bytes, ts);
      } catch (const std::exception& e) {
        throw ApiError(406, "not_acceptable", std::string("The instance cannot be sent in transfer syntax ") + ts + ": " + e.what());
      }
    }
    parts.push_back({"application/dicom; transfer-syntax=" + ts, "", std::move(bytes)});
  }
  std::string boundary;
  std::string body = buildMultipart(parts, boundary);
  res.set_content(std::move(body), "multipart/related; type=\"application/dicom\"; boundary=" + boundary);
  return std::to_string(parts.size()) + " instance(s)";
}

std::vector<int> frameNumbers(const std::string& list) {
  std::vector<int> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    const auto p = list.find(',', start);
    const std::string n = list.substr(start, p == std::string::npos ? std::string::npos : p - start);
    int v = 0;
    const auto [q, ec] = std::from_chars(n.data(), n.data() + n.size(), v);
    if (ec != std::errc() || q != n.data() + n.size() || v < 1) throw BadRequest("frame numbers are 1, 2, … separated by commas");
    out.push_back(v);
    if (out.size() > 1000) throw BadRequest("at most 1000 frames per request");
    if (p == std::string::npos) break;
    start = p + 1;
  }
  return out;
}

// ---- Purpose limitation and rendering ----

/// A clinic user's download (an instance or a rendered picture) counted against the hourly limit.
void countDownload(DownloadLimit& limit, RequestContext& ctx) {
  if (ctx.account->role != "clinic") return;
  if (const std::int64_t wait = limit.take(ctx.account->id, ctx.now); wait > 0)
    throw ApiError(429, "download_limit",
                   "Too many downloads in the last hour; viewing is not limited. Try again in " + std::to_string((wait + 59) / 60) +
                       " minutes.",
                   "download limit reached");
}

/// "RENKEI DR-TANAKA 2026-12-02 13:05 JST": who took the picture out, and when.
std::string watermarkText(const RequestContext& ctx) {
  const Date d = Date::fromUnixSecondsJst(ctx.now);
  const std::int64_t sec = ctx.now - d.startUnixSecondsJst();
  char hm[8];
  std::snprintf(hm, sizeof hm, "%02d:%02d", static_cast<int>(sec / 3600), static_cast<int>(sec / 60 % 60));
  return "RENKEI " + ctx.account->id + " " + d.iso() + " " + hm + " JST";
}

/// The picture's format from Accept: JPEG unless PNG is asked for (406 for neither).
bool wantsPng(const httplib::Request& req) {
  const std::string accept = req.get_header_value("Accept");
  if (accept.empty()) return false;
  bool jpeg = false, png = false;
  for (const Acceptable& a : acceptable(req)) {
    jpeg |= a.type == "image/jpeg" || a.type == "*/*" || a.type == "image/*";
    png |= a.type == "image/png";
  }
  if (!jpeg && !png) throw ApiError(406, "not_acceptable", "Rendered images are sent as image/jpeg or image/png.");
  return png && (accept.find("image/png") < accept.find("image/jpeg"));
}

RenderRequest renderParams(const httplib::Request& req, int frame) {
  const QueryParams p(req, {"window", "quality", "viewport"});
  RenderRequest r;
  r.frame = frame;
  r.quality = p.integer("quality", 90, 1, 100);
  if (const std::string w = p.text("window", 64); !w.empty()) {
    double c = 0, width = 0;
    char fn[16] = {0};
    if (std::sscanf(w.c_str(), "%lf,%lf,%15s", &c, &width, fn) < 2 || width < 1)
      throw BadRequest("window is center,width[,function] with a width of at least 1");
    r.windowCenter = c;
    r.windowWidth = width;
  }
  if (const std::string v = p.text("viewport", 32); !v.empty()) {
    int w = 0, h = 0;
    if (std::sscanf(v.c_str(), "%d,%d", &w, &h) != 2 || w < 16 || h < 16 || w > 8192 || h > 8192)
      throw BadRequest("viewport is width,height (16 to 8192)");
    r.maxSize = std::max(w, h);
  }
  r.png = wantsPng(req);
  return r;
}

std::string renderOrRefuse(const std::string& file, const RenderRequest& r) {
  try {
    return render(file, r);
  } catch (const std::out_of_range& e) {
    throw ApiError(404, "unknown_frame", e.what());
  } catch (const std::runtime_error& e) {
    throw ApiError(406, "not_acceptable", std::string("This image cannot be rendered here: ") + e.what());
  }
}

// ---- QIDO parameters ----

const std::initializer_list<const char*> kStudyParams{
    "PatientID", "00100020", "StudyDate", "00080020", "ModalitiesInStudy", "00080061", "AccessionNumber", "00080050",
    "StudyInstanceUID", "0020000D", "limit", "offset", "includefield", "fuzzymatching"};

std::string either(const QueryParams& p, const char* keyword, const char* tag) {
  const std::string a = p.text(keyword, 64), b = p.text(tag, 64);
  if (!a.empty() && !b.empty() && a != b) throw BadRequest(std::string(keyword) + " is given twice with different values");
  return a.empty() ? b : a;
}

/// StudyDate as QIDO writes it: "20260101", "20260101-20261231", "-20261231", "20260101-".
void dateRange(const std::string& v, StudyQuery& q) {
  if (v.empty()) return;
  const auto dash = v.find('-');
  const auto parse = [](const std::string& s) -> std::optional<Date> {
    if (s.empty()) return std::nullopt;
    const auto d = Date::parse(s);
    if (!d || s.size() != 8) throw BadRequest("StudyDate must be YYYYMMDD or a range YYYYMMDD-YYYYMMDD");
    return d;
  };
  if (dash == std::string::npos) {
    q.from = q.to = parse(v);
  } else {
    q.from = parse(v.substr(0, dash));
    q.to = parse(v.substr(dash + 1));
    if (!q.from && !q.to) throw BadRequest("StudyDate range needs at least one end");
  }
}

}  // namespace

void registerDicomWebApi(Api& api, ImageStore& store) {
  Services& sv = api.services();
  static DownloadLimit limit(sv.config.downloadsPerHour);  // one per server process

  // STOW-RS: hospital staff send instances (multipart/related; type="application/dicom", or one
  // application/dicom body). 200 all stored, 202 some refused, 409 none stored.
  api.route("POST", "/dicomweb/studies", Access::SessionOrToken, kStaff,
            [&store](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "dicomweb.stow";
              QueryParams(req, {});
              const std::string type = req.get_header_value("Content-Type");
              std::vector<MimePart> parts;
              if (mediaType(type) == "application/dicom") {
                parts.push_back({type, "", req.body});
              } else if (mediaType(type) == "multipart/related") {
                try {
                  parts = parseMultipart(req.body, type);
                } catch (const std::invalid_argument& e) {
                  throw BadRequest(std::string("the multipart body cannot be read: ") + e.what());
                }
              } else {
                throw ApiError(415, "unsupported_media_type", "Send multipart/related; type=\"application/dicom\".");
              }
              json referenced = json::array(), failed = json::array();
              std::vector<std::string> patients;
              for (const MimePart& p : parts) {
                const std::string pt = mediaType(p.contentType);
                if (!pt.empty() && pt != "application/dicom") {
                  failed.push_back({{"00081197", attrInt("US", 0xC000)}, {"00081196", attr("LO", "a part that is not application/dicom")}});
                  continue;
                }
                try {
                  const auto r = store.store(p.body, "stow:" + ctx.account->id, ctx.now);
                  referenced.push_back({{"00081150", attr("UI", r.info.sopClassUid)},
                                        {"00081155", attr("UI", r.info.sopUid)},
                                        {"00081190", attr("UR", "/dicomweb/studies/" + r.info.studyUid + "/series/" +
                                                                    r.info.seriesUid + "/instances/" + r.info.sopUid)}});
                  if (std::find(patients.begin(), patients.end(), r.info.patientId) == patients.end())
                    patients.push_back(r.info.patientId);
                } catch (const DicomError& e) {
                  const int status = e.kind() == DicomError::Kind::TooLarge ? 0xA700 : e.kind() == DicomError::Kind::Unsupported ? 0xA900 : 0xC000;
                  failed.push_back({{"00081197", attrInt("US", status)}, {"00081196", attr("LO", e.what())}});
                }
              }
              if (patients.size() == 1) ctx.patientId = patients[0];
              ctx.detail = std::to_string(referenced.size()) + " stored, " + std::to_string(failed.size()) + " refused";
              if (!failed.empty()) ctx.detail += ": " + failed[0]["00081196"]["Value"][0].get<std::string>().substr(0, 200);
              json out = json::object();
              if (!referenced.empty()) out["00081199"] = {{"vr", "SQ"}, {"Value", referenced}};
              if (!failed.empty()) out["00081198"] = {{"vr", "SQ"}, {"Value", failed}};
              res.status = failed.empty() ? 200 : referenced.empty() ? 409 : 202;
              sendJson(res, out);
            });

  // QIDO-RS: studies. A clinic user's result holds only studies inside their consents' scope.
  api.route("GET", "/dicomweb/studies", Access::SessionOrToken, kAnyone,
            [&sv, &store](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "dicomweb.qido.studies";
              const QueryParams p(req, kStudyParams);
              if (ctx.account->role == "admin")
                throw ApiError(403, "forbidden", "The liaison office does not see clinical data.", "clinical data: role admin");
              StudyQuery q;
              q.patientId = either(p, "PatientID", "00100020");
              q.accession = either(p, "AccessionNumber", "00080050");
              q.studyUid = either(p, "StudyInstanceUID", "0020000D");
              q.modality = either(p, "ModalitiesInStudy", "00080061");
              dateRange(either(p, "StudyDate", "00080020"), q);
              q.limit = p.integer("limit", 100, 1, 1000);
              q.offset = p.integer("offset", 0, 0, 1000000);
              if (const auto visible = PatientAccess(sv).visiblePatients(ctx)) {
                q.restricted = true;
                for (const PatientScope& s : *visible) {
                  q.among.push_back(s.patientId);
                  q.visibleFrom.push_back(s.visibleFrom);
                }
              }
              if (!q.patientId.empty()) ctx.patientId = q.patientId.substr(0, 64);
              // includefield: the fixed study attributes always; "all", PatientBirthDate (00100030) and
              // PatientSex (00100040) add those from the patient record. Other fields are not kept here.
              const std::string include = p.text("includefield", 200);
              const bool all = include.find("all") != std::string::npos;
              const bool birth = all || include.find("PatientBirthDate") != std::string::npos || include.find("00100030") != std::string::npos;
              const bool sex = all || include.find("PatientSex") != std::string::npos || include.find("00100040") != std::string::npos;
              const auto found = store.studies(q);
              json out = json::array();
              std::string shown;
              for (const StudyRow& s : found) {
                json j = studyJson(s, req);
                if (birth || sex) {
                  if (const auto patient = sv.patients.find(s.patientId)) {
                    if (birth) j["00100030"] = attr("DA", patient->birthDate ? da(patient->birthDate->iso()) : "");
                    if (sex) j["00100040"] = attr("CS", patient->sex == "U" ? "" : patient->sex);
                  }
                }
                out.push_back(std::move(j));
                shown += (shown.empty() ? "" : ",") + s.patientId;
              }
              ctx.detail = std::to_string(found.size()) + " studies; patients: " + shown.substr(0, 1000);
              sendJson(res, out);
            });

  api.route("GET", R"(/dicomweb/studies/([0-9.]+)/series)", Access::SessionOrToken, kAnyone,
            [&sv, &store](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "dicomweb.qido.series";
              QueryParams(req, {"limit", "offset", "includefield"});
              const StudyRow study = readableStudy(sv, store, ctx, req.matches[1]);
              json out = json::array();
              for (const SeriesRow& s : store.series(study.uid)) out.push_back(seriesJson(s, req));
              sendJson(res, out);
            });

  const auto instancesQuery = [&sv, &store](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
    ctx.action = "dicomweb.qido.instances";
    QueryParams(req, {"limit", "offset", "includefield"});
    const StudyRow study = readableStudy(sv, store, ctx, req.matches[1]);
    json out = json::array();
    for (const InstanceRow& i : store.instances(study.uid, req.matches.size() > 2 ? req.matches[2].str() : ""))
      out.push_back(instanceJson(i, req));
    sendJson(res, out);
  };
  api.route("GET", R"(/dicomweb/studies/([0-9.]+)/instances)", Access::SessionOrToken, kAnyone, instancesQuery);
  api.route("GET", R"(/dicomweb/studies/([0-9.]+)/series/([0-9.]+)/instances)", Access::SessionOrToken, kAnyone, instancesQuery);

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
              if (list.empty()) throw ApiError(404, "unknown_series", "No such series.");
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
  const auto metadata = [&sv, &store](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
    ctx.action = "dicomweb.metadata";
    QueryParams(req, {});
    const StudyRow study = readableStudy(sv, store, ctx, req.matches[1]);
    std::vector<InstanceRow> list;
    if (req.matches.size() > 3) {
      list.push_back(readableInstance(sv, store, ctx, req.matches[1], req.matches[2], req.matches[3]));
    } else {
      list = store.instances(study.uid, req.matches.size() > 2 ? req.matches[2].str() : "");
    }
    if (list.empty()) throw ApiError(404, "unknown_series", "No such series.");
    std::string body = "[";
    for (const InstanceRow& i : list) {
      if (body.size() > 1) body += ",";
      body += metadataJson(fileOf(store, i), "/dicomweb/studies/" + i.studyUid + "/series/" + i.seriesUid + "/instances/" +
                                                 i.sopUid + "/frames/" + frameList(i.frames));
    }
    body += "]";
    ctx.detail = "metadata of " + std::to_string(list.size()) + " instance(s) in study " + study.uid;
    res.set_content(body, kDicomJson);
  };
  api.route("GET", R"(/dicomweb/studies/([0-9.]+)/metadata)", Access::SessionOrToken, kAnyone, metadata);
  api.route("GET", R"(/dicomweb/studies/([0-9.]+)/series/([0-9.]+)/metadata)", Access::SessionOrToken, kAnyone, metadata);
  api.route("GET", R"(/dicomweb/studies/([0-9.]+)/series/([0-9.]+)/instances/([0-9.]+)/metadata)", Access::SessionOrToken, kAnyone,
            metadata);

  // Frames: as stored when the client takes that syntax, or decompressed to explicit VR little endian.
  api.route("GET", R"(/dicomweb/studies/([0-9.]+)/series/([0-9.]+)/instances/([0-9.]+)/frames/([0-9,]+))", Access::SessionOrToken,
            kAnyone, [&sv, &store](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "dicomweb.wado.frames";
              QueryParams(req, {});
              const std::vector<int> numbers = frameNumbers(req.matches[4]);
              const InstanceRow i = readableInstance(sv, store, ctx, req.matches[1], req.matches[2], req.matches[3]);
              const std::string storedType = frameMediaType(i.transferSyntax);
              bool asStored = false, decompressed = false;
              for (const Acceptable& a : acceptable(req)) {
                const bool any = a.type == "*/*" || (a.type == "multipart/related" && (a.partType.empty() || a.partType == "*/*"));
                if (any || a.transferSyntax == "*" || a.transferSyntax == i.transferSyntax ||
                    (a.type == "multipart/related" && (a.partType == storedType || (storedType == "image/jls" && a.partType == "image/x-jls")) &&
                     a.transferSyntax.empty() && !isUncompressed(i.transferSyntax))) {
                  asStored = true;
                  break;
                }
                if (a.type == "multipart/related" && a.partType == "application/octet-stream" &&
                    (a.transferSyntax.empty() || a.transferSyntax == kExplicitLittleEndian)) {
                  decompressed = true;
                  break;
                }
              }
              if (!asStored && !decompressed)
                throw ApiError(406, "not_acceptable",
                               "Frames of this instance are sent as " + storedType + " (transfer syntax " + i.transferSyntax +
                                   ") or as application/octet-stream (1.2.840.10008.1.2.1).");
              const bool decompress = decompressed && !isUncompressed(i.transferSyntax);
              // At most 256 MiB of frames per answer (frame numbers may repeat; all are held in memory).
              constexpr std::int64_t kMaxFrameBytes = 256ll << 20;
              const std::int64_t frameSize = i.frameBytes > 0 ? i.frameBytes : static_cast<std::int64_t>(i.rows) * i.columns * std::max(1, i.bitsAllocated / 8) * 3;
              if (frameSize * static_cast<std::int64_t>(numbers.size()) > kMaxFrameBytes)
                throw ApiError(413, "too_many_frames", "Ask for fewer frames at a time (at most 256 MiB in one answer).");
              std::vector<std::string> data;
              try {
                if (!decompress && i.pixelOffset > 0 && i.frameBytes > 0) {
                  data = framesAt(store.pathOf(i), i, numbers);  // straight from the file, no parsing
                } else {
                  data = frames(fileOf(store, i), numbers, decompress);
                }
              } catch (const std::out_of_range& e) {
                throw ApiError(404, "unknown_frame", e.what());
              } catch (const std::runtime_error& e) {
                if (!decompress) throw;
                throw ApiError(406, "not_acceptable", std::string("The frames cannot be decompressed here: ") + e.what());
              }
              const std::string ts = decompress || isUncompressed(i.transferSyntax) ? kExplicitLittleEndian : i.transferSyntax;
              const std::string type = decompress ? "application/octet-stream" : storedType;
              std::vector<MimePart> parts;
              for (std::size_t k = 0; k < data.size(); ++k)
                parts.push_back({type + "; transfer-syntax=" + ts, "", std::move(data[k])});
              std::string boundary;
              std::string body = buildMultipart(parts, boundary);
              res.set_content(std::move(body), "multipart/related; type=\"" + type + "\"; boundary=" + boundary);
              ctx.detail = "instance " + i.sopUid + " frames " + req.matches[4].str().substr(0, 100);
            });

  // Rendered pictures (an export: watermarked with who and when, counted for clinic users) and
  // thumbnails (navigation: small, neither watermarked nor counted).
  const auto rendered = [&sv, &store, lim = &limit](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
    ctx.action = "dicomweb.rendered";
    int frame = 1;
    if (req.matches.size() > 4) {
      const std::vector<int> n = frameNumbers(req.matches[4]);
      if (n.size() != 1) throw BadRequest("one frame is rendered at a time");
      frame = n[0];
    }
    RenderRequest r = renderParams(req, frame);
    const InstanceRow i = readableInstance(sv, store, ctx, req.matches[1], req.matches[2], req.matches[3]);
    r.watermark = watermarkText(ctx);
    std::string picture = renderOrRefuse(fileOf(store, i), r);
    countDownload(*lim, ctx);  // only what is actually handed out counts
    res.set_content(std::move(picture), r.png ? "image/png" : "image/jpeg");
    ctx.detail = "instance " + i.sopUid + " frame " + std::to_string(frame) + " rendered, watermark '" + r.watermark + "'";
  };
  api.route("GET", R"(/dicomweb/studies/([0-9.]+)/series/([0-9.]+)/instances/([0-9.]+)/rendered)", Access::SessionOrToken,
            kAnyone, rendered);
  api.route("GET", R"(/dicomweb/studies/([0-9.]+)/series/([0-9.]+)/instances/([0-9.]+)/frames/([0-9,]+)/rendered)",
            Access::SessionOrToken, kAnyone, rendered);
  const auto thumbnail = [&sv, &store](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
    ctx.action = "dicomweb.thumbnail";
    RenderRequest r = renderParams(req, 1);
    // Small by definition: neither watermarked nor counted, so never big enough to stand for an export.
    r.maxSize = std::min(r.maxSize == 0 ? 128 : r.maxSize, 256);
    InstanceRow i;
    if (req.matches.size() > 3) {
      i = readableInstance(sv, store, ctx, req.matches[1], req.matches[2], req.matches[3]);
    } else {  // a series: its middle image
      readableStudy(sv, store, ctx, req.matches[1]);
      const auto list = store.instances(req.matches[1], req.matches[2]);
      if (list.empty()) throw ApiError(404, "unknown_series", "No such series.");
      i = list[list.size() / 2];
    }
    res.set_content(renderOrRefuse(fileOf(store, i), r), r.png ? "image/png" : "image/jpeg");
    ctx.detail = "thumbnail of instance " + i.sopUid;
  };
  api.route("GET", R"(/dicomweb/studies/([0-9.]+)/series/([0-9.]+)/instances/([0-9.]+)/thumbnail)", Access::SessionOrToken,
            kAnyone, thumbnail);
  api.route("GET", R"(/dicomweb/studies/([0-9.]+)/series/([0-9.]+)/thumbnail)", Access::SessionOrToken, kAnyone, thumbnail);
}

void registerStudyApi(Api& api, ImageStore& store) {
  Services& sv = api.services();
  // A patient's imaging studies for the app's timeline (JSON API, not DICOMweb): each study inside
  // the caller's scope with its series and its radiology reports from the document model.
  api.route("GET", R"(/api/v1/patients/([^/]+)/studies)", Access::Session, kAnyone,
            [&sv, &store](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "studies.list";
              ctx.patientId = req.matches[1].str().substr(0, 64);
              QueryParams(req, {});
              const PatientScope scope = PatientAccess(sv).open(ctx, req.matches[1], Purpose::Clinical);
              StudyQuery q;
              q.patientId = scope.patientId;
              q.limit = 1000;
              if (scope.limited) {
                q.restricted = true;
                q.among = {scope.patientId};
                q.visibleFrom = {scope.visibleFrom};
              }
              const auto documents = sv.documents.list(scope.patientId, scope.limited ? scope.visibleFrom : std::nullopt, "");
              json out = json::array();
              for (const StudyRow& st : store.studies(q)) {
                json reports = json::array();
                for (const StoredDocument& d : documents)
                  if (d.document.studyUid == st.uid)
                    reports.push_back({{"id", d.id}, {"title", d.document.title},
                                       {"status", records::toString(d.document.status)}, {"author", d.document.author}});
                json series = json::array();
                for (const SeriesRow& se : store.series(st.uid))
                  series.push_back({{"uid", se.uid}, {"modality", se.modality}, {"number", se.number},
                                    {"description", se.description}, {"instances", se.instances}});
                out.push_back({{"uid", st.uid}, {"date", st.studyDate}, {"time", st.studyTime}, {"accession", st.accession},
                               {"description", st.description}, {"modalities", st.modalities}, {"instances", st.instances},
                               {"series", series}, {"reports", reports}, {"received_at", st.receivedAt},
                               {"updated_at", st.updatedAt}});
              }
              ctx.detail = std::to_string(out.size()) + " studies";
              res.set_content(json{{"patient_id", scope.patientId}, {"studies", out}}.dump(), "application/json");
            });
}

}  // namespace renkei::server
