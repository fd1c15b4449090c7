#pragma once
// SONATA circuits: circuit_config.json, nodes.h5 + node_types.csv, edges.h5 +
// edge_types.csv, read into and written from engine/circuit types. HDF5 calls hold
// hdf5_mutex(). Errors are FileErrors naming the file and the dataset, key or line.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/circuit/circuit.h"
#include "engine/diagnostics.h"
#include "engine/morphology/morphology.h"

namespace lamina::io {

struct CircuitConfig {
    std::string file;
    circuit::Components components;  // absolute folders
    struct Files {
        std::string h5, types_csv;   // absolute paths
    };
    std::vector<Files> nodes, edges;
    std::vector<std::string> config_files;  // every config read, from the one given to `file`
};

// Parses circuit_config.json (manifest variables, paths relative to its folder).
// Also accepts a simulation config that carries "networks" and "components" inline, or
// one that names its circuit config under "network" (followed; a cycle is an error).
// Unknown keys go to `diagnostics` as warnings.
CircuitConfig read_circuit_config(const std::string& path, const DiagnosticOptions& diagnostics = {});

// Every node (edge) population of one file, with its type table applied.
std::vector<circuit::NodePopulation> read_node_file(const std::string& nodes_h5, const std::string& node_types_csv);
std::vector<circuit::EdgePopulation> read_edge_file(const std::string& edges_h5, const std::string& edge_types_csv);

// The whole circuit of a config; checks what ties populations together.
circuit::Circuit read_circuit(const std::string& circuit_config, const DiagnosticOptions& diagnostics = {});

struct CircuitWriteOptions {
    // Morphologies held in memory (a built circuit), written as DIR/morphologies/<name>
    // (SWC or H5 by the name's extension); the circuit's morphologies_dir becomes that
    // folder.
    std::map<std::string, std::shared_ptr<const Morphology>> morphologies;
    // Copy the files the circuit names (morphology, dynamics_params of nodes and edges,
    // NeuroML model templates) from its components folders into DIR/morphologies,
    // DIR/biophysical_neuron_models, DIR/synaptic_models and DIR/templates, so the
    // folder stands alone.
    // A named file that does not exist is an error.
    bool copy_components = false;
};

// Writes <population>_nodes.h5 + _node_types.csv, <population>_edges.h5 +
// _edge_types.csv and circuit_config.json into `directory` (created if needed). Columns
// constant within each type go to the CSVs, the rest to the HDF5 files; both edge
// indices are written. Each file appears only when complete. Component folders are
// written relative to `directory` when inside it.
void write_circuit(const circuit::Circuit& circuit, const std::string& directory,
                   const CircuitWriteOptions& options = {});

}  // namespace lamina::io
