// The bytes report.html inlines, compiled in from files at build time
// (cmake/embed_files.cmake writes their definitions): the vendored uPlot
// chart library (third_party/uplot) and the page's own script and style.
#pragma once

#include <string_view>

namespace lambdasim::embedded {

extern const std::string_view kUplotJs;    // third_party/uplot/uPlot.iife.min.js
extern const std::string_view kUplotCss;   // third_party/uplot/uPlot.min.css
extern const std::string_view kReportJs;   // sim/report/html_report.js
extern const std::string_view kReportCss;  // sim/report/html_report.css

}  // namespace lambdasim::embedded
