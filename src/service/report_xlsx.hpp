// A report as an xlsx workbook with Chinese headers (libxlsxwriter), the spreadsheet the district's
// offices file: 概况 (the period, scope and rates with their numerators and denominators), 来源,
// 类别, 状态, 热点网格 and 超期清单 (the overdue list).
#pragma once

#include <string>

#include "core/result.hpp"
#include "service/evaluation_service.hpp"

namespace onegrid::service {

// Writes the workbook to `path` (replaced if it exists).
core::Result<void> WriteReportXlsx(const Report& report, const std::string& path);
// The workbook's bytes (written through a temporary file).
core::Result<std::string> ReportXlsxBytes(const Report& report);

}  // namespace onegrid::service
