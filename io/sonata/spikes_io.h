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
// `default_population` names the population of CSV rows without one.
std::vector<PopulationSpikes> read_spikes(const std::string& path, const std::string& default_population = {});

}  // namespace lamina::io
