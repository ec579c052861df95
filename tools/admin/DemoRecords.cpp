// SPDX-License-Identifier: MIT
#include "tools/admin/DemoRecords.h"

#include <SQLiteCpp/Transaction.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <vector>

#include "server/records/Consents.h"
#include "server/records/Documents.h"
#include "server/records/LabImport.h"
#include "server/records/Labs.h"
#include "server/records/Patients.h"

namespace renkei::tools {
namespace {

using namespace renkei::server;

/// One laboratory test as the demo laboratory reports it. The JLAC10 codes are of the right
/// shape (17 characters: analyte, identification, specimen, method, result) for the demo only.
struct Test {
  const char* jlac10;
  const char* local;
  const char* name;
  const char* unit;
  double low, high;      // reference range
  double base, perYear;  // the patient's level three years ago and its drift per year
  double swing;          // visit-to-visit variation
  int decimals;
};

const Test kBloodCount[] = {
    {"2A990000001930952", "1001", "白血球数", "10^3/uL", 3.3, 8.6, 6.2, 0.1, 1.1, 1},
    {"2A020000001930101", "1003", "ヘモグロビン", "g/dL", 13.7, 16.8, 14.2, -0.4, 0.5, 1},
    {"2A050000001930952", "1005", "血小板数", "10^3/uL", 158, 348, 230, -5, 30, 0},
};
const Test kChemistry[] = {
    {"3B035000002327201", "2001", "AST", "U/L", 13, 30, 24, 1.5, 5, 0},
    {"3B045000002327201", "2002", "ALT", "U/L", 10, 42, 28, 2, 7, 0},
    {"3C015000002327101", "2010", "クレアチニン", "mg/dL", 0.65, 1.07, 0.95, 0.08, 0.05, 2},
    {"8A065000002391901", "2011", "eGFR", "mL/min/1.73m2", 60, 200, 68, -5, 2, 1},
    {"3D046000002227101", "2020", "HbA1c(NGSP)", "%", 4.9, 6.0, 6.3, 0.25, 0.2, 1},
    {"3F077000002327101", "2030", "LDLコレステロール", "mg/dL", 65, 139, 150, -6, 12, 0},
};

std::string fmt(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string range(const Test& t) { return fmt(t.low, t.decimals) + "-" + fmt(t.high, t.decimals); }

/// "YYYYMMDDHHMM00" for a date at a morning hour (the outpatient blood draw).
std::string hl7Time(Date d, int hour, int minute) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d%02d%02d00", d.year(), d.month(), d.day(), hour, minute);
  return buf;
}

struct DemoPatient {
  const char* id;
  const char* family;
  const char* given;
  const char* familyKana;
  const char* givenKana;
  const char* sex;
  const char* birth;
};

/// Joins fields with '|' (field 1 first), so field numbers in the code match the standard's.
std::string segment(const char* name, const std::vector<std::string>& fields) {
  std::string s = name;
  for (const std::string& f : fields) s += "|" + f;
  return s + "\r";
}

std::string oulMessage(const DemoPatient& p, Date day, int visit, const std::vector<const Test*>& tests, double years) {
  const std::string when = hl7Time(day, 8, 30 + visit % 20);
  std::string m = "MSH|^~\\&|LIS|RENKEI-HOSP|RENKEI|RENKEI-NET|" + hl7Time(day, 11, 0) + "||OUL^R22^OUL_R22|DEMO-" + p.id +
                  "-" + hl7Time(day, 8, 0) + "|P|2.5|||AL|NE||UNICODE UTF-8\r";
  m += segment("PID", {"1", "", std::string(p.id) + "^^^RENKEI-HOSP^PI", "",
                       std::string(p.family) + "^" + p.given + "^^^^^L^I~" + p.familyKana + "^" + p.givenKana + "^^^^^L^P",
                       "", std::string(p.birth), p.sex});
  std::vector<std::string> spm(17);
  spm[0] = "1";
  spm[3] = "023^血清^JC10";
  spm[16] = when;
  m += segment("SPM", spm);
  m += segment("OBR", {"1", "ORD" + hl7Time(day, 0, 0).substr(0, 8) + std::to_string(visit), "", "LAB^検体検査^L", "", "", when});
  int seq = 0;
  for (const Test* t : tests) {
    // A slow drift, a visit-to-visit swing and, rarely, an outlier: enough to see trends and flags.
    double v = t->base + t->perYear * years + t->swing * std::sin(visit * 1.7 + t->base);
    if (visit % 11 == 7) v += 2.5 * t->swing;
    if (v < 0) v = t->swing;
    const std::string value = fmt(v, t->decimals);
    const double shown = std::stod(value);
    const std::string flag = shown > t->high ? "H" : shown < t->low ? "L" : "N";
    m += segment("OBX", {std::to_string(++seq), "NM",
                         std::string(t->jlac10) + "^" + t->name + "^JC10^" + t->local + "^" + t->name + "^L", "", value,
                         std::string(t->unit) + "^" + t->unit + "^L", range(*t), flag, "", "", "F", "", "", when});
  }
  if (visit % 11 == 7) m += segment("NTE", {"1", "L", "再検済み\\.br\\溶血なし"});
  return m;
}

}  // namespace

std::string demoPdf(const std::string& line) {
  // A one-page PDF with one line of Helvetica text; offsets in the xref table are computed.
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
      "",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
  const std::string stream = "BT /F1 14 Tf 72 770 Td (" + line + ") Tj ET";
  objects[3] = "<< /Length " + std::to_string(stream.size()) + " >>\nstream\n" + stream + "\nendstream";
  std::string pdf = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (const std::size_t o : offsets) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%010zu 00000 n \n", o);
    pdf += buf;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

DemoCounts createDemoRecords(Database& db, const std::filesystem::path& dataDir, std::int64_t now) {
  const Date today = Date::fromUnixSecondsJst(now);
  DemoCounts n;

  Patients patients(db);
  Consents consents(db, dataDir / "consents");
  Labs labs(db);
  Documents documents(db);
  LabImport import(db, patients, labs);

  const DemoPatient people[] = {
      {"P000101", "山田", "太郎", "ヤマダ", "タロウ", "M", "19480512"},
      {"P000102", "鈴木", "花子", "スズキ", "ハナコ", "F", "19560903"},
      {"P000103", "高橋", "次郎", "タカハシ", "ジロウ", "M", "19400120"},
      {"P000104", "伊藤", "美咲", "イトウ", "ミサキ", "F", "19751130"},
      {"P000105", "渡辺", "正", "ワタナベ", "タダシ", "M", "19620308"},
  };
  for (const DemoPatient& p : people) {
    Patient row{p.id, std::string(p.family) + " " + p.given, std::string(p.familyKana) + " " + p.givenKana, p.sex,
                Date::parse(p.birth)};
    if (patients.createIfMissing(row, "demo", now)) ++n.patients;
  }

  // Consents: the scans are small PDFs saying what they stand for.
  const auto consent = [&](const char* patient, ConsentGrantee kind, const char* grantee, int daysAgo) {
    ++n.consents;
    return consents.record(patient, kind, grantee, today.plusDays(-daysAgo),
                           demoPdf(std::string("Renkei demo consent form - patient ") + patient), "demo", today, now);
  };
  consent("P000101", ConsentGrantee::Clinic, "clinic-tanaka", 60);
  consent("P000102", ConsentGrantee::Doctor, "dr-tanaka", 300);
  const StoredConsent withdrawn = consent("P000103", ConsentGrantee::Clinic, "clinic-tanaka", 400);
  consents.withdraw(withdrawn.id, today.plusDays(-14), "患者さんの申し出により撤回 (demo)", "demo", today, now);
  consent("P000105", ConsentGrantee::Clinic, "clinic-moji", 90);

  // Lab histories: every 3 months for three years (monthly lipids for 鈴木 花子), as HL7 messages.
  std::vector<const Test*> all, lipids;
  for (const Test& t : kBloodCount) all.push_back(&t);
  for (const Test& t : kChemistry) all.push_back(&t);
  lipids.push_back(&kChemistry[5]);
  lipids.push_back(&kChemistry[3]);
  lipids.push_back(&kChemistry[4]);
  std::string feed;
  for (const DemoPatient& p : people) {
    const bool monthly = std::string(p.id) == "P000102";
    const int visits = monthly ? 18 : 13;
    for (int visit = 0; visit < visits; ++visit) {
      const int daysAgo = monthly ? 7 + 30 * (visits - 1 - visit) : 7 + 91 * (visits - 1 - visit);
      const double years = 3.0 - daysAgo / 365.0;
      feed += oulMessage(p, today.plusDays(-daysAgo), visit, monthly ? lipids : all, years);
    }
  }
  const LabImportResult r = import.importFile(feed, "demo", now);
  if (!r.problems.empty())
    throw std::runtime_error("demo lab message " + std::to_string(r.problems[0].message) + " line " +
                             std::to_string(r.problems[0].line) + ": " + r.problems[0].reason);
  n.labReports = r.reportsStored;

  // Documents: radiology reports (one before the look-back), a bone density report, a discharge summary.
  const auto document = [&](const char* patient, const char* source, records::Document d) {
    std::int64_t id = 0;
    documents.save(patient, source, d, now, id);
    ++n.documents;
  };
  using records::Document;
  using records::DocumentStatus;
  document("P000101", "RIS-DEMO-0001",
           Document{"radiology-report", "胸部CT", "放射線科 佐藤 健", today.plusDays(-800), DocumentStatus::Final,
                    "右上葉に 8 mm の結節を認める。", "1.2.826.0.1.3680043.10.1.101.1",
                    {{"modality", "CT"}, {"body_part", "胸部"}, {"accession_number", "A0001"},
                     {"findings", "右上葉 S1 に 8 mm の充実性結節。縦隔リンパ節腫大なし。"},
                     {"impression", "右上葉小結節。1年後の経過観察を推奨。"}}});
  document("P000101", "RIS-DEMO-0005",
           Document{"radiology-report", "胸部CT (1年後)", "放射線科 佐藤 健", today.plusDays(-380), DocumentStatus::Final,
                    "右上葉結節は 10 mm、前回 (8 mm) より軽度増大。", "1.2.826.0.1.3680043.10.1.101.4",
                    {{"modality", "CT"}, {"body_part", "胸部"}, {"accession_number", "A0005"},
                     {"findings", "右上葉 S1 の充実性結節は 10 mm (前回 8 mm)。新たな病変なし。"},
                     {"impression", "軽度増大。1年後の再検を推奨。"}}});
  document("P000101", "RIS-DEMO-0002",
           Document{"radiology-report", "胸部CT (経過観察)", "放射線科 佐藤 健", today.plusDays(-20), DocumentStatus::Final,
                    "右上葉結節は 14 mm に増大 (1年前 10 mm)。", "1.2.826.0.1.3680043.10.1.101.2",
                    {{"modality", "CT"}, {"body_part", "胸部"}, {"accession_number", "A0002"},
                     {"findings", "右上葉 S1 の充実性結節は 14 mm で、1年前の 10 mm から増大。縦隔リンパ節腫大なし。"},
                     {"impression", "増大傾向の結節。呼吸器内科での精査 (PET-CT、生検) を推奨。"}}});
  document("P000101", "RIS-DEMO-0003",
           Document{"radiology-report", "骨密度測定 (DXA)", "放射線科 佐藤 健", today.plusDays(-100), DocumentStatus::Final,
                    "腰椎 L2-L4 YAM 72%、大腿骨頸部 YAM 68%。", "1.2.826.0.1.3680043.10.1.101.3",
                    {{"modality", "DX"}, {"body_part", "腰椎・大腿骨"}, {"accession_number", "A0003"},
                     {"findings", "腰椎 L2-L4 BMD 0.812 g/cm2 (YAM 72%)、大腿骨頸部 BMD 0.601 g/cm2 (YAM 68%)。"},
                     {"impression", "骨量減少 (YAM 70-80%)、大腿骨頸部は骨粗鬆症域。"}}});
  document("P000101", "DS-DEMO-0001",
           Document{"discharge-summary", "退院時サマリー (市中肺炎)", "内科 木村 和也", today.plusDays(-45), DocumentStatus::Final,
                    "市中肺炎にて入院。抗菌薬治療で改善し退院。", "",
                    {{"admitted_on", today.plusDays(-54).iso()}, {"discharged_on", today.plusDays(-45).iso()},
                     {"department", "内科"}, {"diagnosis", "市中肺炎 (右下葉)"},
                     {"course", "入院時 CRP 12.3 mg/dL。セフトリアキソン 2 g/日を 7 日間投与し解熱、CRP 0.8 mg/dL まで改善。"},
                     {"discharge_medication", "なし (抗菌薬は終了)"},
                     {"follow_up", "2週間後に貴院で胸部聴診と血液検査をお願いします。"}}});
  document("P000102", "RIS-DEMO-0004",
           Document{"radiology-report", "頭部MRI", "放射線科 佐藤 健", today.plusDays(-30), DocumentStatus::Preliminary,
                    "(速報) 急性期梗塞なし。", "1.2.826.0.1.3680043.10.1.102.1",
                    {{"modality", "MR"}, {"body_part", "頭部"}, {"accession_number", "A0004"},
                     {"findings", "DWI で高信号なし。深部白質に小さな慢性虚血性変化。"}, {"impression", "急性期梗塞なし。"}}});
  document("P000104", "DS-DEMO-0002",
           Document{"discharge-summary", "退院時サマリー (胆石症)", "外科 松本 修", today.plusDays(-120), DocumentStatus::Final,
                    "腹腔鏡下胆嚢摘出術後、経過良好にて退院。", "",
                    {{"admitted_on", today.plusDays(-125).iso()}, {"discharged_on", today.plusDays(-120).iso()},
                     {"department", "外科"}, {"diagnosis", "胆嚢結石症"}}});
  return n;
}

}  // namespace renkei::tools
