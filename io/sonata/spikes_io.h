#pragma once
// SONATA spike files: /spikes/<population>/timestamps [ms] and node_ids, sorted by
// time (attribute sorting = "by_time"), and the space-separated CSV BMTK writes
// ("timestamps population node_ids").

#include <cstdint>
#include <string>
#include <vector>

namespace lamina::io {

struct PopulationSpikes {
    std::string population;
    std::vector<std::uint64_t> node_ids;
    std::vector<double> timestamps;  // [ms]
};

// Sorts each population by (time, node) and writes atomically.
void write_spikes_h5(const std::string& path, std::vector<PopulationSpikes> spikes);
void write_spikes_csv(const std::string& path, std::vector<PopulationSpikes> spikes);

// By extension: .h5/.hdf5 SONATA, .csv/.txt the CSV above (header optional).
// `default_population` names the population of CSV rows without one. Every population
// of the file. Times must be finite and >= 0 and each node id needs its time: errors
// name the file and the dataset and row (HDF5) or the line (CSV).
std::vector<PopulationSpikes> read_spikes(const std::string& path, const std::string& default_population = {});

// Only the spikes of `population` (an HDF5 group /spikes/<population>; CSV rows naming
// it, or naming none). A file without that population is an error naming the file and
// listing the populations it holds; other populations are not read.
PopulationSpikes read_population_spikes(const std::string& path, const std::string& population);

}  // namespace lamina::io
