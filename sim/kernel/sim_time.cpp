#include "lambdasim/kernel/sim_time.hpp"

#include <cmath>

#include <fmt/format.h>

namespace lambdasim {

SimTime from_seconds_slow(double s) {
  if (std::isnan(s)) return kTimeZero;
  return s > 0 ? kTimeInfinity : -kTimeInfinity;
}

std::string format_time(SimTime t) {
  if (t == kTimeInfinity) return "inf";
  if (t == -kTimeInfinity) return "-inf";
  const std::int64_t n = t.count();
  if (n == 0) return "0s";
  const double mag = std::fabs(static_cast<double>(n));
  struct Unit {
    double ns;
    const char* name;
  };
  static constexpr Unit kUnits[] = {{86'400e9, "d"}, {3'600e9, "h"}, {60e9, "m"}, {1e9, "s"},
                                    {1e6, "ms"},     {1e3, "us"},    {1, "ns"}};
  for (const Unit& u : kUnits) {
    if (mag >= u.ns) {
      // %g drops trailing zeros; 4 significant digits cover "1.525s".
      return fmt::format("{:.4g}{}", static_cast<double>(n) / u.ns, u.name);
    }
  }
  return fmt::format("{}ns", n);
}

}  // namespace lambdasim
