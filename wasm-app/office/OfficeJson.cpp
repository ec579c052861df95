// SPDX-License-Identifier: MIT
#include "wasm-app/office/OfficeJson.h"

#include <algorithm>

#include "wasm-app/JsonField.h"
#include "wasm-app/Text.h"

namespace renkei::app {

using nlohmann::json;

std::vector<FacilityRow> facilitiesFrom(const json& answer) {
  std::vector<FacilityRow> out;
  for (const json& f : jsonArray(answer, "facilities"))
    out.push_back({jsonText(f, "id"), jsonText(f, "name"), jsonText(f, "kind"), jsonText(f, "address"),
                   jsonText(f, "institution_code"), jsonBool(f, "active")});
  return out;
}

std::vector<UserRow> usersFrom(const json& answer) {
  std::vector<UserRow> out;
  for (const json& u : jsonArray(answer, "users")) {
    UserRow r{jsonText(u, "id"), jsonText(u, "name"), jsonText(u, "role"), jsonText(u, "facility"),
              jsonText(u, "licence_number"), jsonText(u, "setup_visit_on"), jsonText(u, "training_done_on"),
              jsonText(u, "status"), jsonBool(u, "two_factor"), {}, {}};
    const json& pw = jsonObject(u, "password");
    r.passwordState = jsonText(pw, "state");
    r.passwordExpiresOn = jsonText(pw, "expires_on");
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<ConsentRow> consentsFrom(const json& answer) {
  std::vector<ConsentRow> out;
  for (const json& c : jsonArray(answer, "consents")) {
    const json& scan = jsonObject(c, "scan");
    out.push_back({jsonInteger(c, "id"), jsonText(c, "grantee_kind"), jsonText(c, "grantee_id"), jsonText(c, "signed_on"),
                   jsonText(c, "visible_from"), jsonText(c, "withdrawn_on"), jsonText(c, "withdrawal_reason"),
                   jsonText(c, "recorded_by"), jsonText(scan, "media_type"), jsonInteger(scan, "bytes")});
  }
  return out;
}

std::vector<AlertRow> alertsFrom(const json& answer) {
  std::vector<AlertRow> out;
  for (const json& a : jsonArray(answer, "alerts"))
    out.push_back({jsonText(a, "user"), jsonText(a, "facility"), jsonText(a, "kind"), jsonInteger(a, "count"),
                   jsonInteger(a, "last_at")});
  return out;
}

std::vector<AuditRecord> auditRecordsFrom(const json& answer) {
  std::vector<AuditRecord> out;
  for (const json& x : jsonArray(answer, "records"))
    out.push_back({jsonInteger(x, "seq"), jsonInteger(x, "at"), jsonText(x, "user"), jsonText(x, "facility"),
                   jsonText(x, "source_ip"), jsonText(x, "action"), jsonText(x, "resource"), jsonText(x, "patient"),
                   jsonText(x, "outcome"), jsonText(x, "detail")});
  return out;
}

namespace {

HeldSays heldSaysFrom(const json& j) {
  const json& p = jsonObject(j, "patient");
  const json& name = jsonObject(p, "name");
  const json& st = jsonObject(j, "study");
  HeldSays h;
  h.patientId = jsonText(p, "id");
  h.name = jsonText(name, "display");
  h.nameAlphabetic = jsonText(name, "alphabetic");
  h.nameIdeographic = jsonText(name, "ideographic");
  h.namePhonetic = jsonText(name, "phonetic");
  h.birthDate = jsonText(p, "birth_date");
  h.sex = jsonText(p, "sex");
  h.studyDate = jsonText(st, "date");
  h.studyTime = jsonText(st, "time");
  h.description = jsonText(st, "description");
  h.accession = jsonText(st, "accession");
  return h;
}

}  // namespace

std::vector<HeldStudyRow> heldStudiesFrom(const json& answer) {
  std::vector<HeldStudyRow> out;
  for (const json& s : jsonArray(answer, "studies")) {
    HeldStudyRow r;
    r.studyUid = jsonText(s, "study_uid");
    r.state = jsonText(s, "state");
    r.reason = jsonText(s, "reason");
    r.says = heldSaysFrom(s);
    r.modalities = jsonText(s, "modalities");
    std::replace(r.modalities.begin(), r.modalities.end(), '\\', '/');
    r.series = static_cast<int>(jsonInteger(s, "series"));
    r.instances = static_cast<int>(jsonInteger(s, "instances"));
    for (const json& src : jsonArray(s, "sources"))
      if (src.is_string()) r.sources.push_back(src.get<std::string>());
    r.receivedAt = jsonInteger(s, "received_at");
    r.lastReceivedAt = jsonInteger(s, "last_received_at");
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<HeldInstanceRow> heldInstancesFrom(const json& answer) {
  std::vector<HeldInstanceRow> out;
  for (const json& i : jsonArray(answer, "instances")) {
    HeldInstanceRow r;
    r.sopUid = jsonText(i, "sop_uid");
    r.seriesUid = jsonText(i, "series_uid");
    r.sopClass = jsonText(i, "sop_class");
    r.transferSyntax = jsonText(i, "transfer_syntax");
    r.modality = jsonText(i, "modality");
    r.sha256 = jsonText(i, "sha256");
    r.source = jsonText(i, "source");
    r.reason = jsonText(i, "reason");
    r.state = jsonText(i, "state");
    r.bytes = jsonInteger(i, "bytes");
    r.receivedAt = jsonInteger(i, "received_at");
    r.says = heldSaysFrom(i);
    out.push_back(std::move(r));
  }
  // The server lists them state by state; the office reads them series by series.
  std::stable_sort(out.begin(), out.end(), [](const HeldInstanceRow& a, const HeldInstanceRow& b) { return a.seriesUid < b.seriesUid; });
  return out;
}

RegisteredPatient registeredPatientFrom(const json& answer) {
  const json& p = jsonObject(answer, "patient");
  return {jsonText(p, "id"), jsonText(p, "name"), jsonText(p, "name_kana"), jsonText(p, "sex"), jsonText(p, "birth_date")};
}

HeldMismatch heldMismatch(const HeldSays& says, const RegisteredPatient& patient) {
  HeldMismatch m;
  m.patientId = !says.patientId.empty() && says.patientId != patient.id;
  m.birthDate = !says.birthDate.empty() && says.birthDate != patient.birthDate;
  // DICOM's sex is M, F or O; the register's M, F, O or U (unknown says nothing either way).
  m.sex = !says.sex.empty() && !patient.sex.empty() && patient.sex != "U" && says.sex != patient.sex;
  return m;
}

std::string heldReasonText(const std::string& reason, Language language) {
  if (reason == "no Patient ID") return text(T::HeldNoPatientId, language);
  const std::string prefix = "the Patient ID '", suffix = "' is not a hospital patient id";
  if (reason.size() > prefix.size() + suffix.size() && reason.compare(0, prefix.size(), prefix) == 0 &&
      reason.compare(reason.size() - suffix.size(), suffix.size(), suffix) == 0)
    return textf(T::HeldNotHospitalId, language, reason.substr(prefix.size(), reason.size() - prefix.size() - suffix.size()).c_str());
  return reason;  // a reason this app does not know yet: as the server said it
}

}  // namespace renkei::app
