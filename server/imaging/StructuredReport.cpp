// SPDX-License-Identifier: MIT
#include "server/imaging/StructuredReport.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmsr/dsrdoc.h>

#include "server/imaging/DicomCodec.h"
#include "server/imaging/DicomText.h"

namespace renkei::server {
namespace {

std::string str(const OFString& s) { return std::string(s.c_str(), s.length()); }

/// What a content item holds, as text (references to images and other objects by their kind).
std::string valueOf(DSRContentItem& item) {
  switch (item.getValueType()) {
    case DSRTypes::VT_Text:
    case DSRTypes::VT_PName:
    case DSRTypes::VT_Date:
    case DSRTypes::VT_Time:
    case DSRTypes::VT_DateTime:
    case DSRTypes::VT_UIDRef: return str(item.getStringValue());
    case DSRTypes::VT_Code: return str(item.getCodeValue().getCodeMeaning());
    case DSRTypes::VT_Num: {
      const DSRNumericMeasurementValue& n = item.getNumericValue();
      const std::string unit = str(n.getMeasurementUnit().getCodeValue());  // UCUM: "mm", "cm2", "1"
      return str(n.getNumericValue()) + (unit.empty() || unit == "1" ? "" : " " + unit);
    }
    case DSRTypes::VT_Container: return "";
    case DSRTypes::VT_Image: return "(image reference)";
    case DSRTypes::VT_Composite: return "(object reference)";
    case DSRTypes::VT_Waveform: return "(waveform reference)";
    case DSRTypes::VT_SCoord:
    case DSRTypes::VT_SCoord3D: return "(coordinates)";
    case DSRTypes::VT_TCoord: return "(time coordinates)";
    default: return "";
  }
}

}  // namespace

std::optional<ReportText> structuredReport(std::string_view bytes) {
  auto file = loadInstance(bytes);
  DcmDataset& ds = *file->getDataset();
  datasetToUtf8(ds);  // every character set DicomText reads, as UTF-8
  DSRDocument doc;
  if (doc.read(ds).bad()) return std::nullopt;
  ReportText r;
  r.documentType = DSRTypes::documentTypeToReadableName(doc.getDocumentType());
  r.completion = DSRTypes::completionFlagToEnumeratedValue(doc.getCompletionFlag());
  r.verification = DSRTypes::verificationFlagToEnumeratedValue(doc.getVerificationFlag());
  DSRDocumentTree& tree = doc.getTree();
  if (tree.gotoRoot() > 0) {
    do {
      DSRContentItem& item = tree.getCurrentContentItem();
      ReportItem i;
      i.level = static_cast<int>(tree.getLevel());
      i.relationship = item.getRelationshipType() == DSRTypes::RT_isRoot
                           ? ""
                           : DSRTypes::relationshipTypeToDefinedTerm(item.getRelationshipType());
      i.valueType = DSRTypes::valueTypeToDefinedTerm(item.getValueType());
      i.conceptName = str(item.getConceptName().getCodeMeaning());
      i.value = valueOf(item);
      if (i.level == 1 && r.title.empty()) r.title = i.conceptName;
      r.text += std::string(static_cast<std::size_t>(2 * (i.level - 1)), ' ') + i.conceptName +
                (i.conceptName.empty() || i.value.empty() ? "" : ": ") + i.value + "\n";
      r.items.push_back(std::move(i));
    } while (tree.iterate() > 0);
  }
  return r;
}

}  // namespace renkei::server
