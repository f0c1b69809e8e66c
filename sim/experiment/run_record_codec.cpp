#include "lambdasim/experiment/run_record_codec.hpp"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

namespace lambdasim {
namespace {

// Little fixed-width fields in host byte order: both ends are the same
// program on the same kind of machine (one MPI job).
class Writer {
 public:
  void u64(std::uint64_t v) {
    const auto bytes = std::bit_cast<std::array<char, sizeof v>>(v);
    out_.append(bytes.data(), bytes.size());
  }
  void f64(double v) { u64(std::bit_cast<std::uint64_t>(v)); }
  void text(const std::string& s) {
    u64(s.size());
    out_ += s;
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool u64(std::uint64_t& v) {
    if (in_.size() < sizeof v) return false;
    std::memcpy(&v, in_.data(), sizeof v);
    in_.remove_prefix(sizeof v);
    return true;
  }
  bool f64(double& v) {
    std::uint64_t bits = 0;
    if (!u64(bits)) return false;
    v = std::bit_cast<double>(bits);
    return true;
  }
  bool text(std::string& s) {
    std::uint64_t n = 0;
    if (!u64(n) || n > in_.size()) return false;
    s.assign(in_.substr(0, n));
    in_.remove_prefix(n);
    return true;
  }
  std::size_t left() const { return in_.size(); }

 private:
  std::string_view in_;
};

void write_address(Writer& w, const RunAddress& a) {
  w.u64(a.point);
  w.u64(a.variant);
  w.u64(a.replication);
}

bool read_address(Reader& r, RunAddress& a) {
  std::uint64_t point = 0;
  std::uint64_t variant = 0;
  if (!r.u64(point) || !r.u64(variant) || !r.u64(a.replication)) return false;
  a.point = point;
  a.variant = variant;
  return true;
}

}  // namespace

std::string encode_address(const RunAddress& address) {
  Writer w;
  write_address(w, address);
  return w.take();
}

std::optional<RunAddress> decode_address(std::string_view bytes) {
  Reader r(bytes);
  RunAddress a;
  if (!read_address(r, a) || r.left() != 0) return std::nullopt;
  return a;
}

std::string encode_record(const RunRecord& record) {
  Writer w;
  write_address(w, record.address);
  w.f64(record.end_s);
  w.u64(record.events);
  w.u64(record.partial ? 1 : 0);
  w.u64(record.metrics.size());
  for (const auto& [name, value] : record.metrics) {
    w.text(name);
    w.f64(value);
  }
  return w.take();
}

std::optional<RunRecord> decode_record(std::string_view bytes) {
  Reader r(bytes);
  RunRecord out;
  std::uint64_t partial = 0;
  std::uint64_t count = 0;
  if (!read_address(r, out.address) || !r.f64(out.end_s) || !r.u64(out.events) || !r.u64(partial) ||
      partial > 1 || !r.u64(count)) {
    return std::nullopt;
  }
  out.partial = partial == 1;
  // Each metric takes at least 16 bytes: a count beyond that is garbage.
  if (count > r.left() / 16) return std::nullopt;
  out.metrics.resize(count);
  for (auto& [name, value] : out.metrics) {
    if (!r.text(name) || !r.f64(value)) return std::nullopt;
  }
  if (r.left() != 0) return std::nullopt;
  return out;
}

}  // namespace lambdasim
