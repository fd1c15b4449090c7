// lamina: the desktop app, or a headless command when the first argument names one.

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli.h"
#include "app/gui_launch.h"

int main(int argc, char** argv) {
    using namespace lamina::app;
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty()) {
        const std::string& first = args.front();
        if (first == "--help" || first == "-h" || first == "help") {
            if (first == "help" && args.size() > 1) {
                if (const Command* c = find_command(args[1])) {
                    std::cout << c->help;
                    return exit_ok;
                }
            }
            print_main_help(std::cout);
            return exit_ok;
        }
        if (first == "--version") {
            std::cout << "lamina " << LAMINA_VERSION << '\n';
            return exit_ok;
        }
        if (const Command* command = find_command(first))
            return run_command(*command, {args.begin() + 1, args.end()}, std::cout, std::cerr);
        if (first.size() > 1 && first[0] == '-') {
            std::cerr << "lamina: unknown option '" << first << "' (see lamina --help)\n";
            return exit_usage;
        }
    }
    return launch_gui_or_fallback(argc, argv, args);
}
