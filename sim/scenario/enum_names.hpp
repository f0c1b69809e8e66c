// Private to the scenario layer: the scenario name of every enum value a
// parameter row stores, one table per enum. A row bound to an enum field takes
// its allowed values and its default text from here (field_binding.hpp).
#pragma once

#include <array>
#include <span>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "lambdasim/model/config.hpp"
#include "scenario/apply_context.hpp"

namespace lambdasim {

template <class E>
struct EnumName {
  std::string_view name;
  E value;
};
// Written out for clang (before 17), which deduces no aggregate's arguments.
template <class E>
EnumName(std::string_view, E) -> EnumName<E>;

// One table per enum, in the order the schema lists the names.
inline constexpr std::tuple kEnumNames{
    std::array{EnumName{"current", ScalingModel::kCurrent},
               EnumName{"legacy", ScalingModel::kLegacy}},
    std::array{EnumName{"x86_64", Architecture::kX86_64}, EnumName{"arm64", Architecture::kArm64}},
    std::array{EnumName{"sync", InvocationType::kSync}, EnumName{"async", InvocationType::kAsync}},
    std::array{EnumName{"none", RetryMode::kNone}, EnumName{"standard", RetryMode::kStandard},
               EnumName{"legacy", RetryMode::kLegacy}, EnumName{"custom", RetryMode::kCustom}},
    std::array{EnumName{"drop", OnFailure::kDrop},
               EnumName{"destination", OnFailure::kDestination}},
    std::array{EnumName{"most_recently_idle", WarmReuse::kMostRecentlyIdle},
               EnumName{"newest_created", WarmReuse::kNewestCreated},
               EnumName{"random", WarmReuse::kRandom}},
    std::array{EnumName{"poisson", ArrivalKind::kPoisson},
               EnumName{"constant", ArrivalKind::kConstant}, EnumName{"burst", ArrivalKind::kBurst},
               EnumName{"ramp", ArrivalKind::kRamp}, EnumName{"sine", ArrivalKind::kSine},
               EnumName{"trace", ArrivalKind::kTrace}},
    std::array{EnumName{"timestamps", TraceFormat::kTimestamps},
               EnumName{"counts", TraceFormat::kCounts}},
    std::array{EnumName{"hyperplane", EniModel::kHyperplane},
               EnumName{"per-execution", EniModel::kPerExecution}},
    std::array{EnumName{"internet", TargetKind::kInternet},
               EnumName{"aws", TargetKind::kAwsService}, EnumName{"private", TargetKind::kPrivate}},
    std::array{EnumName{"memory", EniPacking::kMemory},
               EnumName{"whole_environments", EniPacking::kWholeEnvironments}},
    std::array{EnumName{"new", ConnectionMode::kNew}, EnumName{"pooled", ConnectionMode::kPooled}},
    std::array{EnumName{"refuse", TargetOutageMode::kRefuse},
               EnumName{"timeout", TargetOutageMode::kTimeout}},
};

template <class E, class Tables>
struct TablesOf;
template <class E, class... Table>
struct TablesOf<E, std::tuple<Table...>> {
  static constexpr int kCount =
      (0 + ... + int{std::is_same_v<typename Table::value_type, EnumName<E>>});
};

// The table of an enum, chosen by the type of the (unused) argument; a
// compile error for an enum without exactly one table.
template <class E>
requires std::is_enum_v<E>
constexpr std::span<const EnumName<E>> enum_names(E) {
  static_assert(TablesOf<E, std::remove_cv_t<decltype(kEnumNames)>>::kCount == 1,
                "an enum stored by a parameter row needs one table in kEnumNames");
  std::span<const EnumName<E>> out;
  std::apply(
      [&out](const auto&... tables) {
        const auto pick = [&out](const auto& table) {
          if constexpr (std::is_same_v<typename std::remove_cvref_t<decltype(table)>::value_type,
                                       EnumName<E>>) {
            out = table;
          }
        };
        (pick(tables), ...);
      },
      kEnumNames);
  return out;
}
// Fault kinds: from the model's table of fault kinds (fault_kinds.hpp).
std::span<const EnumName<FaultKind>> enum_names(FaultKind);

}  // namespace lambdasim
