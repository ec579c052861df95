// SPDX-License-Identifier: MIT
#include "server/auth/TwoFactor.h"
#include "core/errors/Error.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>
#include <SQLiteCpp/Transaction.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <qrencode.h>

#include <memory>
#include <stdexcept>

#include "core/totp/Totp.h"
#include "server/auth/Accounts.h"
#include "server/crypto/Digest.h"

namespace renkei::server {
namespace {

constexpr int kSecretBytes = 20;  // 160 bits, RFC 4226's recommendation for HMAC-SHA-1
constexpr int kRecoveryCodes = 10;

std::vector<unsigned char> randomBytes(int n) {
  std::vector<unsigned char> b(static_cast<std::size_t>(n));
  if (RAND_bytes(b.data(), n) != 1) throw std::runtime_error("OpenSSL: no random bytes");
  return b;
}

std::string recoveryHash(const std::string& accountId, const std::string& normalised) {
  return sha256Hex("renkei-recovery\n" + accountId + "\n" + normalised);
}

std::vector<std::string> qrRows(const std::string& text) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1),
                                                     &QRcode_free);
  if (!qr) throw std::runtime_error("libqrencode could not encode the enrolment URI");
  std::vector<std::string> rows(static_cast<std::size_t>(qr->width), std::string(static_cast<std::size_t>(qr->width), '0'));
  for (int y = 0; y < qr->width; ++y)
    for (int x = 0; x < qr->width; ++x)
      if (qr->data[y * qr->width + x] & 1) rows[static_cast<std::size_t>(y)][static_cast<std::size_t>(x)] = '1';
  return rows;
}

bool sameCode(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string TwoFactor::code(const std::vector<unsigned char>& secret, std::int64_t counter, int digits) {
  const auto message = totp::counterMessage(counter);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()), message.data(), message.size(), mac, &len))
    throw std::runtime_error("OpenSSL: HMAC-SHA-1 failed");
  return totp::truncate(std::vector<std::uint8_t>(mac, mac + len), digits);
}

bool TwoFactor::enrolled(const std::string& accountId) {
  auto qQuery = db_.query("SELECT 1 FROM totp WHERE account_id = ? AND confirmed_at IS NOT NULL");
  SQLite::Statement& q = *qQuery;
  q.bind(1, accountId);
  return q.executeStep();
}

TotpEnrolment TwoFactor::begin(const std::string& accountId, std::int64_t now) {
  if (enrolled(accountId))
    throw Refusal(Error::TotpAlreadyEnrolled, "Two-factor log-in is already set up. To move it to a new phone, ask the liaison office to reset it.");
  const auto secret = randomBytes(kSecretBytes);
  auto upQuery = db_.query("INSERT INTO totp (account_id, secret_sealed, created_at) VALUES (?, ?, ?)"
                       " ON CONFLICT (account_id) DO UPDATE SET secret_sealed = excluded.secret_sealed,"
                       " created_at = excluded.created_at, last_counter = NULL");
  SQLite::Statement& up = *upQuery;
  SQLite::bind(up, accountId, box_.seal(secret, accountId), now);
  up.exec();
  TotpEnrolment e;
  e.secretBase32 = totp::base32Encode(secret);
  e.uri = totp::otpauthUri(issuer_, accountId, e.secretBase32);
  e.qrRows = qrRows(e.uri);
  return e;
}

std::optional<std::int64_t> TwoFactor::matchingCounter(const std::vector<unsigned char>& secret, const std::string& typed,
                                                      std::int64_t now, std::optional<std::int64_t> lastUsed) {
  const auto code6 = totp::normaliseCode(typed);
  if (!code6) return std::nullopt;
  std::optional<std::int64_t> match;
  // Compare with every candidate (no early exit), in constant time each.
  for (const std::int64_t c : totp::candidateCounters(now, lastUsed))
    if (sameCode(code(secret, c), *code6) && !match) match = c;
  return match;
}

std::optional<std::vector<std::string>> TwoFactor::confirm(const std::string& accountId, const std::string& typed,
                                                           std::int64_t now) {
  auto tx = db_.write();
  auto qQuery = db_.query("SELECT secret_sealed FROM totp WHERE account_id = ? AND confirmed_at IS NULL");
  SQLite::Statement& q = *qQuery;
  q.bind(1, accountId);
  if (!q.executeStep()) return std::nullopt;
  const auto secret = box_.open(q.getColumn(0).getString(), accountId);
  if (!secret) throw std::runtime_error("a sealed TOTP secret does not open: wrong keys/secrets.key?");
  const auto counter = matchingCounter(*secret, typed, now, std::nullopt);
  if (!counter) return std::nullopt;
  auto okQuery = db_.query("UPDATE totp SET confirmed_at = ?, last_counter = ? WHERE account_id = ?");
  SQLite::Statement& ok = *okQuery;
  SQLite::bind(ok, now, *counter, accountId);
  ok.exec();
  auto clearQuery = db_.query("DELETE FROM recovery_code WHERE account_id = ?");
  SQLite::Statement& clear = *clearQuery;
  clear.bind(1, accountId);
  clear.exec();
  std::vector<std::string> codes;
  while (static_cast<int>(codes.size()) < kRecoveryCodes) {
    const std::string shown = totp::formatRecoveryCode(randomBytes(12));
    auto insQuery = db_.query("INSERT OR IGNORE INTO recovery_code (account_id, code_hash) VALUES (?, ?)");
    SQLite::Statement& ins = *insQuery;
    ins.bind(1, accountId);
    ins.bind(2, recoveryHash(accountId, *totp::normaliseRecoveryCode(shown)));
    if (ins.exec() == 1) codes.push_back(shown);
  }
  tx.commit();
  return codes;
}

TwoFactor::Result TwoFactor::verify(const std::string& accountId, const std::string& typed, std::int64_t now) {
  auto tx = db_.write();
  if (const auto recovery = totp::normaliseRecoveryCode(typed)) {
    auto useQuery = db_.query("UPDATE recovery_code SET used_at = ? WHERE account_id = ? AND code_hash = ? AND used_at IS NULL");
    SQLite::Statement& use = *useQuery;
    SQLite::bind(use, now, accountId, recoveryHash(accountId, *recovery));
    const bool used = use.exec() == 1;
    tx.commit();
    return used ? Result::AcceptedRecoveryCode : Result::Refused;
  }
  auto qQuery = db_.query("SELECT secret_sealed, last_counter FROM totp WHERE account_id = ? AND confirmed_at IS NOT NULL");
  SQLite::Statement& q = *qQuery;
  q.bind(1, accountId);
  if (!q.executeStep()) return Result::Refused;
  const auto secret = box_.open(q.getColumn(0).getString(), accountId);
  if (!secret) throw std::runtime_error("a sealed TOTP secret does not open: wrong keys/secrets.key?");
  const std::optional<std::int64_t> last =
      q.getColumn(1).isNull() ? std::nullopt : std::optional<std::int64_t>(q.getColumn(1).getInt64());
  const auto counter = matchingCounter(*secret, typed, now, last);
  if (!counter) return Result::Refused;
  auto stepQuery = db_.query("UPDATE totp SET last_counter = ? WHERE account_id = ? AND (last_counter IS NULL OR last_counter < ?)");
  SQLite::Statement& step = *stepQuery;
  SQLite::bind(step, *counter, accountId, *counter);
  const bool fresh = step.exec() == 1;
  tx.commit();
  return fresh ? Result::Accepted : Result::Refused;
}

int TwoFactor::recoveryCodesLeft(const std::string& accountId) {
  auto qQuery = db_.query("SELECT count(*) FROM recovery_code WHERE account_id = ? AND used_at IS NULL");
  SQLite::Statement& q = *qQuery;
  q.bind(1, accountId);
  q.executeStep();
  return q.getColumn(0).getInt();
}

bool TwoFactor::reset(const std::string& accountId) {
  auto tx = db_.write();
  auto aQuery = db_.query("DELETE FROM totp WHERE account_id = ?");
  SQLite::Statement& a = *aQuery;
  a.bind(1, accountId);
  const bool had = a.exec() > 0;
  auto bQuery = db_.query("DELETE FROM recovery_code WHERE account_id = ?");
  SQLite::Statement& b = *bQuery;
  b.bind(1, accountId);
  b.exec();
  tx.commit();
  return had;
}

}  // namespace renkei::server
