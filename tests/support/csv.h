#pragma once
// Reads the numeric CSV files of ../shared/reference (a header line, then numbers).

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace lamina::test {

inline std::vector<std::vector<double>> read_csv_columns(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::string line;
    std::getline(in, line);  // header
    std::vector<std::vector<double>> columns;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        std::stringstream row(line);
        std::string cell;
        for (std::size_t c = 0; std::getline(row, cell, ','); ++c) {
            if (columns.size() <= c) columns.emplace_back();
            columns[c].push_back(std::stod(cell));
        }
    }
    return columns;
}

}  // namespace lamina::test
