# SPDX-License-Identifier: MIT
# Script mode helper of renkei_embed_text: writes the bytes of IN as a char array into OUT.
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" hexlen)
math(EXPR size "${hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," body "${hex}")
file(WRITE "${OUT}" "// Generated from ${IN} by cmake/RenkeiEmbedRun.cmake. Do not edit.\n"
  "#include <string_view>\n"
  "namespace renkei::data {\n"
  "static const char ${SYMBOL}_bytes[] = {${body} '\\0'};\n"
  "extern const std::string_view ${SYMBOL}(${SYMBOL}_bytes, ${size});\n"
  "}\n")
