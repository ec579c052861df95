// SPDX-License-Identifier: MIT
// RenderedApi — rendered pictures (PS3.18 §10.4.1.1.3, /rendered) and thumbnails: a frame as JPEG
// or PNG, windowed and scaled as asked. A rendered picture is an export: watermarked with who took
// it out and when, and counted for clinic users. A thumbnail is navigation: small, neither
// watermarked nor counted.
#include <algorithm>
#include <cstdio>
#include <semaphore>

#include "server/api/ErrorResponse.h"
#include "server/api/QueryParams.h"
#include "server/api/Roles.h"
#include "server/http/AnswerCache.h"
#include "server/imaging/AcceptNegotiation.h"
#include "server/imaging/DicomWebApi.h"
#include "server/imaging/ImageStore.h"
#include "server/imaging/Rendering.h"

namespace renkei::server::dicomweb {
namespace {

/// "RENKEI DR-TANAKA 2026-12-02 13:05 JST": who took the picture out, and when.
std::string watermarkText(const RequestContext& ctx) {
  const Date d = Date::fromUnixSecondsJst(ctx.now);
  const std::int64_t sec = ctx.now - d.startUnixSecondsJst();
  char hm[8];
  std::snprintf(hm, sizeof hm, "%02d:%02d", static_cast<int>(sec / 3600), static_cast<int>(sec / 60 % 60));
  return "RENKEI " + ctx.account->id + " " + ctx.account->facilityId + " " + d.iso() + " " + hm + " JST";
}

/// The picture's format from Accept: JPEG unless PNG is asked for (406 for neither).
bool wantsPng(const httplib::Request& req) {
  const PictureType type = chooseRenderedType(req.get_header_value("Accept"));
  if (type == PictureType::NotAcceptable) throw Refusal(Error::NotAcceptable, "Rendered images are sent as image/jpeg or image/png.");
  return type == PictureType::Png;
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
      throw Refusal(Error::BadRequest, "window is center,width[,function] with a width of at least 1");
    r.windowCenter = c;
    r.windowWidth = width;
  }
  if (const std::string v = p.text("viewport", 32); !v.empty()) {
    int w = 0, h = 0;
    if (std::sscanf(v.c_str(), "%d,%d", &w, &h) != 2 || w < 16 || h < 16 || w > 8192 || h > 8192)
      throw Refusal(Error::BadRequest, "viewport is width,height (16 to 8192)");
    r.maxSize = std::max(w, h);
  }
  r.png = wantsPng(req);
  return r;
}

/// Decoding a 512×512 CT and scaling it takes a few MB for the moment it runs and is all CPU: past a
/// few at once more would only hold more memory (32 thumbnails at once: ~70 MB), not finish sooner.
std::counting_semaphore<> gRenders(4);

std::string renderOrRefuse(const std::string& file, const RenderRequest& r) {
  struct Turn {
    Turn() { gRenders.acquire(); }
    ~Turn() { gRenders.release(); }
  } turn;
  try {
    return render(file, r);
  } catch (const std::out_of_range& e) {
    throw Refusal(Error::UnknownFrame, e.what());
  } catch (const std::runtime_error& e) {
    throw Refusal(Error::NotAcceptable, std::string("This image cannot be rendered here: ") + e.what());
  }
}

}  // namespace

void registerRendered(Api& api, ImageStore& store, DownloadLimit& limit) {
  Services& sv = api.services();

  // Rendered pictures (an export: watermarked with who and when, counted for clinic users) and
  // thumbnails (navigation: small, neither watermarked nor counted).
  const auto rendered = [&sv, &store, lim = &limit](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
    ctx.action = "dicomweb.rendered";
    int frame = 1;
    if (req.matches.size() > 4) {
      const std::vector<int> n = frameNumbers(req.matches[4]);
      if (n.size() != 1) throw Refusal(Error::BadRequest, "one frame is rendered at a time");
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
  // The viewer's "save as PNG" (R-VIEW-4): the browser burns in the watermark this answer names and
  // saves the view on screen. Asked for before anything is saved, so that every export is audited
  // and counted like a rendered picture — and refused past the hourly limit.
  api.route("POST", R"(/dicomweb/studies/([0-9.]+)/series/([0-9.]+)/instances/([0-9.]+)/export)", Access::Session, kAnyone,
            [&sv, &store, lim = &limit](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "dicomweb.export";
              const InstanceRow i = readableInstance(sv, store, ctx, req.matches[1], req.matches[2], req.matches[3]);
              countDownload(*lim, ctx);
              const std::string watermark = watermarkText(ctx);
              res.set_content(nlohmann::json{{"watermark", watermark}, {"instance", i.sopUid}}.dump(), "application/json");
              ctx.detail = "view of instance " + i.sopUid + " exported as PNG, watermark '" + watermark + "'";
            });
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
      if (list.empty()) throw Refusal(Error::UnknownSeries, "No such series.");
      i = list[list.size() / 2];
    }
    // A thumbnail follows from the stored file (never changed) and the request's parameters: kept.
    static AnswerCache thumbnails(4u << 20);
    const std::string key = i.storedFile + "|" + std::to_string(r.windowCenter.value_or(-1e300)) + "|" +
                            std::to_string(r.windowWidth.value_or(-1e300)) + "|" + std::to_string(r.maxSize) + "|" +
                            std::to_string(r.quality) + "|" + (r.png ? "png" : "jpeg");
    auto picture = thumbnails.find(key);
    if (!picture) {
      picture = std::make_shared<const std::string>(renderOrRefuse(fileOf(store, i), r));
      thumbnails.keep(key, picture);
    }
    res.set_content(*picture, r.png ? "image/png" : "image/jpeg");
    ctx.detail = "thumbnail of instance " + i.sopUid;
  };
  api.route("GET", R"(/dicomweb/studies/([0-9.]+)/series/([0-9.]+)/instances/([0-9.]+)/thumbnail)", Access::SessionOrToken,
            kAnyone, thumbnail);
  api.route("GET", R"(/dicomweb/studies/([0-9.]+)/series/([0-9.]+)/thumbnail)", Access::SessionOrToken, kAnyone, thumbnail);
}

}  // namespace renkei::server::dicomweb
