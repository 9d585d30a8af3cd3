// SHA-256 as lowercase hex (libsodium underneath). Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace onegrid::core {

std::string Sha256Hex(std::string_view bytes);

}  // namespace onegrid::core
