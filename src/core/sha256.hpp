// SHA-256 as lowercase hex (OpenSSL's libcrypto underneath: it uses the CPU's SHA instructions
// where there are some, about 4× libsodium's portable code on the event chain's texts). Pure;
// thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace onegrid::core {

std::string Sha256Hex(std::string_view bytes);

}  // namespace onegrid::core
