// SPDX-License-Identifier: MIT
#include "core/booking/Holidays.h"

#include <algorithm>

namespace renkei::data {
extern const std::string_view kJapaneseHolidays;
}

namespace renkei {

Holidays::ParseResult Holidays::parse(std::string_view table) {
  Holidays out;
  int lineNo = 0;
  while (!table.empty()) {
    ++lineNo;
    const auto nl = table.find('\n');
    std::string_view line = table.substr(0, nl);
    table = nl == std::string_view::npos ? std::string_view{} : table.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    const auto t1 = line.find('\t');
    const auto t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string_view::npos || line.find('\t', t2 + 1) != std::string_view::npos)
      return {std::nullopt, lineNo, "expected three tab-separated fields: date, Japanese name, English name"};
    const auto date = Date::parse(line.substr(0, t1));
    if (!date || t1 != 10) return {std::nullopt, lineNo, "not a date in the form YYYY-MM-DD"};
    const auto ja = line.substr(t1 + 1, t2 - t1 - 1), en = line.substr(t2 + 1);
    if (ja.empty() || en.empty()) return {std::nullopt, lineNo, "a holiday needs a Japanese and an English name"};
    if (out.contains(*date)) return {std::nullopt, lineNo, "the date " + date->iso() + " is listed twice"};
    out.add(Holiday{*date, std::string(ja), std::string(en)});
  }
  return {std::move(out), 0, {}};
}

const Holiday* Holidays::find(Date d) const {
  const auto it = std::lower_bound(days_.begin(), days_.end(), d, [](const Holiday& h, Date x) { return h.date < x; });
  return it != days_.end() && it->date == d ? &*it : nullptr;
}

void Holidays::add(Holiday h) {
  const auto it = std::lower_bound(days_.begin(), days_.end(), h.date, [](const Holiday& a, Date x) { return a.date < x; });
  if (it != days_.end() && it->date == h.date) return;
  days_.insert(it, std::move(h));
}

std::optional<Date> Holidays::firstDate() const {
  if (days_.empty()) return std::nullopt;
  return days_.front().date;
}

std::optional<Date> Holidays::lastDate() const {
  if (days_.empty()) return std::nullopt;
  return days_.back().date;
}

const Holidays& japaneseHolidays() {
  // The table ships with the code; a broken table is a build defect caught by the tests, and an
  // empty set here would only mean "no national holidays", never a crash.
  static const Holidays table = [] {
    auto r = Holidays::parse(data::kJapaneseHolidays);
    return r.holidays ? std::move(*r.holidays) : Holidays{};
  }();
  return table;
}

}  // namespace renkei
