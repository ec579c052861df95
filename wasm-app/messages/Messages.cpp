// SPDX-License-Identifier: MIT
// Messaging requests (issue 14, R-MSG-1): the threads, one thread with its messages (reading it
// records the receipts on the server), a new thread or a reply, each followed by its attachments
// (the bytes as the body, the name in X-File-Name), and the unread count for the bar.
#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>

#include "core/text/Trim.h"
#include "wasm-app/App.h"
#include "wasm-app/JsonField.h"
#include "wasm-app/ServerAnswer.h"
#include "wasm-app/Ui.h"
#include "wasm-app/platform/Browser.h"
#include "wasm-app/platform/Http.h"
#include "wasm-app/viewer/GreyShader.h"

namespace renkei::app {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxAttachmentBytes = 20000000;  // the server's default cap (message_attachment_bytes)

/// Sends `files` one after the other as attachments of message `id`, reporting to `progress`, then
/// `done` (with the first error, or "").
void uploadAttachments(App& app, std::int64_t id, std::vector<PendingFile> files, UploadProgress* progress,
                       std::function<void(std::string)> done) {
  if (files.empty()) {
    *progress = UploadProgress{};
    return done("");
  }
  PendingFile f = std::move(files.front());
  files.erase(files.begin());
  progress->file += 1;
  progress->files = std::max(progress->files, progress->file + static_cast<int>(files.size()));
  progress->sent = 0;
  progress->total = static_cast<double>(f.bytes.size());
  HttpRequest r;
  r.method = "POST";
  r.path = "/api/v1/messages/" + std::to_string(id) + "/attachments";
  r.contentType = "application/octet-stream";  // the server decides the type from the bytes
  r.body = std::move(f.bytes);
  r.hasBody = true;
  r.headers.emplace_back("X-File-Name", urlEncode(f.name));
  httpUpload(
      std::move(r),
      [progress](double sent, double total) {
        progress->sent = sent;
        if (total > 0) progress->total = total;
      },
      [&app, id, progress, files = std::move(files), done = std::move(done)](const HttpResponse& answer) mutable {
        std::string error;
        if (!serverAnswer(app, answer, error)) {
          *progress = UploadProgress{};
          return done(error);
        }
        uploadAttachments(app, id, std::move(files), progress, std::move(done));
      });
}

void releasePreviews(ThreadPage& t) {
  for (Preview& p : t.previews) deleteTexture(p.texture);
  t.previews.clear();
}

}  // namespace

void releaseMessages(App& app) {
  releasePreviews(app.thread);
  app.thread = ThreadPage{};
  app.inbox = InboxPage{};
  app.unreadMessages = 0;
}

void App::openInbox() {
  releasePreviews(thread);
  thread = ThreadPage{};
  inbox.error.clear();
  inbox.notice.clear();
  screen = Screen::Inbox;
  loadThreads();
  if (user.role == "clinic") loadDestinations();
}

void App::loadDestinations() {
  if (!inbox.destinations.empty()) return;
  httpGet("/api/v1/messages/departments", [this](const HttpResponse& r) {
    if (screen != Screen::Inbox) return;
    std::string ignored;  // the two departments are offered without it
    if (const auto j = serverAnswer(*this, r, ignored)) inbox.destinations = destinationsFrom(*j);
  });
}

void App::loadThreads() {
  inbox.loading = true;
  const std::string query = inbox.query;
  std::string path = "/api/v1/threads?limit=200";
  if (!text::isBlank(query)) path += "&q=" + urlEncode(query);
  httpGet(path, [this, query](const HttpResponse& r) {
    if (screen != Screen::Inbox || inbox.query != query) return;
    inbox.loading = false;
    const auto j = serverAnswer(*this, r, inbox.error);
    if (!j) return;
    inbox.threads = threadsFrom(*j);
  });
  refreshUnread();
}

void App::composeThread(const std::string& patientId, const std::string& patientName) {
  inbox = InboxPage{};
  inbox.compose.open = true;
  inbox.compose.patientId = patientId;
  inbox.compose.patientName = patientName;
  openInbox();
}

void App::sendThread() {
  ComposeForm& c = inbox.compose;
  if (c.busy) return;
  if (text::isBlank(c.subject) || text::isBlank(c.text)) {
    c.error = t(T::FillMessage);
    return;
  }
  c.busy = true;
  c.error.clear();
  json body{{"subject", c.subject}, {"department", c.department}, {"text", c.text}};
  if (!c.patientId.empty()) body["patient_id"] = c.patientId;
  if (user.role == "clinic") body["to_whole_clinic"] = c.wholeClinic;
  httpPostJson("/api/v1/threads", body.dump(), [this](const HttpResponse& r) {
    if (screen != Screen::Inbox) return;
    ComposeForm& form = inbox.compose;
    const auto j = serverAnswer(*this, r, form.error);
    if (!j) {
      form.busy = false;
      return;
    }
    const std::int64_t threadId = jsonInteger(jsonObject(*j, "thread"), "id");
    const std::int64_t messageId = jsonInteger(jsonObject(*j, "message"), "id");
    uploadAttachments(*this, messageId, std::move(form.files), &inbox.compose.upload, [this, threadId](std::string error) {
      inbox.compose = ComposeForm{};
      if (!error.empty()) {
        inbox.error = error;  // the message went; an attachment did not
        loadThreads();
        return;
      }
      openThread(threadId);
      thread.notice = t(T::MessageSent);
    });
  });
}

void App::openThread(std::int64_t id) {
  releasePreviews(thread);
  thread = ThreadPage{};
  thread.id = id;
  thread.loading = true;
  screen = Screen::Thread;
  httpGet("/api/v1/threads/" + std::to_string(id), [this, id](const HttpResponse& r) {
    if (screen != Screen::Thread || thread.id != id) return;
    thread.loading = false;
    const auto j = serverAnswer(*this, r, thread.error);
    if (!j) return;
    thread.thread = threadFrom(jsonObject(*j, "thread"));
    thread.messages = messagesFrom(*j);
    refreshUnread();  // reading it has marked its messages read
  });
}

void App::sendReply() {
  if (thread.busy || text::isBlank(thread.reply)) return;
  thread.busy = true;
  thread.error.clear();
  const std::int64_t id = thread.id;
  httpPostJson("/api/v1/threads/" + std::to_string(id) + "/messages", json{{"text", thread.reply}}.dump(), [this, id](const HttpResponse& r) {
    if (screen != Screen::Thread || thread.id != id) return;
    const auto j = serverAnswer(*this, r, thread.error);
    if (!j) {
      thread.busy = false;
      return;
    }
    const std::int64_t messageId = jsonInteger(jsonObject(*j, "message"), "id");
    uploadAttachments(*this, messageId, std::move(thread.files), &thread.upload, [this, id](std::string error) {
      if (screen != Screen::Thread || thread.id != id) return;
      openThread(id);
      thread.error = error;
      if (error.empty()) thread.notice = t(T::MessageSent);
    });
  });
}

void App::chooseMessageFile(bool forCompose) {
  chooseFile("application/pdf,image/png,image/jpeg,application/dicom,.pdf,.png,.jpg,.jpeg,.dcm", kMaxAttachmentBytes,
             [this, forCompose](const ChosenFile& f) {
               std::string& error = forCompose ? inbox.compose.error : thread.error;
               if (f.bytes.empty()) {
                 error = t(T::AttachmentTooLarge);
                 return;
               }
               error.clear();
               (forCompose ? inbox.compose.files : thread.files).push_back({f.name, f.bytes});
             });
}

void App::openAttachment(const AttachmentInfo& a) {
  HttpRequest r;
  r.path = "/api/v1/attachments/" + std::to_string(a.id);
  r.accept = "*/*";
  const std::int64_t threadId = thread.id;
  const bool image = a.mediaType == "image/png" || a.mediaType == "image/jpeg";
  if (image) thread.previews.push_back({a.id, 0, 0, 0, true});
  httpSend(std::move(r), [this, a, image, threadId](const HttpResponse& answer) {
    if (screen != Screen::Thread || thread.id != threadId) return;
    if (answer.status != 200) {
      std::string error;
      serverAnswer(*this, answer, error);
      thread.error = error;
      return;
    }
    if (!image) return saveFile(a.name, a.mediaType, answer.body);
    decodePicture(answer.body, [this, id = a.id, threadId](const DecodedPicture& p) {
      if (screen != Screen::Thread || thread.id != threadId) return;
      for (Preview& v : thread.previews)
        if (v.attachment == id && v.loading) {
          v.loading = false;
          if (p.width == 0) return;
          uploadRgba(v.texture, p.rgba, p.width, p.height);
          v.width = p.width;
          v.height = p.height;
        }
    });
  });
}

void drawUploadProgress(const App& app, const UploadProgress& u) {
  if (u.files == 0) return;
  const float fraction = u.total > 0 ? static_cast<float>(u.sent / u.total) : 0.0f;
  const std::string label = textf(T::UploadingFiles, app.language, u.file, u.files) + "  " +
                            std::to_string(static_cast<int>(fraction * 100.0f + 0.5f)) + "%";
  ImGui::ProgressBar(fraction, ImVec2(-1.0f, 0.0f), "");
  ui::text(label.c_str());
}

void App::refreshUnread() {
  lastUnreadPoll = ImGui::GetTime();
  httpGet("/api/v1/messages/unread", [this](const HttpResponse& r) {
    if (r.status != 200 || user.userId.empty()) return;  // quietly: the bar is not the place for errors
    const json j = json::parse(r.body, nullptr, false);
    if (!j.is_discarded()) unreadMessages = static_cast<int>(jsonInteger(j, "unread"));
  });
}

void App::pollUnread() {
  const ImGuiIO& io = ImGui::GetIO();
  const double now = ImGui::GetTime();
  if (io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || ImGui::IsAnyMouseDown() || !io.InputQueueCharacters.empty()) lastInputAt = now;
  if (now - lastUnreadPoll >= 60.0 && now - lastInputAt < 60.0) refreshUnread();
}

}  // namespace renkei::app
