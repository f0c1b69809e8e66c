// The VPC DNS resolver's parameter rows and checks (its behaviour:
// sim/model/network/dns_resolver.hpp), registered into the one table and
// the loader's checks (param_parts.hpp): a network part keeps its keys in
// one file. spec.network.dns.* go before spec.network.vpcs, a call's
// dns.* after the call's other keys.
#include <string>

#include <fmt/format.h>

#include "scenario/field_binding.hpp"
#include "scenario/param_parts.hpp"

namespace lambdasim {
namespace {

using P = ParamType;
using C = ApplyContext;
constexpr std::string_view kModel = kModelParameterSource;
constexpr std::string_view kWorkload = "workload description (not an AWS fact)";
constexpr double kDay = 86400;

DnsConfig& dns(C& c) {
  return c.network().dns;
}
DnsCallConfig& call_dns(C& c) {
  return *c.call_cfg().dns;
}

std::vector<ParamSpec> network_dns_rows() {
  return {
      {.path = "spec.network.dns",
       .type = P::kSection,
       .help = "The Amazon-provided DNS server (VPC base + 2) that VPC functions resolve names "
               "with.",
       .source = "docs/aws-facts.md#dns-resolver-limit"},
      field<&dns, &DnsConfig::packets_per_second_per_eni>(
          {.path = "spec.network.dns.packets_per_second_per_eni",
           .type = P::kInt,
           .min = 1,
           .max = 1e9,
           .help = "Packets per second the Amazon-provided DNS server answers per network "
                   "interface; more are dropped (the client times out and retries). A Hyperplane "
                   "ENI is shared by every environment of its (subnet, security-group set), so "
                   "they share this budget (times the group's ENI count past 65,000 "
                   "connections); a per-execution ENI serves its own few environments. Counted "
                   "in fixed 1-second windows.",
           .source = "docs/aws-facts.md#dns-resolver-limit (VPC user guide, DNS quotas; "
                     "knowledge center \"vpc-find-cause-of-failed-dns-queries\")"}),
      field<&dns, &DnsConfig::timeout>(
          {.path = "spec.network.dns.timeout",
           .type = P::kDuration,
           .min = 0,
           .max = 30,
           .min_exclusive = true,
           .help = "How long the client's resolver waits for an answer before it retries (glibc "
                   "`options timeout:`).",
           .source = "docs/aws-facts.md#resolver-timeout (resolv.conf(5))"}),
      field<&dns, &DnsConfig::attempts>(
          {.path = "spec.network.dns.attempts",
           .type = P::kInt,
           .min = 1,
           .max = 5,
           .help = "Tries per lookup (glibc `options attempts:`); after the last one times out the "
                   "lookup fails and so does the call (`dns_timeout`).",
           .source = "docs/aws-facts.md#resolver-timeout (resolv.conf(5))"}),
      field<&dns, &DnsConfig::packets_per_lookup>(
          {.path = "spec.network.dns.packets_per_lookup",
           .type = P::kInt,
           .min = 1,
           .max = 8,
           .help = "DNS packets one lookup sends: 2 for getaddrinfo's A and AAAA queries, 1 for an "
                   "IPv4-only resolver. Model parameter: AWS documents nothing.",
           .source = kModel}),
  };
}

std::vector<ParamSpec> call_dns_rows() {
  return {
      optional_section<&C::call_cfg, &CallConfig::dns>(
          {.path = "spec.functions.<name>.calls[].dns",
           .type = P::kSection,
           .default_text = "(none: the call connects by address)",
           .help = "The call resolves its target's hostname before connecting (a lookup when it "
                   "opens a connection: every invocation for `connection: new`, when the "
                   "environment opens or reopens it for `pooled`). Absent: the call connects by "
                   "address (or the service VPC: not modelled).",
           .source = kWorkload}),
      field<&call_dns, &DnsCallConfig::ttl>(
          {.path = "spec.functions.<name>.calls[].dns.ttl",
           .type = P::kDuration,
           .min = 0,
           .max = kDay,
           .help = "How long the environment's runtime keeps the answer (a DNS cache in the "
                   "process, e.g. the JVM's `networkaddress.cache.ttl`, or a caching library): "
                   "within it no lookup is sent. 0: every connection resolves (glibc does not "
                   "cache).",
           .source = kWorkload}),
  };
}

// A call's `dns` is modelled through a VPC's DNS server only.
void check_call_dns(const FunctionConfig& f, Walker& w) {
  if (f.vpc) return;
  const std::string base = "spec.functions." + f.name;
  for (std::size_t i = 0; i < f.calls.size(); ++i) {
    if (!f.calls[i].dns) continue;
    const std::string path = fmt::format("{}.calls[{}].dns", base, i);
    w.warning(w.location_of(path), path,
              "the function is in the Lambda service VPC: its lookups are not limited (AWS "
              "documents nothing): ignored");
  }
}

void check_dns(const Scenario& s, Walker& w) {
  for (const FunctionConfig& f : s.model.functions) check_call_dns(f, w);
}

[[maybe_unused]] const bool kRegistered =
    register_param_rows("dns_resolver", "spec.network.vpcs", &network_dns_rows) &&
    register_param_rows("dns_resolver", "spec.functions.<name>.arrivals", &call_dns_rows) &&
    register_check("dns_resolver", &check_dns);

}  // namespace
}  // namespace lambdasim
