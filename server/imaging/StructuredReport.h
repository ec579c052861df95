// SPDX-License-Identifier: MIT
// StructuredReport — the text of a DICOM Structured Report (Basic Text, Enhanced, Comprehensive SR,
// key object selections, CAD and dose reports …), which a viewer shows as text, not as an image:
// DCMTK's dcmsr (DSRDocument) reads the document and its content tree is flattened to an outline,
// one line per content item, indented by depth ("Finding: Nodule", "Diameter: 8 mm").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace renkei::server {

struct ReportItem {
  int level = 1;                                ///< 1: the document's root container
  std::string relationship, valueType, conceptName, value;  ///< "CONTAINS", "TEXT", "Finding", "…"
};

struct ReportText {
  std::string title;                 ///< the root container's concept name ("Chest CT Report")
  std::string documentType;          ///< "Comprehensive SR"
  std::string completion, verification;  ///< "COMPLETE" / "PARTIAL", "VERIFIED" / "UNVERIFIED"
  std::vector<ReportItem> items;
  std::string text;                  ///< the outline, UTF-8, lines ending in '\n'
};

/// The report in a stored Part-10 file; nullopt when it is not a structured report DCMTK can read.
std::optional<ReportText> structuredReport(std::string_view file);

}  // namespace renkei::server
