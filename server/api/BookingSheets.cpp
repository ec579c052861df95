// SPDX-License-Identifier: MIT
#include "server/api/BookingSheets.h"

#include <nlohmann/json.hpp>

#include <vector>

#include "server/crypto/Digest.h"

namespace renkei::server {

using nlohmann::json;

namespace {

// A4 portrait, black on white, no colour needed; the print button is not printed.
constexpr const char* kStyle =
    "body{font-family:'IPAPGothic','IPAexGothic','Noto Sans CJK JP','Hiragino Sans','Yu Gothic',sans-serif;"
    "max-width:46em;margin:1.5em auto;padding:0 1em;color:#000;background:#fff;line-height:1.6;font-size:11pt}"
    "h1{text-align:center;font-size:18pt;letter-spacing:.3em;margin:.4em 0 1em}"
    "h2{font-size:12pt;border-bottom:1px solid #000;margin:1.2em 0 .4em}"
    "table{border-collapse:collapse;width:100%}th,td{border:1px solid #000;padding:.2em .5em;text-align:left;vertical-align:top}"
    "th{width:11em;font-weight:normal;background:#f0f0f0}.right{text-align:right}.big{font-size:15pt;font-weight:bold}"
    ".text{white-space:pre-wrap}.warn{font-weight:bold}ul{margin:.2em 0;padding-left:1.4em}"
    "#print{display:block;margin:0 0 .5em auto;font-size:12pt;padding:.3em 1.2em}.answers th{width:auto}.answers td+td{width:8em}"
    "@page{size:A4;margin:15mm}@media print{#print{display:none}body{margin:0;max-width:none}}";
constexpr const char* kScript = "document.getElementById('print').addEventListener('click',function(){window.print();});";

std::string hashSource(const char* source) {
  const std::string hex = sha256Hex(source);
  unsigned char raw[32];
  for (std::size_t i = 0; i < 32; ++i) raw[i] = static_cast<unsigned char>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  return "'sha256-" + base64Encode(raw, sizeof raw) + "'";
}

std::string hhmm(int minute) {
  const std::string m = std::to_string(minute % 60);
  return std::to_string(minute / 60) + ":" + (m.size() < 2 ? "0" + m : m);
}

/// A value of the stored order as text (strings as they are; numbers without trailing zeros).
std::string textOf(const json& object, const char* key) {
  if (!object.is_object()) return "";
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_boolean()) return it->get<bool>() ? "はい" : "いいえ";
  if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
  if (it->is_number()) {
    std::string s = std::to_string(it->get<double>());
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  }
  return "";
}

const char* sexJa(const std::string& s) { return s == "M" ? "男" : s == "F" ? "女" : s == "O" ? "その他" : "不明"; }
const char* urgencyJa(const std::string& u) { return u == "urgent" ? "至急" : u == "soon" ? "早期 (1 週間以内)" : "通常"; }

/// Completed years from `birth` to `on`.
int ageOn(Date birth, Date on) {
  int age = on.year() - birth.year();
  if (on.month() < birth.month() || (on.month() == birth.month() && on.day() < birth.day())) --age;
  return age;
}

/// The checklist's questions in the order's order, as the letter asks them.
struct Question {
  const char* field;
  const char* ja;
};
constexpr Question kQuestions[] = {
    {"contrast_reaction", "造影剤による副作用の既往"},
    {"asthma", "気管支喘息"},
    {"metformin", "ビグアナイド系糖尿病薬 (メトホルミン) の服用"},
    {"pregnancy", "妊娠 (可能性を含む)"},
    {"pacemaker", "心臓ペースメーカー・植込み型除細動器 (ICD)"},
    {"cochlear_implant", "人工内耳"},
    {"neurostimulator", "神経刺激装置"},
    {"other_implant", "その他の体内植込み物 (ステント・クリップ・人工関節など)"},
    {"device_mr_conditional", "植込み物が条件付きMRI対応であることの確認"},
    {"metal_fragments", "体内の金属片 (眼内・破片など)"},
    {"claustrophobia", "閉所恐怖症"},
    {"tattoos", "入れ墨・アートメイク"},
};

const char* answerJa(const std::string& a) { return a == "yes" ? "はい" : a == "no" ? "いいえ" : "未回答"; }

struct Order {
  json order, checklist, findings;
};
Order orderOf(const BookingRecord& b) {
  const json stored = json::parse(b.orderJson, nullptr, false);
  Order o;
  if (!stored.is_object()) return o;
  o.order = stored.value("order", json::object());
  o.checklist = stored.value("checklist", json::object());
  o.findings = stored.value("findings", json::array());
  return o;
}

/// The checklist's rows (question, answer) with the measurements.
std::vector<std::pair<std::string, std::string>> checklistRows(const json& c) {
  std::vector<std::pair<std::string, std::string>> rows;
  if (!c.is_object()) return rows;
  if (c.contains("egfr")) {
    const std::string date = textOf(c, "egfr_date");
    rows.emplace_back("eGFR", textOf(c, "egfr") + " mL/min/1.73m²" + (date.empty() ? "" : " (" + date + " 測定)"));
  }
  if (c.contains("height_cm")) rows.emplace_back("身長", textOf(c, "height_cm") + " cm");
  if (c.contains("weight_kg")) rows.emplace_back("体重", textOf(c, "weight_kg") + " kg");
  for (const Question& q : kQuestions)
    if (c.contains(q.field)) rows.emplace_back(q.ja, answerJa(textOf(c, q.field)));
  return rows;
}

std::string verdictJa(const BookingRecord& b) { return b.verdict == "warn" ? "注意事項あり" : "問題なし"; }

std::vector<std::string> findingTexts(const json& findings) {
  std::vector<std::string> out;
  if (!findings.is_array()) return out;
  for (const json& f : findings) out.push_back(textOf(f, "ja"));
  return out;
}

std::string examLine(const BookingRecord& b) {
  return b.equipmentNameJa + " " + b.examNameJa + (b.examContrast ? " (造影あり)" : " (造影なし)");
}

std::string when(const BookingRecord& b) { return japaneseDate(b.date) + " " + hhmm(b.start) + "〜" + hhmm(b.end); }

std::string page(const char* title, const std::string& body) {
  return std::string("<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                     "content=\"width=device-width, initial-scale=1\"><title>") +
         title + "</title><style>" + kStyle + "</style></head><body>\n<button id=\"print\" type=\"button\">印刷</button>\n" +
         body + "<script>" + kScript + "</script></body></html>\n";
}

std::string row(const char* label, const std::string& value, bool longText = false) {
  return std::string("<tr><th>") + label + "</th><td" + (longText ? " class=\"text\"" : "") + ">" + escapeHtml(value) + "</td></tr>\n";
}

std::string patientLine(const SheetFacts& f, Date on) {
  const Patient& p = f.patient;
  std::string s = p.name + (p.nameKana.empty() ? "" : " (" + p.nameKana + ")") + " " + sexJa(p.sex);
  if (p.birthDate) s += " " + p.birthDate->iso() + "生 (" + std::to_string(ageOn(*p.birthDate, on)) + "歳)";
  return s;
}

}  // namespace

std::string escapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  return out;
}

std::string japaneseDate(Date d) {
  static const char* const kDays[] = {"月", "火", "水", "木", "金", "土", "日"};
  return std::to_string(d.year()) + "年" + std::to_string(d.month()) + "月" + std::to_string(d.day()) + "日(" +
         kDays[static_cast<int>(d.weekday()) - 1] + ")";
}

std::string pageSecurityPolicy() {
  static const std::string policy = "default-src 'none'; style-src " + hashSource(kStyle) + "; script-src " + hashSource(kScript) +
                                    "; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  return policy;
}

std::string referralLetterHtml(const SheetFacts& f) {
  const BookingRecord& b = f.booking;
  const Order o = orderOf(b);
  const Date written = Date::fromUnixSecondsJst(b.createdAt);
  std::string h;
  h += "<p class=\"right\">" + escapeHtml(japaneseDate(written)) + "</p>\n";
  h += "<h1>診療情報提供書</h1>\n";
  h += "<p class=\"big\">" + escapeHtml(f.hospitalName) + " " + kRadiologyDepartment + " 御中</p>\n";
  h += "<p class=\"right\">" + escapeHtml(f.clinicName) + "<br>" + escapeHtml(f.clinicAddress) + "<br>医師 " +
       escapeHtml(f.doctorName) + "</p>\n";
  h += "<p>下記の患者さんの検査をお願いいたします。</p>\n";
  h += "<h2>患者</h2>\n<table>\n";
  h += row("氏名", f.patient.name + (f.patient.nameKana.empty() ? "" : " (" + f.patient.nameKana + ")"));
  h += row("性別", sexJa(f.patient.sex));
  if (f.patient.birthDate)
    h += row("生年月日", f.patient.birthDate->iso() + " (" + std::to_string(ageOn(*f.patient.birthDate, written)) + "歳)");
  h += row("患者ID", f.patient.id);
  h += "</table>\n<h2>依頼検査</h2>\n<table>\n";
  h += row("検査", examLine(b));
  h += row("予約日時", when(b));
  h += row("緊急度", urgencyJa(b.urgency));
  h += row("部位", textOf(o.order, "body_part"));
  h += "</table>\n<h2>紹介目的・臨床情報</h2>\n<table>\n";
  h += row("紹介目的", textOf(o.order, "purpose"), true);
  h += row("依頼内容", textOf(o.order, "question"), true);
  h += row("既往歴", textOf(o.order, "history"), true);
  h += row("現在の処方", textOf(o.order, "medication"), true);
  h += "</table>\n<h2>安全確認 (チェックリスト)</h2>\n<table class=\"answers\">\n<tr><th>項目</th><th>回答</th></tr>\n";
  for (const auto& [q, a] : checklistRows(o.checklist)) h += "<tr><td>" + escapeHtml(q) + "</td><td>" + escapeHtml(a) + "</td></tr>\n";
  h += "</table>\n<p>判定: <span class=\"warn\">" + escapeHtml(verdictJa(b)) + "</span></p>\n";
  const auto findings = findingTexts(o.findings);
  if (!findings.empty()) {
    h += "<ul>\n";
    for (const std::string& t : findings) h += "<li>" + escapeHtml(t) + "</li>\n";
    h += "</ul>\n";
  }
  h += "<p class=\"right\">以上</p>\n";
  return page("診療情報提供書", h);
}

records::Document referralLetterDocument(const SheetFacts& f) {
  const BookingRecord& b = f.booking;
  const Order o = orderOf(b);
  const Date written = Date::fromUnixSecondsJst(b.createdAt);
  std::string checklist;
  for (const auto& [q, a] : checklistRows(o.checklist)) checklist += q + ": " + a + "\n";
  checklist += "判定: " + verdictJa(b) + "\n";
  for (const std::string& t : findingTexts(o.findings)) checklist += "・" + t + "\n";
  records::Document d;
  d.kind = "referral-letter";
  d.title = "診療情報提供書 (" + b.examNameJa + ")";
  d.author = f.clinicName + " " + f.doctorName;
  d.clinicalDate = written;
  d.status = records::DocumentStatus::Final;
  d.fields = {{"to_department", f.hospitalName + " " + kRadiologyDepartment},
              {"exam", examLine(b) + " " + when(b) + " " + urgencyJa(b.urgency)},
              {"purpose", textOf(o.order, "purpose")},
              {"question", textOf(o.order, "question")},
              {"history", textOf(o.order, "history")},
              {"medication", textOf(o.order, "medication")},
              {"checklist", checklist}};
  d.text = f.hospitalName + " " + kRadiologyDepartment + " 御中\n" + f.clinicName + " 医師 " + f.doctorName + "\n" +
           japaneseDate(written) + "\n\n患者: " + patientLine(f, written) + "\n依頼検査: " + examLine(b) + " " + when(b) +
           " (緊急度: " + urgencyJa(b.urgency) + ")\n部位: " + textOf(o.order, "body_part") + "\n\n紹介目的: " +
           textOf(o.order, "purpose") + "\n依頼内容: " + textOf(o.order, "question") + "\n既往歴: " + textOf(o.order, "history") +
           "\n現在の処方: " + textOf(o.order, "medication") + "\n\n安全確認:\n" + checklist;
  return d;
}

std::string instructionSheetHtml(const SheetFacts& f) {
  const BookingRecord& b = f.booking;
  const Order o = orderOf(b);
  std::string place = b.equipmentKind == "MRI"   ? "中央放射線部 MRI受付 (地下1階)"
                      : b.equipmentKind == "DXA" ? "中央放射線部 骨密度検査室 受付 (1階)"
                                                 : "中央放射線部 CT受付 (1階)";
  std::string h;
  h += "<h1>検査のご案内</h1>\n";
  h += "<p class=\"big\">" + escapeHtml(f.patient.name) + " 様</p>\n";
  h += "<p>" + escapeHtml(f.clinicName) + "からのご紹介で、" + escapeHtml(f.hospitalName) + "での検査のご予約が確定しました。</p>\n";
  h += "<table>\n";
  h += row("検査", b.examNameJa + (b.examContrast ? " (造影剤を使います)" : ""));
  h += row("日にち", japaneseDate(b.date));
  h += row("受付時刻", hhmm(b.arrival.value_or(b.start)) + " までにお越しください (検査開始 " + hhmm(b.start) + ")");
  h += row("場所", f.hospitalName + " " + place);
  h += "</table>\n<h2>検査前の準備</h2>\n<ul>\n";
  if (!b.preparation.empty()) h += "<li class=\"text\">" + escapeHtml(b.preparation) + "</li>\n";
  if (b.examContrast) {
    h += "<li>造影剤を使う検査です。水・お茶は普段どおり飲んでかまいません。</li>\n";
    if (textOf(o.checklist, "metformin") == "yes")
      h += "<li class=\"warn\">ビグアナイド系の糖尿病薬 (メトホルミンなど) は、検査の当日から検査後 2 日間 (48 時間) "
           "飲まないでください。再開は主治医の指示に従ってください。</li>\n";
    h += "<li>以前に造影剤で気分が悪くなったことのある方、喘息のある方はお申し出ください。</li>\n";
  }
  if (b.equipmentKind == "MRI")
    h += "<li>強い磁石を使う検査です。時計・アクセサリー・ヘアピン・磁気カード・カイロ・補聴器などの金属類は外してお越しください。"
         "ペースメーカーなど体内に機器のある方は必ずお申し出ください。</li>\n";
  h += "<li>普段飲んでいるお薬は、特に指示のない限りいつもどおり飲んでください。</li>\n</ul>\n";
  h += "<h2>お持ちいただくもの</h2>\n<ul>\n<li>健康保険証 (マイナ保険証)</li>\n<li>お薬手帳</li>\n<li>紹介状 (診療情報提供書)</li>\n";
  if (f.firstVisit) h += "<li>同意書 (初めて受診される方)</li>\n";
  h += "<li>この用紙</li>\n</ul>\n";
  h += "<h2>ご予約の変更・取り消し</h2>\n<p>" + escapeHtml(f.hospitalName) + " 医療連携室 電話 " + kHospitalPhone + " (" +
       kHospitalPhoneHours + ")<br>紹介元の" + escapeHtml(f.clinicName) + "でも承ります。</p>\n";
  return page("検査のご案内", h);
}

}  // namespace renkei::server
