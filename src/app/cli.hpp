// The `onegrid` command line (CLI11): serve, migrate, user add|list|passwd, seed demo, demo.
// Settings: built-in defaults < --config TOML file < ONEGRID_* environment < flags.
#pragma once

namespace onegrid::app {

int RunCli(int argc, char** argv);

}  // namespace onegrid::app
