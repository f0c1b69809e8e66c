// The MPI dealer's wire format: records and addresses survive the trip bit
// for bit (NaN and -0.0 included), and damaged bytes are refused.
#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "lambdasim/experiment/run_record_codec.hpp"

using lambdasim::decode_address;
using lambdasim::decode_record;
using lambdasim::encode_address;
using lambdasim::encode_record;
using lambdasim::RunAddress;
using lambdasim::RunRecord;

TEST_CASE("record codec: a record comes back with the same bits", "[experiment][mpi]") {
  RunRecord r;
  r.address = RunAddress{7, 2, 41};
  r.end_s = 239.5;
  r.events = 123456789012ULL;
  r.partial = true;
  r.metrics = {{"total.success_rate", 0.1 + 0.2},
               {"total.latency_p99_ms", std::nan("")},
               {"functions.api.cost_usd", -0.0},
               {"", std::numeric_limits<double>::infinity()},
               {"x", std::numeric_limits<double>::denorm_min()}};
  const std::string bytes = encode_record(r);
  const auto back = decode_record(bytes);
  REQUIRE(back.has_value());
  CHECK(back->address == r.address);
  CHECK(back->end_s == r.end_s);
  CHECK(back->events == r.events);
  CHECK(back->partial);
  REQUIRE(back->metrics.size() == r.metrics.size());
  for (std::size_t i = 0; i < r.metrics.size(); ++i) {
    CHECK(back->metrics[i].first == r.metrics[i].first);
    CHECK(std::bit_cast<std::uint64_t>(back->metrics[i].second) ==
          std::bit_cast<std::uint64_t>(r.metrics[i].second));
  }
  CHECK(encode_record(*back) == bytes);

  RunRecord empty;
  const auto e = decode_record(encode_record(empty));
  REQUIRE(e.has_value());
  CHECK(e->metrics.empty());
  CHECK_FALSE(e->partial);
}

TEST_CASE("record codec: damaged bytes are refused", "[experiment][mpi]") {
  RunRecord r;
  r.address = RunAddress{1, 0, 3};
  r.metrics = {{"total.success_rate", 0.99}, {"total.attempts", 1000}};
  const std::string bytes = encode_record(r);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    INFO("truncated to " << n << " bytes");
    CHECK_FALSE(decode_record(bytes.substr(0, n)).has_value());
  }
  CHECK_FALSE(decode_record(bytes + "x").has_value());
  // A metric count far beyond the bytes: refused before anything is allocated.
  std::string huge = bytes;
  huge[48] = '\xff';
  huge[55] = '\x7f';
  CHECK_FALSE(decode_record(huge).has_value());
  // partial is 0 or 1.
  std::string bad_flag = bytes;
  bad_flag[40] = 2;
  CHECK_FALSE(decode_record(bad_flag).has_value());
}

TEST_CASE("record codec: addresses", "[experiment][mpi]") {
  const RunAddress a{99999, 3, 18446744073709551615ULL};
  const auto back = decode_address(encode_address(a));
  REQUIRE(back.has_value());
  CHECK(*back == a);
  CHECK_FALSE(decode_address(encode_address(a).substr(1)).has_value());
  CHECK_FALSE(decode_address(encode_address(a) + std::string(1, '\0')).has_value());
}
