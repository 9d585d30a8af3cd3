// A progress line on standard error for long CLI work (imports, seeding): a bar redrawn in
// place on a terminal, or a line at every 10 % step when the output is a file or pipe.
// Not thread-safe; one per command.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace onegrid::app {

class Progress {
 public:
  Progress();
  // Reports `done` of `total` for a named stage; a new stage starts a new line.
  void Update(std::string_view stage, std::size_t done, std::size_t total);
  void Finish();

 private:
  bool tty_;
  std::string stage_;
  int last_step_ = -1;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace onegrid::app
