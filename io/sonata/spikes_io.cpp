#include "io/sonata/spikes_io.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <mutex>
#include <numeric>
#include <ostream>

#include "engine/errors.h"
#include "io/file_util.h"
#include "io/hdf5_lock.h"
#include "io/hdf5_screen.h"
#include "io/sonata/sonata_h5.h"
#include "io/text_fields.h"

namespace lamina::io {

using namespace sonata;

namespace {

void sort_by_time(PopulationSpikes& p) {
    std::vector<std::size_t> order(p.node_ids.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return p.timestamps[a] < p.timestamps[b] || (p.timestamps[a] == p.timestamps[b] && p.node_ids[a] < p.node_ids[b]);
    });
    PopulationSpikes sorted{p.population, {}, {}};
    for (std::size_t i : order) {
        sorted.node_ids.push_back(p.node_ids[i]);
        sorted.timestamps.push_back(p.timestamps[i]);
    }
    p = std::move(sorted);
}

std::string extension(const std::string& path) {
    std::string e = std::filesystem::path(path).extension().string();
    for (char& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return e;
}

}  // namespace

void write_spikes_h5(const std::string& path, std::vector<PopulationSpikes> spikes) {
    for (auto& p : spikes) sort_by_time(p);
    write_h5_atomically(path, [&](hid_t file) {
        const h5::Handle root = create_group(file, "spikes");
        for (const auto& p : spikes) {
            const h5::Handle group = create_group(root.get(), p.population);
            write_text_attribute(group.get(), "sorting", "by_time");
            write_doubles(group.get(), "timestamps", p.timestamps);
            write_uint64s(group.get(), "node_ids", p.node_ids);
            const h5::Handle times(H5Dopen2(group.get(), "timestamps", H5P_DEFAULT));
            write_text_attribute(times.get(), "units", "ms");
        }
    });
}

void write_spikes_csv(const std::string& path, std::vector<PopulationSpikes> spikes) {
    for (auto& p : spikes) sort_by_time(p);
    write_text_file_atomically(path, [&](std::ostream& out) {
        out << "timestamps population node_ids\n";
        out.precision(17);
        for (const auto& p : spikes)
            for (std::size_t i = 0; i < p.node_ids.size(); ++i)
                out << p.timestamps[i] << ' ' << p.population << ' ' << p.node_ids[i] << '\n';
    });
}

namespace {

PopulationSpikes read_h5_population(const H5File& file, hid_t root, const std::string& name) {
    const std::string at = "/spikes/" + name;
    const h5::Handle group = open_group(file, root, name, at);
    PopulationSpikes p{name, {}, {}};
    const circuit::Column times = read_column(file, group.get(), "timestamps", at + "/timestamps");
    if (times.is_text) throw FileError(file.path, at + "/timestamps", "must hold numbers");
    p.timestamps = times.numbers;
    p.node_ids = read_ids(file, group.get(), "node_ids", at + "/node_ids");
    if (p.node_ids.size() != p.timestamps.size())
        throw FileError(file.path, at, "node_ids has " + std::to_string(p.node_ids.size()) + " rows but timestamps has " +
                                           std::to_string(p.timestamps.size()) + "; each spike needs both");
    for (std::size_t i = 0; i < p.timestamps.size(); ++i)
        if (!std::isfinite(p.timestamps[i]) || p.timestamps[i] < 0)
            throw FileError(file.path, at + "/timestamps",
                            "row " + std::to_string(i) + " has time " + number_text(p.timestamps[i]) +
                                " ms; spike times must be finite and >= 0");
    return p;
}

std::string listing(const std::vector<std::string>& names) {
    if (names.empty()) return "none";
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "'" : ", '") + n + "'";
    return out;
}

// `only`: read just that population (empty: all of them).
std::vector<PopulationSpikes> read_h5_spikes(const std::string& path, const std::string& only) {
    screen_hdf5_file(path);
    std::lock_guard lock(hdf5_mutex());
    h5::QuietErrors quiet;
    const H5File file = open_h5(path);
    const h5::Handle root = open_group(file, file.handle.get(), "spikes", "/spikes");
    const std::vector<std::string> names = child_names(root.get());
    for (const auto& name : names)
        if (is_dataset(root.get(), name))
            throw FileError(path, "/spikes/" + name,
                            "a dataset directly under /spikes (an old layout): SONATA keeps each population's "
                            "spikes in /spikes/<population>/timestamps and node_ids");
    std::vector<PopulationSpikes> out;
    if (!only.empty()) {
        if (std::find(names.begin(), names.end(), only) == names.end())
            throw FileError(path, "/spikes", "has no population '" + only + "' (it holds " + listing(names) + ")");
        out.push_back(read_h5_population(file, root.get(), only));
        return out;
    }
    for (const auto& name : names) out.push_back(read_h5_population(file, root.get(), name));
    return out;
}

std::vector<PopulationSpikes> read_csv_spikes(const std::string& path, const std::string& default_population) {
    const std::string text = read_file(path);
    std::map<std::string, PopulationSpikes> by_population;
    std::size_t line_number = 0, start = 0;
    std::string_view fields[4];
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        start = end + 1;
        ++line_number;
        for (char& c : line)
            if (c == ',') c = ' ';
        const std::size_t n = split_fields(line, fields, 4);
        if (n == 0) continue;
        double time = 0;
        if (!parse_number(fields[0], time)) {
            if (line_number == 1) continue;  // a header
            throw FileError(path, line_number, "timestamp '" + std::string(fields[0]) + "' is not a number");
        }
        if (!std::isfinite(time) || time < 0)
            throw FileError(path, line_number,
                            "timestamp '" + std::string(fields[0]) + "': spike times must be finite and >= 0 ms");
        std::string population = default_population;
        std::string_view id_field;
        if (n == 3) {
            population = std::string(fields[1]);
            id_field = fields[2];
        } else if (n == 2) {
            id_field = fields[1];
        } else {
            throw FileError(path, line_number, "expected 'timestamp population node_id' or 'timestamp node_id'");
        }
        std::int64_t id = 0;
        if (!parse_number(id_field, id) || id < 0)
            throw FileError(path, line_number, "node id '" + std::string(id_field) + "' is not a non-negative integer");
        if (population.empty()) throw FileError(path, line_number, "names no population");
        auto& p = by_population[population];
        p.population = population;
        p.timestamps.push_back(time);
        p.node_ids.push_back(static_cast<std::uint64_t>(id));
    }
    std::vector<PopulationSpikes> out;
    for (auto& [name, p] : by_population) out.push_back(std::move(p));
    return out;
}

void check_extension(const std::string& path, const std::string& ext) {
    if (ext != ".h5" && ext != ".hdf5" && ext != ".csv" && ext != ".txt")
        throw FileError(path, 0, "unknown spike file type '" + ext + "' (use .h5 or .csv)");
}

}  // namespace

std::vector<PopulationSpikes> read_spikes(const std::string& path, const std::string& default_population) {
    const std::string ext = extension(path);
    check_extension(path, ext);
    if (ext == ".h5" || ext == ".hdf5") return read_h5_spikes(path, {});
    return read_csv_spikes(path, default_population);
}

PopulationSpikes read_population_spikes(const std::string& path, const std::string& population) {
    if (population.empty()) throw FileError(path, 0, "no population named for its spikes");
    const std::string ext = extension(path);
    check_extension(path, ext);
    if (ext == ".h5" || ext == ".hdf5") return std::move(read_h5_spikes(path, population).front());
    std::vector<std::string> names;
    for (auto& p : read_csv_spikes(path, population)) {
        if (p.population == population) return std::move(p);
        names.push_back(p.population);
    }
    // A file with no rows at all says "no spikes", which holds for any population.
    if (names.empty()) return PopulationSpikes{population, {}, {}};
    throw FileError(path, 0, "has no spikes of population '" + population + "' (it holds " + listing(names) + ")");
}

}  // namespace lamina::io
