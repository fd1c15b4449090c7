#pragma once
// What opening a network on a worker thread gives the Simulation panel: a SONATA run
// session, or a network alone with its run settings (a point-neuron recipe built in
// memory), with the circuit's populations for the Circuit dock, cells to probe, and an
// error or warnings instead.

#include <QString>
#include <QStringList>
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/circuit/circuit.h"
#include "engine/diagnostics.h"
#include "engine/session/run_session.h"
#include "engine/sim/network.h"
#include "engine/sim/run_options.h"

namespace lamina::ui {

struct LoadedNetwork {
    std::shared_ptr<session::RunSession> session;  // SONATA: the network, gid map and every run key
    std::shared_ptr<const sim::Network> network;   // or a network alone, run with `settings`
    sim::RunOptions settings;
    std::vector<sim::Gid> first_gids;              // per node population, for a network alone
    std::shared_ptr<const circuit::Circuit> circuit;
    QString name;
    std::vector<sim::Gid> probe_cells;
    QString error;
    std::vector<Warning> warnings;  // unknown keys, spikes not delivered: for the Problems dock
    QStringList report;             // what a build made, for the status line and the log
};

using LoadProgress = std::function<void(const std::string&)>;

// Builds the point-neuron microcircuit a recipe describes at the recipe's scale: one
// node population "cortex" (attributes model_type point_neuron, model_template, mtype =
// the population, layer, x, y, z), the thalamus as a virtual population when enabled,
// and one neuron per population to probe. Checks `cancel` between chunks of synapses.
LoadedNetwork load_point_recipe(const QString& recipe, const std::atomic<bool>& cancel, const LoadProgress& progress);

}  // namespace lamina::ui
