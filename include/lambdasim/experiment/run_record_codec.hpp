// RunAddress and RunRecord as bytes, for the MPI dealer's messages: doubles
// travel as their bit patterns (NaN included), so a record gathered from
// another rank is the same bits as one run here.
//   std::string bytes = encode_record(r);  std::optional<RunRecord> back = decode_record(bytes);
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lambdasim/experiment/dealer.hpp"

namespace lambdasim {

std::string encode_address(const RunAddress& address);
std::optional<RunAddress> decode_address(std::string_view bytes);

std::string encode_record(const RunRecord& record);
// nullopt when the bytes are truncated, too long or not a record.
std::optional<RunRecord> decode_record(std::string_view bytes);

}  // namespace lambdasim
