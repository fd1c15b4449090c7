// Users' mod files at run time: translated, compiled into a plugin with the system
// compiler, cached by content, loaded and registered; a changed file is rebuilt, a
// catalogue name is replaced (and said), a refused file names its line.

#include <QtTest>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "engine/errors.h"
#include "engine/sim/simulation.h"
#include "io/mechanism_plugins.h"

using namespace lamina;
namespace fs = std::filesystem;

namespace {

std::string leak_mod(double g) {
    return R"(NEURON {
    SUFFIX plugin_leak
    USEION k READ ek WRITE ik
    RANGE g
}
PARAMETER { g = )" + std::to_string(g) + R"( (S/cm2) <0, 1e9> }
ASSIGNED { v (mV) ek (mV) ik (mA/cm2) }
BREAKPOINT { ik = g*(v - ek) }
)";
}

void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

// v of a soma with only the plugin's leak, which relaxes to ek by implicit Euler.
double relaxation_error(double g) {
    auto cell = std::make_shared<sim::CellDescription>();
    cell->add_cylinder("soma", SectionType::soma, 20, 20);
    cell->paint("all", "plugin_leak", {{"ek", -90.0}});
    sim::Network net;
    net.add_cell(cell);
    sim::RunOptions o;
    o.v_init = -60;
    sim::Simulation simulation(net, o);
    auto v = simulation.add_probe(0, {0, 0.5}, "v");
    simulation.advance(10.0);
    std::vector<sim::Sample> samples;
    v->drain(samples);
    const double rate = o.dt * g / 1e-3;
    double expected = -60, worst = 0;
    for (const auto& s : samples) {
        expected = (expected + rate * -90.0) / (1 + rate);
        worst = std::max(worst, std::abs(s.value - expected));
    }
    return samples.size() == 400 ? worst : INFINITY;
}

}  // namespace

class TestMechanismPlugins : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    fs::path root() const { return dir_.path().toStdString(); }

private slots:
    void initTestCase() { ::setenv("LAMINA_CACHE_DIR", (root() / "cache").c_str(), 1); }

    void buildCacheRebuild() {
        write(root() / "a/modfiles/leak.mod", leak_mod(5e-4));
        QCOMPARE(io::mod_folder(root() / "a"), root() / "a/modfiles");  // BMTK's layout
        std::vector<std::string> steps;
        const auto first = io::load_mechanism_folder(io::mod_folder(root() / "a"), [&](const std::string& s) { steps.push_back(s); });
        QVERIFY(!first.cached);
        QVERIFY((first.mechanisms == std::vector<std::string>{"plugin_leak"}));
        QVERIFY(first.replaced.empty());
        QVERIFY(fs::exists(first.library));
        QVERIFY(first.library.string().find((root() / "cache/mechanisms").string()) == 0);
        QVERIFY(steps.size() >= 3);  // translating, compiling, linking, loaded
        const double worst = relaxation_error(5e-4);
        QVERIFY2(worst < 1e-9, qPrintable(QString::number(worst)));

        // The same files again: the cached plugin, nothing compiled.
        const auto second = io::load_mechanism_folder(root() / "a/modfiles");
        QVERIFY(second.cached);
        QCOMPARE(second.library, first.library);

        // A changed file: another plugin, which replaces the mechanism (and says so).
        write(root() / "b/leak.mod", leak_mod(2e-4));
        const auto changed = io::load_mechanism_folder(root() / "b");
        QVERIFY(!changed.cached);
        QVERIFY(changed.library != first.library);
        QVERIFY((changed.replaced == std::vector<std::string>{"plugin_leak"}));
        QCOMPARE(sim::mechanism_info("plugin_leak").parameters.at(0).default_value, 2e-4);
    }

    // A user's file with a catalogue mechanism's name replaces it.
    void catalogueNameIsReplaced() {
        write(root() / "c/NaTa_t.mod", R"(NEURON { SUFFIX NaTa_t  NONSPECIFIC_CURRENT i  RANGE gx }
PARAMETER { gx = 0.25 }
ASSIGNED { v (mV) i (mA/cm2) }
BREAKPOINT { i = gx*v }
)");
        const auto plugin = io::load_mechanism_folder(root() / "c");
        QVERIFY((plugin.replaced == std::vector<std::string>{"NaTa_t"}));
        QCOMPARE(sim::mechanism_info("NaTa_t").parameters.at(0).name, std::string("gx"));
    }

    // BMTK's vecevent.mod (VecStim, VERBATIM inside) is recognised as Lamina's own
    // spike source and skipped; the channels beside it are built.
    void vecStimIsMapped() {
        const std::string vecstim = "NEURON {\n  THREADSAFE\n  ARTIFICIAL_CELL VecStim\n  POINTER ptr\n}\n"
                                    "ASSIGNED { index etime (ms) ptr }\nINITIAL { index = 0 }\n"
                                    "NET_RECEIVE (w) {\n  if (flag == 1) { net_event(t) }\n}\n"
                                    "VERBATIM\nextern double* vector_vec();\nENDVERBATIM\n";
        write(root() / "v/vecevent.mod", vecstim);
        const auto only = io::load_mechanism_folder(root() / "v");
        QCOMPARE(only.mapped, std::vector<std::string>{"vecevent.mod"});
        QVERIFY(only.mechanisms.empty());
        write(root() / "v/leak.mod", "NEURON { SUFFIX mapped_leak NONSPECIFIC_CURRENT i RANGE g }\n"
                                     "PARAMETER { g = 0.001 (S/cm2) }\nASSIGNED { v (mV) i (mA/cm2) }\n"
                                     "BREAKPOINT { i = g*(v + 70) }\n");
        const auto both = io::load_mechanism_folder(root() / "v");
        QCOMPARE(both.mapped, std::vector<std::string>{"vecevent.mod"});
        QCOMPARE(both.mechanisms, std::vector<std::string>{"mapped_leak"});
    }

    void refusals() {
        write(root() / "d/broken.mod", "NEURON { SUFFIX broken }\nBREAKPOINT {\n  VERBATIM x ENDVERBATIM\n}\n");
        try {
            io::load_mechanism_folder(root() / "d");
            QFAIL("no error");
        } catch (const FileError& e) {
            QVERIFY2(std::string(e.what()).find("broken.mod:3:3: VERBATIM blocks are not supported") != std::string::npos, e.what());
        }
        fs::create_directories(root() / "e");
        try {
            io::load_mechanism_folder(root() / "e");
            QFAIL("no error");
        } catch (const FileError& e) {
            QVERIFY2(std::string(e.what()).find("holds no .mod files") != std::string::npos, e.what());
        }
        // The compiler's errors point at the mod file's line: a compiler wrapper that
        // renames the kernels' exp_simd calls fails on the statement calling exp, line 6.
        write(root() / "f/rates.mod", "NEURON { SUFFIX rates_error }\nSTATE { m }\nINITIAL { m = 0 }\n"
                                      "BREAKPOINT { SOLVE s METHOD cnexp }\nDERIVATIVE s {\n  m' = exp(-v/10) - m\n}\n");
        write(root() / "cxx", "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in *plugin*.cpp) "
                              "sed -i 's/exp_simd(/no_such_function(/g' \"$a\";; esac; done\nexec c++ \"$@\"\n");
        fs::permissions(root() / "cxx", fs::perms::owner_all);
        ::setenv("LAMINA_CXX", (root() / "cxx").c_str(), 1);
        try {
            io::load_mechanism_folder(root() / "f");
            ::unsetenv("LAMINA_CXX");
            QFAIL("no error");
        } catch (const FileError& e) {
            ::unsetenv("LAMINA_CXX");
            const std::string message = e.what();
            QVERIFY2(message.find("the C++ compiler") != std::string::npos &&
                         message.find("rates.mod:6:") != std::string::npos && message.find("no_such_function") != std::string::npos,
                     e.what());
        }
        try {
            io::load_mechanism_folder(root() / "absent");
            QFAIL("no error");
        } catch (const FileError& e) {
            QVERIFY2(std::string(e.what()).find("no such folder of mod files") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestMechanismPlugins)
#include "test_mechanism_plugins.moc"
