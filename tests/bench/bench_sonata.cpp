// SONATA speed: reading a 1,000,000-node population (positions, types and the rest of
// its attributes), and writing a compartment report.

#include <filesystem>
#include <iostream>
#include <random>
#include <unistd.h>

#include "bench.h"
#include "io/hdf5_screen.h"
#include "io/sonata/circuit_io.h"
#include "io/sonata/report_io.h"

namespace fs = std::filesystem;

namespace lamina::bench {

int run_sonata(const Options& options) {
    const auto nodes = static_cast<std::size_t>(std::stoul(options.value("--nodes", "1000000")));
    const fs::path folder = fs::temp_directory_path() / ("lamina-bench-sonata-" + std::to_string(::getpid()));
    fs::create_directories(folder);

    // A population as a circuit builder writes it: per-node positions, rotation angle,
    // morphology name and layer; model type and template per node type (in the CSV).
    circuit::Circuit c;
    circuit::NodePopulation p;
    p.name = "column";
    std::mt19937 random(7);
    std::uniform_real_distribution<double> position(0, 2000);
    std::vector<double> x(nodes), y(nodes), z(nodes), angle(nodes), layer(nodes);
    std::vector<std::string> morphology(nodes);
    for (std::size_t i = 0; i < nodes; ++i) {
        p.node_type_id.push_back(static_cast<std::int64_t>(100 + i % 12));
        x[i] = position(random), y[i] = position(random), z[i] = position(random), angle[i] = position(random) / 300;
        layer[i] = static_cast<double>(1 + i % 6);
        morphology[i] = "cell_" + std::to_string(i % 5000) + ".swc";
    }
    p.attributes["x"] = circuit::Column::of_numbers(x);
    p.attributes["y"] = circuit::Column::of_numbers(y);
    p.attributes["z"] = circuit::Column::of_numbers(z);
    p.attributes["rotation_angle_yaxis"] = circuit::Column::of_numbers(angle);
    p.attributes["layer"] = circuit::Column::of_numbers(layer, true);
    p.attributes["morphology"] = circuit::Column::of_texts(morphology);
    p.attributes["model_type"] = circuit::Column::of_texts(std::vector<std::string>(nodes, "biophysical"));
    c.nodes.push_back(std::move(p));
    Stopwatch write_clock;
    io::write_circuit(c, folder.string());
    const double write_s = write_clock.seconds();

    Stopwatch read_clock;
    const auto populations =
        io::read_node_file((folder / "column_nodes.h5").string(), (folder / "column_node_types.csv").string());
    const double read_s = read_clock.seconds();
    const auto& read = populations.front();
    std::cout << "nodes=" << read.size() << " attributes=" << read.attributes.size() << " (x, y, z, rotation, layer, "
              << "morphology per node; model_type per type)\n";
    std::cout << "write_circuit_s=" << write_s << '\n';
    std::cout << "read_nodes_s=" << read_s << " nodes_per_s=" << static_cast<double>(nodes) / read_s
              << " (goal: 1,000,000 nodes in <= 1 s; includes the libhdf5 check in lamina-h5check)\n";

    // The same file again: the check alone (forgotten first), then the read alone (the
    // check remembers the file), so the check's share is measured side by side.
    io::forget_screened_hdf5_files();
    Stopwatch check_clock;
    io::screen_hdf5_file((folder / "column_nodes.h5").string());
    const double check_s = check_clock.seconds();
    Stopwatch reread_clock;
    (void)io::read_node_file((folder / "column_nodes.h5").string(), (folder / "column_node_types.csv").string());
    const double reread_s = reread_clock.seconds();
    std::cout << "check_s=" << check_s << " read_unchecked_s=" << reread_s << " check_over_read=" << check_s / reread_s
              << " file_bytes=" << fs::file_size(folder / "column_nodes.h5") << '\n';

    // A report of 10,000 compartments over 1,000 steps, written in blocks of 100 rows.
    const std::size_t elements = 10000, rows = 1000;
    io::ReportLayout layout;
    layout.population = "column";
    layout.index_pointers.push_back(0);
    for (std::size_t n = 0; n < elements / 10; ++n) {
        layout.node_ids.push_back(n);
        for (std::uint32_t k = 0; k < 10; ++k) {
            layout.element_ids.push_back(k);
            layout.element_pos.push_back(0.5f);
        }
        layout.index_pointers.push_back(layout.element_ids.size());
    }
    layout.stop = static_cast<double>(rows) * 0.1;
    layout.step = 0.1;
    std::vector<float> row(elements);
    Stopwatch report_clock;
    {
        io::CompartmentReportWriter writer((folder / "report.h5").string(), layout, 100);
        for (std::size_t r = 0; r < rows; ++r) {
            for (std::size_t e = 0; e < elements; ++e) row[e] = static_cast<float>(-65.0 + 0.01 * static_cast<double>(r + e % 7));
            writer.append(row);
        }
        writer.finish();
    }
    const double report_s = report_clock.seconds();
    std::cout << "report_values=" << elements * rows << " report_write_s=" << report_s
              << " report_values_per_s=" << static_cast<double>(elements * rows) / report_s << '\n';
    fs::remove_all(folder);
    std::cout << "wall_s=" << read_s << '\n';
    return 0;
}

}  // namespace lamina::bench
