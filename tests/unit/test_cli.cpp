// `lamina info` and `lamina convert` as a user runs them: output, exit codes, messages.

#include <QtTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/cli.h"
#include "support/test_paths.h"

using namespace lamina;

namespace {
struct Result {
    int status;
    std::string out, err;
};
Result run(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    const auto* command = app::find_command(args.at(0));
    if (!command) return {-1, {}, "no command"};
    const int status = app::run_command(*command, {args.begin() + 1, args.end()}, out, err);
    return {status, out.str(), err.str()};
}
}  // namespace

class TestCli : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string scratch(const std::string& name) { return dir_.filePath(QString::fromStdString(name)).toStdString(); }

private slots:
    void infoText() {
        const auto r = run({"info", test::fixture("morphologies/good/known_cell.swc")});
        QCOMPARE(r.status, 0);
        QVERIFY(r.out.find("Soma                three_point_cylinders (3 points)\n") != std::string::npos);
        QVERIFY(r.out.find("  Soma radius       5 µm\n") != std::string::npos);
        QVERIFY(r.out.find("Total length        115 µm\n") != std::string::npos);
        QVERIFY(r.out.find("  apical_dendrite   65 µm\n") != std::string::npos);
        QVERIFY(r.out.find("Warnings            0\n") != std::string::npos);
        QVERIFY(r.err.empty());
    }

    void infoJsonWithWarnings() {
        const auto r = run({"info", test::fixture("morphologies/good/disconnected_neurite.swc"), "--json"});
        QCOMPARE(r.status, 0);
        const auto j = nlohmann::json::parse(r.out);
        QCOMPARE(j["sections"].get<int>(), 2);
        QCOMPARE(j["soma"]["type"].get<std::string>(), std::string("single_point"));
        QCOMPARE(j["warnings"].size(), std::size_t{1});
        QCOMPARE(j["warnings"][0]["line"].get<int>(), 4);
        QCOMPARE(j["warnings"][0]["kind"].get<std::string>(), std::string("disconnected neurite"));
        QVERIFY(r.err.find("disconnected_neurite.swc:4: warning: disconnected neurite") != std::string::npos);
    }

    void infoErrors() {
        auto r = run({"info", test::fixture("morphologies/bad/cycle.swc")});
        QCOMPARE(r.status, 1);
        QVERIFY(r.err.find("cycle.swc:3: cycle:") != std::string::npos);
        r = run({"info", "/no/such/file.swc"});
        QCOMPARE(r.status, 1);
        QCOMPARE(r.err, std::string("lamina info: /no/such/file.swc: no such file\n"));
        r = run({"info", test::fixture("morphologies/good/disconnected_neurite.swc"), "--strict"});
        QCOMPARE(r.status, 1);
        QVERIFY(r.err.find("(strict mode)") != std::string::npos);
        r = run({"info"});
        QCOMPARE(r.status, 2);
        r = run({"info", "a.swc", "--bogus"});
        QCOMPARE(r.status, 2);
        QVERIFY(r.err.find("unknown option '--bogus'") != std::string::npos);
        r = run({"info", "--help"});
        QCOMPARE(r.status, 0);
        QVERIFY(r.out.starts_with("usage: lamina info FILE"));
    }

    void convertAllWays() {
        const std::string asc = test::fixture("morphologies/good/known_cell.asc");
        auto r = run({"convert", asc, scratch("cell.h5")});
        QCOMPARE(r.status, 0);
        r = run({"convert", scratch("cell.h5"), scratch("cell.swc")});
        QCOMPARE(r.status, 0);
        // A contour soma becomes a three-point soma of the same radius, with a warning.
        QVERIFY(r.err.find("SWC cannot store a soma contour") != std::string::npos);
        const auto a = nlohmann::json::parse(run({"info", asc, "--json"}).out);
        const auto b = nlohmann::json::parse(run({"info", scratch("cell.swc"), "--json"}).out);
        QCOMPARE(b["soma"]["type"].get<std::string>(), std::string("three_point_cylinders"));
        for (const char* key : {"total_length_um", "max_path_distance_um", "sections", "leaves"})
            QCOMPARE(b[key], a[key]);
        QVERIFY(std::abs(b["soma"]["radius_um"].get<double>() - 5.0) < 1e-12);
        QVERIFY(std::abs(b["soma"]["surface_area_um2"].get<double>() -
                         a["soma"]["surface_area_um2"].get<double>()) < 1e-9);
    }

    void convertRefusals() {
        const std::string swc = test::fixture("morphologies/good/known_cell.swc");
        std::ofstream(scratch("exists.swc")) << "keep me";
        auto r = run({"convert", swc, scratch("exists.swc")});
        QCOMPARE(r.status, 1);
        QVERIFY(r.err.find("already exists; pass --force") != std::string::npos);
        std::ifstream kept(scratch("exists.swc"));
        std::string contents((std::istreambuf_iterator<char>(kept)), std::istreambuf_iterator<char>());
        QCOMPARE(contents, std::string("keep me"));
        QCOMPARE(run({"convert", swc, scratch("exists.swc"), "--force"}).status, 0);
        r = run({"convert", swc, scratch("out.asc")});
        QCOMPARE(r.status, 1);
        QVERIFY(r.err.find("Lamina reads Neurolucida ASC but does not write it") != std::string::npos);
        r = run({"convert", swc, scratch("out.txt")});
        QCOMPARE(r.status, 1);
        QVERIFY(r.err.find("unknown output format '.txt'") != std::string::npos);
        // A bad input never creates the output.
        r = run({"convert", test::fixture("morphologies/bad/cycle.swc"), scratch("never.h5")});
        QCOMPARE(r.status, 1);
        QVERIFY(!std::filesystem::exists(scratch("never.h5")));
    }

    void simulateDemoWritesSpikes() {
        const std::string out = scratch("spikes.csv");
        auto r = run({"simulate-demo", "--cells", "60", "--tstop", "100", "--output", out, "--threads", "2"});
        QCOMPARE(r.status, 0);
        QVERIFY(r.err.find("simulated 100.0 / 100.0 ms") != std::string::npos);
        std::ifstream in(out);
        std::string header, line;
        std::getline(in, header);
        QCOMPARE(header, std::string("gid,time_ms"));
        std::size_t rows = 0;
        double previous = -1;
        while (std::getline(in, line)) {
            const double t = std::stod(line.substr(line.find(',') + 1));
            QVERIFY(t >= previous);  // sorted by time
            previous = t;
            ++rows;
        }
        QVERIFY(rows > 60);  // the Poisson drive alone makes every cell fire
        QVERIFY(r.out.find("wrote " + std::to_string(rows) + " spikes of 60 cells") != std::string::npos);
        // The same seed gives the same file, whatever the thread count.
        const std::string again = scratch("again.csv");
        QCOMPARE(run({"simulate-demo", "--cells", "60", "--tstop", "100", "--output", again, "--threads", "1",
                      "--quiet"}).status, 0);
        std::ifstream a(out), b(again);
        QVERIFY(std::string(std::istreambuf_iterator<char>(a), {}) == std::string(std::istreambuf_iterator<char>(b), {}));
        r = run({"simulate-demo", "--cells", "0"});
        QCOMPARE(r.status, 2);  // a malformed argument is a usage error
        QVERIFY(r.err.find("--cells must be a number in [1, 1000000], got '0'") != std::string::npos);
        r = run({"simulate-demo", "--timing", "sometimes"});
        QCOMPARE(r.status, 2);
        r = run({"simulate-demo", "--edges", "/no/such.csv"});
        QCOMPARE(r.status, 1);
        QVERIFY(r.err.find("/no/such.csv: no such file") != std::string::npos);
    }

    void everyCommandHasHelp() {
        for (const auto& c : app::commands()) {
            const auto r = run({c.name, "--help"});
            QCOMPARE(r.status, 0);
            QVERIFY(r.out.starts_with(std::string("usage: lamina ") + c.name));
        }
        std::ostringstream out;
        app::print_main_help(out);
        QVERIFY(out.str().find("lamina COMMAND --help") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
