#include "core/firewall.hpp"

#include <cxxabi.h>
#include <dlfcn.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <exception>
#include <memory>
#include <vector>

#include "core/throw_trace.hpp"

namespace onegrid::core {
namespace {

std::string Demangle(const char* name) {
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> out(
      abi::__cxa_demangle(name, nullptr, nullptr, &status), &std::free);
  return status == 0 && out ? std::string(out.get()) : std::string(name);
}

std::string Hex(std::uintptr_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  do {
    s.insert(s.begin(), kDigits[v & 0xf]);
    v >>= 4;
  } while (v != 0);
  return "0x" + s;
}

// One frame: "module function+0x12", or "module+0x1234" (an offset addr2line takes) when the
// function is not among the module's exported symbols.
std::string Frame(void* address) {
  Dl_info info{};
  if (dladdr(address, &info) == 0 || info.dli_fname == nullptr)
    return Hex(reinterpret_cast<std::uintptr_t>(address));
  std::string module = info.dli_fname;
  if (auto slash = module.rfind('/'); slash != std::string::npos) module = module.substr(slash + 1);
  auto at = reinterpret_cast<std::uintptr_t>(address);
  if (info.dli_sname != nullptr && info.dli_saddr != nullptr) {
    return module + " " + Demangle(info.dli_sname) + "+" +
           Hex(at - reinterpret_cast<std::uintptr_t>(info.dli_saddr));
  }
  return module + "+" + Hex(at - reinterpret_cast<std::uintptr_t>(info.dli_fbase));
}

}  // namespace

std::string DescribeCurrentException() {
  std::string text;
  const std::type_info* type = abi::__cxa_current_exception_type();
  text = type != nullptr ? Demangle(type->name()) : "unknown exception";
  try {
    throw;
  } catch (const std::exception& e) {
    text += std::string(": ") + e.what();
  } catch (...) {
  }
  // The stack noted at the throw, without the frames of the noting itself: everything up to the
  // last `__cxa_throw` among the first frames (ours, and under ASan its interceptor's before it).
  const auto& trace = internal::LastThrowTrace();
  std::vector<std::string> frames;
  for (int i = 0; i < trace.depth; ++i) frames.push_back(Frame(trace.frames[i]));
  std::size_t first = 0;
  for (std::size_t i = 0; i < frames.size() && i < 8; ++i) {
    if (frames[i].find("__cxa_throw") != std::string::npos ||
        frames[i].find(" backtrace") != std::string::npos) {
      first = i + 1;
    }
  }
  for (std::size_t i = first; i < frames.size(); ++i) text += "\n    at " + frames[i];
  return text;
}

Result<void> RunGuarded(std::string_view where, const std::function<void()>& job) {
  try {
    job();
    return Ok();
  } catch (...) {
    spdlog::error("{}: job threw {}", where, DescribeCurrentException());
  }
  return Internal("internal error in " + std::string(where));
}

void RunThreadGuarded(std::string_view where, const std::function<void()>& body) {
  for (;;) {
    try {
      body();
      return;
    } catch (...) {
      spdlog::error("{}: threw {}; going on", where, DescribeCurrentException());
    }
  }
}

}  // namespace onegrid::core
