#include "connection_table.hpp"

namespace lambdasim {

ConnectionTable::ConnectionTable(Simulation& sim, const ModelConfig& config,
                                 const NetworkIndex& index, ModelObserver& observer)
    : sim_(sim), config_(config), observer_(observer) {
  const auto targets = static_cast<std::uint32_t>(config.targets.size());
  lambda_destination_ = lambda_api_destination(config);
  destinations_ = targets + 1;
  nat_conns_.assign(index.nat_count() * destinations_, 0);
  for (std::uint32_t n = 0; n < index.nat_count(); ++n) {
    nat_limit_.push_back(index.nat(n).ips * index.nat(n).connections_per_ip);
  }
  target_conns_.assign(targets, 0);
}

void ConnectionTable::register_events() {
  ev_client_release_ = sim_.register_method<&ConnectionTable::on_client_release>(this);
}

Outcome ConnectionTable::open_client(std::uint32_t nat, SimTime hold) {
  const std::uint32_t slot = nat * destinations_ + lambda_destination_;
  if (nat_conns_[slot] >= nat_limit_[nat]) return Outcome::kNatPortAllocation;
  if (hold > kTimeZero) {
    ++nat_conns_[slot];
    observer_.on_nat_connections(sim_.now(), nat, +1);
    sim_.post_in(hold, ev_client_release_, {.a = slot});
  }
  return Outcome::kSuccess;
}

void ConnectionTable::on_client_release(const EventArgs& args) {
  --nat_conns_[args.a];
  observer_.on_nat_connections(sim_.now(), static_cast<std::uint32_t>(args.a / destinations_), -1);
}

}  // namespace lambdasim
