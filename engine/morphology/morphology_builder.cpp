#include "engine/morphology/morphology_builder.h"

#include <cmath>
#include <limits>

#include "engine/errors.h"

namespace lamina {

namespace {

bool finite(const Point3& p) {
    return std::isfinite(p.x) && std::isfinite(p.y) && std::isfinite(p.z);
}

std::string describe_section(const std::string& source, std::size_t s) {
    return (source.empty() ? std::string() : source + ": ") + "section " + std::to_string(s);
}

}  // namespace

MorphologyBuilder MorphologyBuilder::from(const Morphology& m) {
    MorphologyBuilder builder;
    builder.soma_ = m.soma();
    builder.sections_.resize(m.num_sections());
    const bool has_perimeters = !m.perimeters().empty();
    for (SectionId s = 0; s < m.num_sections(); ++s) {
        Section& out = builder.sections_[s];
        const auto parent = m.section_parent(s);
        if (parent != no_parent) out.parent = static_cast<Handle>(parent);
        out.type = m.section_type(s);
        const auto points = m.section_points(s);
        const auto diameters = m.section_diameters(s);
        out.points.assign(points.begin(), points.end());
        out.diameters.assign(diameters.begin(), diameters.end());
        if (has_perimeters) {
            const auto first = m.section_offsets()[s];
            out.perimeters.assign(m.perimeters().begin() + first,
                                  m.perimeters().begin() + first + points.size());
        }
    }
    return builder;
}

MorphologyBuilder::Handle MorphologyBuilder::add_section(std::optional<Handle> parent,
                                                         SectionType type) {
    if (parent && *parent >= sections_.size())
        throw InvalidArgument("parent section " + std::to_string(*parent) +
                              " does not exist (" + std::to_string(sections_.size()) +
                              " sections so far)");
    if (type == SectionType::soma)
        throw InvalidArgument("a neurite section cannot have the soma type; "
                              "the soma is described with set_soma()");
    sections_.push_back(Section{parent, type, {}, {}, {}});
    return sections_.size() - 1;
}

void MorphologyBuilder::add_point(Handle s, const Point3& point, double diameter) {
    Section& section = sections_.at(s);
    section.points.push_back(point);
    section.diameters.push_back(diameter);
}

void MorphologyBuilder::add_point(Handle s, const Point3& point, double diameter,
                                  double perimeter) {
    add_point(s, point, diameter);
    sections_[s].perimeters.push_back(perimeter);
}

Morphology MorphologyBuilder::build(std::string source) const {
    Morphology m;
    m.source_ = std::move(source);
    m.soma_ = soma_;
    if (soma_.points.size() != soma_.diameters.size())
        throw InvalidArgument("soma has " + std::to_string(soma_.points.size()) + " points but " +
                              std::to_string(soma_.diameters.size()) + " diameters");
    if ((soma_.type == SomaType::none) != soma_.points.empty())
        throw InvalidArgument(std::string("soma of type ") + to_string(soma_.type) + " has " +
                              std::to_string(soma_.points.size()) + " points");

    const bool has_perimeters = !sections_.empty() && !sections_.front().perimeters.empty();
    std::size_t total = 0;
    for (const Section& s : sections_) total += s.points.size() + 1;
    m.points_.reserve(total);
    m.diameters_.reserve(total);
    if (has_perimeters) m.perimeters_.reserve(total);
    m.section_offsets_.reserve(sections_.size() + 1);
    m.section_parents_.reserve(sections_.size());
    m.section_types_.reserve(sections_.size());

    for (std::size_t i = 0; i < sections_.size(); ++i) {
        const Section& s = sections_[i];
        if (s.points.size() != s.diameters.size())
            throw InvalidArgument(describe_section(m.source_, i) + " has " +
                                  std::to_string(s.points.size()) + " points but " +
                                  std::to_string(s.diameters.size()) + " diameters");
        if (has_perimeters != !s.perimeters.empty() ||
            (has_perimeters && s.perimeters.size() != s.points.size()))
            throw InvalidArgument(describe_section(m.source_, i) +
                                  ": perimeters must be given for every point or none");
        m.section_offsets_.push_back(static_cast<std::uint32_t>(m.points_.size()));
        m.section_parents_.push_back(s.parent ? static_cast<std::int32_t>(*s.parent) : no_parent);
        m.section_types_.push_back(s.type);

        if (s.parent) {
            // The parent is complete already (parents come first), so its last point is
            // the last point written for it.
            const auto parent_end = (*s.parent + 1 < m.section_offsets_.size())
                                        ? m.section_offsets_[*s.parent + 1]
                                        : static_cast<std::uint32_t>(m.points_.size());
            const std::size_t last = parent_end - 1;
            if (s.points.empty() || !(s.points.front() == m.points_[last])) {
                m.points_.push_back(m.points_[last]);
                m.diameters_.push_back(m.diameters_[last]);
                if (has_perimeters) m.perimeters_.push_back(m.perimeters_[last]);
            }
        } else if (s.points.empty()) {
            throw InvalidArgument(describe_section(m.source_, i) + " has no points");
        }
        for (std::size_t p = 0; p < s.points.size(); ++p) {
            if (!finite(s.points[p]) || !std::isfinite(s.diameters[p]))
                throw InvalidArgument(describe_section(m.source_, i) + " point " +
                                      std::to_string(p) + " is not a finite number");
            if (s.diameters[p] < 0)
                throw InvalidArgument(describe_section(m.source_, i) + " point " +
                                      std::to_string(p) + " has a negative diameter " +
                                      std::to_string(s.diameters[p]) + " µm");
        }
        m.points_.insert(m.points_.end(), s.points.begin(), s.points.end());
        m.diameters_.insert(m.diameters_.end(), s.diameters.begin(), s.diameters.end());
        if (has_perimeters)
            m.perimeters_.insert(m.perimeters_.end(), s.perimeters.begin(), s.perimeters.end());
    }
    if (m.points_.size() > std::numeric_limits<std::uint32_t>::max())
        throw InvalidArgument("morphology has more than 4 billion points");
    m.section_offsets_.push_back(static_cast<std::uint32_t>(m.points_.size()));

    // Children as compressed rows, in section order.
    const std::size_t n = sections_.size();
    m.child_offsets_.assign(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
        if (sections_[i].parent) ++m.child_offsets_[*sections_[i].parent + 1];
        else m.roots_.push_back(static_cast<SectionId>(i));
    }
    for (std::size_t i = 0; i < n; ++i) m.child_offsets_[i + 1] += m.child_offsets_[i];
    m.children_.resize(m.child_offsets_[n]);
    std::vector<std::uint32_t> fill(m.child_offsets_.begin(), m.child_offsets_.end() - 1);
    for (std::size_t i = 0; i < n; ++i)
        if (sections_[i].parent) m.children_[fill[*sections_[i].parent]++] = static_cast<SectionId>(i);
    return m;
}

}  // namespace lamina
