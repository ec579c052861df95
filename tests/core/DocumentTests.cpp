// SPDX-License-Identifier: MIT
// records::Document — the kinds table (data, not code), status changes and validation of one
// document model for radiology reports and the later kinds (R-DATA-1, R-DATA-3, issue 5 §5).
#include <catch2/catch.hpp>

#include "core/records/Document.h"

using namespace renkei;
using namespace renkei::records;

namespace {
Document report() {
  Document d;
  d.kind = "radiology-report";
  d.title = "胸部CT";
  d.author = "佐藤 健";
  d.clinicalDate = *Date::parse("2026-11-20");
  d.status = DocumentStatus::Final;
  d.text = "右上葉に 8 mm の結節。";
  d.studyUid = "1.2.392.200036.9116.2.6.1.48.1214245415.1700000000.123456";
  d.fields = {{"modality", "CT"}, {"findings", "結節"}, {"impression", "経過観察"}};
  return d;
}
}  // namespace

TEST_CASE("the embedded kinds table lists the report, the later kinds of R-DATA-3 and the referral letter", "[records][R-DATA-3]") {
  const auto& kinds = documentKinds();
  REQUIRE(kinds.size() == 8);
  for (const char* id : {"radiology-report", "discharge-summary", "prescription", "endoscopy", "pathology", "cytology",
                         "operation-record", "referral-letter"})
    CHECK(findDocumentKind(id) != nullptr);
  const DocumentKind* ds = findDocumentKind("discharge-summary");
  CHECK(ds->nameJa == "退院時サマリー");
  CHECK_FALSE(ds->linksStudy);
  CHECK(findDocumentKind("radiology-report")->linksStudy);
  CHECK(findDocumentKind("lab-report") == nullptr);
}

TEST_CASE("a new kind is one line of data", "[records][R-DATA-3]") {
  const auto t =
      parseDocumentKinds("# c\nnursing-summary\t看護サマリー\tNursing summary\tno\tward:text:病棟:Ward,plan:long:看護計画:Care plan\n");
  REQUIRE(t.error.empty());
  REQUIRE(t.kinds.size() == 1);
  CHECK(t.kinds[0].fields.size() == 2);
  CHECK(t.kinds[0].fields[1].type == FieldType::Long);
  // The labels the app shows come with the data: a new kind needs no code for its fields.
  CHECK(t.kinds[0].fields[1].labelJa == "看護計画");
  CHECK(t.kinds[0].fields[1].labelEn == "Care plan");
  // Without labels the field's name stands in.
  CHECK(parseDocumentKinds("x\t甲\tA\tno\tward:text\n").kinds[0].fields[0].labelEn == "ward");
}

TEST_CASE("every built-in field has a Japanese and an English label", "[records][R-DATA-3]") {
  for (const DocumentKind& k : documentKinds())
    for (const DocumentField& f : k.fields) {
      INFO(k.id << " " << f.name);
      CHECK(f.labelJa != f.name);
      CHECK(f.labelEn != f.name);
    }
}

TEST_CASE("malformed kinds tables name the line", "[records]") {
  CHECK(parseDocumentKinds("a\tb\tc\tno\n").line == 1);
  CHECK(parseDocumentKinds("#\nx-y\t甲\tA\tmaybe\t\n").line == 2);
  CHECK(parseDocumentKinds("x\t甲\tA\tno\tf:number\n").error.find("text, date or long") != std::string::npos);
  CHECK(parseDocumentKinds("x\t甲\tA\tno\t\nx\t乙\tB\tno\t\n").error.find("twice") != std::string::npos);
  CHECK(parseDocumentKinds("X\t甲\tA\tno\t\n").line == 1);
  CHECK(parseDocumentKinds("x\t甲\tA\tno\tf:text:所見\n").error.find("name:type") != std::string::npos);
  CHECK(parseDocumentKinds("x\t甲\tA\tno\tf:text::F\n").error.find("empty") != std::string::npos);
}

TEST_CASE("document status never goes back to preliminary", "[records][R-DATA-4]") {
  CHECK(statusMayChange(DocumentStatus::Preliminary, DocumentStatus::Final));
  CHECK(statusMayChange(DocumentStatus::Preliminary, DocumentStatus::Preliminary));
  CHECK(statusMayChange(DocumentStatus::Final, DocumentStatus::Amended));
  CHECK(statusMayChange(DocumentStatus::Final, DocumentStatus::Final));
  CHECK_FALSE(statusMayChange(DocumentStatus::Final, DocumentStatus::Preliminary));
  CHECK_FALSE(statusMayChange(DocumentStatus::Amended, DocumentStatus::Preliminary));
  CHECK(parseDocumentStatus("amended") == DocumentStatus::Amended);
  CHECK_FALSE(parseDocumentStatus("Final"));
  CHECK(std::string(toString(DocumentStatus::Final)) == "final");
}

TEST_CASE("a well-formed report and discharge summary validate", "[records][R-DATA-3]") {
  CHECK(validate(report()).empty());
  Document d;
  d.kind = "discharge-summary";
  d.title = "退院時サマリー（肺炎）";
  d.author = "内科 鈴木";
  d.clinicalDate = *Date::parse("2026-10-31");
  d.fields = {{"admitted_on", "2026-10-20"}, {"discharged_on", "2026-10-31"}, {"course", "抗菌薬にて改善。\n退院。"}};
  CHECK(validate(d).empty());
}

TEST_CASE("document validation refuses what cannot be stored", "[records]") {
  Document d = report();
  d.kind = "x-ray";
  CHECK(validate(d).find("unknown document kind") != std::string::npos);
  d = report();
  d.title = "\xE3\x80\x80 ";  // only an ideographic space
  CHECK(validate(d) == "a document needs a title");
  d = report();
  d.author = "";
  CHECK(validate(d) == "a document needs an author");
  d = report();
  d.studyUid = "1.2.03";
  CHECK(validate(d) == "the study link is not a DICOM UID");
  d = report();
  d.fields["weight"] = "60";
  CHECK(validate(d).find("no field 'weight'") != std::string::npos);
  d = report();
  d.fields["modality"] = "CT\nMR";
  CHECK(validate(d).find("one line") != std::string::npos);
  d = report();
  d.kind = "discharge-summary";
  d.studyUid = "1.2.3";
  d.fields.clear();
  CHECK(validate(d).find("does not link") != std::string::npos);
  d.studyUid.clear();
  d.fields = {{"admitted_on", "2026-10-20"}, {"discharged_on", "2026-10-19"}};
  CHECK(validate(d) == "the discharge date is before the admission date");
  d.fields = {{"admitted_on", "2026-02-30"}};
  CHECK(validate(d).find("must be a date") != std::string::npos);
}

TEST_CASE("title length counts characters, not UTF-8 bytes", "[records]") {
  Document d = report();
  d.title.clear();
  for (int i = 0; i < 200; ++i) d.title += "検";  // 600 bytes, 200 characters
  CHECK(validate(d).empty());
  d.title += "査";
  CHECK(validate(d).find("200 characters") != std::string::npos);
}
