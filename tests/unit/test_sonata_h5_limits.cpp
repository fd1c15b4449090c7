// SONATA HDF5 files that declare more than they hold, values the simulator cannot use,
// spike files read by population, and ambiguous circuits: each refused with a message
// naming the file, the dataset (or line) and the value; valid files that were refused
// before (long fixed-length strings, deflated data) read as written.

#include <hdf5.h>
#include <sys/stat.h>

#include <QtTest>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "engine/errors.h"
#include "io/sonata/circuit_io.h"
#include "io/sonata/spikes_io.h"
#include "support/sonata_fixture.h"
#include "support/test_text.h"

using namespace lamina;
namespace fs = std::filesystem;

namespace {

using test::contains;
using test::failure;
using test::write_text;

// Opens an HDF5 file for editing; every edit replaces the dataset at `path`.
class Edit {
public:
    explicit Edit(const fs::path& file) : file_(H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT)) {}
    ~Edit() { H5Fclose(file_); }
    Edit(const Edit&) = delete;
    Edit& operator=(const Edit&) = delete;

    // A chunked dataset of `dims` with a fill value and no chunk written: HDF5 reads
    // it as `dims` fill values, from a file of a few kilobytes.
    void fill_only(const std::string& path, std::vector<hsize_t> dims, hid_t type, const void* fill) {
        if (H5Lexists(file_, path.c_str(), H5P_DEFAULT) > 0) H5Ldelete(file_, path.c_str(), H5P_DEFAULT);
        std::vector<hsize_t> chunk(dims.size(), 1), maximum(dims.size(), H5S_UNLIMITED);
        chunk[0] = 4096;
        const hid_t space = H5Screate_simple(static_cast<int>(dims.size()), dims.data(), maximum.data());
        const hid_t plist = H5Pcreate(H5P_DATASET_CREATE);
        H5Pset_chunk(plist, static_cast<int>(chunk.size()), chunk.data());
        H5Pset_fill_value(plist, type, fill);
        H5Dclose(H5Dcreate2(file_, path.c_str(), type, space, H5P_DEFAULT, plist, H5P_DEFAULT));
        H5Pclose(plist);
        H5Sclose(space);
    }

    // A 1-D dataset of `values`, optionally chunked and deflated.
    void write(const std::string& path, hid_t file_type, hid_t memory_type, std::size_t count, const void* values,
               bool deflate = false) {
        if (H5Lexists(file_, path.c_str(), H5P_DEFAULT) > 0) H5Ldelete(file_, path.c_str(), H5P_DEFAULT);
        const hsize_t dims[1] = {count};
        const hid_t space = H5Screate_simple(1, dims, nullptr);
        const hid_t plist = H5Pcreate(H5P_DATASET_CREATE);
        if (deflate) {
            const hsize_t chunk[1] = {std::min<hsize_t>(count, 1 << 16)};
            H5Pset_chunk(plist, 1, chunk);
            H5Pset_deflate(plist, 9);
        }
        const hid_t d = H5Dcreate2(file_, path.c_str(), file_type, space, H5P_DEFAULT, plist, H5P_DEFAULT);
        H5Dwrite(d, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values);
        H5Dclose(d);
        H5Pclose(plist);
        H5Sclose(space);
    }

    void doubles(const std::string& path, const std::vector<double>& v) {
        write(path, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, v.size(), v.data());
    }

    // Fixed-length strings of `size` bytes each with the given padding.
    void fixed_strings(const std::string& path, const std::vector<std::string>& v, std::size_t size, H5T_str_t pad) {
        const hid_t type = H5Tcopy(H5T_C_S1);
        H5Tset_size(type, size);
        H5Tset_strpad(type, pad);
        std::vector<char> bytes(v.size() * size, pad == H5T_STR_SPACEPAD ? ' ' : '\0');
        for (std::size_t i = 0; i < v.size(); ++i) std::copy(v[i].begin(), v[i].end(), bytes.begin() + i * size);
        write(path, type, type, v.size(), bytes.data());
        H5Tclose(type);
    }

    hid_t get() const { return file_; }

private:
    hid_t file_;
};

const double zero = 0;
const std::int64_t zero_id = 0;

}  // namespace

class TestSonataH5Limits : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    int fresh_ = 0;

    fs::path folder() {
        const fs::path base = fs::path(dir_.path().toStdString()) / ("c" + std::to_string(fresh_++));
        fs::create_directories(base);
        return base;
    }
    // Four cells, four inputs, two recurrent edges (see tests/support/sonata_fixture.h).
    fs::path good_circuit() {
        const fs::path base = folder();
        test::write_ballstick_models(base / "models");
        io::write_circuit(test::ballstick_circuit(4, (base / "models").string(), 0.005, 0.5, {0, 1}, {2, 3},
                                                  {0.001, 0.002}, {1.0, 2.0}),
                          base.string());
        return base;
    }
    std::string config(const fs::path& base) { return (base / "circuit_config.json").string(); }
    fs::path spike_file(const fs::path& base, std::vector<io::PopulationSpikes> spikes) {
        const fs::path path = base / "spikes.h5";
        io::write_spikes_h5(path.string(), std::move(spikes));
        return path;
    }
    // A config of these node and edge files (names relative to `base`).
    void write_config(const fs::path& base, const std::vector<std::string>& nodes, const std::vector<std::string>& edges) {
        auto list = [&](const std::vector<std::string>& files, const char* key) {
            std::string out;
            for (const auto& f : files) out += std::string(out.empty() ? "" : ", ") + "{\"" + key + "\": \"" + f + "\"}";
            return out;
        };
        write_text(base / "circuit_config.json", "{\"networks\": {\"nodes\": [" + list(nodes, "nodes_file") +
                                                     "], \"edges\": [" + list(edges, "edges_file") + "]}}");
    }

private slots:
    // --- declared sizes beyond the file ---------------------------------------------

    void fillValuedNodeDatasetRefused() {
        const fs::path base = good_circuit();
        Edit(base / "cells_nodes.h5").fill_only("/nodes/cells/node_type_id", {100000000}, H5T_NATIVE_INT64, &zero_id);
        const auto message = failure([&] { io::read_node_file((base / "cells_nodes.h5").string(), {}); });
        QVERIFY2(contains(message, {"cells_nodes.h5", "/nodes/cells/node_type_id", "declares 800000000 bytes (800.0 MB)",
                                    "chunks hold only 0 bytes"}),
                 message.c_str());
    }

    void fillValuedEdgeDatasetRefused() {
        const fs::path base = good_circuit();
        Edit(base / "recurrent_edges.h5")
            .fill_only("/edges/recurrent/source_node_id", {10000000000ULL}, H5T_NATIVE_INT64, &zero_id);
        const auto message = failure([&] { io::read_edge_file((base / "recurrent_edges.h5").string(), {}); });
        QVERIFY2(contains(message, {"recurrent_edges.h5", "/edges/recurrent/source_node_id",
                                    "declares 80000000000 bytes (80.0 GB)"}),
                 message.c_str());
    }

    void fillValuedIndexRefused() {
        const fs::path base = good_circuit();
        Edit(base / "recurrent_edges.h5")
            .fill_only("/edges/recurrent/indices/source_to_target/node_id_to_ranges", {100000000, 2}, H5T_NATIVE_INT64,
                       &zero_id);
        const auto message = failure([&] { io::read_edge_file((base / "recurrent_edges.h5").string(), {}); });
        QVERIFY2(contains(message, {"recurrent_edges.h5", "/edges/recurrent/indices/source_to_target/node_id_to_ranges",
                                    "declares 1600000000 bytes"}),
                 message.c_str());
    }

    void spikeFileDeclaring4e8RowsRefused() {
        const fs::path base = folder();
        const fs::path file = spike_file(base, {{"cells", {0}, {1.0}}});
        Edit(file).fill_only("/spikes/cells/timestamps", {400000000}, H5T_NATIVE_DOUBLE, &zero);
        const auto message = failure([&] { io::read_spikes(file.string()); });
        QVERIFY2(contains(message, {"spikes.h5", "/spikes/cells/timestamps", "declares 3200000000 bytes (3.2 GB)"}),
                 message.c_str());
    }

    void manyLinksToOneDatasetRefused() {
        // Each link passes the per-dataset check (1 MiB of fill values); together they
        // would need gigabytes.
        const fs::path base = good_circuit();
        Edit edit(base / "cells_nodes.h5");
        edit.fill_only("/nodes/cells/0/big", {131072}, H5T_NATIVE_DOUBLE, &zero);
        for (int i = 0; i < 2000; ++i)
            H5Lcreate_hard(edit.get(), "/nodes/cells/0/big", edit.get(), ("/nodes/cells/0/big" + std::to_string(i)).c_str(),
                           H5P_DEFAULT, H5P_DEFAULT);
        H5Fflush(edit.get(), H5F_SCOPE_GLOBAL);
        const auto message = failure([&] { io::read_node_file((base / "cells_nodes.h5").string(), {}); });
        QVERIFY2(contains(message, {"cells_nodes.h5", "/nodes/cells/0/big", "needs 1048576 bytes",
                                    "for the datasets read before it", "can hold even compressed"}),
                 message.c_str());
    }

    void variableLengthFillValueRefused() {
        // 50,000 rows whose fill value is one 60 kB string: 3 GB once read; refused after
        // a few blocks of rows, long before.
        const fs::path base = good_circuit();
        const hid_t type = H5Tcopy(H5T_C_S1);
        H5Tset_size(type, H5T_VARIABLE);
        const std::string long_text(60000, 'm');
        const char* fill = long_text.c_str();
        Edit(base / "cells_nodes.h5").fill_only("/nodes/cells/0/morphology", {50000}, type, &fill);
        H5Tclose(type);
        const auto message = failure([&] { io::read_node_file((base / "cells_nodes.h5").string(), {}); });
        QVERIFY2(contains(message, {"cells_nodes.h5", "/nodes/cells/0/morphology", "it needs 15360000 bytes",
                                    "for the datasets read before it", "can hold even compressed"}),
                 message.c_str());
    }

    void deflatedDataAccepted() {
        // A million spikes at one time compress about 1000:1: an honest file, read whole.
        const fs::path base = folder();
        const fs::path file = spike_file(base, {{"cells", {0}, {1.0}}});
        {
            Edit edit(file);
            const std::vector<double> times(1000000, 5.0);
            const std::vector<std::int64_t> ids(1000000, 3);
            edit.write("/spikes/cells/timestamps", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, times.size(), times.data(), true);
            edit.write("/spikes/cells/node_ids", H5T_STD_I64LE, H5T_NATIVE_INT64, ids.size(), ids.data(), true);
        }
        QVERIFY(fs::file_size(file) < 100000);
        const auto spikes = io::read_population_spikes(file.string(), "cells");
        QCOMPARE(spikes.timestamps.size(), std::size_t{1000000});
        QCOMPARE(spikes.node_ids.back(), std::uint64_t{3});
    }

    void fifoRefusedWithoutBlocking() {
        // HDF5 would wait forever for a writer on a named pipe.
        const fs::path fifo = folder() / "spikes.h5";
        QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
        const auto message = failure([&] { io::read_spikes(fifo.string()); });
        QVERIFY2(contains(message, {"spikes.h5", "not a regular file"}), message.c_str());
    }

    // --- strings ---------------------------------------------------------------------

    void longFixedLengthStringsRead() {
        const fs::path base = good_circuit();
        const std::vector<std::string> names = {"a_morphology_name_well_past_sixteen_bytes.swc", "b.swc",
                                                "c_also_longer_than_sixteen.swc", "exactly_sixteen!"};
        Edit(base / "cells_nodes.h5").fixed_strings("/nodes/cells/0/morphology", names, 45, H5T_STR_NULLPAD);
        const auto populations = io::read_node_file((base / "cells_nodes.h5").string(), {});
        QCOMPARE(populations.at(0).attributes.at("morphology").texts, names);
    }

    void fixedLengthStringsWithoutPaddingRead() {
        // Each value fills its whole width (no terminator), NULLTERM and SPACEPAD files alike.
        const fs::path base = good_circuit();
        const std::vector<std::string> names(4, "twenty_byte_name.swc");
        Edit(base / "cells_nodes.h5").fixed_strings("/nodes/cells/0/morphology", names, 20, H5T_STR_NULLPAD);
        QCOMPARE(io::read_node_file((base / "cells_nodes.h5").string(), {}).at(0).attributes.at("morphology").texts,
                 names);
        Edit(base / "cells_nodes.h5").fixed_strings("/nodes/cells/0/morphology", {"x.swc", "y", "z", "w"}, 24,
                                                    H5T_STR_SPACEPAD);
        QCOMPARE(io::read_node_file((base / "cells_nodes.h5").string(), {}).at(0).attributes.at("morphology").texts,
                 (std::vector<std::string>{"x.swc", "y", "z", "w"}));
    }

    // --- spike files -----------------------------------------------------------------

    void spikesReadByPopulationName() {
        const fs::path base = folder();
        const fs::path file = spike_file(base, {{"alpha", {0, 1}, {1.0, 2.0}}, {"beta", {7}, {3.0}}});
        const auto beta = io::read_population_spikes(file.string(), "beta");
        QCOMPARE(beta.population, std::string("beta"));
        QCOMPARE(beta.node_ids, std::vector<std::uint64_t>{7});
        const auto message = failure([&] { io::read_population_spikes(file.string(), "gamma"); });
        QVERIFY2(contains(message, {"spikes.h5", "/spikes", "has no population 'gamma'", "'alpha', 'beta'"}),
                 message.c_str());
    }

    void csvSpikesReadByPopulationName() {
        const fs::path file = folder() / "spikes.csv";
        write_text(file, "timestamps population node_ids\n1.0 alpha 0\n2.5 beta 4\n3 beta 5\n");
        const auto beta = io::read_population_spikes(file.string(), "beta");
        QCOMPARE(beta.node_ids, (std::vector<std::uint64_t>{4, 5}));
        const auto message = failure([&] { io::read_population_spikes(file.string(), "gamma"); });
        QVERIFY2(contains(message, {"spikes.csv", "no spikes of population 'gamma'", "'alpha', 'beta'"}),
                 message.c_str());
    }

    void negativeSpikeTimeRefused() {
        const fs::path base = folder();
        const fs::path file = spike_file(base, {{"cells", {0, 1}, {1.0, 2.0}}});
        Edit(file).doubles("/spikes/cells/timestamps", {1.0, -4.0});
        const auto message = failure([&] { io::read_spikes(file.string()); });
        QVERIFY2(contains(message, {"spikes.h5", "/spikes/cells/timestamps", "row 1 has time -4 ms"}), message.c_str());
    }

    void nonFiniteSpikeTimeRefused() {
        const fs::path base = folder();
        const fs::path file = spike_file(base, {{"cells", {0, 1}, {1.0, 2.0}}});
        Edit(file).doubles("/spikes/cells/timestamps", {std::nan(""), 2.0});
        const auto message = failure([&] { io::read_population_spikes(file.string(), "cells"); });
        QVERIFY2(contains(message, {"spikes.h5", "/spikes/cells/timestamps", "row 0 has time NaN ms"}), message.c_str());
    }

    void spikeColumnsOfDifferentLengthsRefused() {
        const fs::path base = folder();
        const fs::path file = spike_file(base, {{"cells", {0, 1}, {1.0, 2.0}}});
        Edit(file).doubles("/spikes/cells/timestamps", {1.0, 2.0, 3.0});
        const auto message = failure([&] { io::read_spikes(file.string()); });
        QVERIFY2(contains(message, {"spikes.h5", "/spikes/cells", "node_ids has 2 rows but timestamps has 3"}),
                 message.c_str());
    }

    void csvNegativeSpikeTimeRefused() {
        const fs::path file = folder() / "spikes.csv";
        write_text(file, "timestamps population node_ids\n1.0 cells 0\n-2 cells 1\n");
        const auto message = failure([&] { io::read_spikes(file.string()); });
        QVERIFY2(contains(message, {"spikes.csv:3", "timestamp '-2'", ">= 0"}), message.c_str());
    }

    void csvSpikeRowWithoutIdRefused() {
        const fs::path file = folder() / "spikes.csv";
        write_text(file, "1.0 cells 0\n2.0\n");
        const auto message = failure([&] { io::read_spikes(file.string(), "cells"); });
        QVERIFY2(contains(message, {"spikes.csv:2", "expected 'timestamp population node_id'"}), message.c_str());
    }

    // --- node and edge values --------------------------------------------------------

    void floatSectionIdRefused() {
        const fs::path base = good_circuit();
        Edit(base / "recurrent_edges.h5").doubles("/edges/recurrent/0/afferent_section_id", {1.0, 1.5});
        const auto message = failure([&] { io::read_circuit(config(base)); });
        QVERIFY2(contains(message, {"recurrent_edges.h5", "/edges/recurrent/0/afferent_section_id",
                                    "must be an integer dataset", "floating-point"}),
                 message.c_str());
    }

    void nanPositionRefused() {
        const fs::path base = good_circuit();
        Edit(base / "cells_nodes.h5").doubles("/nodes/cells/0/x", {0, 30, std::nan(""), 90});
        const auto message = failure([&] { io::read_circuit(config(base)); });
        QVERIFY2(contains(message, {"cells_nodes.h5", "/nodes/cells/0/x", "row 2 is NaN"}), message.c_str());
    }

    void infiniteDelayRefused() {
        const fs::path base = good_circuit();
        Edit(base / "recurrent_edges.h5").doubles("/edges/recurrent/0/delay", {1.0, HUGE_VAL});
        const auto message = failure([&] { io::read_circuit(config(base)); });
        QVERIFY2(contains(message, {"recurrent_edges.h5", "/edges/recurrent/0/delay", "row 1 is inf"}), message.c_str());
    }

    void nanInTypeTableRefused() {
        const fs::path base = good_circuit();
        std::ifstream in(base / "recurrent_edge_types.csv");
        std::string header, row;
        std::getline(in, header);
        std::getline(in, row);
        in.close();
        QVERIFY2(header.find("afferent_section_pos") != std::string::npos, header.c_str());
        row.replace(row.find("0.5"), 3, "inf");
        write_text(base / "recurrent_edge_types.csv", header + "\n" + row + "\n");
        const auto message = failure([&] { io::read_circuit(config(base)); });
        QVERIFY2(contains(message, {"recurrent_edge_types.csv:2", "afferent_section_pos 'inf'", "not a finite number"}),
                 message.c_str());
    }

    void unsignedIdPrintedInFull() {
        const fs::path base = good_circuit();
        const std::vector<std::uint64_t> types = {100, 100, 18446744073709551615ULL, 100};
        Edit(base / "cells_nodes.h5")
            .write("/nodes/cells/node_type_id", H5T_STD_U64LE, H5T_NATIVE_UINT64, types.size(), types.data());
        const auto message = failure([&] { io::read_circuit(config(base)); });
        QVERIFY2(contains(message, {"cells_nodes.h5", "/nodes/cells/node_type_id", "value 18446744073709551615 at row 2"}),
                 message.c_str());
    }

    // --- circuits naming a file or population twice ----------------------------------

    void edgeFileListedTwiceRefused() {
        const fs::path base = good_circuit();
        write_config(base, {"cells_nodes.h5", "inputs_nodes.h5"}, {"recurrent_edges.h5", "./recurrent_edges.h5"});
        const auto message = failure([&] { io::read_circuit(config(base)); });
        QVERIFY2(contains(message, {"circuit_config.json", "networks.edges[1]", "recurrent_edges.h5 again",
                                    "networks.edges[0]"}),
                 message.c_str());
    }

    void edgePopulationInTwoFilesRefused() {
        const fs::path base = good_circuit();
        fs::copy_file(base / "recurrent_edges.h5", base / "more_edges.h5");
        write_config(base, {"cells_nodes.h5", "inputs_nodes.h5"}, {"recurrent_edges.h5", "more_edges.h5"});
        const auto message = failure([&] { io::read_circuit(config(base)); });
        QVERIFY2(contains(message, {"more_edges.h5", "/edges/recurrent", "edge population 'recurrent'",
                                    "also defined in", "recurrent_edges.h5"}),
                 message.c_str());
    }

    void nodePopulationInTwoFilesRefused() {
        const fs::path base = good_circuit();
        fs::copy_file(base / "inputs_nodes.h5", base / "inputs_again_nodes.h5");
        write_config(base, {"cells_nodes.h5", "inputs_nodes.h5", "inputs_again_nodes.h5"}, {});
        const auto message = failure([&] { io::read_circuit(config(base)); });
        QVERIFY2(contains(message, {"inputs_again_nodes.h5", "/nodes/inputs", "node population 'inputs'",
                                    "also defined in", "inputs_nodes.h5"}),
                 message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestSonataH5Limits)
#include "test_sonata_h5_limits.moc"
