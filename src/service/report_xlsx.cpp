#include "service/report_xlsx.hpp"

#include <xlsxwriter.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "core/time_format.hpp"

namespace onegrid::service {
namespace {

std::string KindLabel(evaluation::PeriodKind k) {
  switch (k) {
    case evaluation::PeriodKind::kDay: return "日报";
    case evaluation::PeriodKind::kWeek: return "周报";
    case evaluation::PeriodKind::kMonth: return "月报";
  }
  return "";
}

class Sheet {
 public:
  Sheet(lxw_workbook* wb, const char* name, lxw_format* header) : ws_(workbook_add_worksheet(wb, name)), header_(header) {}
  void Header(std::initializer_list<const char*> titles, double width = 16) {
    lxw_col_t col = 0;
    for (const char* t : titles) {
      worksheet_set_column(ws_, col, col, width, nullptr);
      worksheet_write_string(ws_, row_, col++, t, header_);
    }
    ++row_;
  }
  Sheet& Text(lxw_col_t col, const std::string& s) {
    worksheet_write_string(ws_, row_, col, s.c_str(), nullptr);
    return *this;
  }
  Sheet& Number(lxw_col_t col, double v, lxw_format* f = nullptr) {
    worksheet_write_number(ws_, row_, col, v, f);
    return *this;
  }
  void Next() { ++row_; }
  lxw_row_t row() const { return row_; }

 private:
  lxw_worksheet* ws_;
  lxw_format* header_;
  lxw_row_t row_ = 0;
};

void Counts(lxw_workbook* wb, lxw_format* header, const char* name, const char* what,
            const std::vector<NamedCount>& rows) {
  Sheet s(wb, name, header);
  s.Header({"代码", what, "案件数"});
  for (const auto& r : rows) {
    s.Text(0, r.code).Text(1, r.name).Number(2, static_cast<double>(r.n));
    s.Next();
  }
}

}  // namespace

core::Result<void> WriteReportXlsx(const Report& r, const std::string& path) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (wb == nullptr) return core::Internal("cannot create " + path);
  lxw_format* header = workbook_add_format(wb);
  format_set_bold(header);
  format_set_bg_color(header, 0xDDEBF7);
  lxw_format* percent = workbook_add_format(wb);
  format_set_num_format(percent, "0.00%");

  Sheet summary(wb, "概况", header);
  summary.Header({"项目", "内容"}, 24);
  auto line = [&](const char* k, const std::string& v) {
    summary.Text(0, k).Text(1, v);
    summary.Next();
  };
  line("报表", KindLabel(r.period.kind));
  line("周期", r.period.label);
  line("范围", r.scope.name);
  line("起", core::FormatInstant(r.period.from));
  line("止", core::FormatInstant(r.period.to));
  line("统计截至", core::FormatInstant(r.as_of));
  summary.Text(0, "上报案件数").Number(1, static_cast<double>(r.reported));
  summary.Next();
  summary.Next();
  summary.Text(0, "指标").Text(1, "数值").Text(2, "分子").Text(3, "分子数").Text(4, "分母").Text(5, "分母数");
  summary.Next();
  for (const auto& ind : r.rates) {
    summary.Text(0, std::string(ind.label_zh));
    if (ind.value) {
      summary.Number(1, *ind.value, percent);
    } else {
      summary.Text(1, "—");
    }
    summary.Text(2, std::string(ind.numerator_label)).Number(3, static_cast<double>(ind.numerator));
    summary.Text(4, std::string(ind.denominator_label)).Number(5, static_cast<double>(ind.denominator));
    summary.Next();
  }
  Counts(wb, header, "来源", "来源", r.by_source);
  Counts(wb, header, "类别", "类别", r.by_category);
  Counts(wb, header, "状态", "状态", r.by_state);
  Counts(wb, header, "热点网格", "网格", r.hot_grids);
  Sheet overdue(wb, "超期清单", header);
  overdue.Header({"案卷编号", "类别代码", "类别", "处置单位", "街道代码", "处置时限", "超期（小时）"}, 22);
  for (const auto& o : r.overdue) {
    overdue.Text(0, o.number).Text(1, o.category_code).Text(2, o.category_name).Text(3, o.unit);
    overdue.Text(4, o.street_code).Text(5, core::FormatInstant(o.due_at)).Number(6, o.hours_over);
    overdue.Next();
  }
  lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) return core::Internal(std::string("cannot write ") + path + ": " + lxw_strerror(err));
  return core::Ok();
}

core::Result<std::string> ReportXlsxBytes(const Report& report) {
  auto path = std::filesystem::temp_directory_path() /
              ("onegrid-report-" + std::to_string(std::random_device{}()) + ".xlsx");
  auto written = WriteReportXlsx(report, path.string());
  std::string bytes;
  if (written) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    bytes = out.str();
  }
  std::error_code ec;
  std::filesystem::remove(path, ec);
  OG_RETURN_IF_ERROR(written);
  return bytes;
}

}  // namespace onegrid::service
