// SPDX-License-Identifier: MIT
// Patients — the hospital's patients as the network knows them: id, name in kanji and kana, sex,
// birth date. Storage only; who may see whom is PatientAccess's question.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time/Date.h"
#include "server/store/Database.h"

namespace renkei::server {

struct Patient {
  std::string id, name, nameKana, sex;  ///< sex: M, F, O, U
  std::optional<Date> birthDate;
};

struct PatientQuery {
  std::string text;                ///< matched against id, name and kana through text::searchKey
  std::optional<Date> birthDate;
  std::vector<std::string> among;  ///< when `restricted`: only these ids (a clinic's consented patients)
  bool restricted = false;
  int limit = 50, offset = 0;
};

class Patients {
 public:
  explicit Patients(Database& db) : db_(db) {}

  /// Registers a patient; Refusal Error::DuplicatePatient when the id exists.
  void create(const Patient& p, const std::string& source, std::int64_t now);
  /// Registers the patient unless the id exists (imports: the hospital's systems know the patient;
  /// an existing record is not overwritten by a lab message's copy). True when created.
  bool createIfMissing(const Patient& p, const std::string& source, std::int64_t now);
  std::optional<Patient> find(const std::string& id);
  /// Matching patients ordered by kana, then id; `total` receives the count before paging.
  std::vector<Patient> search(const PatientQuery& q, int& total);

  /// When `accountId` last opened the patient's page (0: never), and recording a new opening.
  std::int64_t lastVisit(const std::string& accountId, const std::string& patientId);
  void recordVisit(const std::string& accountId, const std::string& patientId, std::int64_t now);

  /// Hospital patient ids: 1–32 of A–Z, a–z, 0–9, '-', '_', '.'.
  static bool validId(const std::string& id);

 private:
  Database& db_;
};

}  // namespace renkei::server
