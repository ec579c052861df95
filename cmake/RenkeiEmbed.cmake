# SPDX-License-Identifier: MIT
# renkei_embed_text(<out-var> <symbol> <file>)
# Turns a data file kept in the repository (word lists, holiday tables) into a C++ source defining
#   namespace renkei::data { extern const std::string_view <symbol>; }
# so core/ can use data without file I/O, natively and in WebAssembly alike.
function(renkei_embed_text out_var symbol file)
  get_filename_component(abs "${file}" ABSOLUTE)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/embedded/${symbol}.cpp")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DIN=${abs} -DOUT=${out} -DSYMBOL=${symbol}
            -P "${PROJECT_SOURCE_DIR}/cmake/RenkeiEmbedRun.cmake"
    DEPENDS "${abs}" "${PROJECT_SOURCE_DIR}/cmake/RenkeiEmbedRun.cmake"
    COMMENT "Embedding ${file}"
    VERBATIM)
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()
