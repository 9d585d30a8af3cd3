#include "service/password.hpp"

#include <sodium.h>

#include <algorithm>
#include <thread>

namespace onegrid::service {

core::Result<void> InitCrypto() {
  if (sodium_init() < 0) return core::Internal("libsodium could not be initialized");
  return core::Ok();
}

core::Result<std::string> HashPassword(const std::string& password,
                                       core::PasswordHashStrength strength) {
  unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  if (strength == core::PasswordHashStrength::kModerate) {
    ops = crypto_pwhash_OPSLIMIT_MODERATE;
    mem = crypto_pwhash_MEMLIMIT_MODERATE;
  } else if (strength == core::PasswordHashStrength::kMinimum) {
    ops = crypto_pwhash_OPSLIMIT_MIN;
    mem = crypto_pwhash_MEMLIMIT_MIN;
  }
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return core::ResourceExhausted("not enough memory to hash the password");
  }
  return std::string(out);
}

bool VerifyPassword(const std::string& hash, const std::string& password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

PasswordHasher::PasswordHasher(core::PasswordHashStrength strength, int concurrency, int max_waiting,
                               std::chrono::milliseconds max_wait)
    : strength_(strength),
      concurrency_(concurrency > 0 ? concurrency : std::max(1, static_cast<int>(std::thread::hardware_concurrency()))),
      max_waiting_(std::max(0, max_waiting)),
      max_wait_(max_wait) {}

core::Result<void> PasswordHasher::Acquire() {
  std::unique_lock lock(mu_);
  if (running_ < concurrency_) {
    ++running_;
    return core::Ok();
  }
  if (waiting_ >= max_waiting_) {
    return core::Unavailable("too many sign-ins at once; retry in a few seconds");
  }
  ++waiting_;
  bool got = cv_.wait_for(lock, max_wait_, [&] { return running_ < concurrency_; });
  --waiting_;
  if (!got) return core::Unavailable("too many sign-ins at once; retry in a few seconds");
  ++running_;
  return core::Ok();
}

void PasswordHasher::Release() {
  {
    std::lock_guard lock(mu_);
    --running_;
  }
  cv_.notify_one();
}

core::Result<std::string> PasswordHasher::Hash(const std::string& password) {
  OG_RETURN_IF_ERROR(Acquire());
  auto hash = HashPassword(password, strength_);
  Release();
  return hash;
}

core::Result<bool> PasswordHasher::Verify(const std::string& hash, const std::string& password) {
  OG_RETURN_IF_ERROR(Acquire());
  bool ok = VerifyPassword(hash, password);
  Release();
  return ok;
}

std::string NewPassword() {
  static constexpr char kAlphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out;
  for (int i = 0; i < 16; ++i) out += kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)];
  return out;
}

std::string NewToken() {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

std::string TokenHash(const std::string& token) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

}  // namespace onegrid::service
