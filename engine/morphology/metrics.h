#pragma once
// Morphology metrics with NeuroM's definitions, so figures agree with the tools
// researchers already use:
//  - sections, bifurcations (exactly two children), forking points (two or more) and
//    leaves count neurite sections; the soma is not a section;
//  - a section's length sums its segments, including the one from the point it shares
//    with its parent;
//  - branch order is 0 for a section attached to the soma;
//  - path distance of a leaf is the summed length of the sections from it to its root;
//  - radial distance is from the soma centre to the last point of each leaf section;
//  - soma radius and surface area follow the soma type (see soma_surface_area()).

#include <map>
#include <span>

#include "engine/morphology/morphology.h"

namespace lamina {

struct MorphologyMetrics {
    std::size_t num_points = 0;
    std::size_t num_sections = 0;
    std::size_t num_bifurcations = 0;
    std::size_t num_forking_points = 0;
    std::size_t num_leaves = 0;
    std::size_t num_neurites = 0;
    std::map<SectionType, std::size_t> neurites_by_type;
    double total_length = 0.0;                     // [µm]
    std::map<SectionType, double> length_by_type;  // [µm]
    double soma_radius = 0.0;                      // [µm]
    double soma_surface_area = 0.0;                // [µm²]
    int max_branch_order = 0;                      // 0 when there are no sections
    double max_path_distance = 0.0;                // [µm]
    double max_radial_distance = 0.0;              // [µm]
    Point3 bounds_min;                             // [µm], soma and neurites
    Point3 bounds_max;                             // [µm]
};

MorphologyMetrics compute_metrics(const Morphology& morphology);

double polyline_length(std::span<const Point3> points);  // [µm]
double section_length(const Morphology& morphology, SectionId section);  // [µm]
Point3 soma_center(const Soma& soma);
double soma_radius(const Soma& soma);        // [µm]
double soma_surface_area(const Soma& soma);  // [µm²]

}  // namespace lamina
