// SPDX-License-Identifier: MIT
#include "server/imaging/PatientReconciliation.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dctk.h>

#include <ctime>
#include <stdexcept>

#include "server/imaging/DicomCodec.h"
#include "server/imaging/DicomText.h"

namespace renkei::server {
namespace {

bool ascii(const std::string& s) {
  for (const char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

/// "山田 太郎" and "やまだ たろう" as a PN value: "=山田^太郎=やまだ^たろう"; an ASCII name "Doe^John".
std::string personName(const Patient& p) {
  const auto caret = [](std::string s) {
    for (char& c : s)
      if (c == ' ') c = '^';
    return s;
  };
  if (ascii(p.name)) return caret(p.name);
  return "=" + caret(p.name) + (p.nameKana.empty() ? "" : "=" + caret(p.nameKana));
}

/// DICOM DT in UTC: "20261125073759+0000".
std::string dateTime(std::int64_t now) {
  const std::time_t t = static_cast<std::time_t>(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y%m%d%H%M%S+0000", &tm);
  return out;
}

void copyIfPresent(DcmItem& from, DcmItem& to, const DcmTagKey& tag) {
  DcmElement* e = nullptr;
  if (from.findAndGetElement(tag, e).good() && e) to.insert(dynamic_cast<DcmElement*>(e->clone()), OFTrue);
  else to.insertEmptyElement(tag);  // it was absent: recorded as empty (PS3.3 C.12.1.1.9.2)
}

}  // namespace

std::string reconciledInstance(std::string_view bytes, const Patient& patient, const std::string& sender, std::int64_t now) {
  auto file = loadInstance(bytes);
  DcmDataset& ds = *file->getDataset();
  // The register's name may need more than the instance's character set: the text in UTF-8 first.
  const std::string name = personName(patient);
  if (!ascii(name)) {
    datasetToUtf8(ds);
    ds.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");
  }
  // What it said, kept in it (after the conversion, so that the record reads in the same set).
  auto* modified = new DcmItem();
  for (const DcmTagKey& tag : {DCM_PatientID, DCM_PatientName, DCM_PatientBirthDate, DCM_PatientSex})
    copyIfPresent(ds, *modified, tag);
  DcmItem* original = nullptr;
  if (ds.findOrCreateSequenceItem(DCM_OriginalAttributesSequence, original, -2).bad() || !original)
    throw std::runtime_error("cannot add the Original Attributes Sequence");
  original->insertSequenceItem(DCM_ModifiedAttributesSequence, modified);
  original->putAndInsertString(DCM_AttributeModificationDateTime, dateTime(now).c_str());
  original->putAndInsertString(DCM_ModifyingSystem, "RENKEI");
  original->putAndInsertString(DCM_SourceOfPreviousValues, sender.substr(0, 64).c_str());
  original->putAndInsertString(DCM_ReasonForTheAttributeModification, "COERCE");

  ds.putAndInsertString(DCM_PatientID, patient.id.c_str());
  ds.putAndInsertString(DCM_PatientName, name.c_str());
  std::string birth = patient.birthDate ? patient.birthDate->iso() : "";
  if (birth.size() == 10) birth = birth.substr(0, 4) + birth.substr(5, 2) + birth.substr(8, 2);
  ds.putAndInsertString(DCM_PatientBirthDate, birth.c_str());
  ds.putAndInsertString(DCM_PatientSex, patient.sex == "U" ? "" : patient.sex.c_str());
  return writeInstance(*file);
}

}  // namespace renkei::server
