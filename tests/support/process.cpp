#include "support/process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace onegrid::testing {
namespace {

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

std::vector<std::string> Environment(const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
  for (const auto& x : extra) env.push_back(x);
  return env;
}

int Status(int raw) {
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : WIFSIGNALED(raw) ? 128 + WTERMSIG(raw) : -1;
}

}  // namespace

std::unique_ptr<Process> Process::Start(const std::vector<std::string>& argv,
                                        const std::string& log,
                                        const std::vector<std::string>& env) {
  std::vector<std::string> args = argv, vars = Environment(env);
  auto argp = Pointers(args), envp = Pointers(vars);
  int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out, 1);
    ::dup2(out, 2);
    int null = ::open("/dev/null", O_RDONLY);
    ::dup2(null, 0);
    ::execve(argp[0], argp.data(), envp.data());
    std::_Exit(127);
  }
  ::close(out);
  return std::unique_ptr<Process>(new Process(pid));
}

Process::~Process() {
  if (!reaped_) {
    ::kill(pid_, SIGKILL);
    Wait();
  }
}

void Process::Signal(int sig) {
  if (!reaped_) ::kill(pid_, sig);
}

int Process::Wait() {
  if (!reaped_) {
    int raw = 0;
    ::waitpid(pid_, &raw, 0);
    status_ = Status(raw);
    reaped_ = true;
  }
  return status_;
}

RunResult Run(const std::vector<std::string>& argv, const std::string& input,
              const std::vector<std::string>& env) {
  char out_path[] = "/tmp/onegrid-run-XXXXXX";
  int out = ::mkstemp(out_path);
  int in_pipe[2];
  if (::pipe(in_pipe) != 0) return {};
  std::vector<std::string> args = argv, vars = Environment(env);
  auto argp = Pointers(args), envp = Pointers(vars);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(in_pipe[0], 0);
    ::close(in_pipe[1]);
    ::dup2(out, 1);
    ::dup2(out, 2);
    ::execve(argp[0], argp.data(), envp.data());
    std::_Exit(127);
  }
  ::close(in_pipe[0]);
  if (!input.empty()) (void)!::write(in_pipe[1], input.data(), input.size());
  ::close(in_pipe[1]);
  int raw = 0;
  ::waitpid(pid, &raw, 0);
  ::close(out);
  RunResult r;
  r.status = Status(raw);
  std::ifstream f(out_path);
  std::stringstream text;
  text << f.rdbuf();
  r.output = text.str();
  ::unlink(out_path);
  return r;
}

std::string WaitForLine(const std::string& log, const std::string& marker,
                        std::chrono::seconds wait) {
  auto until = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < until) {
    std::ifstream f(log);
    std::string line;
    while (std::getline(f, line)) {
      if (line.find(marker) != std::string::npos) return line;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return {};
}

}  // namespace onegrid::testing
