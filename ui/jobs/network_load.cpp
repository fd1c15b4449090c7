#include "ui/jobs/network_load.h"

#include <QFileInfo>
#include <cstdio>

#include "engine/builder/touches.h"
#include "io/builder/point_recipe_io.h"

namespace lamina::ui {

LoadedNetwork load_point_recipe(const QString& recipe_path, const std::atomic<bool>& cancel, const LoadProgress& progress) {
    LoadedNetwork out;
    out.name = QFileInfo(recipe_path).fileName();
    try {
        io::PointRecipe recipe = io::read_point_recipe(recipe_path.toStdString());
        recipe.options.progress = [&](double fraction) {
            char line[64];
            std::snprintf(line, sizeof line, "drawing synapses %.0f%%", 100 * fraction);
            if (progress) progress(line);
            return !cancel.load();
        };
        builder::PointMicrocircuit built = builder::build_point_microcircuit(recipe.spec, recipe.options);
        auto populations = std::make_shared<circuit::Circuit>();
        circuit::NodePopulation cortex;
        cortex.name = "cortex";
        std::vector<std::string> mtype, layer;
        std::vector<double> x, y, z;
        const std::string model = recipe.spec.model;
        std::size_t neurons = 0;
        for (std::size_t p = 0; p < built.populations.size(); ++p) {
            const auto& pop = built.populations[p];
            if (pop.layer == "thalamus") continue;
            for (std::uint64_t k = 0; k < pop.size; ++k) {
                cortex.node_type_id.push_back(static_cast<std::int64_t>(p) + 1);
                mtype.push_back(pop.name);
                layer.push_back(pop.layer);
                const auto& at = built.positions[pop.first + k];
                x.push_back(at[0]), y.push_back(at[1]), z.push_back(at[2]);
            }
            neurons += pop.size;
            out.probe_cells.push_back(pop.first);
        }
        cortex.attributes["model_type"] = circuit::Column::of_texts(std::vector<std::string>(neurons, "point_neuron"));
        cortex.attributes["model_template"] = circuit::Column::of_texts(std::vector<std::string>(neurons, "nest:" + model));
        cortex.attributes["mtype"] = circuit::Column::of_texts(std::move(mtype));
        cortex.attributes["layer"] = circuit::Column::of_texts(std::move(layer));
        cortex.attributes["x"] = circuit::Column::of_numbers(std::move(x));
        cortex.attributes["y"] = circuit::Column::of_numbers(std::move(y));
        cortex.attributes["z"] = circuit::Column::of_numbers(std::move(z));
        populations->nodes.push_back(std::move(cortex));
        out.first_gids.push_back(0);
        if (built.populations.back().layer == "thalamus") {
            const auto& th = built.populations.back();
            circuit::NodePopulation thalamus;
            thalamus.name = "thalamus";
            thalamus.node_type_id.assign(th.size, static_cast<std::int64_t>(built.populations.size()));
            thalamus.attributes["model_type"] = circuit::Column::of_texts(std::vector<std::string>(th.size, "virtual"));
            populations->nodes.push_back(std::move(thalamus));
            out.first_gids.push_back(th.first);
        }
        // Four probes at most: the excitatory populations of each layer.
        std::vector<sim::Gid> probes;
        for (std::size_t p = 0; p < built.populations.size() && probes.size() < 4; ++p)
            if (built.populations[p].excitatory && built.populations[p].layer != "thalamus") probes.push_back(built.populations[p].first);
        out.probe_cells = probes;
        out.settings.dt = 0.1;  // NEST's resolution for this model
        out.settings.tstop = 1000;
        out.circuit = std::move(populations);
        for (const auto& line : built.report) out.report << QString::fromStdString(line);
        out.network = std::make_shared<const sim::Network>(std::move(built.network));
        if (!recipe.spec.name.empty()) out.name = QString::fromStdString(recipe.spec.name);
    } catch (const builder::Cancelled&) {
        out.network.reset();  // cancelled: nothing to install
    } catch (const std::exception& e) {
        out.error = QString::fromStdString(e.what());
    }
    return out;
}

}  // namespace lamina::ui
