// Result<T>: a value or a core::Error, exposing the subset of std::expected that we use
// (has_value, value, error, *, ->, value_or), so that moving to C++23 is an alias away.
// OG_RETURN_IF_ERROR / OG_ASSIGN_OR_RETURN propagate errors as statements; the OG_CO_ forms
// do the same inside coroutines with co_return. Thread-compatible.
#pragma once

#include <cstdlib>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/error.hpp"

namespace onegrid::core {

// Wraps an Error so that a Result can be built from it implicitly, like std::unexpected.
struct Unexpected {
  Error error;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  using value_type = T;

  Result(const T& v) : data_(std::in_place_index<0>, v) {}  // NOLINT: implicit like expected
  Result(T&& v) : data_(std::in_place_index<0>, std::move(v)) {}  // NOLINT
  Result(Error e) : data_(std::in_place_index<1>, std::move(e)) {}  // NOLINT
  Result(Unexpected u) : data_(std::in_place_index<1>, std::move(u.error)) {}  // NOLINT
  template <typename U>
    requires(std::is_constructible_v<T, U&&> && !std::is_same_v<std::decay_t<U>, T> &&
             !std::is_same_v<std::decay_t<U>, Error> &&
             !std::is_same_v<std::decay_t<U>, Unexpected>)
  Result(U&& u) : data_(std::in_place_index<0>, T(std::forward<U>(u))) {}  // NOLINT

  bool has_value() const { return data_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { return Check(), std::get<0>(data_); }
  const T& value() const& { return Check(), std::get<0>(data_); }
  T&& value() && { return Check(), std::move(std::get<0>(data_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { return std::get<1>(data_); }
  Error&& error() && { return std::move(std::get<1>(data_)); }

  template <typename U>
  T value_or(U&& fallback) const& {
    return has_value() ? std::get<0>(data_) : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  void Check() const {
    if (!has_value()) std::abort();  // using a value that is not there is a broken invariant
  }
  std::variant<T, Error> data_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  using value_type = void;
  Result() = default;
  Result(Error e) : error_(std::move(e)) {}  // NOLINT
  Result(Unexpected u) : error_(std::move(u.error)) {}  // NOLINT

  bool has_value() const { return !error_.has_value(); }
  explicit operator bool() const { return has_value(); }
  void value() const {
    if (error_) std::abort();
  }
  const Error& error() const& { return *error_; }
  Error&& error() && { return std::move(*error_); }

 private:
  std::optional<Error> error_;
};

inline Result<void> Ok() { return {}; }

}  // namespace onegrid::core

#define OG_CONCAT_INNER_(a, b) a##b
#define OG_CONCAT_(a, b) OG_CONCAT_INNER_(a, b)

#define OG_RETURN_IF_ERROR(expr)                                       \
  do {                                                                 \
    auto og_status_ = (expr);                                          \
    if (!og_status_.has_value()) {                                     \
      return ::onegrid::core::Unexpected{std::move(og_status_).error()}; \
    }                                                                  \
  } while (false)

#define OG_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr)                  \
  auto tmp = (expr);                                               \
  if (!tmp.has_value()) {                                          \
    return ::onegrid::core::Unexpected{std::move(tmp).error()};    \
  }                                                                \
  lhs = std::move(tmp).value()

#define OG_ASSIGN_OR_RETURN(lhs, expr) \
  OG_ASSIGN_OR_RETURN_IMPL_(OG_CONCAT_(og_result_, __LINE__), lhs, expr)

#define OG_CO_RETURN_IF_ERROR(expr)                                       \
  do {                                                                    \
    auto og_status_ = (expr);                                             \
    if (!og_status_.has_value()) {                                        \
      co_return ::onegrid::core::Unexpected{std::move(og_status_).error()}; \
    }                                                                     \
  } while (false)

#define OG_CO_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr)                  \
  auto tmp = (expr);                                                  \
  if (!tmp.has_value()) {                                             \
    co_return ::onegrid::core::Unexpected{std::move(tmp).error()};    \
  }                                                                   \
  lhs = std::move(tmp).value()

#define OG_CO_ASSIGN_OR_RETURN(lhs, expr) \
  OG_CO_ASSIGN_OR_RETURN_IMPL_(OG_CONCAT_(og_result_, __LINE__), lhs, expr)

// Aborts with a message when a program invariant is broken. Never for user input.
#define OG_CHECK(cond)                                                               \
  do {                                                                               \
    if (!(cond)) {                                                                   \
      ::onegrid::core::internal::CheckFailed(#cond, __FILE__, __LINE__);             \
    }                                                                                \
  } while (false)

namespace onegrid::core::internal {
[[noreturn]] void CheckFailed(const char* cond, const char* file, int line);
}  // namespace onegrid::core::internal
