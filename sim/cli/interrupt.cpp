#include "cli/interrupt.hpp"

#include <csignal>

namespace lambdasim::cli {
namespace {

// Written by the handler: only lock-free atomics are safe there.
std::atomic<bool> g_interrupted{false};
std::atomic<int> g_signal{0};
// Which signals have our handler; written before it is installed.
bool g_installed_int = false;
bool g_installed_term = false;
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free);

void set_action(int signal, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocking read is interrupted too
  sigaction(signal, &action, nullptr);
}

extern "C" void on_interrupt(int signal) {
  // Only async-signal-safe calls: sigaction and lock-free atomic stores. The
  // default action comes back first, so that a second signal of either kind
  // ends the process at once however busy the run is.
  if (g_installed_int) set_action(SIGINT, SIG_DFL);
  if (g_installed_term) set_action(SIGTERM, SIG_DFL);
  int none = 0;
  g_signal.compare_exchange_strong(none, signal);
  g_interrupted.store(true);
}

}  // namespace

void install_interrupt_handlers() {
  if (g_interrupted.load()) return;  // already interrupted: keep the default action
  for (const int signal : {SIGINT, SIGTERM}) {
    // A signal ignored by whoever started us (`cmd &` in a script, nohup)
    // stays ignored, as for any well-behaved Unix program.
    struct sigaction current {};
    if (sigaction(signal, nullptr, &current) == 0 && current.sa_handler == SIG_IGN) continue;
    (signal == SIGINT ? g_installed_int : g_installed_term) = true;
    set_action(signal, on_interrupt);
  }
}

const std::atomic<bool>* interrupt_flag() {
  return &g_interrupted;
}

int interrupt_signal() {
  return g_signal.load();
}

int interrupt_exit_code(int signal) {
  return 128 + signal;
}

std::string signal_name(int signal) {
  switch (signal) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    default:
      return "signal " + std::to_string(signal);
  }
}

}  // namespace lambdasim::cli
