// SPDX-License-Identifier: MIT
// Roles — who may call a route (Api::route's role list), named once. The roles are an account's:
// "clinic" (a clinic's doctor or staff, limited by consent), "staff" (the hospital's staff) and
// "admin" (the liaison office, which runs the network and sees no clinical data but the exam orders
// of the bookings it confirms, R-BOOK-2).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace renkei::server {

/// Any signed-in role (Api::route's empty list).
inline const std::vector<std::string> kAnyone{};
/// The hospital's staff: they send images, reports, documents and lab results.
inline const std::vector<std::string> kStaff{"staff"};
/// The hospital's people: its staff and the liaison office (registering patients).
inline const std::vector<std::string> kHospital{"staff", "admin"};
/// The liaison office: facilities, accounts, consents, the audit log.
inline const std::vector<std::string> kOffice{"admin"};
/// Those who treat patients: clinic users and hospital staff (API tokens).
inline const std::vector<std::string> kClinical{"clinic", "staff"};

/// Every role an account may have.
inline const std::vector<std::string> kAllRoles{"clinic", "staff", "admin"};
inline bool isRole(std::string_view role) {
  for (const std::string& r : kAllRoles)
    if (r == role) return true;
  return false;
}

}  // namespace renkei::server
