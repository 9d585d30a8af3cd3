// The fixture of the store's conformance suite: a store of the backend the test is instantiated
// with ("sqlite" or "postgresql"), opened fresh for each test; Reopen() closes and opens it again
// on the same database.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "support/test_db.hpp"

namespace onegrid::store_sql {

class BackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { Reopen(); }
  void TearDown() override { store_.reset(); }
  void Reopen() {
    store_.reset();
    auto s = db_.Open(clock_);
    ASSERT_TRUE(s.has_value()) << s.error().message;
    store_ = std::move(*s);
  }
  core::FakeClock clock_{core::Instant(core::Duration(1'790'000'000'000'000))};  // 22:13 local
  testing::TempDir dir_;
  testing::TestDb db_{dir_, GetParam()};
  std::unique_ptr<Database> store_;
};

// Runs a suite of BackendTest on both backends, each test named after its backend.
#define ONEGRID_ON_BOTH_BACKENDS(Suite)                                                                \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite, ::testing::Values("sqlite", "postgresql"),               \
                           [](const auto& info) { return info.param; })

}  // namespace onegrid::store_sql
