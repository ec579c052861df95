// SPDX-License-Identifier: MIT
#include "server/tls/Certificate.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <system_error>

namespace renkei::server {
namespace {

[[noreturn]] void fail(const std::string& what) {
  char buf[256] = "unknown error";
  if (const unsigned long e = ERR_get_error()) ERR_error_string_n(e, buf, sizeof buf);
  throw std::runtime_error("TLS certificate: " + what + ": " + buf);
}

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<FILE, FileCloser>;
using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Cert = std::unique_ptr<X509, decltype(&X509_free)>;

void addExtension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (!ext || !X509_add_ext(cert, ext, -1)) fail("extension");
  X509_EXTENSION_free(ext);
}

File openForWrite(const std::filesystem::path& p, std::filesystem::perms perms) {
  File f(std::fopen(p.c_str(), "wb"));
  if (!f) throw std::runtime_error("TLS certificate: cannot write " + p.string());
  std::filesystem::permissions(p, perms);
  return f;
}

}  // namespace

bool ensureSelfSignedCertificate(const std::filesystem::path& certPath, const std::filesystem::path& keyPath) {
  if (std::filesystem::exists(certPath) && std::filesystem::exists(keyPath)) return false;
  std::filesystem::create_directories(certPath.parent_path());
  std::filesystem::create_directories(keyPath.parent_path());

  Key key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), EVP_PKEY_free);
  if (!key) fail("key generation");
  Cert cert(X509_new(), X509_free);
  if (!cert) fail("X509_new");
  X509_set_version(cert.get(), 2);  // v3

  unsigned char serial[16];
  if (RAND_bytes(serial, sizeof serial) != 1) fail("serial");
  serial[0] &= 0x7f;  // positive
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  if (!bn || !BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()))) fail("serial");
  BN_free(bn);

  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 825L * 24 * 3600);  // browsers' limit for TLS leaves
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("Renkei (self-signed)"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  addExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE");
  addExtension(cert.get(), NID_key_usage, "critical,digitalSignature");
  addExtension(cert.get(), NID_ext_key_usage, "serverAuth");
  addExtension(cert.get(), NID_subject_key_identifier, "hash");
  addExtension(cert.get(), NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1");
  if (!X509_sign(cert.get(), key.get(), EVP_sha256())) fail("signing");

  // Write the key first and the certificate last: a crash in between leaves no certificate, so the
  // next start generates both again instead of pairing a certificate with a missing key.
  const auto tmpKey = keyPath.string() + ".tmp", tmpCert = certPath.string() + ".tmp";
  {
    File f = openForWrite(tmpKey, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    if (!PEM_write_PrivateKey(f.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr)) fail("writing the key");
  }
  {
    File f = openForWrite(tmpCert, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                                       std::filesystem::perms::group_read | std::filesystem::perms::others_read);
    if (!PEM_write_X509(f.get(), cert.get())) fail("writing the certificate");
  }
  std::filesystem::rename(tmpKey, keyPath);
  std::filesystem::rename(tmpCert, certPath);
  return true;
}

std::string certificateFingerprint(const std::filesystem::path& certPath) {
  File f(std::fopen(certPath.c_str(), "rb"));
  if (!f) throw std::runtime_error("cannot read " + certPath.string());
  Cert cert(PEM_read_X509(f.get(), nullptr, nullptr, nullptr), X509_free);
  if (!cert) fail("reading " + certPath.string());
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (!X509_digest(cert.get(), EVP_sha256(), md, &n)) fail("digest");
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned int i = 0; i < n; ++i) {
    if (i) out += ':';
    out += kHex[md[i] >> 4];
    out += kHex[md[i] & 15];
  }
  return out;
}

}  // namespace renkei::server
