// SPDX-License-Identifier: MIT
#include "server/records/Labs.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>

#include <map>

namespace renkei::server {
namespace {

void bindOptional(SQLite::Statement& q, int i, const std::optional<double>& v) {
  if (v) q.bind(i, *v);
  else q.bind(i);
}

std::optional<double> optionalReal(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getDouble();
}

}  // namespace

bool Labs::store(const labs::LabReport& r, const std::string& source, std::int64_t now) {
  auto tx = db_.write();  // the report and its results, or nothing
  auto qQuery = db_.query("INSERT INTO lab_report (message_id, patient_id, order_id, specimen_time, specimen_date, source, "
                      "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING");
  SQLite::Statement& q = *qQuery;
  SQLite::bind(q, r.messageId, r.patientId, r.orderId, r.specimenTime, r.specimenDate.iso(), source, now);
  if (q.exec() == 0) return false;
  const std::int64_t id = db_.sql().getLastInsertRowid();
  auto oQuery = db_.query("INSERT INTO lab_result (report_id, seq, code, code_system, local_code, name, value_type, value, "
                      "numeric, unit, reference_range, reference_low, reference_high, flag, status, comment) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  SQLite::Statement& o = *oQuery;
  int seq = 0;
  for (const labs::LabObservation& x : r.observations) {
    o.reset();
    SQLite::bind(o, id, ++seq, x.code, x.codeSystem, x.localCode, x.name, x.valueType, x.value);
    bindOptional(o, 9, x.numeric);
    o.bind(10, x.unit);
    o.bind(11, x.referenceRange);
    bindOptional(o, 12, x.referenceLow);
    bindOptional(o, 13, x.referenceHigh);
    o.bind(14, x.flag);
    o.bind(15, x.status);
    o.bind(16, x.comment);
    o.exec();
  }
  tx.commit();
  return true;
}

Labs::Version Labs::version(const std::string& patientId, std::optional<Date> from) {
  auto q = db_.query("SELECT count(*), coalesce(max(id), 0) FROM lab_report WHERE patient_id = ? AND specimen_date >= ?");
  SQLite::Statement& s = *q;
  s.bind(1, patientId);
  s.bind(2, from ? from->iso() : "");
  s.executeStep();
  return Version{s.getColumn(0).getInt(), s.getColumn(1).getInt64()};
}

std::vector<StoredLabReport> Labs::reports(const std::string& patientId, std::optional<Date> from, int limit,
                                           int offset, int& total) {
  const std::string fromIso = from ? from->iso() : "";
  auto countQuery = db_.query("SELECT count(*) FROM lab_report WHERE patient_id = ? AND specimen_date >= ?");
  SQLite::Statement& count = *countQuery;
  count.bind(1, patientId);
  count.bind(2, fromIso);
  count.executeStep();
  total = count.getColumn(0).getInt();
  auto qQuery = db_.query("SELECT id, message_id, order_id, specimen_time, specimen_date, source, imported_at FROM lab_report "
                      "WHERE patient_id = ? AND specimen_date >= ? ORDER BY specimen_time DESC, id DESC LIMIT ? OFFSET ?");
  SQLite::Statement& q = *qQuery;
  SQLite::bind(q, patientId, fromIso, limit, offset);
  std::vector<StoredLabReport> out;
  while (q.executeStep()) {
    StoredLabReport s;
    s.id = q.getColumn(0).getInt64();
    s.report.messageId = q.getColumn(1).getString();
    s.report.patientId = patientId;
    s.report.orderId = q.getColumn(2).getString();
    s.report.specimenTime = q.getColumn(3).getString();
    s.report.specimenDate = *Date::parse(q.getColumn(4).getString());
    s.source = q.getColumn(5).getString();
    s.importedAt = q.getColumn(6).getInt64();
    out.push_back(std::move(s));
  }
  auto rQuery = db_.query("SELECT code, code_system, local_code, name, value_type, value, numeric, unit, reference_range, "
                      "reference_low, reference_high, flag, status, comment FROM lab_result WHERE report_id = ? ORDER BY seq");
  SQLite::Statement& r = *rQuery;
  for (StoredLabReport& s : out) {
    r.reset();
    r.bind(1, s.id);
    while (r.executeStep()) {
      labs::LabObservation x;
      x.code = r.getColumn(0).getString();
      x.codeSystem = r.getColumn(1).getString();
      x.localCode = r.getColumn(2).getString();
      x.name = r.getColumn(3).getString();
      x.valueType = r.getColumn(4).getString();
      x.value = r.getColumn(5).getString();
      x.numeric = optionalReal(r.getColumn(6));
      x.unit = r.getColumn(7).getString();
      x.referenceRange = r.getColumn(8).getString();
      x.referenceLow = optionalReal(r.getColumn(9));
      x.referenceHigh = optionalReal(r.getColumn(10));
      x.flag = r.getColumn(11).getString();
      x.status = r.getColumn(12).getString();
      x.comment = r.getColumn(13).getString();
      s.report.observations.push_back(std::move(x));
    }
  }
  return out;
}

std::vector<LabSeries> Labs::series(const std::string& patientId, std::optional<Date> from, const std::string& code) {
  auto qQuery = db_.query("SELECT o.code, o.code_system, o.name, o.unit, o.reference_low, o.reference_high, r.specimen_time, "
                      "o.value, o.numeric, o.flag, r.id FROM lab_result o JOIN lab_report r ON r.id = o.report_id "
                      "WHERE r.patient_id = ? AND r.specimen_date >= ? AND (? = '' OR o.code = ?) "
                      "AND o.numeric IS NOT NULL ORDER BY o.code, r.specimen_time, r.id");
  SQLite::Statement& q = *qQuery;
  SQLite::bind(q, patientId, from ? from->iso() : "", code, code);
  std::vector<LabSeries> out;
  while (q.executeStep()) {
    const std::string c = q.getColumn(0).getString();
    if (out.empty() || out.back().code != c) out.push_back(LabSeries{c, q.getColumn(1).getString(), "", "", {}, {}, {}});
    LabSeries& s = out.back();
    // The newest name, unit and range describe the series (older results may use older names).
    s.name = q.getColumn(2).getString();
    s.unit = q.getColumn(3).getString();
    if (!q.getColumn(4).isNull() || !q.getColumn(5).isNull()) {
      s.referenceLow = optionalReal(q.getColumn(4));
      s.referenceHigh = optionalReal(q.getColumn(5));
    }
    s.points.push_back({q.getColumn(6).getString(), q.getColumn(7).getString(), optionalReal(q.getColumn(8)),
                        q.getColumn(9).getString(), q.getColumn(10).getInt64()});
  }
  return out;
}

int Labs::countImportedSince(const std::string& patientId, std::optional<Date> from, std::int64_t since) {
  auto qQuery = db_.query("SELECT count(*) FROM lab_report WHERE patient_id = ? AND specimen_date >= ? AND imported_at > ?");
  SQLite::Statement& q = *qQuery;
  SQLite::bind(q, patientId, from ? from->iso() : "", since);
  q.executeStep();
  return q.getColumn(0).getInt();
}

}  // namespace renkei::server
