// Password hashing with libsodium's Argon2id (crypto_pwhash_str), and random bearer tokens.
// The hash string carries its own parameters, so a cost change applies to new hashes only and
// old ones still verify. Thread-safe; call InitCrypto() once before use (app does).
#pragma once

#include <string>

#include "core/config.hpp"
#include "core/result.hpp"

namespace onegrid::service {

// Initializes libsodium; kInternal if it cannot.
core::Result<void> InitCrypto();

core::Result<std::string> HashPassword(const std::string& password,
                                       core::PasswordHashStrength strength);
bool VerifyPassword(const std::string& hash, const std::string& password);

// A random password of 16 letters and digits (no look-alikes), for demo accounts.
std::string NewPassword();
// 256 random bits, URL-safe base64 without padding (43 characters).
std::string NewToken();
// SHA-256 of the token, 32 raw bytes: what the store keeps instead of the token.
std::string TokenHash(const std::string& token);

}  // namespace onegrid::service
