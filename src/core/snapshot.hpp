// An immutable value replaced now and then and read on every request (the map, the calendar).
// std::atomic<std::shared_ptr> in libstdc++ guards each load with a spin lock in the control
// word, and with tens of handler threads loading the same pointer that lock was a measured 4 %
// of intake's CPU. Here every reader keeps, per thread, the pointer it last loaded and the
// generation it belongs to; a load compares one atomic integer and copies the cached pointer,
// taking the lock only after a Store(). Generations are unique across the whole process (one
// counter for every Snapshot), so a cached pointer can never be mistaken for another
// instance's, even one built at a reused address.
// Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

namespace onegrid::core {

namespace snapshot_detail {
inline std::atomic<std::uint64_t> next_generation{1};
}  // namespace snapshot_detail

template <typename T>
class Snapshot {
 public:
  Snapshot() = default;  // holds nullptr until the first Store()
  explicit Snapshot(std::shared_ptr<const T> value) { Store(std::move(value)); }
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;

  void Store(std::shared_ptr<const T> value) {
    value_.store(std::move(value));
    generation_.store(snapshot_detail::next_generation.fetch_add(1), std::memory_order_release);
  }

  std::shared_ptr<const T> Load() const {
    thread_local Cached cached;
    std::uint64_t generation = generation_.load(std::memory_order_acquire);
    if (cached.generation != generation) {
      cached.value = value_.load();
      cached.generation = generation;
    }
    return cached.value;
  }

 private:
  struct Cached {
    std::uint64_t generation = 0;
    std::shared_ptr<const T> value;
  };
  std::atomic<std::shared_ptr<const T>> value_;
  std::atomic<std::uint64_t> generation_{0};
};

}  // namespace onegrid::core
