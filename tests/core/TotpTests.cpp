// SPDX-License-Identifier: MIT
// core::totp — RFC 4226 truncation on the RFC's own HMAC values, RFC 6238 time steps, the
// one-use window, Base32, the otpauth URI and recovery codes (R-PW-6, issue 4 §4).
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/totp/Totp.h"

using namespace renkei::totp;

namespace {
std::vector<std::uint8_t> hex(std::string_view h) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2) out.push_back(static_cast<std::uint8_t>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16)));
  return out;
}
}  // namespace

TEST_CASE("RFC 4226 appendix D: HMAC-SHA-1 values truncate to the published codes", "[totp][R-PW-6]") {
  // Secret "12345678901234567890", counters 0..9: the RFC's intermediate HMACs and HOTP values.
  const std::pair<const char*, const char*> vectors[] = {
      {"cc93cf18508d94934c64b65d8ba7667fb7cde4b0", "755224"}, {"75a48a19d4cbe100644e8ac1397eea747a2d33ab", "287082"},
      {"0bacb7fa082fef30782211938bc1c5e70416ff44", "359152"}, {"66c28227d03a2d5529262ff016a1e6ef76557ece", "969429"},
      {"a904c900a64b35909874b33e61c5938a8e15ed1c", "338314"}, {"a37e783d7b7233c083d4f62926c7a25f238d0316", "254676"},
      {"bc9cd28561042c83f219324d3c607256c03272ae", "287922"}, {"a4fb960c0bc06e1eabb804e5b397cdc4b45596fa", "162583"},
      {"1b3c89f65e6c9e883012052823443f048b4332db", "399871"}, {"1637409809a679dc698207310c8c7fc07290d9e5", "520489"},
  };
  for (const auto& [mac, code] : vectors) CHECK(truncate(hex(mac)) == code);
  // Eight digits, as in RFC 6238's tables; leading zeros kept.
  CHECK(truncate(hex("cc93cf18508d94934c64b65d8ba7667fb7cde4b0"), 8).size() == 8);
  CHECK(truncate(hex("cc93cf18508d94934c64b65d8ba7667fb7cde4b0"), 5).empty());
  CHECK(truncate(hex("cc93cf18"), 6).empty());
}

TEST_CASE("RFC 6238: time steps of 30 seconds, and the counter message is big-endian", "[totp][R-PW-6]") {
  CHECK(counterAt(59) == 1);
  CHECK(counterAt(1111111109) == 37037036);
  CHECK(counterAt(1111111111) == 37037037);
  CHECK(counterAt(1234567890) == 41152263);
  CHECK(counterAt(2000000000) == 66666666);
  CHECK(counterAt(20000000000) == 666666666);
  CHECK(counterAt(0) == 0);
  CHECK(counterAt(29) == 0);
  CHECK(counterAt(30) == 1);
  CHECK(counterAt(-1) == -1);
  CHECK(counterMessage(0x0000000023523EC) == std::vector<std::uint8_t>{0, 0, 0, 0, 0x02, 0x35, 0x23, 0xEC});
  CHECK(counterMessage(1) == std::vector<std::uint8_t>{0, 0, 0, 0, 0, 0, 0, 1});
}

TEST_CASE("a code is accepted one step either side, and never twice", "[totp][R-PW-6]") {
  const std::int64_t t = 1111111111;  // step 37037037
  CHECK(candidateCounters(t, std::nullopt) == std::vector<std::int64_t>{37037036, 37037037, 37037038});
  // After the current step's code was used, only the next step remains.
  CHECK(candidateCounters(t, 37037037) == std::vector<std::int64_t>{37037038});
  // After the previous step's code was used, that one and anything older is out.
  CHECK(candidateCounters(t, 37037036) == std::vector<std::int64_t>{37037037, 37037038});
  CHECK(candidateCounters(t, 37037038).empty());
  CHECK(candidateCounters(t, std::nullopt, 0) == std::vector<std::int64_t>{37037037});
}

TEST_CASE("typed codes: six digits, spaces allowed, nothing else", "[totp][bad-input]") {
  CHECK(normaliseCode("123456") == "123456");
  CHECK(normaliseCode("123 456") == "123456");
  CHECK(normaliseCode("012345") == "012345");
  CHECK_FALSE(normaliseCode("12345"));
  CHECK_FALSE(normaliseCode("1234567"));
  CHECK_FALSE(normaliseCode("12345a"));
  CHECK_FALSE(normaliseCode("１２３４５６"));  // full-width digits are not digits here
  CHECK_FALSE(normaliseCode(""));
}

TEST_CASE("Base32 round-trips and refuses what is not Base32", "[totp][bad-input]") {
  // RFC 4648 §10 test vectors (padding dropped).
  const auto bytes = [](std::string_view s) { return std::vector<std::uint8_t>(s.begin(), s.end()); };
  CHECK(base32Encode(bytes("")) == "");
  CHECK(base32Encode(bytes("f")) == "MY");
  CHECK(base32Encode(bytes("fo")) == "MZXQ");
  CHECK(base32Encode(bytes("foo")) == "MZXW6");
  CHECK(base32Encode(bytes("foob")) == "MZXW6YQ");
  CHECK(base32Encode(bytes("fooba")) == "MZXW6YTB");
  CHECK(base32Encode(bytes("foobar")) == "MZXW6YTBOI");
  CHECK(base32Encode(bytes("12345678901234567890")) == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  CHECK(base32Decode("MZXW6YTBOI======") == bytes("foobar"));
  CHECK(base32Decode("mzxw 6ytb-oi") == bytes("foobar"));
  CHECK(base32Decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ") == bytes("12345678901234567890"));
  CHECK_FALSE(base32Decode("MZXW6YTB0I"));  // 0 is not Base32
  CHECK_FALSE(base32Decode("MZXW6YTBOJ"));  // non-zero padding bits
  CHECK_FALSE(base32Decode("M"));           // a dangling character
  std::vector<std::uint8_t> all(256);
  for (int i = 0; i < 256; ++i) all[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i);
  CHECK(base32Decode(base32Encode(all)) == all);
}

TEST_CASE("the otpauth URI names the issuer and the account, percent-encoded", "[totp]") {
  CHECK(otpauthUri("Renkei", "dr-tanaka", "JBSWY3DPEHPK3PXP") ==
        "otpauth://totp/Renkei:dr-tanaka?secret=JBSWY3DPEHPK3PXP&issuer=Renkei&algorithm=SHA1&digits=6&period=30");
  CHECK(otpauthUri("連携ネット", "a b", "AA") ==
        "otpauth://totp/%E9%80%A3%E6%90%BA%E3%83%8D%E3%83%83%E3%83%88:a%20b?secret=AA&issuer="
        "%E9%80%A3%E6%90%BA%E3%83%8D%E3%83%83%E3%83%88&algorithm=SHA1&digits=6&period=30");
}

TEST_CASE("recovery codes avoid look-alikes and are read back however typed", "[totp]") {
  std::vector<std::uint8_t> r(12);
  for (std::size_t i = 0; i < r.size(); ++i) r[i] = static_cast<std::uint8_t>(i * 37);
  const std::string code = formatRecoveryCode(r);
  REQUIRE(code.size() == 14);
  CHECK(code[4] == '-');
  CHECK(code[9] == '-');
  CHECK(code.find_first_of("01ilou") == std::string::npos);
  std::string upper = code;
  for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  std::string plain = code;
  plain.erase(std::remove(plain.begin(), plain.end(), '-'), plain.end());
  CHECK(normaliseRecoveryCode(code) == plain);
  CHECK(normaliseRecoveryCode(upper) == plain);
  CHECK(normaliseRecoveryCode(plain.substr(0, 4) + " " + plain.substr(4)) == plain);
  CHECK_FALSE(normaliseRecoveryCode(plain.substr(1)));
  CHECK_FALSE(normaliseRecoveryCode(plain + "a"));
  CHECK_FALSE(normaliseRecoveryCode("abcd-efgh-jkm0"));  // 0 is not in the alphabet
  CHECK_FALSE(normaliseRecoveryCode("123456"));         // a TOTP code is not a recovery code
}
