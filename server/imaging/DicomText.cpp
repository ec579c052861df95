// SPDX-License-Identifier: MIT
#include "server/imaging/DicomText.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcspchrs.h>
#include <dcmtk/dcmdata/dctk.h>

#include <vector>

#include "core/text/JapaneseText.h"

namespace renkei::server {

std::string dicomTextToUtf8(std::string_view bytes, std::string_view specificCharacterSet, bool personName) {
  std::vector<std::string_view> terms;
  for (std::string_view s = specificCharacterSet;;) {
    const auto p = s.find('\\');
    terms.push_back(s.substr(0, p));
    if (p == std::string_view::npos) break;
    s.remove_prefix(p + 1);
  }
  const auto core = text::decodeDicom(bytes, terms, personName ? "^=\\\r\n\t\f" : "\\\r\n\t\f");
  if (core.ok()) return core.utf8;
  // Core does not know the character set (or a byte in it): DCMTK's conversion, with the same
  // delimiters after which ISO 2022 returns to its initial state.
  DcmSpecificCharacterSet converter;
  if (converter.selectCharacterSet(OFString(specificCharacterSet.data(), specificCharacterSet.size())).good()) {
    OFString out;
    if (converter.convertString(OFString(bytes.data(), bytes.size()), out, personName ? "\\^=" : "\\").good())
      return std::string(out.c_str(), out.length());
  }
  return core.utf8;  // what can be read, U+FFFD for the rest
}

void datasetToUtf8(DcmItem& ds) {
  OFString charset;
  ds.findAndGetOFStringArray(DCM_SpecificCharacterSet, charset);
  const std::string cs(charset.c_str());
  if (cs.empty() || cs == "ISO_IR 192" || cs == "ISO_IR 6") return;  // ASCII is UTF-8 already
  DcmStack stack;
  while (ds.nextObject(stack, OFTrue).good()) {
    auto* e = dynamic_cast<DcmElement*>(stack.top());
    if (!e) continue;
    const DcmEVR vr = e->ident();
    if (vr != EVR_PN && vr != EVR_LO && vr != EVR_SH && vr != EVR_ST && vr != EVR_LT && vr != EVR_UT && vr != EVR_UC)
      continue;
    char* value = nullptr;
    Uint32 length = 0;
    if (e->getString(value, length).bad() || !value) continue;
    const std::string utf8 = dicomTextToUtf8(std::string_view(value, length), cs, vr == EVR_PN);
    e->putString(utf8.c_str(), static_cast<Uint32>(utf8.size()));
  }
  ds.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");
}

}  // namespace renkei::server
