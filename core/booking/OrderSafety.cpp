// SPDX-License-Identifier: MIT
#include "core/booking/OrderSafety.h"

#include <algorithm>
#include <cmath>

namespace renkei {
namespace {

class Findings {
 public:
  void add(Severity s, const char* code, const char* field, std::string ja, std::string en) {
    list_.push_back({s, code, field, std::move(ja), std::move(en)});
  }
  // An unanswered question blocks: the hospital cannot judge the request without it.
  bool answered(Answer a, const char* field, const char* questionJa, const char* questionEn) {
    if (a != Answer::Unanswered) return true;
    add(Severity::Block, "unanswered", field, std::string("未回答: ") + questionJa, std::string("Not answered: ") + questionEn);
    return false;
  }
  SafetyVerdict verdict() && {
    SafetyVerdict v;
    std::stable_sort(list_.begin(), list_.end(), [](const SafetyFinding& a, const SafetyFinding& b) {
      return static_cast<int>(a.severity) > static_cast<int>(b.severity);
    });
    for (const SafetyFinding& f : list_) v.overall = std::max(v.overall, f.severity);
    v.findings = std::move(list_);
    return v;
  }

 private:
  std::vector<SafetyFinding> list_;
};

std::string number(double v) { return std::to_string(std::lround(v)); }

void checkContrast(const OrderSafetyInput& o, Findings& f) {
  const SafetyAnswers& a = o.answers;
  const bool iodinated = o.equipment == Equipment::CT;
  if (!a.egfr || !a.egfrDate) {
    f.add(Severity::Block, "egfr-missing", "egfr", "造影検査には eGFR (測定日とも) が必要です",
          "Contrast needs an eGFR (with the date it was measured)");
  } else if (*a.egfr <= 0 || *a.egfr > 200) {
    f.add(Severity::Block, "egfr-implausible", "egfr", "eGFR の値を確認してください (" + number(*a.egfr) + ")",
          "Check the eGFR value (" + number(*a.egfr) + ")");
  } else {
    const std::int64_t age = daysBetween(*a.egfrDate, o.examDate);
    if (age > kEgfrValidDays || age < 0)
      f.add(Severity::Block, "egfr-not-recent", "egfrDate", "eGFR は検査日前 3 か月以内の値が必要です",
            "The eGFR must be from within 3 months before the exam");
    if (*a.egfr < 30)
      f.add(Severity::Block, "egfr-below-30", "egfr",
            std::string("eGFR ") + number(*a.egfr) + " (30 未満): " + (iodinated ? "ヨード造影剤" : "ガドリニウム造影剤") +
                "は使用できません。単純検査を検討してください",
            std::string("eGFR ") + number(*a.egfr) + " (below 30): no " + (iodinated ? "iodinated" : "gadolinium") +
                " contrast; consider a plain study");
    else if (iodinated && *a.egfr < 45)
      f.add(Severity::Warn, "egfr-30-45", "egfr",
            "eGFR " + number(*a.egfr) + " (30〜45): 造影剤腎症の危険があります。補液を検討してください",
            "eGFR " + number(*a.egfr) + " (30-45): risk of contrast nephropathy; consider hydration");
  }
  if (f.answered(a.contrastReaction, "contrastReaction", "造影剤の副作用歴", "previous contrast reaction") &&
      a.contrastReaction == Answer::Yes)
    f.add(Severity::Warn, "contrast-reaction", "contrastReaction", "造影剤の副作用歴あり: 前投薬と放射線科への相談が必要です",
          "Previous contrast reaction: premedication and a word with radiology are needed");
  if (f.answered(a.asthma, "asthma", "気管支喘息", "asthma") && a.asthma == Answer::Yes)
    f.add(Severity::Warn, "asthma", "asthma", "気管支喘息あり: 造影剤の副作用が起こりやすくなります",
          "Asthma: contrast reactions are more likely");
  if (iodinated && f.answered(a.metformin, "metformin", "ビグアナイド系薬 (メトホルミン) の服用", "metformin") &&
      a.metformin == Answer::Yes)
    f.add(Severity::Warn, "metformin", "metformin", "メトホルミン服用中: 造影検査の前後 48 時間は休薬してください",
          "Metformin: pause it for 48 hours around the contrast study");
}

void checkMri(const OrderSafetyInput& o, Findings& f) {
  const SafetyAnswers& a = o.answers;
  struct Device {
    Answer answer;
    const char* field;
    const char* ja;
    const char* en;
  };
  const Device devices[] = {{a.pacemaker, "pacemaker", "ペースメーカー・植込み型除細動器", "pacemaker or ICD"},
                            {a.cochlearImplant, "cochlearImplant", "人工内耳", "cochlear implant"},
                            {a.neurostimulator, "neurostimulator", "神経刺激装置", "neurostimulator"},
                            {a.otherImplant, "otherImplant", "その他の体内金属・インプラント", "other implant"}};
  bool anyDevice = false;
  for (const Device& d : devices)
    if (f.answered(d.answer, d.field, d.ja, d.en) && d.answer == Answer::Yes) anyDevice = true;
  if (anyDevice) {
    const bool conditional = a.deviceMrConditional == Answer::Yes;
    for (const Device& d : devices) {
      if (d.answer != Answer::Yes) continue;
      if (conditional)
        f.add(Severity::Warn, "device-mr-conditional", d.field, std::string(d.ja) + ": 条件付き MRI 対応を確認済み。当日の設定確認が必要です",
              std::string(d.en) + ": MR-conditional confirmed; the device must be checked on the day");
      else
        f.add(Severity::Block, "device-not-mr-conditional", d.field,
              std::string(d.ja) + ": 条件付き MRI 対応であることの確認がないため MRI は受けられません",
              std::string(d.en) + ": no MRI without confirmation that the device is MR-conditional");
    }
  }
  if (f.answered(a.metalFragments, "metalFragments", "眼内・体内の金属片", "metal fragments") && a.metalFragments == Answer::Yes)
    f.add(Severity::Block, "metal-fragments", "metalFragments", "金属片あり (眼内など): MRI は受けられません",
          "Metal fragments (in the eye or elsewhere): no MRI");
  if (f.answered(a.claustrophobia, "claustrophobia", "閉所恐怖症", "claustrophobia") && a.claustrophobia == Answer::Yes)
    f.add(Severity::Warn, "claustrophobia", "claustrophobia", "閉所恐怖症: 鎮静の要否を検討してください",
          "Claustrophobia: consider whether sedation is needed");
  if (f.answered(a.tattoos, "tattoos", "入れ墨・アートメイク", "tattoos or permanent make-up") && a.tattoos == Answer::Yes)
    f.add(Severity::Warn, "tattoos", "tattoos", "入れ墨・アートメイク: 熱傷の危険があります",
          "Tattoos or permanent make-up: risk of burns");
}

}  // namespace

const char* code(Severity s) {
  switch (s) {
    case Severity::Ok: return "ok";
    case Severity::Warn: return "warn";
    case Severity::Block: return "block";
  }
  return "";
}

const char* code(Answer a) {
  switch (a) {
    case Answer::Yes: return "yes";
    case Answer::No: return "no";
    case Answer::Unanswered: return "";
  }
  return "";
}

std::optional<Answer> answerFromCode(std::string_view s) {
  if (s == "yes") return Answer::Yes;
  if (s == "no") return Answer::No;
  if (s.empty()) return Answer::Unanswered;
  return std::nullopt;
}

SafetyVerdict checkOrderSafety(const OrderSafetyInput& o) {
  Findings f;
  const SafetyAnswers& a = o.answers;
  if (o.contrast && o.equipment == Equipment::DXA)
    f.add(Severity::Block, "contrast-not-offered", "contrast", "骨密度検査に造影はありません", "Bone densitometry has no contrast");
  if (o.contrast && o.equipment != Equipment::DXA) checkContrast(o, f);
  if (o.equipment == Equipment::MRI) checkMri(o, f);
  if (f.answered(a.pregnancy, "pregnancy", "妊娠 (可能性を含む)", "pregnancy (possible or known)") && a.pregnancy == Answer::Yes) {
    if (o.equipment == Equipment::MRI && !o.contrast)
      f.add(Severity::Warn, "pregnancy-mri", "pregnancy", "妊娠中: 妊娠初期の MRI は放射線科と相談してください",
            "Pregnant: discuss an MRI in early pregnancy with radiology");
    else
      f.add(Severity::Block, "pregnancy", "pregnancy",
            o.equipment == Equipment::MRI ? "妊娠中: ガドリニウム造影は行えません" : "妊娠中: 放射線を使う検査は直接ご相談ください",
            o.equipment == Equipment::MRI ? "Pregnant: no gadolinium contrast" : "Pregnant: call the hospital about studies with radiation");
  }
  if (!a.weightKg || !a.heightCm) {
    f.add(Severity::Block, "size-missing", !a.weightKg ? "weightKg" : "heightCm", "身長と体重を入力してください",
          "Enter the height and the weight");
  } else if (*a.weightKg < 1 || *a.weightKg > 400 || *a.heightCm < 30 || *a.heightCm > 250) {
    f.add(Severity::Block, "size-implausible", "weightKg", "身長・体重の値を確認してください", "Check the height and weight");
  } else if (*a.weightKg > o.weightLimitKg) {
    f.add(Severity::Block, "weight-over-limit", "weightKg",
          "体重 " + number(*a.weightKg) + " kg: 寝台の上限 (" + number(o.weightLimitKg) + " kg) を超えています",
          "Weight " + number(*a.weightKg) + " kg is over the table's limit (" + number(o.weightLimitKg) + " kg)");
  }
  return std::move(f).verdict();
}

}  // namespace renkei
