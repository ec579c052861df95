// SPDX-License-Identifier: MIT
// core::labs — lab results from the hospital (R-DATA-2): an SS-MIX2 style OUL^R22 with a Japanese
// patient, CBC and biochemistry with JLAC10 codes, flags and a comment; ORU^R01 with two order
// groups; escape sequences, LF and MLLP framing through the whole path; value types (NM, SN, CWE,
// TX), reference ranges and flags; every error case with its segment number and no reports; and
// the CSV form with quoting, BOM, CRLF, grouping and errors by line and column.
#include <catch2/catch.hpp>

#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "core/hl7/Hl7Message.h"
#include "core/labs/LabResult.h"

using namespace renkei;
using namespace renkei::labs;

namespace {

std::string joined(const std::vector<std::string>& segments, const std::string& end = "\r") {
  std::string out;
  for (const std::string& s : segments) out += s + end;
  return out;
}

LabParse readHl7(const std::string& text) {
  const hl7::ParseResult parsed = hl7::parse(text);
  REQUIRE(parsed.ok());
  return fromHl7(parsed.message);
}

const LabObservation* find(const LabReport& report, const std::string& code) {
  for (const LabObservation& o : report.observations)
    if (o.code == code) return &o;
  return nullptr;
}

// An SS-MIX2 style OUL^R22: one serum/blood specimen, one order, CBC and biochemistry.
const std::vector<std::string> kOul = {
    "MSH|^~\\&|LABSYS|1310000001|RENKEI|CLINIC|20240510101500||OUL^R22^OUL_R22|20240510000123|P|2.5||||||~ISO IR87"
    "||ISO 2022-1994",
    "PID|0001||0012345678^^^^PI||山田^太郎^^^^^L^I~ヤマダ^タロウ^^^^^L^P||19560401|M|||^^^^100-0001^JPN^H^東京都千代田区",
    "PV1|0001|O|01^^^^^C||||D001^医師^一郎^^^^^^^L^^^^^I",
    "SPM|0001|||019^血液^JC10^01^血液^99XYZ|||||||||||||20240510083000+0900",
    "ORC|SC|ORD-20240510-07||||||||D001^医師^一郎",
    "OBR|0001|ORD-20240510-07|F-778899|1^検体検査^99XYZ|||20240510083000",
    "TQ1|1",
    "OBX|0001|NM|2A990000001930952^白血球数^JC10^30002^ＷＢＣ^99LAB||9.8|10*3/uL^10*3/uL^99UNT|3.3-8.6|H|||F|||20240510090000",
    "OBX|0002|NM|2A020000001930101^赤血球数^JC10^30004^ＲＢＣ^99LAB||4.52|10^6/uL^^99UNT|4.35-5.55||||F",
    "OBX|0003|NM|2A030000001930101^ヘモグロビン^JC10^30005^ＨＧＢ^99LAB||12.1|g/dL|13.7-16.8|L|||F",
    "OBX|0004|NM|2A050000001930101^血小板数^JC10^30010^ＰＬＴ^99LAB||23.4|10^4/uL|15.8-34.8|N|||F",
    "OBX|0005|NM|3B035000002327201^ＡＳＴ^JC10^10207^ＡＳＴ^99LAB||48|U/L|13 - 30|H|||F",
    "NTE|1||溶血あり。再検を推奨",
    "OBX|0006|NM|3B045000002327201^ＡＬＴ^JC10^10208^ＡＬＴ^99LAB||52|U/L|10-42|H|||F",
    "OBX|0007|NM|3B090000002327201^γ－ＧＴＰ^JC10^10210^γ－ＧＴＰ^99LAB||35|U/L|13-64||||F",
    "OBX|0008|NM|3D046000001906202^HbA1c(NGSP)^JC10^20110^HbA1c^99LAB||7.2|%|4.9-6.0|H|||F",
    "OBX|0009|NM|8A065000002391901^eGFR^JC10^10230^eGFR^99LAB||58.3|mL/min/1.73m2|>=60|L|||F",
};

}  // namespace

TEST_CASE("an SS-MIX2 OUL^R22 gives one report with the Japanese patient and every result", "[labs][R-DATA-2]") {
  const LabParse r = readHl7(joined(kOul));
  REQUIRE(r.ok());
  CHECK(r.line == 0);
  REQUIRE(r.reports.size() == 1);
  const LabReport& report = r.reports[0];
  CHECK(report.messageId == "20240510000123");
  CHECK(report.patientId == "0012345678");
  CHECK(report.patientName == "山田 太郎");
  CHECK(report.patientNameKana == "ヤマダ タロウ");
  REQUIRE(report.birthDate.has_value());
  CHECK(report.birthDate->iso() == "1956-04-01");
  CHECK(report.sex == "M");
  CHECK(report.orderId == "ORD-20240510-07");
  // SPM-17 wins over OBR-7 and OBX-14; the +0900 offset is checked and the local time kept.
  CHECK(report.specimenTime == "2024-05-10T08:30");
  CHECK(report.specimenDate == *Date::fromYmd(2024, 5, 10));
  REQUIRE(report.observations.size() == 9);

  const LabObservation& wbc = report.observations[0];
  CHECK(wbc.code == "2A990000001930952");
  CHECK(wbc.codeSystem == "JC10");
  CHECK(wbc.localCode == "30002");
  CHECK(wbc.name == "白血球数");
  CHECK(wbc.valueType == "NM");
  CHECK(wbc.value == "9.8");
  REQUIRE(wbc.numeric.has_value());
  CHECK(*wbc.numeric == Approx(9.8));
  CHECK(wbc.unit == "10*3/uL");
  CHECK(wbc.referenceRange == "3.3-8.6");
  CHECK(wbc.referenceLow == Approx(3.3));
  CHECK(wbc.referenceHigh == Approx(8.6));
  CHECK(wbc.flag == "H");
  CHECK(wbc.status == "F");
  CHECK(wbc.comment.empty());

  const LabObservation* hb = find(report, "2A030000001930101");
  REQUIRE(hb != nullptr);
  CHECK(hb->flag == "L");
  CHECK(hb->unit == "g/dL");
  CHECK(hb->numeric == Approx(12.1));

  CHECK(find(report, "2A050000001930101")->flag.empty());  // "N" is normal

  const LabObservation* ast = find(report, "3B035000002327201");
  REQUIRE(ast != nullptr);
  CHECK(ast->name == "ＡＳＴ");
  CHECK(ast->referenceLow == Approx(13));
  CHECK(ast->referenceHigh == Approx(30));
  CHECK(ast->comment == "溶血あり。再検を推奨");
  CHECK(find(report, "3B045000002327201")->comment.empty());  // the NTE belongs to the AST only

  const LabObservation* ggt = find(report, "3B090000002327201");
  REQUIRE(ggt != nullptr);
  CHECK(ggt->name == "γ－ＧＴＰ");
  CHECK(ggt->flag.empty());

  const LabObservation* a1c = find(report, "3D046000001906202");
  REQUIRE(a1c != nullptr);
  CHECK(a1c->unit == "%");
  CHECK(a1c->numeric == Approx(7.2));

  const LabObservation* egfr = find(report, "8A065000002391901");
  REQUIRE(egfr != nullptr);
  CHECK(egfr->referenceLow == Approx(60));
  CHECK_FALSE(egfr->referenceHigh.has_value());
  CHECK(egfr->flag == "L");
}

TEST_CASE("units with an escaped caret and the second unit component are read", "[labs][R-DATA-2]") {
  std::vector<std::string> m(kOul.begin(), kOul.begin() + 6);
  m.push_back("OBX|1|NM|2A990000001930952^WBC^JC10||6.1|10\\S\\3/uL|3.3-8.6||||F");
  m.push_back("OBX|2|NM|2A020000001930101^RBC^JC10||4.6|^10*6/uL^99UNT|4.35-5.55||||F");
  const LabParse r = readHl7(joined(m));
  REQUIRE(r.ok());
  CHECK(r.reports[0].observations[0].unit == "10^3/uL");
  CHECK(r.reports[0].observations[1].unit == "10*6/uL");
}

TEST_CASE("OUL^R22 with two specimens gives two reports, numbered after the first", "[labs][R-DATA-2]") {
  const LabParse r = readHl7(joined({
      kOul[0],
      kOul[1],
      "SPM|0001|||023^血清^JC10",
      "OBR|0001|ORD-1||1^生化学^99XYZ|||20240509153000",
      "OBX|1|NM|3B035000002327201^AST^JC10||25|U/L|13-30||||F",
      "SPM|0002|||019^血液^JC10",
      "ORC|SC|ORD-2",
      "OBR|0002|||3^血液^99XYZ",
      "OBX|1|NM|2A990000001930952^WBC^JC10||5.5|10*3/uL|3.3-8.6||||F|||202405091600",
      "OBX|2|NM|2A020000001930101^RBC^JC10||4.5|10*6/uL|4.35-5.55||||F|||202405091700",
  }));
  REQUIRE(r.ok());
  REQUIRE(r.reports.size() == 2);
  CHECK(r.reports[0].messageId == "20240510000123");
  CHECK(r.reports[1].messageId == "20240510000123#2");
  // No SPM-17: the first group falls back to OBR-7, the second (no OBR-7 either) to the first OBX-14.
  CHECK(r.reports[0].specimenTime == "2024-05-09T15:30");
  CHECK(r.reports[1].specimenTime == "2024-05-09T16:00");
  CHECK(r.reports[0].orderId == "ORD-1");
  CHECK(r.reports[1].orderId == "ORD-2");
  CHECK(r.reports[1].patientName == "山田 太郎");
  CHECK(r.reports[0].observations.size() == 1);
  CHECK(r.reports[1].observations.size() == 2);
}

TEST_CASE("ORU^R01 with two OBR groups gives two reports", "[labs][R-DATA-2]") {
  const LabParse r = readHl7(joined({
      "MSH|^~\\&|LIS|HOSP|RENKEI|CLINIC|20240601120000||ORU^R01^ORU_R01|ORU-77|P|2.5",
      "PID|1||P-0042^^^HOSP^MR||佐藤^花子^^^^^L^I~サトウ^ハナコ^^^^^L^P||19801231|F",
      "ORC|RE|PL-100|FL-100",
      "OBR|1|||CBC^血算^L|||20240601091500",
      "NTE|1||order note: not a result comment",
      "OBX|1|NM|WBC^白血球数^L||7.1|10*3/uL|3.3-8.6||||F",
      "NTE|1||first line",
      "NTE|2||second line",
      "OBX|2|NM|HB^ヘモグロビン^L||11.0|g/dL|11.6-14.8|L|||F",
      "OBR|2||FL-200|CHEM^生化学^L|||20240602",
      "OBX|1|NM|CRE^クレアチニン^99LOC^3C015000002327101^Cre^JLAC10||0.62|mg/dL|0.46-0.79||||C",
  }));
  REQUIRE(r.ok());
  REQUIRE(r.reports.size() == 2);
  const LabReport& first = r.reports[0];
  const LabReport& second = r.reports[1];
  CHECK(first.messageId == "ORU-77");
  CHECK(second.messageId == "ORU-77#2");
  CHECK(first.patientName == "佐藤 花子");
  CHECK(first.patientNameKana == "サトウ ハナコ");
  CHECK(first.sex == "F");
  CHECK(first.birthDate->iso() == "1980-12-31");
  CHECK(first.orderId == "PL-100");
  CHECK(second.orderId == "FL-200");
  CHECK(first.specimenTime == "2024-06-01T09:15");
  CHECK(second.specimenTime == "2024-06-02");
  CHECK(second.specimenDate == *Date::fromYmd(2024, 6, 2));
  REQUIRE(first.observations.size() == 2);
  CHECK(first.observations[0].code == "WBC");
  CHECK(first.observations[0].codeSystem == "L");
  CHECK(first.observations[0].comment == "first line\nsecond line");
  CHECK(first.observations[1].flag == "L");
  REQUIRE(second.observations.size() == 1);
  // The JLAC10 code in the alternate wins; the hospital's own code is kept as the local code.
  const LabObservation& cre = second.observations[0];
  CHECK(cre.code == "3C015000002327101");
  CHECK(cre.codeSystem == "JC10");
  CHECK(cre.localCode == "CRE");
  CHECK(cre.name == "クレアチニン");
  CHECK(cre.status == "C");
}

TEST_CASE("escape sequences in values and comments are decoded", "[labs][R-DATA-2]") {
  const LabParse r = readHl7(joined({
      "MSH|^~\\&|LIS|HOSP|RENKEI|CLINIC|20240601120000||ORU^R01|ESC-1|P|2.5",
      "PID|1||P-1",
      "OBR|1|ORD|||||20240601",
      "OBX|1|ST|MEMO^所見^L||A\\F\\B\\S\\C||||||F",
      "NTE|1||1行目\\.br\\2行目\\X0D0A\\3行目",
      "OBX|2|TX|TXT^所見^L||line one~line two||||||F",
      "OBX|3|NM|K^カリウム^L||4.0|mmol/L|3.6\\T\\4.8||||F",
  }));
  REQUIRE(r.ok());
  const LabReport& report = r.reports[0];
  CHECK(report.observations[0].value == "A|B^C");
  CHECK(report.observations[0].comment == "1行目\n2行目\r\n3行目");
  CHECK(report.observations[1].value == "line one\nline two");
  CHECK(report.observations[2].referenceRange == "3.6&4.8");
  CHECK_FALSE(report.observations[2].referenceLow.has_value());
}

TEST_CASE("a message with LF segment ends and an MLLP frame reads like one with CR", "[labs][R-DATA-2]") {
  const LabParse cr = readHl7(joined(kOul));
  const LabParse lf = readHl7(joined(kOul, "\n"));
  const LabParse framed = readHl7("\x0B" + joined(kOul, "\r\n") + "\x1C\r");
  for (const LabParse* r : {&lf, &framed}) {
    REQUIRE(r->ok());
    REQUIRE(r->reports.size() == 1);
    CHECK(r->reports[0].observations.size() == cr.reports[0].observations.size());
    CHECK(r->reports[0].patientName == "山田 太郎");
    CHECK(r->reports[0].observations[8].referenceLow == Approx(60));
  }
}

TEST_CASE("value types NM, SN, CWE and an empty value", "[labs][R-DATA-2]") {
  const LabParse r = readHl7(joined({
      "MSH|^~\\&|LIS|HOSP|RENKEI|CLINIC|20240601120000||ORU^R01|VT-1|P|2.5",
      "PID|1||P-1||Kato^Ken^^^^^L^A",
      "OBR|1|ORD|||||202406011030",
      "OBX|1|SN|CRP^CRP^L||<^0.3|mg/dL|<0.30||||F",
      "OBX|2|SN|HBA1C^HbA1c^L||^5.8|%|4.6-6.2||||F",
      "OBX|3|SN|TITER^抗体価^L||^1^:^40||||||F",
      "OBX|4|SN|EQ^Eq^L||=^12||||||F",
      "OBX|5|CWE|UPRO^尿蛋白^L||2+^（２＋）^99LOC|||A|||F",
      "OBX|6|NM|PEND^保留^L||||||||X",
      "OBX|7|NM|FW^全角^L||１２．５|mg/dL|１０．０～２０．０||||F",
      "OBX|8|ST|NEG^HBs抗原^L||陰性||陰性||||F",
      "OBX|9|NM|NEG2^負値^L||-1.5||-2.0--0.5||||F",
  }));
  REQUIRE(r.ok());
  const std::vector<LabObservation>& o = r.reports[0].observations;
  REQUIRE(o.size() == 9);
  CHECK(r.reports[0].patientName == "Kato Ken");  // no ideographic repetition: the first one
  CHECK(o[0].value == "<0.3");
  CHECK_FALSE(o[0].numeric.has_value());
  CHECK(o[0].referenceHigh == Approx(0.3));
  CHECK(o[1].value == "5.8");
  CHECK(o[1].numeric == Approx(5.8));
  CHECK(o[2].value == "1:40");
  CHECK_FALSE(o[2].numeric.has_value());
  CHECK(o[3].value == "12");
  CHECK(o[3].numeric == Approx(12));
  CHECK(o[4].value == "（２＋）");
  CHECK(o[4].flag == "A");
  CHECK(o[5].value.empty());
  CHECK_FALSE(o[5].numeric.has_value());
  CHECK(o[5].status == "X");
  CHECK(o[6].value == "１２．５");
  CHECK(o[6].numeric == Approx(12.5));
  CHECK(o[6].referenceLow == Approx(10));
  CHECK(o[6].referenceHigh == Approx(20));
  CHECK(o[7].value == "陰性");
  CHECK_FALSE(o[7].numeric.has_value());
  CHECK_FALSE(o[7].referenceLow.has_value());
  CHECK(o[8].numeric == Approx(-1.5));
  CHECK(o[8].referenceLow == Approx(-2.0));
  CHECK(o[8].referenceHigh == Approx(-0.5));
}

TEST_CASE("date and time forms: offsets, fractions and date-only", "[labs][R-DATA-2]") {
  auto specimenTime = [](const std::string& spm17) {
    const LabParse r = readHl7(joined({kOul[0], kOul[1], "SPM|1||||||||||||||||" + spm17, "OBR|1|O1",
                                       "OBX|1|NM|X^Y^L||1|||||||F"}));
    return r.ok() ? r.reports[0].specimenTime : "error: " + r.error;
  };
  CHECK(specimenTime("20240510") == "2024-05-10");
  CHECK(specimenTime("2024051008") == "2024-05-10T08:00");
  CHECK(specimenTime("202405100830") == "2024-05-10T08:30");
  CHECK(specimenTime("20240510083059.1234") == "2024-05-10T08:30");
  CHECK(specimenTime("20240510233000-0500") == "2024-05-10T23:30");  // local time kept, date not moved
  CHECK(specimenTime("20240229083000^20240229090000") == "2024-02-29T08:30");
  CHECK_THAT(specimenTime("202405"), Catch::Contains("has no day"));
  CHECK_THAT(specimenTime("20230229"), Catch::Contains("SPM-17 date/time \"20230229\" is invalid"));
  CHECK_THAT(specimenTime("20240510246000"), Catch::Contains("invalid"));
  CHECK_THAT(specimenTime("20240510+09"), Catch::Contains("invalid"));
  CHECK_THAT(specimenTime("2024051008300.5"), Catch::Contains("invalid"));
  CHECK_THAT(specimenTime("2024-05-10"), Catch::Contains("invalid"));
}

TEST_CASE("a birth date given only as a year is left out", "[labs][R-DATA-2]") {
  const LabParse r = readHl7(joined({kOul[0], "PID|1||P1||鈴木^一郎^^^^^L^I||1956|X", kOul[3], kOul[5], kOul[7]}));
  REQUIRE(r.ok());
  CHECK_FALSE(r.reports[0].birthDate.has_value());
  CHECK(r.reports[0].sex == "U");
  CHECK(r.reports[0].patientNameKana.empty());
}

TEST_CASE("HL7 errors name the segment and the reason, and give no reports", "[labs][R-DATA-2]") {
  struct Case {
    std::vector<std::string> segments;
    int line;
    std::string reason;
  };
  const std::string msh = kOul[0];
  const std::string pid = kOul[1];
  const std::string spm = kOul[3];
  const std::string obr = kOul[5];
  const std::string obx = kOul[7];
  const Case cases[] = {
      {{"MSH|^~\\&|A|B|C|D|20240510||ADT^A08|1|P|2.5", pid}, 1, "unsupported message type ADT^A08"},
      {{"MSH|^~\\&|A|B|C|D|20240510||ORM^O01|1|P|2.5", pid}, 1, "unsupported message type ORM^O01"},
      {{"MSH|^~\\&|A|B|C|D|20240510||OUL^R22||P|2.5", pid, spm, obr, obx}, 1, "MSH-10"},
      {{msh, "PV1|1|O", spm, obr, obx}, 3, "missing PID"},
      {{msh}, 1, "missing PID"},
      {{msh, "PID|1||^^^^PI||山田^太郎", spm, obr, obx}, 2, "PID-3"},
      {{msh, pid, spm, obx}, 4, "OBX before any OBR"},
      {{msh, pid, spm, obr, obx, "SPM|2", obx}, 7, "OBX before any OBR"},
      {{msh, pid, obr, obx}, 3, "OBR outside a specimen group"},
      {{msh, pid}, 2, "no SPM specimen group"},
      {{msh, pid, spm, obr, obx, "OBX|2|NM|^WBC^JC10||5.0||||||F"}, 6, "OBX-3 observation code is missing"},
      {{msh, pid, spm, obr, "OBX|1|NM|2A990000001930952^WBC^JC10||5,0||||||F"}, 5,
       "OBX-5 value \"5,0\" is not a number"},
      {{msh, pid, spm, obr, "OBX|1|NM|2A990000001930952^WBC^JC10||high||||||F"}, 5, "is not a number"},
      {{msh, pid, spm, obr, "OBX|1|NM|2A990000001930952^WBC^JC10||1 2||||||F"}, 5, "is not a number"},
      {{msh, pid, spm, obr, "OBX|1|SN|2A990000001930952^WBC^JC10||<^abc||||||F"}, 5, "is not a number"},
      {{msh, pid, "SPM|1||||||||||||||||20241301", obr, obx}, 3, "SPM-17 date/time \"20241301\" is invalid"},
      {{msh, pid, spm, "OBR|1|O|||||2024051"}, 4, "OBR-7"},
      {{msh, pid, spm, obr, "OBX|1|NM|X^Y^L||1||||||F|||20240510256000"}, 5, "OBX-14"},
      {{msh, "PID|1||P1||||19560231", spm, obr, obx}, 2, "PID-7"},
      {{msh, pid, "SPM|1", "OBR|1|O", "OBX|1|NM|X^Y^L||1"}, 3, "no specimen date/time"},
      {{"MSH|^~\\&|A|B|C|D|20240510||ORU^R01|1|P|2.5", pid, "OBX|1|NM|X^Y^L||1"}, 3, "OBX before any OBR"},
      {{"MSH|^~\\&|A|B|C|D|20240510||ORU^R01|1|P|2.5", pid, "OBR|1|O", "OBX|1|NM|X^Y^L||1"}, 3,
       "no observation date/time"},
  };
  for (const Case& c : cases) {
    INFO(joined(c.segments, "\n"));
    const LabParse r = readHl7(joined(c.segments));
    CHECK_FALSE(r.ok());
    CHECK(r.line == c.line);
    CHECK_THAT(r.error, Catch::Contains(c.reason));
    CHECK(r.reports.empty());
  }
  // A later bad segment discards the good groups before it.
  const LabParse partial = readHl7(joined({msh, pid, spm, obr, obx, "SPM|2||||||||||||||||20240510", obr,
                                           "OBX|1|NM|2A990000001930952^WBC^JC10||x||||||F"}));
  CHECK(partial.line == 8);
  CHECK(partial.reports.empty());
  // An empty message object (a failed parse) is not a lab message.
  CHECK_THAT(fromHl7(hl7::Message()).error, Catch::Contains("unsupported message type"));
}

TEST_CASE("reference ranges and flags are read in the forms Japanese labs send", "[labs][R-DATA-2]") {
  struct Range {
    std::string text;
    std::optional<double> low, high;
  };
  const Range ranges[] = {
      {"3.5-5.0", 3.5, 5.0},   {"3.5 - 5.0", 3.5, 5.0},     {"3.5~5.0", 3.5, 5.0},   {"3.5～5.0", 3.5, 5.0},
      {"３．５－５．０", 3.5, 5.0}, {"-0.5-1.0", -0.5, 1.0},  {"-2--1", -2.0, -1.0},  {"<200", std::nullopt, 200.0},
      {"≦200", std::nullopt, 200.0}, {"<= 200", std::nullopt, 200.0}, {">=40", 40.0, std::nullopt},
      {"≧40", 40.0, std::nullopt}, {">40", 40.0, std::nullopt},  {"40以上", 40.0, std::nullopt},
      {"0.3未満", std::nullopt, 0.3}, {"200以下", std::nullopt, 200.0}, {"陰性", std::nullopt, std::nullopt},
      {"", std::nullopt, std::nullopt}, {"5.0-3.5", std::nullopt, std::nullopt},
      {"3.5-5.0 g/dL", std::nullopt, std::nullopt}, {"5", std::nullopt, std::nullopt},
  };
  std::string csv = "patient_id,specimen_time,code,code_system,name,value,unit,reference_range,flag\n";
  for (std::size_t i = 0; i < std::size(ranges); ++i)
    csv += "P1,2024-05-10,C" + std::to_string(i) + ",L,n,1,u,\"" + ranges[i].text + "\",\n";
  const LabParse r = fromCsv(csv);
  REQUIRE(r.ok());
  REQUIRE(r.reports[0].observations.size() == std::size(ranges));
  for (std::size_t i = 0; i < std::size(ranges); ++i) {
    INFO(ranges[i].text);
    const LabObservation& o = r.reports[0].observations[i];
    CHECK(o.referenceRange == ranges[i].text);
    CHECK(o.referenceLow.has_value() == ranges[i].low.has_value());
    CHECK(o.referenceHigh.has_value() == ranges[i].high.has_value());
    if (ranges[i].low && o.referenceLow) CHECK(*o.referenceLow == Approx(*ranges[i].low));
    if (ranges[i].high && o.referenceHigh) CHECK(*o.referenceHigh == Approx(*ranges[i].high));
  }

  const std::pair<std::string, std::string> flags[] = {
      {"", ""}, {"N", ""}, {"H", "H"}, {"l", "L"}, {"HH", "HH"}, {"LL", "LL"}, {"A", "A"}, {"AA", "A"},
      {">", "H"}, {"<", "L"}, {"*", "A"}, {"Ｈ", "H"}, {" h ", "H"}};
  csv = "patient_id,specimen_time,code,code_system,name,value,unit,reference_range,flag\n";
  for (std::size_t i = 0; i < std::size(flags); ++i)
    csv += "P1,2024-05-10,F" + std::to_string(i) + ",L,n,1,u,," + flags[i].first + "\n";
  const LabParse f = fromCsv(csv);
  REQUIRE(f.ok());
  for (std::size_t i = 0; i < std::size(flags); ++i) {
    INFO(flags[i].first);
    CHECK(f.reports[0].observations[i].flag == flags[i].second);
  }
}

TEST_CASE("CSV with BOM, CRLF and quoted fields groups rows by patient and specimen time", "[labs][R-DATA-2]") {
  const std::string csv =
      "\xEF\xBB\xBFpatient_id,specimen_time,code,code_system,name,value,unit,reference_range,flag\r\n"
      "0012345678,2024-05-10T08:30,2A990000001930952,JLAC10,白血球数,9.8,10^3/uL,3.3-8.6,H\r\n"
      "0012345678,2024-05-10T08:30,3B035000002327201,JC10,\"AST, GOT\",48,U/L,13-30,H\r\n"
      "0099999999,2024-05-11,LOC01,,\"メモ \"\"至急\"\"\",\"1行目\r\n2行目\",,,\r\n"
      "0012345678,2024-05-10 08:30,3D046000001906202,JC10,HbA1c,7.2,%,4.9-6.0,H\r\n"
      "\r\n";
  const LabParse r = fromCsv(csv);
  REQUIRE(r.ok());
  REQUIRE(r.reports.size() == 2);
  const LabReport& first = r.reports[0];
  CHECK(first.messageId == "csv:0012345678:2024-05-10T08:30");
  CHECK(first.patientId == "0012345678");
  CHECK(first.specimenTime == "2024-05-10T08:30");
  CHECK(first.specimenDate == *Date::fromYmd(2024, 5, 10));
  REQUIRE(first.observations.size() == 3);
  CHECK(first.observations[0].codeSystem == "JC10");
  CHECK(first.observations[0].valueType == "NM");
  CHECK(first.observations[0].numeric == Approx(9.8));
  CHECK(first.observations[0].referenceHigh == Approx(8.6));
  CHECK(first.observations[0].flag == "H");
  CHECK(first.observations[1].name == "AST, GOT");
  CHECK(first.observations[2].code == "3D046000001906202");

  const LabReport& second = r.reports[1];
  CHECK(second.messageId == "csv:0099999999:2024-05-11");
  CHECK(second.specimenTime == "2024-05-11");
  REQUIRE(second.observations.size() == 1);
  CHECK(second.observations[0].codeSystem == "L");
  CHECK(second.observations[0].name == "メモ \"至急\"");
  CHECK(second.observations[0].value == "1行目\n2行目");
  CHECK(second.observations[0].valueType == "ST");
  CHECK_FALSE(second.observations[0].numeric.has_value());
}

TEST_CASE("CSV errors name the line and the column", "[labs][R-DATA-2]") {
  const std::string header = "patient_id,specimen_time,code,code_system,name,value,unit,reference_range,flag\n";
  const std::string good = "P1,2024-05-10,C1,L,n,1,u,,\n";
  struct Case {
    std::string csv;
    int line;
    std::string reason;
  };
  const Case cases[] = {
      {"", 1, "header line is missing"},
      {"\xEF\xBB\xBF", 1, "header line is missing"},
      {"patient,time,code\n" + good, 1, "header line must be exactly"},
      {"patient_id,specimen_time,code,code_system,name,value,unit,reference_range\n" + good, 1, "header"},
      {header, 2, "no result rows"},
      {header + good + "P1,2024-05-10,C1,L,n,1,u\n", 3, "expected 9 columns, found 7"},
      {header + good + ",2024-05-10,C1,L,n,1,u,,\n", 3, "column 1 (patient_id): patient id is empty"},
      {header + "P1,2024-13-10,C1,L,n,1,u,,\n", 2, "column 2 (specimen_time)"},
      {header + "P1,20240510,C1,L,n,1,u,,\n", 2, "column 2 (specimen_time)"},
      {header + "P1,2024-05-10T25:00,C1,L,n,1,u,,\n", 2, "column 2 (specimen_time)"},
      {header + "P1,2024-05-10,,L,n,1,u,,\n", 2, "column 3 (code): code is empty"},
      {header + good + "P1,2024-05-10,C1,L,\"unclosed,1,u,,\n", 3, "quoted field is not closed"},
      {header + "P1,2024-05-10,C1,L,a\"b,1,u,,\n", 2, "quote inside an unquoted field"},
      {header + "P1,2024-05-10,C1,L,\"a\"b,1,u,,\n", 2, "text after a closing quote"},
      // A quoted line break moves the following lines down: the error is on physical line 5.
      {header + "P1,2024-05-10,C1,L,\"two\nlines\",1,u,,\n" + good + "P1,2024-05-10,,L,n,1,u,,\n", 5, "column 3"},
  };
  for (const Case& c : cases) {
    INFO(c.csv);
    const LabParse r = fromCsv(c.csv);
    CHECK_FALSE(r.ok());
    CHECK(r.line == c.line);
    CHECK_THAT(r.error, Catch::Contains(c.reason));
    CHECK(r.reports.empty());
  }
}
