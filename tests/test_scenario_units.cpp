// Values with units: each kind parsed (good and bad input) and formatted back.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "lambdasim/scenario/units.hpp"

using namespace lambdasim;

TEST_CASE("durations parse with every unit", "[scenario][units]") {
  CHECK(*parse_duration("250ms") == milliseconds(250));
  CHECK(*parse_duration("1.5s") == milliseconds(1500));
  CHECK(*parse_duration("30m") == minutes(30));
  CHECK(*parse_duration("2h") == hours(2));
  CHECK(*parse_duration("1d") == days(1));
  CHECK(*parse_duration("10us") == microseconds(10));
  CHECK(*parse_duration("5ns") == nanoseconds(5));
  CHECK(*parse_duration(".5s") == milliseconds(500));
  CHECK(*parse_duration("0.1s") == milliseconds(100));
  CHECK(*parse_duration(" 10s ") == seconds(10));
  CHECK(*parse_duration("0") == kTimeZero);
  CHECK(*parse_duration("0.0") == kTimeZero);
}

TEST_CASE("bad durations say what was expected", "[scenario][units]") {
  for (const char* bad :
       {"10", "abc", "-5s", "10 parsecs", "", "1e3s", "s", "5 m s", "1.2.3s", "nan", "inf"}) {
    INFO(bad);
    const auto r = parse_duration(bad);
    CHECK_FALSE(r);
    CHECK(r.error.find("expected a duration such as 250ms, 10s, 30m") != std::string::npos);
  }
  CHECK(parse_duration("10").error.find("a unit is required") != std::string::npos);
  CHECK(parse_duration("99999999999d").error.find("too large") != std::string::npos);
}

TEST_CASE("sizes: binary and decimal units", "[scenario][units]") {
  CHECK(*parse_size("512MiB") == std::int64_t{512} << 20);
  CHECK(*parse_size("2KiB") == 2048);
  CHECK(*parse_size("1.5KiB") == 1536);
  CHECK(*parse_size("1GiB") == std::int64_t{1} << 30);
  CHECK(*parse_size("10MB") == 10'000'000);
  CHECK(*parse_size("1KB") == 1000);
  CHECK(*parse_size("3GB") == 3'000'000'000);
  CHECK(*parse_size("100B") == 100);
  CHECK(*parse_size("100") == 100);
  for (const char* bad : {"10XB", "-1KB", "1.5B", "KiB", "1 mib"}) {
    INFO(bad);
    const auto r = parse_size(bad);
    CHECK_FALSE(r);
    CHECK_FALSE(r.error.empty());
  }
  CHECK(parse_size("10XB").error.find("expected a size such as 512MiB") != std::string::npos);
}

TEST_CASE("memory: plain MiB, and MB/GB as MiB/GiB like the Lambda console", "[scenario][units]") {
  CHECK(*parse_memory_mib("1024") == 1024);
  CHECK(*parse_memory_mib("512MiB") == 512);
  CHECK(*parse_memory_mib("512MB") == 512);
  CHECK(*parse_memory_mib("1GB") == 1024);
  CHECK(*parse_memory_mib("2GiB") == 2048);
  CHECK(*parse_memory_mib("1.5GB") == 1536);
  CHECK_FALSE(parse_memory_mib("1.3GB"));  // 1331.2 MiB
  CHECK(parse_memory_mib("1.3GB").error.find("whole number of MiB") != std::string::npos);
  CHECK_FALSE(parse_memory_mib("10KB"));
  CHECK(parse_memory_mib("lots").error.find("expected memory in MiB") != std::string::npos);
}

TEST_CASE("rates: a count per duration", "[scenario][units]") {
  CHECK(*parse_rate("200/s") == Approx(200));
  CHECK(*parse_rate("12000/m") == Approx(200));
  CHECK(*parse_rate("5/h") == Approx(5.0 / 3600));
  CHECK(*parse_rate("1000/10s") == Approx(100));
  CHECK(*parse_rate("30/min") == Approx(0.5));
  CHECK(*parse_rate("1.5/ms") == Approx(1500));
  CHECK(*parse_rate("0") == 0);
  for (const char* bad : {"200", "200/x", "/s", "10/0s", "-5/s", "a/s", ""}) {
    INFO(bad);
    const auto r = parse_rate(bad);
    CHECK_FALSE(r);
    CHECK(r.error.find("expected a rate such as 200/s") != std::string::npos);
  }
}

TEST_CASE("bandwidth in bits per second", "[scenario][units]") {
  CHECK(*parse_bandwidth("5Gbps") == Approx(5e9));
  CHECK(*parse_bandwidth("100Mbps") == Approx(1e8));
  CHECK(*parse_bandwidth("10Kbps") == Approx(1e4));
  CHECK(*parse_bandwidth("1.5Tbps") == Approx(1.5e12));
  CHECK(*parse_bandwidth("64bps") == Approx(64));
  for (const char* bad : {"5GB", "5", "fast", "5 Gb"}) {
    INFO(bad);
    CHECK_FALSE(parse_bandwidth(bad));
    CHECK(parse_bandwidth(bad).error.find("expected a bandwidth") != std::string::npos);
  }
}

TEST_CASE("fractions and percentages", "[scenario][units]") {
  CHECK(*parse_fraction("2%") == Approx(0.02));
  CHECK(*parse_fraction("0.02") == Approx(0.02));
  CHECK(*parse_fraction("100%") == Approx(1));
  CHECK(*parse_fraction("0") == 0);
  CHECK(*parse_fraction("-0.5") == Approx(-0.5));  // the range check is the table's job
  for (const char* bad : {"2 percent", "abc", "%", "2%%"}) {
    INFO(bad);
    CHECK_FALSE(parse_fraction(bad));
    CHECK(parse_fraction(bad).error.find("expected a fraction such as 0.02") != std::string::npos);
  }
}

TEST_CASE("plain numbers, integers and booleans", "[scenario][units]") {
  CHECK(*parse_int("1000") == 1000);
  CHECK(*parse_int("-3") == -3);
  CHECK_FALSE(parse_int("1.5"));
  CHECK_FALSE(parse_int("12abc"));
  CHECK(parse_int("99999999999999999999").error.find("too large") != std::string::npos);
  CHECK(*parse_uint64("18446744073709551615") == UINT64_MAX);
  CHECK_FALSE(parse_uint64("-1"));
  CHECK(*parse_number("0.0000166667") == Approx(0.0000166667));
  CHECK(*parse_number("1e-3") == Approx(0.001));
  CHECK_FALSE(parse_number("twelve"));
  CHECK(*parse_bool("true"));
  CHECK_FALSE(*parse_bool("False"));
  CHECK(*parse_bool("yes"));
  CHECK_FALSE(parse_bool("maybe"));
  CHECK(parse_bool("maybe").error == "expected true or false, got 'maybe'");
}

TEST_CASE("formatting back to text", "[scenario][units]") {
  CHECK(format_duration(seconds(90)) == "90s");
  CHECK(format_duration(minutes(10)) == "10m");
  CHECK(format_duration(hours(4)) == "4h");
  CHECK(format_duration(milliseconds(1500)) == "1.5s");
  CHECK(format_duration(milliseconds(250)) == "250ms");
  CHECK(format_duration(kTimeZero) == "0s");
  CHECK(format_duration(kTimeInfinity) == "inf");
  CHECK(format_duration(days(2)) == "2d");
  CHECK(format_size(std::int64_t{512} << 20) == "512MiB");
  CHECK(format_size(10'000'000) == "10MB");
  CHECK(format_size(100) == "100B");
  CHECK(format_memory_mib(1024) == "1024MiB");
  CHECK(format_rate(200) == "200/s");
  CHECK(format_rate(500.0 / 60) == "500/m");
  CHECK(format_rate(5.0 / 3600) == "5/h");
  CHECK(format_bandwidth(5e9) == "5Gbps");
  CHECK(format_bandwidth(100e6) == "100Mbps");
  CHECK(format_percent(0.02) == "2%");
  CHECK(format_number(0.2) == "0.2");
}

TEST_CASE("formatted durations parse back to the same value", "[scenario][units]") {
  for (std::int64_t ns : {std::int64_t{1}, std::int64_t{999}, std::int64_t{1'234'567},
                          std::int64_t{1'500'000'000}, std::int64_t{90'500'000'000},
                          std::int64_t{3'600'000'000'000}, std::int64_t{123'456'789'012}}) {
    const SimTime t{ns};
    INFO(format_duration(t));
    const auto back = parse_duration(format_duration(t));
    REQUIRE(back);
    CHECK(*back == t);
  }
  for (double r : {200.0, 500.0 / 60, 5.0 / 3600, 0.25, 12345.0}) {
    const auto back = parse_rate(format_rate(r));
    REQUIRE(back);
    CHECK(*back == Approx(r));
  }
}
