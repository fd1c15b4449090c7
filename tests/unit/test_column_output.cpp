// A built column as files: byte-identical for 1 and 2 threads; it loads back through
// Lamina's SONATA reader into the network the builder made and simulates; `lamina build`
// runs it from the command line; the shipped default recipe is the built-in one.

#include <QtTest>
#include <iomanip>
#include <sstream>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "app/cli.h"
#include "engine/builder/build_statistics.h"
#include "engine/builder/column_builder.h"
#include "engine/builder/column_sonata.h"
#include "engine/circuit/network_builder.h"
#include "engine/errors.h"
#include "engine/sim/simulation.h"
#include "io/builder/column_writer.h"
#include "io/sonata/spikes_io.h"
#include "io/builder/recipe_io.h"
#include "io/sonata/circuit_io.h"
#include "io/sonata/simulation_config.h"

using namespace lamina;
namespace fs = std::filesystem;

namespace {
std::string contents(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Every file under `folder`, relative, sorted.
std::vector<fs::path> files_under(const fs::path& folder) {
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(folder))
        if (e.is_regular_file()) files.push_back(fs::relative(e.path(), folder));
    std::sort(files.begin(), files.end());
    return files;
}
}  // namespace

class TestColumnOutput : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    fs::path root() const { return dir_.path().toStdString(); }

private slots:
    void sameBytesForAnyThreadCount() {
        const builder::Recipe recipe = builder::default_column_recipe(120);
        builder::BuildOptions one, two;
        one.threads = 1;
        two.threads = 2;
        io::write_column(builder::build_column(recipe, two), root() / "two");
        io::write_column(builder::build_column(recipe, one), root() / "one");
        const auto a = files_under(root() / "two"), b = files_under(root() / "one");
        QCOMPARE(a, b);
        QVERIFY(a.size() > 100);  // morphologies, models, circuit, configs, reports
        for (const fs::path& f : a)
            QVERIFY2(contents(root() / "two" / f) == contents(root() / "one" / f), qPrintable(QString::fromStdString(f.string())));
    }

    void loadsBackAndSimulates() {
        const builder::Recipe recipe = builder::default_column_recipe(120);
        const builder::BuiltColumn column = builder::build_column(recipe);
        const io::ColumnFiles files = io::write_column(column, root() / "sim");
        const auto setup = io::read_simulation_config(files.simulation_config.string());
        const circuit::Circuit c = io::read_circuit(setup.circuit_config);
        const std::size_t n = column.cells.size();
        QCOMPARE(c.nodes.size(), std::size_t{2});  // the cells, and their Poisson input
        QCOMPARE(c.nodes[0].size(), n);
        QCOMPARE(c.edges[0].size(), column.synapses.size());
        // The input: a virtual node per cell onto its soma, its train from the recipe's
        // seed (20 Hz for 1 s: about 20 spikes a cell).
        QCOMPARE(c.nodes[1].name, std::string("drive"));
        QCOMPARE(c.nodes[1].size(), n);
        QCOMPARE(c.edges[1].size(), n);
        QCOMPARE(c.edges[1].target[n - 1], std::uint64_t{n - 1});
        QCOMPARE(*c.edges[1].number("afferent_section_id", 0), 0.0);
        QCOMPARE(*c.edges[1].number("syn_weight", 0), recipe.drive.weight);
        QCOMPARE(setup.spike_inputs.size(), std::size_t{1});
        const auto trains = io::read_spikes((root() / "sim/drive_spikes.h5").string());
        QCOMPARE(trains.size(), std::size_t{1});
        const double expected = recipe.drive.rate * recipe.drive.duration * 1e-3 * static_cast<double>(n);
        const auto spikes = static_cast<double>(trains[0].timestamps.size());
        QVERIFY2(std::abs(spikes - expected) < 4 * std::sqrt(expected), qPrintable(QString("%1 of %2").arg(spikes).arg(expected)));
        std::vector<double> of_cell_7;
        for (std::size_t k = 0; k < trains[0].node_ids.size(); ++k)
            if (trains[0].node_ids[k] == 7) of_cell_7.push_back(trains[0].timestamps[k]);
        QCOMPARE(of_cell_7, builder::drive_train(recipe, 7));
        // Attributes as built: the first cell's type and layer, the first synapse's place.
        const auto& first = column.cells[0];
        QCOMPARE(c.nodes[0].text("mtype", 0), recipe.cell_types[first.type].name);
        QCOMPARE(c.nodes[0].text("layer", 0), recipe.layers[first.layer].name);
        QCOMPARE(*c.nodes[0].number("y", 0), first.position.y());
        const builder::Synapse& s = column.synapses[0];
        QCOMPARE(*c.edges[0].number("afferent_section_id", 0), static_cast<double>(s.touch.post_section));
        QCOMPARE(*c.edges[0].number("afferent_section_pos", 0), static_cast<double>(s.touch.post_x));
        const double delay = s.touch.axon_path / recipe.pathways[s.pathway].conduction_velocity +
                             recipe.pathways[s.pathway].synaptic_delay;
        QVERIFY(std::abs(*c.edges[0].number("delay", 0) - delay) < 1e-9);
        // Lamina's network builder takes it: a cell per node, a connection per synapse.
        auto quiet = setup;
        quiet.spike_inputs.clear();
        const auto built = circuit::build_network(c, quiet, io::model_files(c));
        QCOMPARE(built.network.size(), 2 * n);  // the input nodes are spike sources
        QCOMPARE(built.network.connections().size(), column.synapses.size() + n);
        // 20 ms without input: every soma rests.
        sim::RunOptions options = built.options;
        sim::Simulation simulation(built.network, options);
        std::vector<std::shared_ptr<sim::Trace>> rings;
        for (sim::Gid g = 0; g < 5; ++g) rings.push_back(simulation.add_probe(g, {0, 0.5}, "v"));
        simulation.advance(20.0);
        for (auto& ring : rings) {
            std::vector<sim::Sample> samples;
            ring->drain(samples);
            QCOMPARE(samples.size(), std::size_t{800});
            // Near its e-type's rest (-72 +- 10 mV; the pyramids' Ih and leak settle lowest).
            QVERIFY2(std::abs(samples.back().value + 72.0) < 10.0, qPrintable(QString::number(samples.back().value)));
        }
        // The statistics the Builder shows: every connection once in the histogram, the
        // cells of each layer, each pathway's probabilities in the matrix.
        const builder::BuildStatistics stats = builder::build_statistics(column);
        std::size_t connections = 0, synapses = 0, cells = 0;
        for (std::size_t k = 0; k < stats.synapses_per_connection.size(); ++k) {
            connections += stats.synapses_per_connection[k];
            synapses += k * stats.synapses_per_connection[k];
        }
        QCOMPARE(connections, stats.connections);
        QCOMPARE(synapses, column.synapses.size());
        std::size_t reported = 0;
        for (const auto& p : column.pathways) reported += p.connections;
        QCOMPARE(stats.connections, reported);
        for (std::size_t l = 0; l < stats.layer_names.size(); ++l) cells += stats.cells_in_layer(l);
        QCOMPARE(cells, n);
        for (const auto& p : column.pathways) {
            const auto i = static_cast<std::size_t>(builder::cell_type_index(recipe, p.pre));
            const auto j = static_cast<std::size_t>(builder::cell_type_index(recipe, p.post));
            QCOMPARE(stats.achieved_probability[i][j], p.achieved_probability);
            QCOMPARE(stats.target_probability[i][j], p.target_probability);
        }
        QVERIFY(std::isnan(stats.target_probability[0][0]));  // L1_NGC -> L1_NGC: no pathway
        // The report names every pathway with its targets.
        const std::string report = contents(files.report_text);
        QVERIFY(report.find("L5_TTPC -> L5_TTPC") != std::string::npos);
        QVERIFY(report.find("Connection probability matrix") != std::string::npos);
        // The pathway with a reference in-degree says how its weights were scaled.
        for (const auto& p : column.pathways)
            if (p.reference_in_degree > 0) {
                std::ostringstream scaled;
                scaled << std::fixed << std::setprecision(2) << "weights x" << p.weight_scale;
                QVERIFY2(report.find(p.pre + " -> " + p.post) != std::string::npos &&
                             report.find(scaled.str()) != std::string::npos,
                         scaled.str().c_str());
            }
    }

    // A rebuild swaps the new column in whole: the earlier runs' output/ comes along, a
    // trailing slash names the same folder, nothing is left beside it, and a folder with
    // anything else in it is refused before a byte is written.
    void replacingAColumn() {
        const builder::BuiltColumn small = builder::build_column(builder::default_column_recipe(40));
        const fs::path folder = root() / "swap";
        io::replace_column(small, folder.string() + "/");
        QVERIFY(fs::exists(folder / "circuit_config.json"));
        fs::create_directories(folder / "output");
        std::ofstream(folder / "output/spikes.csv") << "0 column 1\n";
        builder::Recipe other = builder::default_column_recipe(40);
        other.seed = 7;
        const auto files = io::replace_column(builder::build_column(other), folder);
        QCOMPARE(files.recipe, folder / "recipe.json");
        QVERIFY(contents(folder / "recipe.json").find("\"seed\": 7") != std::string::npos);
        QCOMPARE(contents(folder / "output/spikes.csv"), std::string("0 column 1\n"));
        std::vector<std::string> beside;
        for (const auto& entry : fs::directory_iterator(root()))
            if (entry.path().filename().string().find("swap") != std::string::npos)
                beside.push_back(entry.path().filename().string());
        QCOMPARE(beside, std::vector<std::string>{"swap"});

        std::ofstream(folder / "notes.txt") << "mine\n";
        try {
            io::check_column_folder(folder);
            QFAIL("a folder with the user's notes was accepted");
        } catch (const FileError& e) {
            QVERIFY2(QString(e.what()).contains("'notes.txt'") && QString(e.what()).contains("swap"), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(FileError, io::replace_column(small, folder));
        QCOMPARE(contents(folder / "notes.txt"), std::string("mine\n"));
        QVERIFY(contents(folder / "recipe.json").find("\"seed\": 7") != std::string::npos);
    }

    // `--force` replaces what the previous build listed in its manifest and nothing else: a
    // file of the user's anywhere in the folder is refused and left as it was.
    void forceReplacesOnlyWhatABuildWrote() {
        const fs::path recipe = root() / "small.json";
        std::ofstream(recipe) << io::format_recipe(builder::default_column_recipe(40));
        const fs::path folder = root() / "forced";
        const app::Command* build = app::find_command("build");
        std::ostringstream out, err;
        const std::vector<std::string> args{recipe.string(), "-o", folder.string(), "--quiet", "--force"};
        QCOMPARE(app::run_command(*build, args, out, err), 0);
        const std::string manifest = contents(folder / io::manifest_name);
        QVERIFY(manifest.find("\"version\": 1") != std::string::npos);
        QVERIFY(manifest.find("\"complete\": true") != std::string::npos);
        for (const fs::path& f : files_under(folder))  // every file it wrote is listed
            if (f != io::manifest_name) QVERIFY2(manifest.find("\"" + f.generic_string() + "\"") != std::string::npos, qPrintable(QString::fromStdString(f.string())));
        // A rebuild over a previous build works and carries output/ over.
        fs::create_directories(folder / "output");
        std::ofstream(folder / "output/spikes.csv") << "run 1\n";
        QCOMPARE(app::run_command(*build, args, out, err), 0);
        QCOMPARE(contents(folder / "output/spikes.csv"), std::string("run 1\n"));

        // A user's morphology dropped into morphologies/: refused, nothing changes.
        std::ofstream(folder / "morphologies/mine.swc") << "1 1 0 0 0 5 -1\n";
        std::map<fs::path, std::string> before;
        for (const fs::path& f : files_under(folder)) before[f] = contents(folder / f);
        std::ostringstream refused;
        QCOMPARE(app::run_command(*build, args, out, refused), 1);
        QVERIFY2(refused.str().find(folder.string() + ": holds 'morphologies/mine.swc', which is not part of a built "
                                                      "column (not in its .lamina-build-manifest.json); choose an "
                                                      "empty or new folder") != std::string::npos,
                 refused.str().c_str());
        std::map<fs::path, std::string> after;
        for (const fs::path& f : files_under(folder)) after[f] = contents(folder / f);
        QVERIFY(before == after);
        // The GUI's path: replace_column refuses it too.
        const builder::BuiltColumn small = builder::build_column(builder::default_column_recipe(40));
        QVERIFY_THROWS_EXCEPTION(FileError, io::replace_column(small, folder));
        QCOMPARE(contents(folder / "morphologies/mine.swc"), std::string("1 1 0 0 0 5 -1\n"));

        // A folder with files and no manifest is not a column Lamina built.
        const fs::path plain = root() / "plain";
        fs::create_directories(plain / "morphologies");
        std::ofstream(plain / "morphologies/a.swc") << "x\n";
        try {
            io::check_column_folder(plain);
            QFAIL("a folder without a manifest was accepted");
        } catch (const FileError& e) {
            QCOMPARE(QString(e.what()), QString::fromStdString(plain.string() + ": holds 'morphologies', which is not "
                                                               "part of a built column (the folder has no "
                                                               ".lamina-build-manifest.json); choose an empty or new folder"));
        }
    }

    // A manifest is a list to check against, never a list of paths to follow: one naming
    // a file outside the folder is refused and that file stays.
    void manifestsOutsideTheFolderAreRefused() {
        const fs::path victim = root() / "victim.txt";
        std::ofstream(victim) << "keep\n";
        int k = 0;
        for (const std::string& entry : std::vector<std::string>{"../victim.txt", victim.string(), "morphologies/../../victim.txt", "output/x", ""}) {
            const fs::path folder = root() / ("evil" + std::to_string(k++));
            fs::create_directories(folder);
            std::ofstream(folder / io::manifest_name)
                << "{\"format\": \"lamina-build-manifest\", \"version\": 1, \"complete\": true, \"folders\": [], "
                   "\"files\": [\""
                << entry << "\"]}\n";
            std::ofstream(folder / "circuit_config.json") << "{}\n";
            try {
                io::check_column_folder(folder);
                QFAIL(qPrintable(QString::fromStdString("accepted a manifest listing " + entry)));
            } catch (const FileError& e) {
                const std::string expected = (folder / io::manifest_name).string() + ": lists \"" + entry +
                                             "\" in files, which is not a path inside the column; choose an empty "
                                             "or new folder";
                QCOMPARE(QString(e.what()), QString::fromStdString(expected));
            }
            const builder::BuiltColumn small = builder::build_column(builder::default_column_recipe(40));
            QVERIFY_THROWS_EXCEPTION(FileError, io::replace_column(small, folder));
            QCOMPARE(contents(victim), std::string("keep\n"));
            QCOMPARE(contents(folder / "circuit_config.json"), std::string("{}\n"));
        }
        // Another version, or not a manifest at all.
        const fs::path future = root() / "future";
        fs::create_directories(future);
        std::ofstream(future / io::manifest_name) << "{\"format\": \"lamina-build-manifest\", \"version\": 9, \"files\": []}";
        QVERIFY_THROWS_EXCEPTION(FileError, io::check_column_folder(future));
    }

    // A hidden sibling left by an interrupted build goes only when a build's manifest is in it.
    void leftoversBesideTheFolder() {
        const builder::BuiltColumn small = builder::build_column(builder::default_column_recipe(40));
        const fs::path folder = root() / "left";
        const fs::path partial = root() / ".left.lamina-partial";
        fs::create_directories(partial);
        std::ofstream(partial / "mine.txt") << "not Lamina's\n";
        try {
            io::replace_column(small, folder);
            QFAIL("removed a hidden folder it did not write");
        } catch (const FileError& e) {
            QVERIFY2(QString(e.what()).startsWith(QString::fromStdString(partial.string() + ": is left from an interrupted build")), e.what());
        }
        QCOMPARE(contents(partial / "mine.txt"), std::string("not Lamina's\n"));
        fs::remove_all(partial);
        io::write_column(small, partial);  // what a build interrupted before the swap leaves
        io::replace_column(small, folder);
        QVERIFY(!fs::exists(partial));
        QVERIFY(fs::exists(folder / "circuit_config.json"));
        QVERIFY_THROWS_EXCEPTION(FileError, io::write_column(small, folder));  // never over an existing folder
    }

    // Arguments are checked before any file is read; a malformed one is bad usage (2).
    void badArgumentsAreUsageErrors() {
        const app::Command* build = app::find_command("build");
        const std::string missing = (root() / "no-such-recipe.json").string();
        const std::string to = (root() / "never").string();
        const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
            {{missing, "-o", ""}, "lamina build: -o needs a folder, got ''"},
            {{missing, "-o", to, "--threads", "abc"}, "lamina build: --threads must be a number in [0, 1024], got 'abc'"},
            {{missing, "-o", to, "--threads", "2.5"}, "lamina build: --threads must be a whole number, got '2.5'"},
            {{missing, "-o", to, "--threads", "-1"}, "lamina build: --threads must be a number in [0, 1024], got '-1'"},
            {{missing, "-o", to, "--seed", "1e300"}, "lamina build: --seed must be a number in [0, 9000000000000000], got '1e300'"},
        };
        for (const auto& [args, message] : cases) {
            std::ostringstream out, err;
            QCOMPARE(app::run_command(*build, args, out, err), 2);
            QVERIFY2(err.str().starts_with(message), err.str().c_str());
        }
        QVERIFY(!fs::exists(to));
        // Bad paths are the user's: a file where the folder should be, the root folder.
        std::ofstream(root() / "a-file") << "x\n";
        for (const std::string& folder : {(root() / "a-file").string(), std::string("/")}) {
            std::ostringstream out, err;
            QCOMPARE(app::run_command(*build, {missing, "-o", folder}, out, err), 1);
            QVERIFY2(err.str().find("internal error") == std::string::npos && err.str().find(folder) != std::string::npos,
                     err.str().c_str());
        }
    }

    void commandLine() {
        const fs::path recipe = root() / "bad.json";
        std::ofstream(recipe) << R"({"cell_types": [{"name": "X", "layer": "L5", "density": -1}]})";
        std::ostringstream out, err;
        const app::Command* build = app::find_command("build");
        QVERIFY(build);
        QCOMPARE(app::run_command(*build, {recipe.string(), "-o", (root() / "bad").string()}, out, err), 1);
        QVERIFY2(QString::fromStdString(err.str()).contains("cell_types[0].density: must be in [0, 1e+07] cells/mm³, got -1"),
                 err.str().c_str());
        QCOMPARE(app::run_command(*build, {recipe.string()}, out, err), 2);  // no -o
        // The shipped default recipe is the built-in one, and builds.
        const fs::path shipped = fs::path(LAMINA_RESOURCE_DIR) / "recipes/default_column.json";
        QCOMPARE(contents(shipped), io::format_recipe(builder::default_column_recipe(300)));
        std::ostringstream built, log;
        QCOMPARE(app::run_command(*build, {shipped.string(), "-o", (root() / "cli").string(), "--quiet"}, built, log), 0);
        QVERIFY(fs::exists(root() / "cli/circuit_config.json"));
        QVERIFY(built.str().find("Cells: ") != std::string::npos);
        // A second build into the same folder needs --force.
        QCOMPARE(app::run_command(*build, {shipped.string(), "-o", (root() / "cli").string(), "--quiet"}, built, log), 1);
    }
};

QTEST_GUILESS_MAIN(TestColumnOutput)
#include "test_column_output.moc"
