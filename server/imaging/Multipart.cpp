// SPDX-License-Identifier: MIT
#include "server/imaging/Multipart.h"

#include <algorithm>
#include <cctype>

#include "core/text/Trim.h"
#include "server/crypto/Digest.h"

namespace renkei::server {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

/// Header text without the spaces and tabs around it (RFC 9110 OWS) and a CR at its end.
std::string_view trim(std::string_view s) { return text::trimEnd(text::trimStart(s, text::kSpacesAndTabs), " \t\r"); }

}  // namespace

std::string mediaType(std::string_view header) { return lower(trim(header.substr(0, header.find(';')))); }

std::string headerParameter(std::string_view header, std::string_view name) {
  std::size_t pos = header.find(';');
  while (pos != std::string_view::npos) {
    ++pos;
    const std::size_t eq = header.find('=', pos);
    if (eq == std::string_view::npos) return {};
    const std::string key = lower(trim(header.substr(pos, eq - pos)));
    std::size_t v = eq + 1;
    while (v < header.size() && header[v] == ' ') ++v;
    std::string value;
    std::size_t end = v;
    if (v < header.size() && header[v] == '"') {
      end = header.find('"', v + 1);
      if (end == std::string_view::npos) return {};
      value = std::string(header.substr(v + 1, end - v - 1));
      end = header.find(';', end);
    } else {
      end = header.find(';', v);
      value = std::string(trim(header.substr(v, end == std::string_view::npos ? std::string_view::npos : end - v)));
    }
    if (key == name) return value;
    pos = end;
  }
  return {};
}

std::vector<MimePart> parseMultipart(std::string_view body, std::string_view contentType, std::size_t maxParts) {
  const std::string boundary = headerParameter(contentType, "boundary");
  if (boundary.empty() || boundary.size() > 200) throw std::invalid_argument("the Content-Type has no usable boundary parameter");
  const std::string delimiter = "--" + boundary;
  std::vector<MimePart> parts;
  std::size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) throw std::invalid_argument("the body does not contain the boundary");
  for (;;) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") return parts;  // the closing delimiter
    const std::size_t lineEnd = body.find("\r\n", pos);
    if (lineEnd == std::string_view::npos) throw std::invalid_argument("a part is cut off");
    const std::size_t headersEnd = body.find("\r\n\r\n", lineEnd);
    if (headersEnd == std::string_view::npos) throw std::invalid_argument("a part's headers are cut off");
    const std::size_t next = body.find("\r\n" + delimiter, headersEnd + 4 - 2);
    if (next == std::string_view::npos) throw std::invalid_argument("the body has no closing boundary");
    MimePart part;
    std::string_view headers = body.substr(lineEnd + 2, headersEnd - lineEnd - 2);
    while (!headers.empty()) {
      const std::size_t e = headers.find("\r\n");
      const std::string_view line = headers.substr(0, e);
      const std::size_t colon = line.find(':');
      if (colon != std::string_view::npos) {
        const std::string name = lower(trim(line.substr(0, colon)));
        if (name == "content-type") part.contentType = std::string(trim(line.substr(colon + 1)));
        if (name == "content-location") part.location = std::string(trim(line.substr(colon + 1)));
      }
      if (e == std::string_view::npos) break;
      headers.remove_prefix(e + 2);
    }
    const std::size_t start = headersEnd + 4;
    part.body = next >= start ? std::string(body.substr(start, next - start)) : std::string();
    parts.push_back(std::move(part));
    if (parts.size() > maxParts) throw std::invalid_argument("too many parts");
    pos = next + 2;
  }
}

std::string buildMultipart(const std::vector<MimePart>& parts, std::string& boundary) {
  for (;;) {
    boundary = "renkei-" + randomToken(12);
    if (std::none_of(parts.begin(), parts.end(), [&](const MimePart& p) { return p.body.find(boundary) != std::string::npos; })) break;
  }
  std::string out;
  std::size_t size = 0;
  for (const MimePart& p : parts) size += p.body.size() + boundary.size() + 128;
  out.reserve(size + boundary.size() + 8);
  for (const MimePart& p : parts) {
    out += "--" + boundary + "\r\nContent-Type: " + p.contentType + "\r\n";
    if (!p.location.empty()) out += "Content-Location: " + p.location + "\r\n";
    out += "\r\n";
    out += p.body;
    out += "\r\n";
  }
  out += "--" + boundary + "--\r\n";
  return out;
}

}  // namespace renkei::server
