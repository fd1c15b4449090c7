// SONATA features other tools' files use: several attribute groups per population,
// @library enumerations, per-node dynamics_params, HDF5 values over type-table values,
// synapses placed by rule, and single-compartment models.

#include <hdf5.h>

#include <QtTest>
#include <cmath>
#include <numbers>
#include <filesystem>
#include <fstream>

#include "engine/circuit/network_builder.h"
#include "engine/circuit/placement.h"
#include "engine/errors.h"
#include "engine/sim/simulation.h"
#include "io/sonata/circuit_io.h"
#include "io/sonata/simulation_config.h"
#include "support/sonata_fixture.h"

using namespace lamina;
namespace fs = std::filesystem;

namespace {

void write_text(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

// Minimal HDF5 writing for hand-made files, as another tool would lay them out.
struct File {
    hid_t id;
    explicit File(const fs::path& path) : id(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT)) {}
    ~File() { H5Fclose(id); }
    void group(const std::string& path) const { H5Gclose(H5Gcreate2(id, path.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)); }
    template <typename T>
    void dataset(const std::string& path, const std::vector<T>& values, hid_t memory, hid_t file_type) const {
        const hsize_t n = values.size();
        const hid_t space = H5Screate_simple(1, &n, nullptr);
        const hid_t d = H5Dcreate2(id, path.c_str(), file_type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        H5Dwrite(d, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
        H5Dclose(d);
        H5Sclose(space);
    }
    void integers(const std::string& path, const std::vector<std::int64_t>& v) const {
        dataset(path, v, H5T_NATIVE_INT64, H5T_STD_I64LE);
    }
    void doubles(const std::string& path, const std::vector<double>& v) const {
        dataset(path, v, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE);
    }
    void strings(const std::string& path, const std::vector<std::string>& v, std::size_t width) const {
        std::vector<char> buffer(v.size() * width, '\0');
        for (std::size_t i = 0; i < v.size(); ++i) v[i].copy(buffer.data() + i * width, width);
        const hid_t type = H5Tcopy(H5T_C_S1);
        H5Tset_size(type, width);
        const hsize_t n = v.size();
        const hid_t space = H5Screate_simple(1, &n, nullptr);
        const hid_t d = H5Dcreate2(id, path.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data());
        H5Dclose(d);
        H5Sclose(space);
        H5Tclose(type);
    }
};

}  // namespace

class TestSonataFeatures : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    fs::path root() const { return dir_.path().toStdString(); }

private slots:
    void groupsLibrariesAndTypeTables() {
        const fs::path h5 = root() / "mixed_nodes.h5", csv = root() / "mixed_node_types.csv";
        {
            const File f(h5);
            f.group("/nodes");
            f.group("/nodes/mixed");
            f.integers("/nodes/mixed/node_type_id", {1, 1, 2, 2, 2});
            f.integers("/nodes/mixed/node_group_id", {0, 1, 0, 1, 1});
            f.integers("/nodes/mixed/node_group_index", {0, 0, 1, 1, 2});
            f.group("/nodes/mixed/0");
            f.doubles("/nodes/mixed/0/x", {1.5, 2.5});
            f.integers("/nodes/mixed/0/morphology", {1, 0});
            f.group("/nodes/mixed/0/@library");
            f.strings("/nodes/mixed/0/@library/morphology", {"a.swc", "b.swc"}, 8);
            f.group("/nodes/mixed/1");
            f.doubles("/nodes/mixed/1/x", {10, 20, 30});
            f.group("/nodes/mixed/1/dynamics_params");
            f.doubles("/nodes/mixed/1/dynamics_params/gnabar", {0.1, 0.2, 0.3});
        }
        write_text(csv, "node_type_id model_type morphology x\n1 biophysical c.swc 99\n2 virtual NONE NONE\n");
        const auto populations = io::read_node_file(h5.string(), csv.string());
        QCOMPARE(populations.size(), 1u);
        const auto& p = populations.front();
        QCOMPARE(p.size(), 5u);
        // HDF5 values win over the type table; rows follow their group and index.
        QCOMPARE(p.find("x")->numbers, (std::vector<double>{1.5, 10, 2.5, 20, 30}));
        QCOMPARE(p.find("morphology")->texts, (std::vector<std::string>{"b.swc", "c.swc", "a.swc", "", ""}));
        QCOMPARE(p.find("model_type")->texts,
                 (std::vector<std::string>{"biophysical", "biophysical", "virtual", "virtual", "virtual"}));
        const auto* gnabar = p.find("dynamics_params/gnabar");
        QVERIFY(gnabar && std::isnan(gnabar->numbers[0]) && std::isnan(gnabar->numbers[2]));
        QCOMPARE(gnabar->numbers[1], 0.1);
        QCOMPARE(gnabar->numbers[4], 0.3);

        // An index outside its @library is named precisely.
        {
            const hid_t f = H5Fopen(h5.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
            H5Ldelete(f, "/nodes/mixed/0/morphology", H5P_DEFAULT);
            const std::vector<std::int64_t> bad{1, 5};
            const hsize_t n = 2;
            const hid_t space = H5Screate_simple(1, &n, nullptr);
            const hid_t d = H5Dcreate2(f, "/nodes/mixed/0/morphology", H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT,
                                       H5P_DEFAULT);
            H5Dwrite(d, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, bad.data());
            H5Dclose(d);
            H5Sclose(space);
            H5Fclose(f);
        }
        try {
            io::read_node_file(h5.string(), csv.string());
            QFAIL("no error for an index outside @library");
        } catch (const FileError& e) {
            QVERIFY2(std::string(e.what()).find("/nodes/mixed/0/morphology: index 5 at row 1 is outside its @library") !=
                         std::string::npos,
                     e.what());
        }
    }

    // Edges without explicit locations: synapses on the basal dendrite between 20 and
    // 150 µm from the soma, three per edge, the same on every build and after a round trip.
    void synapsesPlacedByRule() {
        const fs::path models = root() / "rule_models";
        test::write_ballstick_models(models);
        auto c = test::ballstick_circuit(3, models.string(), 0.004, 1.0);
        auto& e = c.edges.front();
        e.attributes.erase("afferent_section_id");
        e.attributes.erase("afferent_section_pos");
        e.attributes["target_sections"] = test::texts(e.size(), "['basal']");
        e.attributes["distance_range"] = test::texts(e.size(), "[20.0, 150.0]");
        e.attributes["nsyns"] = test::numbers(std::vector<double>(e.size(), 3.0), true);
        circuit::SimulationSetup setup;
        setup.run.tstop = 10;
        const auto first = circuit::build_network(c, setup, io::model_files(c));
        const auto second = circuit::build_network(c, setup, io::model_files(c));
        io::write_circuit(c, (root() / "rule").string());
        const auto reread = io::read_circuit((root() / "rule/circuit_config.json").string());
        const auto third = circuit::build_network(reread, setup, io::model_files(reread));
        for (sim::Gid cell = 0; cell < 3; ++cell) {
            const auto& placements = first.network.cell(cell)->placements();
            QCOMPARE(placements.size(), 3u);
            for (const auto& pl : placements) {
                QCOMPARE(pl.mechanism, std::string("ExpSyn"));
                QCOMPARE(pl.where.section, 1u);  // the dendrite
                const double distance = 200.0 * pl.where.x;  // it starts at the soma centre
                QVERIFY2(distance >= 20 && distance <= 150, qPrintable(QString::number(distance)));
            }
            for (std::size_t k = 0; k < 3; ++k) {
                QCOMPARE(second.network.cell(cell)->placements()[k].where.x, placements[k].where.x);
                QCOMPARE(third.network.cell(cell)->placements()[k].where.x, placements[k].where.x);
            }
        }
        QCOMPARE(first.network.connections().size(), 9u);  // 3 synapses x 3 edges
    }

    void singleCompartmentCells() {
        const fs::path models = root() / "point_models";
        fs::create_directories(models);
        write_text(models / "squid.json", R"({"L": 20, "diam": 20,
            "genome": [{"section": "soma", "name": "gnabar_hh", "value": 0.12, "mechanism": "hh"}]})");
        circuit::Circuit c;
        c.components.biophysical_neuron_models_dir = models.string();
        circuit::NodePopulation p;
        p.name = "squid";
        p.node_type_id = {1, 1};
        p.attributes["model_type"] = test::texts(2, "single_compartment");
        p.attributes["dynamics_params"] = test::texts(2, "squid.json");
        c.nodes.push_back(p);
        circuit::SimulationSetup setup;
        setup.run.tstop = 40;
        setup.run.celsius = 6.3;
        setup.run.v_init = -65;
        setup.node_sets["first"].node_ids = std::vector<std::uint64_t>{0};
        setup.current_clamps.push_back({"pulse", "first", {0.1}, {5}, {30}, "soma", 0.5});
        const auto built = circuit::build_network(c, setup, io::model_files(c));
        sim::Simulation simulation(built.network, built.options);
        simulation.advance(40);
        std::size_t first = 0, second = 0;
        for (const auto& s : simulation.spikes()) (s.gid == 0 ? first : second)++;
        QVERIFY2(first >= 2 && second == 0, qPrintable(QString("%1 %2").arg(first).arg(second)));
        QCOMPARE(built.network.cell(0)->sections().size(), 1u);
    }

    void reservedPlacementAttributes() {
        circuit::NodePopulation p;
        p.name = "placed";
        p.node_type_id = {1, 1};
        p.attributes["x"] = test::numbers({10, 0});
        p.attributes["y"] = test::numbers({20, 0});
        p.attributes["z"] = test::numbers({30, 0});
        p.attributes["rotation_angle_zaxis"] = test::numbers({std::numbers::pi / 2, 0});
        const auto turned = circuit::node_placement(p, 0).apply({1, 0, 0});
        QVERIFY((turned - Eigen::Vector3d(10, 21, 30)).norm() < 1e-12);
        QVERIFY((circuit::node_placement(p, 1).apply({1, 2, 3}) - Eigen::Vector3d(1, 2, 3)).norm() < 1e-12);
        // A quaternion wins over angles: 90 degrees about x takes y to z.
        p.attributes["orientation_w"] = test::numbers({std::sqrt(0.5), 1});
        p.attributes["orientation_x"] = test::numbers({std::sqrt(0.5), 0});
        p.attributes["orientation_y"] = test::numbers({0, 0});
        p.attributes["orientation_z"] = test::numbers({0, 0});
        QVERIFY((circuit::node_placement(p, 0).apply({0, 1, 0}) - Eigen::Vector3d(10, 20, 31)).norm() < 1e-12);
        p.attributes["orientation_w"] = test::numbers({0, 1});
        p.attributes["orientation_x"] = test::numbers({0, 0});
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, circuit::node_placement(p, 0));
    }

    // A per-node dynamics_params value (gnabar_hh = 0 for node 1) overrides the model:
    // node 1 cannot fire, node 0 does.
    void perNodeDynamicsParams() {
        const fs::path models = root() / "per_node_models";
        test::write_ballstick_models(models);
        auto c = test::ballstick_circuit(2, models.string(), 0.004, 1.0);
        c.nodes.front().attributes["dynamics_params/gnabar_hh"] = test::numbers({std::nan(""), 0.0});
        io::write_circuit(c, (root() / "per_node").string());
        const auto reread = io::read_circuit((root() / "per_node/circuit_config.json").string());
        circuit::SimulationSetup setup;
        setup.run.tstop = 30;
        setup.run.celsius = 6.3;
        setup.run.v_init = -65;
        setup.current_clamps.push_back({"pulse", "cells", {0.5}, {2}, {20}, "soma", 0.5});
        const auto built = circuit::build_network(reread, setup, io::model_files(reread));
        sim::Simulation simulation(built.network, built.options);
        simulation.advance(30);
        std::size_t fired[2] = {0, 0};
        for (const auto& s : simulation.spikes())
            if (s.gid < 2) ++fired[s.gid];
        QVERIFY2(fired[0] >= 1 && fired[1] == 0, qPrintable(QString("%1 %2").arg(fired[0]).arg(fired[1])));
        bool overridden = false;
        for (const auto& painting : built.network.cell(1)->paintings())
            if (painting.mechanism == "hh") overridden = painting.parameters.at("gnabar") == 0.0;
        QVERIFY(overridden);
    }
};

QTEST_GUILESS_MAIN(TestSonataFeatures)
#include "test_sonata_features.moc"
