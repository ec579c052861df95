// SPDX-License-Identifier: MIT
#include "server/crypto/Digest.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace renkei::server {

std::string sha256Hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (!EVP_Digest(data.data(), data.size(), md, &n, EVP_sha256(), nullptr)) throw std::runtime_error("sha256 failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (unsigned int i = 0; i < n; ++i) {
    out += kHex[md[i] >> 4];
    out += kHex[md[i] & 15];
  }
  return out;
}

std::string base64Encode(const unsigned char* data, size_t n) {
  std::string out(4 * ((n + 2) / 3) + 1, '\0');
  const int len = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(n));
  out.resize(static_cast<size_t>(len));
  return out;
}

bool base64Decode(std::string_view in, std::vector<unsigned char>& out) {
  if (in.empty() || in.size() % 4 != 0) return false;
  out.assign(3 * in.size() / 4 + 1, 0);
  const int len = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  if (len < 0) return false;
  size_t pad = 0;
  if (in.back() == '=') ++pad;
  if (in.size() > 1 && in[in.size() - 2] == '=') ++pad;
  out.resize(static_cast<size_t>(len) - pad);
  return true;
}

std::string randomToken(int bytes) {
  std::vector<unsigned char> buf(static_cast<size_t>(bytes));
  if (RAND_bytes(buf.data(), bytes) != 1) throw std::runtime_error("RAND_bytes failed");
  std::string s = base64Encode(buf.data(), buf.size());
  for (char& c : s) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!s.empty() && s.back() == '=') s.pop_back();
  return s;
}

std::string randomPassword(int length) {
  static constexpr char kAlphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-";
  constexpr unsigned kSize = sizeof kAlphabet - 1;  // 57
  std::string out;
  while (static_cast<int>(out.size()) < length) {
    unsigned char b = 0;
    if (RAND_bytes(&b, 1) != 1) throw std::runtime_error("RAND_bytes failed");
    if (b >= 256 / kSize * kSize) continue;  // reject to stay uniform
    out += kAlphabet[b % kSize];
  }
  // At least two kinds of characters, as the policy requires; retry in the rare case there are not.
  const bool digit = out.find_first_of("23456789") != std::string::npos;
  return digit ? out : randomPassword(length);
}

}  // namespace renkei::server
