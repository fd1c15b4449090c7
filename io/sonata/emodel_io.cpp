#include "io/sonata/emodel_io.h"

#include "engine/circuit/distribution_expression.h"
#include "io/sonata/sonata_json.h"

namespace lamina::io {

using sonata::Json;
using sonata::JsonReader;

circuit::EModel read_emodel(const std::filesystem::path& path, const DiagnosticOptions& diagnostics) {
    return sonata::parse_emodel(sonata::read_json(path), path.string(), diagnostics);
}

namespace sonata {

circuit::EModel parse_emodel(const Json& root, const std::string& file, const DiagnosticOptions& diagnostics) {
    const JsonReader r(file, diagnostics);
    if (!root.is_object()) r.fail("", "an e-model is a JSON object with \"mechanisms\" and \"parameters\"");
    r.check_keys(root, "", {"comment", "mechanisms", "parameters"});
    circuit::EModel model;
    model.file = file;
    const Json& mechanisms = r.object(root, "mechanisms", "mechanisms");
    for (const auto& [list, names] : mechanisms.items()) {
        const std::string at = "mechanisms." + list;
        if (!names.is_array()) r.fail(at, "must be a list of mechanism names");
        std::vector<std::string> listed;
        for (std::size_t k = 0; k < names.size(); ++k) listed.push_back(r.text(names[k], at + "[" + std::to_string(k) + "]"));
        (void)circuit::region_of_section_list(list, model.file + ": " + at);
        model.mechanisms.emplace_back(list, std::move(listed));
    }
    const Json* parameters = r.find(root, "parameters");
    if (!parameters || !parameters->is_array()) r.fail("parameters", "must be a list of parameter objects");
    for (std::size_t k = 0; k < parameters->size(); ++k) {
        const Json& p = (*parameters)[k];
        const std::string at = "parameters[" + std::to_string(k) + "]";
        if (!p.is_object()) r.fail(at, "must be an object");
        r.check_keys(p, at, {"param_name", "type", "value", "sectionlist", "dist_type", "dist", "mech", "mech_param",
                             "bounds", "comment"});
        circuit::EModelParameter parameter;
        const Json* name = r.find(p, "param_name");
        if (!name) r.fail(at, "has no param_name");
        parameter.name = r.text(*name, at + ".param_name");
        const std::string where = at + " (" + parameter.name + ")";
        const Json* type = r.find(p, "type");
        if (!type) r.fail(where, "has no type (global, section or range)");
        const std::string kind = r.text(*type, where + ".type");
        if (kind == "global") parameter.kind = circuit::EModelParameter::Kind::global;
        else if (kind == "section") parameter.kind = circuit::EModelParameter::Kind::section;
        else if (kind == "range") parameter.kind = circuit::EModelParameter::Kind::range;
        else r.fail(where + ".type", "must be global, section or range, not \"" + kind + "\"");
        const Json* value = r.find(p, "value");
        if (!value) r.fail(where, "has no value (a fitted model's parameters are numbers; bounds alone are a search space)");
        parameter.value = r.number(*value, where + ".value");
        if (parameter.kind == circuit::EModelParameter::Kind::global) {
            if (parameter.name == "celsius") model.celsius = r.number_in(*value, where + ".value", -50, 100, "°C");
            else if (parameter.name == "v_init") model.v_init = r.number_in(*value, where + ".value", -1000, 1000, "mV");
            else r.fail(where, "unknown global (celsius and v_init are)");
            model.parameters.push_back(std::move(parameter));
            continue;
        }
        const Json* list = r.find(p, "sectionlist");
        if (!list) r.fail(where, "has no sectionlist");
        parameter.section_list = r.text(*list, where + ".sectionlist");
        (void)circuit::region_of_section_list(parameter.section_list, model.file + ": " + where + ".sectionlist");
        if (parameter.kind == circuit::EModelParameter::Kind::range) {
            const Json* mech = r.find(p, "mech");
            const Json* mech_param = r.find(p, "mech_param");
            if (!mech || !mech_param) r.fail(where, "a range parameter names its mech and mech_param");
            parameter.mechanism = r.text(*mech, where + ".mech");
            parameter.mechanism_parameter = r.text(*mech_param, where + ".mech_param");
        }
        const Json* dist_type = r.find(p, "dist_type");
        const std::string shape = dist_type ? r.text(*dist_type, where + ".dist_type") : "uniform";
        if (const Json* dist = r.find(p, "dist")) parameter.distribution = r.text(*dist, where + ".dist");
        if (shape != "uniform" && parameter.distribution.empty())
            r.fail(where, "dist_type " + shape + " needs its expression in \"dist\"");
        if (!parameter.distribution.empty() && parameter.kind != circuit::EModelParameter::Kind::range)
            r.fail(where + ".dist", "only range parameters are distributed");
        if (!parameter.distribution.empty()) {
            try {
                (void)circuit::compile_distribution(parameter.distribution);
            } catch (const InvalidArgument& e) {
                r.fail(where + ".dist", e.what());
            }
        }
        model.parameters.push_back(std::move(parameter));
    }
    return model;
}

}  // namespace sonata

}  // namespace lamina::io
