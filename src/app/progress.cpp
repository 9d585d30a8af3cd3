#include "app/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace onegrid::app {

Progress::Progress() : tty_(isatty(STDERR_FILENO) != 0) {}

void Progress::Update(std::string_view stage, std::size_t done, std::size_t total) {
  if (stage != stage_) {
    if (!stage_.empty() && tty_) std::fputc('\n', stderr);
    stage_ = std::string(stage);
    last_step_ = -1;
  }
  double share = total == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
  if (tty_) {
    auto now = std::chrono::steady_clock::now();
    if (done != total && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    int filled = static_cast<int>(share * 30);
    std::fprintf(stderr, "\r%-12s [%.*s%*s] %3d%% %zu/%zu", stage_.c_str(), filled,
                 "##############################", 30 - filled, "", static_cast<int>(share * 100),
                 done, total);
  } else {
    int step = static_cast<int>(share * 10);
    if (step == last_step_) return;
    last_step_ = step;
    std::fprintf(stderr, "%s: %d%% (%zu/%zu)\n", stage_.c_str(), step * 10, done, total);
  }
  std::fflush(stderr);
}

void Progress::Finish() {
  if (tty_ && !stage_.empty()) std::fputc('\n', stderr);
  stage_.clear();
}

}  // namespace onegrid::app
