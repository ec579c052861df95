// SPDX-License-Identifier: MIT
// ErrorMessage — what the user reads when the server refuses: the catalogue's text
// (core/errors/Error.h) in the user's language for the answer's `error.code`. Pure (tests/app).
#pragma once

#include <optional>
#include <string>

#include "core/errors/Error.h"

namespace renkei::app {

/// The catalogue entry of an error answer's `error.code`; nullopt for no, or an unknown, code.
std::optional<Error> errorOf(const std::string& body);

/// The user's-language sentence for a failed answer (status 0: the server could not be reached).
std::string errorMessage(Language language, int status, const std::string& body);

}  // namespace renkei::app
