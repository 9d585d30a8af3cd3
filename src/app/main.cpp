#include "app/cli.hpp"

int main(int argc, char** argv) { return onegrid::app::RunCli(argc, argv); }
