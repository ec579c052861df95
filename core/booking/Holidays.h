// SPDX-License-Identifier: MIT
// Holidays — days on which the hospital's scanners take no bookings: Japan's national public
// holidays (a table kept as data, core/booking/holidays-jp.tsv, embedded at build time) and any
// table of the same format (the hospital's own closures such as 年末年始).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time/Date.h"

namespace renkei {

struct Holiday {
  Date date;
  std::string nameJa;
  std::string nameEn;
};

class Holidays {
 public:
  struct ParseResult;

  /// Parses "YYYY-MM-DD<TAB>日本語名<TAB>English name" lines; '#' comments and blank lines are
  /// ignored. Strict: any malformed line or a repeated date fails the whole table with its line.
  static ParseResult parse(std::string_view table);

  bool contains(Date d) const { return find(d) != nullptr; }
  const Holiday* find(Date d) const;
  const std::vector<Holiday>& all() const { return days_; }
  std::optional<Date> firstDate() const;
  std::optional<Date> lastDate() const;

  /// Adds a day (e.g. a hospital closure); keeps the table sorted; a repeated date is ignored.
  void add(Holiday h);

 private:
  std::vector<Holiday> days_;  // sorted by date
};

struct Holidays::ParseResult {
  std::optional<Holidays> holidays;
  int errorLine = 0;
  std::string error;
};

/// Japan's national holidays from the embedded table (parsed once).
const Holidays& japaneseHolidays();

}  // namespace renkei
