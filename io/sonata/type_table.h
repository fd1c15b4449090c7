#pragma once
// Private to io/sonata: node_types.csv and edge_types.csv. Space-separated, a header
// row naming the columns (the id column first or anywhere), values with spaces in
// double quotes, NONE/None/NULL/NaN for "no value".

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/circuit/circuit.h"

namespace lamina::io::sonata {

struct TypeTable {
    std::string file;
    std::vector<std::string> columns;                      // without the id column
    std::map<std::int64_t, std::vector<std::string>> rows;  // id -> values ("" = none)
    std::map<std::int64_t, std::size_t> lines;             // id -> line in the file
};

// Throws FileError with the line for a missing id column, a row with the wrong number
// of values, a non-integer or repeated id.
TypeTable read_type_table(const std::string& path, const std::string& id_column);

// Writes ids and columns (values "" written as NONE) atomically.
void write_type_table(const std::string& path, const std::string& id_column, const std::vector<std::int64_t>& ids,
                      const std::vector<std::string>& columns, const std::vector<std::vector<std::string>>& values);

}  // namespace lamina::io::sonata
