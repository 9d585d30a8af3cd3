// Other programs, as the tests that drive the built binary run them: the onegrid server started,
// killed (SIGKILL as a power cut, SIGTERM as an operator) and started again; one-shot commands
// run to completion with their output. POSIX. Not thread-safe; one owner each.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace onegrid::testing {

class Process {
 public:
  // Starts argv[0] with its arguments and `env` added to this process's environment; its
  // standard output and error go to `log` (appended).
  static std::unique_ptr<Process> Start(const std::vector<std::string>& argv,
                                        const std::string& log,
                                        const std::vector<std::string>& env = {});
  ~Process();  // kills it (SIGKILL) if it still runs
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  int pid() const { return pid_; }
  void Signal(int sig);
  // Waits for it to end; its exit status (128 + n when signal n ended it).
  int Wait();

 private:
  explicit Process(int pid) : pid_(pid) {}
  int pid_;
  bool reaped_ = false;
  int status_ = 0;
};

struct RunResult {
  int status = -1;
  std::string output;  // standard output and error
};
// Runs a command to completion, `input` on its standard input.
RunResult Run(const std::vector<std::string>& argv, const std::string& input = "",
              const std::vector<std::string>& env = {});

// The first line of `log` that contains `marker`, waiting for it up to `wait` (a process
// starting); empty if it never came.
std::string WaitForLine(const std::string& log, const std::string& marker,
                        std::chrono::seconds wait);

}  // namespace onegrid::testing
