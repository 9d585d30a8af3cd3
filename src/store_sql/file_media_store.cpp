#include "store_sql/file_media_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "core/sha256.hpp"

namespace onegrid::store_sql {
namespace {

core::Error IoError(const std::string& what) {
  return core::Unavailable(what + ": " + std::strerror(errno));
}

core::Result<void> WriteDurably(const std::filesystem::path& path, const std::string& bytes) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  auto tmp = path.string() + ".tmp" + std::to_string(rng());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return IoError("cannot create " + tmp);
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      ::unlink(tmp.c_str());
      return IoError("cannot write " + tmp);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    ::unlink(tmp.c_str());
    return IoError("cannot sync " + tmp);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return IoError("cannot move " + tmp + " into place");
  }
  int dir = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return core::Ok();
}

class FileMediaStore final : public store::MediaStore {
 public:
  explicit FileMediaStore(std::string dir) : dir_(std::move(dir)) {}

  core::Result<std::string> Put(const std::string& bytes) override {
    std::string sha = core::Sha256Hex(bytes);
    auto path = PathOf(sha);
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) return sha;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) return core::Unavailable("cannot create " + path.parent_path().string() + ": " + ec.message());
    OG_RETURN_IF_ERROR(WriteDurably(path, bytes));
    return sha;
  }

  core::Result<std::string> Get(const std::string& sha) override {
    if (sha.size() != 64 || !std::all_of(sha.begin(), sha.end(), [](char c) {
          return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        })) {
      return core::InvalidArgument("must be a sha256 in lowercase hex", "sha256");
    }
    std::ifstream in(PathOf(sha), std::ios::binary);
    if (!in) return core::NotFound("no file " + sha);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

 private:
  std::filesystem::path PathOf(const std::string& sha) const {
    return std::filesystem::path(dir_) / sha.substr(0, 2) / sha;
  }
  std::string dir_;
};

}  // namespace

std::unique_ptr<store::MediaStore> MakeFileMediaStore(const std::string& dir) {
  return std::make_unique<FileMediaStore>(dir);
}

}  // namespace onegrid::store_sql
