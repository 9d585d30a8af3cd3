// Content-addressed storage of attachment files: a file is stored once under the SHA-256 of
// its bytes; the database keeps only the hash. Put returns after the file is durable (written,
// fsync'd, renamed into place, directory fsync'd). Thread-safe.
#pragma once

#include <string>

#include "core/result.hpp"

namespace onegrid::store {

class MediaStore {
 public:
  virtual ~MediaStore() = default;
  // Stores the bytes; returns their sha256 (lowercase hex). Storing the same bytes again is a
  // no-op that returns the same hash.
  virtual core::Result<std::string> Put(const std::string& bytes) = 0;
  // kNotFound when no file has this hash; kInvalidArgument when it is not a sha256.
  virtual core::Result<std::string> Get(const std::string& sha256) = 0;
};

}  // namespace onegrid::store
