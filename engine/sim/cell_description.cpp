#include "engine/sim/cell_description.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

#include "engine/errors.h"
#include "engine/morphology/metrics.h"
#include "engine/sim/mechanism.h"

namespace lamina::sim {

namespace {
constexpr double default_cm = 1.0;   // [µF/cm²], NEURON's default
constexpr double default_ra = 35.4;  // [Ω·cm], NEURON's default

std::string number(double v) { return readable_number(v); }
// Every override names a parameter of the mechanism and respects its minimum.
void check_parameters(const MechanismInfo& info, const std::map<std::string, double>& parameters) {
    for (const auto& [name, value] : parameters) {
        const std::string& wanted = name;  // clang 14 cannot capture structured bindings
        const auto it = std::find_if(info.parameters.begin(), info.parameters.end(),
                                     [&](const ParameterInfo& p) { return p.name == wanted; });
        if (it == info.parameters.end()) {
            std::string known;
            for (const auto& p : info.parameters) known += (known.empty() ? "" : ", ") + p.name;
            throw InvalidArgument("mechanism " + info.name + " has no parameter '" + name + "' (it has: " + known + ")");
        }
        if (!(value >= it->minimum) || !std::isfinite(value))
            throw InvalidArgument(info.name + "." + name + " must be >= " + number(it->minimum) + " " + it->units +
                                  ", got " + number(value));
    }
}
}  // namespace

std::uint32_t CellDescription::add_cylinder(std::string name, SectionType type, double length,
                                            double diameter, std::int32_t parent, double parent_x) {
    if (!(length > 0)) throw InvalidArgument("section " + name + ": length must be > 0 µm, got " + number(length));
    if (!(diameter > 0))
        throw InvalidArgument("section " + name + ": diameter must be > 0 µm, got " + number(diameter));
    Point3 start;
    if (parent >= 0 && static_cast<std::size_t>(parent) < sections_.size()) {
        const auto& p = sections_[static_cast<std::size_t>(parent)];
        // Linear position along the parent's first and last point is enough for layout.
        const Point3 a = p.points.front(), b = p.points.back();
        start = {a.x + parent_x * (b.x - a.x), a.y + parent_x * (b.y - a.y), a.z + parent_x * (b.z - a.z)};
    }
    SectionGeometry s{std::move(name), type, {start, {start.x + length, start.y, start.z}}, {diameter, diameter},
                      parent, parent_x};
    return add_section(std::move(s));
}

std::uint32_t CellDescription::add_section(SectionGeometry s) {
    const std::string label = "section " + std::to_string(sections_.size()) + " (" + s.name + ")";
    if (s.points.size() < 2 || s.points.size() != s.diameters.size())
        throw InvalidArgument(label + ": needs at least two points, each with a diameter");
    for (std::size_t i = 0; i < s.diameters.size(); ++i)
        if (!(s.diameters[i] >= 0))
            throw InvalidArgument(label + ": negative diameter " + number(s.diameters[i]) + " µm at point " +
                                  std::to_string(i));
    if (s.parent >= static_cast<std::int32_t>(sections_.size()) || s.parent < -1)
        throw InvalidArgument(label + ": parent " + std::to_string(s.parent) + " is not an earlier section");
    if (s.parent == -1 && !sections_.empty())
        throw InvalidArgument(label + ": only the first section may be a root (a cell is one tree)");
    if (!(s.parent_x >= 0 && s.parent_x <= 1))
        throw InvalidArgument(label + ": attachment x must be in [0, 1], got " + number(s.parent_x));
    sections_.push_back(std::move(s));
    cm_.push_back(default_cm);
    ra_.push_back(default_ra);
    nseg_.emplace_back();
    return static_cast<std::uint32_t>(sections_.size() - 1);
}

CellDescription CellDescription::from_morphology(const Morphology& m) {
    CellDescription cell;
    const Soma& soma = m.soma();
    // The soma as one cylinder. Point-like somata: length = diameter = 2r (NEURON's import
    // of single-point somata). Contours and stacks: along the principal axis of the points,
    // with the diameter that gives the NeuroM surface area (pi d L = area).
    Point3 centre = soma_center(soma);
    double length = 2 * soma_radius(soma), diameter = length;
    Eigen::Vector3d axis(1, 0, 0);
    if ((soma.type == SomaType::contour || soma.type == SomaType::cylinders) && soma.points.size() >= 2) {
        Eigen::Matrix3d cov = Eigen::Matrix3d::Zero();
        for (const Point3& p : soma.points) {
            const Eigen::Vector3d d(p.x - centre.x, p.y - centre.y, p.z - centre.z);
            cov += d * d.transpose();
        }
        Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> eig(cov);
        axis = eig.eigenvectors().col(2);  // largest eigenvalue
        double lo = 0, hi = 0;
        for (const Point3& p : soma.points) {
            const double t = axis.dot(Eigen::Vector3d(p.x - centre.x, p.y - centre.y, p.z - centre.z));
            lo = std::min(lo, t);
            hi = std::max(hi, t);
        }
        length = std::max(hi - lo, 1e-3);
        diameter = soma_surface_area(soma) / (3.141592653589793 * length);
    }
    if (soma.type != SomaType::none) {
        const Eigen::Vector3d c(centre.x, centre.y, centre.z), half = axis * (length / 2);
        cell.add_section({"soma", SectionType::soma,
                          {{c.x() - half.x(), c.y() - half.y(), c.z() - half.z()},
                           {c.x() + half.x(), c.y() + half.y(), c.z() + half.z()}},
                          {diameter, diameter}, -1, 1.0});
    }
    const std::int32_t shift = soma.type != SomaType::none ? 1 : 0;
    if (shift == 0 && m.root_sections().size() > 1)
        throw InvalidArgument("a morphology without soma and with " + std::to_string(m.root_sections().size()) +
                              " separate neurites is not one cell");
    for (SectionId s = 0; s < m.num_sections(); ++s) {
        const auto points = m.section_points(s);
        const auto diameters = m.section_diameters(s);
        SectionGeometry g;
        g.name = to_string(m.section_type(s)) + "[" + std::to_string(s) + "]";
        g.type = m.section_type(s);
        g.points.assign(points.begin(), points.end());
        g.diameters.assign(diameters.begin(), diameters.end());
        const auto parent = m.section_parent(s);
        if (parent == no_parent) {
            g.parent = shift ? 0 : -1;
            g.parent_x = 0.5;
            if (g.points.size() == 1) {  // a root of one point: start it at the soma centre
                g.points.insert(g.points.begin(), centre);
                g.diameters.insert(g.diameters.begin(), g.diameters.front());
            }
        } else {
            g.parent = parent + shift;
            g.parent_x = 1.0;
        }
        if (g.points.size() < 2) {
            g.points.push_back(g.points.back());
            g.diameters.push_back(g.diameters.back());
        }
        cell.add_section(std::move(g));
    }
    return cell;
}

void CellDescription::define_region(const std::string& name, std::vector<std::uint32_t> sections) {
    for (auto s : sections)
        if (s >= sections_.size())
            throw InvalidArgument("region " + name + ": section " + std::to_string(s) + " does not exist");
    regions_[name] = std::move(sections);
}

std::vector<std::uint32_t> CellDescription::region_sections(const std::string& region) const {
    std::vector<std::uint32_t> out;
    if (const auto it = regions_.find(region); it != regions_.end()) return it->second;
    auto by_type = [&](SectionType t) {
        for (std::uint32_t s = 0; s < sections_.size(); ++s)
            if (sections_[s].type == t) out.push_back(s);
    };
    if (region == "all") {
        for (std::uint32_t s = 0; s < sections_.size(); ++s) out.push_back(s);
    } else if (region == "soma") {
        by_type(SectionType::soma);
    } else if (region == "axon") {
        by_type(SectionType::axon);
    } else if (region == "dend" || region == "basal") {
        by_type(SectionType::basal_dendrite);
    } else if (region == "apic" || region == "apical") {
        by_type(SectionType::apical_dendrite);
    } else {
        for (std::uint32_t s = 0; s < sections_.size(); ++s)
            if (sections_[s].name == region) out.push_back(s);
        if (out.empty())
            throw InvalidArgument("unknown region '" + region +
                                  "' (use all, soma, axon, dend, apic, a section name or a defined region)");
    }
    return out;
}

namespace {
// Moves the ion variables among `parameters` ("ena" where the mechanism uses na) into
// per-ion settings.
std::map<std::string, IonSettings> take_ion_variables(const MechanismInfo& info,
                                                      std::map<std::string, double>& parameters) {
    std::map<std::string, IonSettings> ions;
    for (auto it = parameters.begin(); it != parameters.end();) {
        const bool is_parameter = std::any_of(info.parameters.begin(), info.parameters.end(),
                                              [&](const ParameterInfo& p) { return p.name == it->first; });
        std::optional<IonVariable> variable;
        std::string ion;
        for (const IonUse& use : info.ions)
            if (!is_parameter && !variable && (variable = ion_variable(it->first, use.ion))) ion = use.ion;
        if (!variable) {
            ++it;
            continue;
        }
        if (!std::isfinite(it->second) || (*variable != IonVariable::reversal && !(it->second > 0)))
            throw InvalidArgument(info.name + ": " + it->first + " must be " +
                                  (*variable == IonVariable::reversal ? "a finite number of mV" : "> 0 mM") +
                                  ", got " + number(it->second));
        IonSettings& s = ions[ion];
        (*variable == IonVariable::reversal ? s.reversal : *variable == IonVariable::internal ? s.internal : s.external) =
            it->second;
        it = parameters.erase(it);
    }
    return ions;
}
}  // namespace

void CellDescription::paint(const std::string& region, const std::string& mechanism,
                            std::map<std::string, double> parameters) {
    const MechanismInfo& info = mechanism_info(mechanism);  // throws for unknown names
    if (info.kind != MechanismKind::density)
        throw InvalidArgument(mechanism + " is a point process: place it at a location instead of painting it");
    const auto ions = take_ion_variables(info, parameters);
    check_parameters(info, parameters);
    (void)region_sections(region);
    paintings_.push_back({region, mechanism, std::move(parameters), {}});
    for (const auto& [ion, settings] : ions) set_ion(region, ion, settings);
}

void CellDescription::paint_distributed(const std::string& region, const std::string& mechanism,
                                        std::map<std::string, Distribution> distributed) {
    const MechanismInfo& info = mechanism_info(mechanism);
    if (info.kind != MechanismKind::density)
        throw InvalidArgument(mechanism + " is a point process: place it at a location instead of painting it");
    for (const auto& [name, f] : distributed) {
        const std::string& wanted = name;  // clang 14 cannot capture a structured binding
        const bool known = std::any_of(info.parameters.begin(), info.parameters.end(),
                                       [&](const ParameterInfo& p) { return p.name == wanted; });
        if (!known) throw InvalidArgument(mechanism + " has no parameter '" + name + "' to distribute");
        if (!f) throw InvalidArgument(mechanism + "." + name + ": the distribution is empty");
    }
    (void)region_sections(region);
    paintings_.push_back({region, mechanism, {}, std::move(distributed)});
}

double CellDescription::section_length(std::uint32_t section) const {
    const auto& points = sections_.at(section).points;
    double length = 0;
    for (std::size_t i = 1; i < points.size(); ++i) length += distance(points[i - 1], points[i]);
    return length;
}

double CellDescription::path_distance(const Location& where) const {
    check_location(where, "distance");
    double along = 0;  // from the section's x = 0 to the location, then up the tree
    std::uint32_t s = where.section;
    double x = where.x;
    for (;;) {
        const SectionGeometry& g = sections_[s];
        if (g.parent < 0) {
            // The soma's centre is the origin; another root's start is.
            return along + (g.type == SectionType::soma ? std::abs(x - 0.5) : x) * section_length(s);
        }
        along += x * section_length(s);
        x = g.parent_x;
        s = static_cast<std::uint32_t>(g.parent);
    }
}

void CellDescription::set_nseg_by_length(double length_um) {
    if (!(length_um > 0)) throw InvalidArgument("the nseg rule's length must be > 0 µm, got " + number(length_um));
    for (std::uint32_t s = 0; s < sections_.size(); ++s)
        set_section_nseg(s, 1 + 2 * static_cast<int>(section_length(s) / length_um));
}

std::int64_t CellDescription::section_from_original(std::uint32_t original) const {
    if (original_sections_.empty()) return original < sections_.size() ? std::int64_t{original} : -1;
    return original < original_sections_.size() ? original_sections_[original] : -1;
}

void CellDescription::replace_axon_with_stub(double length_um, double diameter_um) {
    if (!paintings_.empty() || !placements_.empty() || !ion_paintings_.empty())
        throw InvalidArgument("replace the axon before painting or placing anything (section indices change)");
    if (sections_.empty() || sections_[0].type != SectionType::soma)
        throw InvalidArgument("a stub axon attaches to the soma, and this cell has none");
    std::vector<std::int32_t> index_of(sections_.size(), -1);
    std::vector<SectionGeometry> kept;
    std::vector<double> cm, ra;
    std::vector<std::optional<int>> nseg;
    for (std::uint32_t s = 0; s < sections_.size(); ++s) {
        if (sections_[s].type == SectionType::axon) continue;
        SectionGeometry g = sections_[s];
        if (g.parent >= 0) g.parent = index_of[static_cast<std::size_t>(g.parent)];  // parents come first
        index_of[s] = static_cast<std::int32_t>(kept.size());
        kept.push_back(std::move(g));
        cm.push_back(cm_[s]);
        ra.push_back(ra_[s]);
        nseg.push_back(nseg_[s]);
    }
    if (original_sections_.empty()) {
        original_sections_ = index_of;
    } else {
        for (auto& present : original_sections_)
            if (present >= 0) present = index_of[static_cast<std::size_t>(present)];
    }
    sections_ = std::move(kept);
    cm_ = std::move(cm);
    ra_ = std::move(ra);
    nseg_ = std::move(nseg);
    for (auto& [name, list] : regions_) {
        std::vector<std::uint32_t> moved;
        for (auto s : list)
            if (index_of[s] >= 0) moved.push_back(static_cast<std::uint32_t>(index_of[s]));
        list = std::move(moved);
    }
    if (detector_.where.section < index_of.size() && index_of[detector_.where.section] >= 0)
        detector_.where.section = static_cast<std::uint32_t>(index_of[detector_.where.section]);
    else
        detector_.where = {0, 0.5};
    const auto first = add_cylinder("axon[0]", SectionType::axon, length_um, diameter_um, 0, 0.5);
    add_cylinder("axon[1]", SectionType::axon, length_um, diameter_um, static_cast<std::int32_t>(first), 1.0);
}

void CellDescription::set_ion(const std::string& region, const std::string& ion, const IonSettings& settings) {
    (void)region_sections(region);
    for (double v : {settings.internal.value_or(1.0), settings.external.value_or(1.0)})
        if (!(v > 0 && std::isfinite(v)))
            throw InvalidArgument("ion " + ion + ": concentrations must be > 0 mM, got " + number(v));
    if (settings.reversal && !std::isfinite(*settings.reversal))
        throw InvalidArgument("ion " + ion + ": the reversal potential must be a finite number of mV");
    ion_paintings_.push_back({region, ion, settings});
}

std::size_t CellDescription::set_painted_parameter(const std::string& mechanism, const std::string& parameter,
                                                   double value) {
    std::size_t changed = 0;
    const MechanismInfo& info = mechanism_info(mechanism);
    std::vector<std::string> regions;
    for (auto& p : paintings_) {
        if (p.mechanism != mechanism) continue;
        std::map<std::string, double> one{{parameter, value}};
        const auto ions = take_ion_variables(info, one);
        check_parameters(info, one);
        if (ions.empty()) p.parameters[parameter] = value;
        else regions.push_back(p.region);
        ++changed;
    }
    for (const auto& region : regions) {
        std::map<std::string, double> one{{parameter, value}};
        for (const auto& [ion, settings] : take_ion_variables(info, one)) set_ion(region, ion, settings);
    }
    return changed;
}

void CellDescription::set_cm(const std::string& region, double cm) {
    if (!(cm > 0)) throw InvalidArgument("cm must be > 0 µF/cm2, got " + number(cm));
    for (auto s : region_sections(region)) cm_[s] = cm;
}

void CellDescription::set_ra(const std::string& region, double ra) {
    if (!(ra > 0)) throw InvalidArgument("Ra must be > 0 ohm·cm, got " + number(ra));
    for (auto s : region_sections(region)) ra_[s] = ra;
}

void CellDescription::set_nseg(const std::string& region, int nseg) {
    if (nseg < 1 || nseg > 100000) throw InvalidArgument("nseg must be in [1, 100000], got " + std::to_string(nseg));
    for (auto s : region_sections(region)) nseg_[s] = nseg;
}

void CellDescription::set_section_nseg(std::uint32_t section, int nseg) {
    if (nseg < 1 || nseg > 100000) throw InvalidArgument("nseg must be in [1, 100000], got " + std::to_string(nseg));
    nseg_.at(section) = nseg;
}

void CellDescription::set_d_lambda(double d_lambda, double frequency_hz) {
    if (!(d_lambda > 0)) throw InvalidArgument("d_lambda must be > 0, got " + number(d_lambda));
    if (!(frequency_hz > 0)) throw InvalidArgument("d_lambda frequency must be > 0 Hz, got " + number(frequency_hz));
    d_lambda_ = d_lambda;
    frequency_ = frequency_hz;
}

void CellDescription::check_location(const Location& where, const char* what) const {
    if (where.section >= sections_.size())
        throw InvalidArgument(std::string(what) + ": section " + std::to_string(where.section) + " does not exist (" +
                              std::to_string(sections_.size()) + " sections)");
    if (!(where.x >= 0 && where.x <= 1))
        throw InvalidArgument(std::string(what) + ": x must be in [0, 1], got " + number(where.x));
}

std::uint32_t CellDescription::place(Location where, const std::string& mechanism,
                                     std::map<std::string, double> parameters) {
    check_location(where, mechanism.c_str());
    const MechanismInfo& info = mechanism_info(mechanism);
    if (info.kind != MechanismKind::point)
        throw InvalidArgument(mechanism + " is a density mechanism: paint it on a region instead");
    check_parameters(info, parameters);
    placements_.push_back({where, mechanism, std::move(parameters)});
    return static_cast<std::uint32_t>(placements_.size() - 1);
}

void CellDescription::set_placement_parameter(std::uint32_t index, const std::string& parameter, double value) {
    if (index >= placements_.size())
        throw InvalidArgument("point process " + std::to_string(index) + " does not exist (" +
                              std::to_string(placements_.size()) + " placed)");
    Placement& placement = placements_[index];
    check_parameters(mechanism_info(placement.mechanism), {{parameter, value}});
    placement.parameters[parameter] = value;
}

void CellDescription::remove_placement(std::uint32_t index) {
    if (index >= placements_.size())
        throw InvalidArgument("point process " + std::to_string(index) + " does not exist (" +
                              std::to_string(placements_.size()) + " placed)");
    placements_.erase(placements_.begin() + index);
}

void CellDescription::set_detector(Location where, double threshold_mv) {
    check_location(where, "spike detector");
    detector_ = {where, threshold_mv};
}

}  // namespace lamina::sim
