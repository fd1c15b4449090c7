// A built column as files: byte-identical for 1 and 2 threads; it loads back through
// Lamina's SONATA reader into the network the builder made and simulates; `lamina build`
// runs it from the command line; the shipped default recipe is the built-in one.

#include <QtTest>
#include <filesystem>
#include <fstream>
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
        // 20 ms without input: every soma rests near -65 mV.
        sim::SimulationOptions options = built.options;
        sim::Simulation simulation(built.network, options);
        std::vector<std::shared_ptr<sim::SampleRing>> rings;
        for (sim::Gid g = 0; g < 5; ++g) rings.push_back(simulation.add_probe(g, {0, 0.5}, "v"));
        simulation.advance(20.0);
        for (auto& ring : rings) {
            std::vector<sim::Sample> samples;
            ring->drain(samples);
            QCOMPARE(samples.size(), std::size_t{800});
            QVERIFY2(std::abs(samples.back().value + 65.0) < 8.0, qPrintable(QString::number(samples.back().value)));
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

    void commandLine() {
        const fs::path recipe = root() / "bad.json";
        std::ofstream(recipe) << R"({"cell_types": [{"name": "X", "layer": "L5", "density": -1}]})";
        std::ostringstream out, err;
        const app::Command* build = app::find_command("build");
        QVERIFY(build);
        QCOMPARE(app::run_command(*build, {recipe.string(), "-o", (root() / "bad").string()}, out, err), 1);
        QVERIFY2(QString::fromStdString(err.str()).contains("cell_types[0].density: must be a number >= 0, got -1"),
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
