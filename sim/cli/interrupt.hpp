// SIGINT/SIGTERM for the subcommands that simulate (run, compare): the first
// signal only sets a flag that the event loop reads (Simulation's interrupt
// flag), so the run stops at an event boundary and what was simulated is
// written, marked partial; the handler also restores the default action, so a
// second signal ends the process at once.
#pragma once

#include <atomic>
#include <string>

namespace lambdasim::cli {

// Installs the handlers for SIGINT and SIGTERM (idempotent).
void install_interrupt_handlers();
// True once a signal arrived: RunOptions::interrupt points here.
const std::atomic<bool>* interrupt_flag();
// The first signal received (SIGINT or SIGTERM), 0 if none.
int interrupt_signal();
// 128 + signal: 130 for SIGINT, 143 for SIGTERM.
int interrupt_exit_code(int signal);
// "SIGINT", "SIGTERM".
std::string signal_name(int signal);

}  // namespace lambdasim::cli
