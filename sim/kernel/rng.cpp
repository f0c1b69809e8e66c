#include "lambdasim/kernel/rng.hpp"

namespace lambdasim {

Rng::Rng(std::uint64_t state_seed, std::uint64_t stream_seed) {
  const pcg_extras::pcg128_t state =
      (static_cast<pcg_extras::pcg128_t>(mix64(state_seed)) << 64) | mix64(state_seed ^ 0x5bd1e995);
  const pcg_extras::pcg128_t stream =
      (static_cast<pcg_extras::pcg128_t>(mix64(stream_seed)) << 64) | mix64(~stream_seed);
  engine_ = Engine(state, stream);
}

Rng Rng::for_entity(std::uint64_t master_seed, std::uint64_t replication, std::string_view entity) {
  const std::uint64_t name = stable_hash(entity);
  const std::uint64_t base = mix64(master_seed) ^ mix64(replication * 0x9e3779b97f4a7c15ULL + 1);
  return Rng(base ^ name, mix64(name) ^ replication);
}

std::uint64_t Rng::below(std::uint64_t n) {
  __uint128_t m = static_cast<__uint128_t>(engine_()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<__uint128_t>(engine_()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

}  // namespace lambdasim
