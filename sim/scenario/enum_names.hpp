// Private to the scenario layer: the scenario name of every enum value a
// parameter row stores, one table per enum. A row bound to an enum field takes
// its allowed values and its default text from here (field_binding.hpp).
#pragma once

#include <span>
#include <string_view>

#include "lambdasim/model/config.hpp"
#include "scenario/apply_context.hpp"

namespace lambdasim {

template <class E>
struct EnumName {
  std::string_view name;
  E value;
};

inline constexpr EnumName<ScalingModel> kScalingModelNames[] = {{"current", ScalingModel::kCurrent},
                                                                {"legacy", ScalingModel::kLegacy}};
inline constexpr EnumName<Architecture> kArchitectureNames[] = {{"x86_64", Architecture::kX86_64},
                                                                {"arm64", Architecture::kArm64}};
inline constexpr EnumName<InvocationType> kInvocationNames[] = {{"sync", InvocationType::kSync},
                                                                {"async", InvocationType::kAsync}};
inline constexpr EnumName<OnFailure> kOnFailureNames[] = {{"drop", OnFailure::kDrop},
                                                          {"destination", OnFailure::kDestination}};
inline constexpr EnumName<ArrivalKind> kArrivalKindNames[] = {
    {"poisson", ArrivalKind::kPoisson}, {"constant", ArrivalKind::kConstant},
    {"burst", ArrivalKind::kBurst},     {"ramp", ArrivalKind::kRamp},
    {"sine", ArrivalKind::kSine},       {"trace", ArrivalKind::kTrace}};
inline constexpr EnumName<TraceFormat> kTraceFormatNames[] = {
    {"timestamps", TraceFormat::kTimestamps}, {"counts", TraceFormat::kCounts}};
inline constexpr EnumName<EniModel> kEniModelNames[] = {{"hyperplane", EniModel::kHyperplane},
                                                        {"per-execution", EniModel::kPerExecution}};
inline constexpr EnumName<EniPacking> kEniPackingNames[] = {
    {"memory", EniPacking::kMemory}, {"whole_environments", EniPacking::kWholeEnvironments}};
inline constexpr EnumName<TargetKind> kTargetKindNames[] = {{"internet", TargetKind::kInternet},
                                                            {"aws", TargetKind::kAwsService},
                                                            {"private", TargetKind::kPrivate}};
inline constexpr EnumName<ConnectionMode> kConnectionModeNames[] = {
    {"new", ConnectionMode::kNew}, {"pooled", ConnectionMode::kPooled}};
inline constexpr EnumName<TargetOutageMode> kTargetOutageModeNames[] = {
    {"refuse", TargetOutageMode::kRefuse}, {"timeout", TargetOutageMode::kTimeout}};

// The table of an enum, chosen by the type of the (unused) argument.
constexpr std::span<const EnumName<ScalingModel>> enum_names(ScalingModel) {
  return kScalingModelNames;
}
constexpr std::span<const EnumName<Architecture>> enum_names(Architecture) {
  return kArchitectureNames;
}
constexpr std::span<const EnumName<InvocationType>> enum_names(InvocationType) {
  return kInvocationNames;
}
constexpr std::span<const EnumName<OnFailure>> enum_names(OnFailure) {
  return kOnFailureNames;
}
constexpr std::span<const EnumName<ArrivalKind>> enum_names(ArrivalKind) {
  return kArrivalKindNames;
}
constexpr std::span<const EnumName<TraceFormat>> enum_names(TraceFormat) {
  return kTraceFormatNames;
}
constexpr std::span<const EnumName<EniModel>> enum_names(EniModel) {
  return kEniModelNames;
}
constexpr std::span<const EnumName<EniPacking>> enum_names(EniPacking) {
  return kEniPackingNames;
}
constexpr std::span<const EnumName<TargetKind>> enum_names(TargetKind) {
  return kTargetKindNames;
}
constexpr std::span<const EnumName<ConnectionMode>> enum_names(ConnectionMode) {
  return kConnectionModeNames;
}
constexpr std::span<const EnumName<TargetOutageMode>> enum_names(TargetOutageMode) {
  return kTargetOutageModeNames;
}
// Fault kinds: from the model's table of fault kinds (fault_kinds.hpp).
std::span<const EnumName<FaultKind>> enum_names(FaultKind);

}  // namespace lambdasim
