// Random-number streams: one independent PCG64 stream per random entity,
// derived from (master seed, replication, stable entity name), so adding an
// entity never changes the draws of the others.
//   Rng arrivals = Rng::for_entity(seed, rep, "function/api/arrivals");
//   double u = arrivals.uniform01();
#pragma once

#include <cstdint>
#include <string_view>

#include <pcg_random.hpp>

namespace lambdasim {

// FNV-1a, 64 bit: stable across compilers and platforms (std::hash is not).
constexpr std::uint64_t stable_hash(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    h ^= static_cast<std::uint8_t>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

// SplitMix64 finaliser: spreads nearby seeds over the whole 64-bit space.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

class Rng {
 public:
  using Engine = pcg64;

  Rng() : Rng(0, 0) {}
  Rng(std::uint64_t state_seed, std::uint64_t stream_seed);

  // The stream of one entity. Names are stable identifiers such as
  // "function/api/duration"; the same triple always yields the same stream.
  static Rng for_entity(std::uint64_t master_seed, std::uint64_t replication,
                        std::string_view entity);

  std::uint64_t next_u64() { return engine_(); }
  // A UniformRandomBitGenerator, so Boost.Random's distributions can draw
  // from the stream directly.
  using result_type = std::uint64_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  result_type operator()() { return engine_(); }
  // Uniform on [0, 1) with 53 random bits.
  double uniform01() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  // Uniform on (0, 1]: safe to take the log of.
  double uniform01_open_low() { return 1.0 - uniform01(); }
  // Uniform integer in [0, n), n > 0, without modulo bias (Lemire).
  std::uint64_t below(std::uint64_t n);

 private:
  Engine engine_;
};

}  // namespace lambdasim
