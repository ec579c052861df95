// SPDX-License-Identifier: MIT
// R-BOOK-4: the order's safety checklist — what blocks a CT, MRI or DXA request and what warns.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/booking/OrderSafety.h"

using namespace renkei;

namespace {

Date ymd(int y, int m, int d) { return *Date::fromYmd(y, m, d); }

/// Every question answered "no", a fresh normal eGFR, an ordinary build.
OrderSafetyInput order(Equipment e, bool contrast) {
  OrderSafetyInput o;
  o.equipment = e;
  o.contrast = contrast;
  o.examDate = ymd(2026, 12, 10);
  SafetyAnswers& a = o.answers;
  a.egfr = 72;
  a.egfrDate = ymd(2026, 11, 20);
  for (Answer* q : {&a.contrastReaction, &a.asthma, &a.metformin, &a.pregnancy, &a.pacemaker, &a.cochlearImplant,
                    &a.neurostimulator, &a.otherImplant, &a.deviceMrConditional, &a.metalFragments, &a.claustrophobia,
                    &a.tattoos})
    *q = Answer::No;
  a.heightCm = 165;
  a.weightKg = 60;
  return o;
}

bool has(const SafetyVerdict& v, const char* code, Severity s) {
  return std::any_of(v.findings.begin(), v.findings.end(), [&](const SafetyFinding& f) { return f.code == code && f.severity == s; });
}

}  // namespace

TEST_CASE("R-BOOK-4: a complete, unremarkable checklist passes for every equipment") {
  for (auto [e, contrast] : {std::pair{Equipment::CT, false}, {Equipment::CT, true}, {Equipment::MRI, false},
                             {Equipment::MRI, true}, {Equipment::DXA, false}}) {
    const SafetyVerdict v = checkOrderSafety(order(e, contrast));
    INFO(code(e) << " contrast " << contrast << ": " << (v.findings.empty() ? "" : v.findings[0].en));
    CHECK(v.overall == Severity::Ok);
    CHECK(v.findings.empty());
  }
}

TEST_CASE("R-BOOK-4: eGFR below 30 blocks iodinated and gadolinium contrast, 30-45 warns for iodinated") {
  OrderSafetyInput o = order(Equipment::CT, true);
  o.answers.egfr = 29;
  SafetyVerdict v = checkOrderSafety(o);
  CHECK(v.blocked());
  CHECK(has(v, "egfr-below-30", Severity::Block));
  CHECK(v.findings[0].field == "egfr");
  CHECK(v.findings[0].ja.find("ヨード") != std::string::npos);
  o.answers.egfr = 30;
  v = checkOrderSafety(o);
  CHECK(v.overall == Severity::Warn);
  CHECK(has(v, "egfr-30-45", Severity::Warn));
  o.answers.egfr = 44.9;
  CHECK(checkOrderSafety(o).overall == Severity::Warn);
  o.answers.egfr = 45;
  CHECK(checkOrderSafety(o).overall == Severity::Ok);
  o = order(Equipment::MRI, true);
  o.answers.egfr = 25;
  v = checkOrderSafety(o);
  CHECK(has(v, "egfr-below-30", Severity::Block));
  CHECK(v.findings[0].ja.find("ガドリニウム") != std::string::npos);
  o.answers.egfr = 40;
  CHECK(checkOrderSafety(o).overall == Severity::Ok);  // the 30-45 caution is for iodinated contrast
  // Without contrast the eGFR does not matter.
  o = order(Equipment::CT, false);
  o.answers.egfr.reset();
  CHECK(checkOrderSafety(o).overall == Severity::Ok);
}

TEST_CASE("R-BOOK-4: contrast needs an eGFR from within 3 months before the exam") {
  OrderSafetyInput o = order(Equipment::CT, true);
  o.answers.egfr.reset();
  CHECK(has(checkOrderSafety(o), "egfr-missing", Severity::Block));
  o = order(Equipment::CT, true);
  o.answers.egfrDate.reset();
  CHECK(has(checkOrderSafety(o), "egfr-missing", Severity::Block));
  o = order(Equipment::CT, true);
  o.answers.egfrDate = o.examDate.plusDays(-kEgfrValidDays);
  CHECK(checkOrderSafety(o).overall == Severity::Ok);
  o.answers.egfrDate = o.examDate.plusDays(-kEgfrValidDays - 1);
  CHECK(has(checkOrderSafety(o), "egfr-not-recent", Severity::Block));
  o.answers.egfrDate = o.examDate.plusDays(1);  // after the exam: a typing error
  CHECK(has(checkOrderSafety(o), "egfr-not-recent", Severity::Block));
  o = order(Equipment::CT, true);
  o.answers.egfr = 0;
  CHECK(has(checkOrderSafety(o), "egfr-implausible", Severity::Block));
}

TEST_CASE("R-BOOK-4: a missing answer blocks the request, naming the question") {
  OrderSafetyInput o = order(Equipment::MRI, false);
  o.answers.claustrophobia = Answer::Unanswered;
  SafetyVerdict v = checkOrderSafety(o);
  CHECK(v.blocked());
  REQUIRE(v.findings.size() == 1);
  CHECK(v.findings[0].code == "unanswered");
  CHECK(v.findings[0].field == "claustrophobia");
  CHECK(v.findings[0].ja == "未回答: 閉所恐怖症");
  // Questions the order does not need are not asked: metformin for a plain CT, implants for DXA.
  o = order(Equipment::CT, false);
  o.answers.metformin = o.answers.pacemaker = Answer::Unanswered;
  CHECK(checkOrderSafety(o).overall == Severity::Ok);
  o = order(Equipment::DXA, false);
  o.answers.pacemaker = o.answers.contrastReaction = Answer::Unanswered;
  CHECK(checkOrderSafety(o).overall == Severity::Ok);
  o.answers.heightCm.reset();
  CHECK(has(checkOrderSafety(o), "size-missing", Severity::Block));
}

TEST_CASE("R-BOOK-4: a pacemaker without MR-conditional confirmation blocks MRI, with it a warning") {
  OrderSafetyInput o = order(Equipment::MRI, false);
  o.answers.pacemaker = Answer::Yes;
  SafetyVerdict v = checkOrderSafety(o);
  CHECK(has(v, "device-not-mr-conditional", Severity::Block));
  o.answers.deviceMrConditional = Answer::Unanswered;
  CHECK(checkOrderSafety(o).blocked());
  o.answers.deviceMrConditional = Answer::Yes;
  v = checkOrderSafety(o);
  CHECK(v.overall == Severity::Warn);
  CHECK(has(v, "device-mr-conditional", Severity::Warn));
  for (Answer SafetyAnswers::*device : {&SafetyAnswers::cochlearImplant, &SafetyAnswers::neurostimulator, &SafetyAnswers::otherImplant}) {
    OrderSafetyInput d = order(Equipment::MRI, false);
    d.answers.*device = Answer::Yes;
    CHECK(checkOrderSafety(d).blocked());
  }
  o = order(Equipment::MRI, false);
  o.answers.metalFragments = Answer::Yes;
  o.answers.deviceMrConditional = Answer::Yes;  // does not help fragments
  CHECK(has(checkOrderSafety(o), "metal-fragments", Severity::Block));
  o = order(Equipment::MRI, false);
  o.answers.claustrophobia = o.answers.tattoos = Answer::Yes;
  v = checkOrderSafety(o);
  CHECK(v.overall == Severity::Warn);
  CHECK(v.findings.size() == 2);
}

TEST_CASE("R-BOOK-4: pregnancy, reactions, asthma, metformin, weight, and blocks listed before warnings") {
  OrderSafetyInput o = order(Equipment::CT, false);
  o.answers.pregnancy = Answer::Yes;
  CHECK(has(checkOrderSafety(o), "pregnancy", Severity::Block));
  o = order(Equipment::DXA, false);
  o.answers.pregnancy = Answer::Yes;
  CHECK(checkOrderSafety(o).blocked());
  o = order(Equipment::MRI, false);
  o.answers.pregnancy = Answer::Yes;
  CHECK(has(checkOrderSafety(o), "pregnancy-mri", Severity::Warn));
  o.contrast = true;
  CHECK(has(checkOrderSafety(o), "pregnancy", Severity::Block));

  o = order(Equipment::CT, true);
  o.answers.contrastReaction = o.answers.asthma = o.answers.metformin = Answer::Yes;
  SafetyVerdict v = checkOrderSafety(o);
  CHECK(v.overall == Severity::Warn);
  CHECK(has(v, "contrast-reaction", Severity::Warn));
  CHECK(has(v, "asthma", Severity::Warn));
  CHECK(has(v, "metformin", Severity::Warn));
  o.answers.weightKg = 160;
  v = checkOrderSafety(o);
  CHECK(v.blocked());
  CHECK(v.findings.front().code == "weight-over-limit");  // the block first
  CHECK(v.findings.back().severity == Severity::Warn);
  o.weightLimitKg = 200;
  CHECK(!checkOrderSafety(o).blocked());
  o.answers.weightKg = 0.5;
  CHECK(has(checkOrderSafety(o), "size-implausible", Severity::Block));
  o = order(Equipment::DXA, true);
  CHECK(has(checkOrderSafety(o), "contrast-not-offered", Severity::Block));
  CHECK(answerFromCode("yes") == Answer::Yes);
  CHECK(answerFromCode("") == Answer::Unanswered);
  CHECK(!answerFromCode("maybe"));
}
