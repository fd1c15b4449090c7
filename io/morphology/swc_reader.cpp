// SWC reader. Linear in the number of samples apart from one sort by id: ids may come in
// any order, with gaps, and parents may be defined after their children.

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <unordered_map>
#include <vector>

#include "engine/errors.h"
#include "engine/morphology/morphology_builder.h"
#include "io/file_util.h"
#include "io/morphology/swc.h"
#include "io/text_fields.h"

namespace lamina::io {

namespace {

constexpr double max_coordinate_um = 1e7;  // [µm] 10 m

constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
constexpr std::int32_t soma_type = static_cast<std::int32_t>(SectionType::soma);

struct Samples {
    std::vector<std::int64_t> id;
    std::vector<std::int32_t> type;
    std::vector<Point3> point;       // [µm]
    std::vector<double> diameter;    // [µm]
    std::vector<std::int64_t> parent_id;
    std::vector<std::uint32_t> line;

    std::size_t size() const { return id.size(); }
    bool is_soma(std::uint32_t i) const { return type[i] == soma_type; }
};

class SwcParser {
public:
    SwcParser(std::string_view text, const std::string& name, const DiagnosticOptions& diag)
        : text_(text), name_(name), diag_(diag) {}

    Morphology parse() {
        read_lines();
        // An empty morphology is legal (a placeholder), but never without a word.
        if (s_.id.empty())
            diag_.warn(WarningKind::ignored_data, name_, 0, "holds no samples: the morphology is empty");
        link_parents();
        build_children();
        MorphologyBuilder builder;
        builder.set_soma(read_soma());
        read_neurites(builder);
        check_all_visited();
        if (zero_diameters_ > 0)
            diag_.warn(WarningKind::zero_diameter, name_, first_zero_diameter_line_,
                       std::to_string(zero_diameters_) + " sample(s) have zero diameter, the " +
                           "first at this line");
        return builder.build(name_);
    }

private:
    [[noreturn]] void fail(std::size_t line, const std::string& message) const {
        throw FileError(name_, line, message);
    }

    std::string sample_at(std::uint32_t i) const {
        return "sample " + std::to_string(s_.id[i]) + " (line " + std::to_string(s_.line[i]) + ")";
    }

    static bool parse_id(std::string_view token, std::int64_t& out) {
        if (parse_number(token, out)) return true;
        // Some tools write ids as "12.0"; accept integral values.
        double value = 0;
        if (!parse_number(token, value) || value != std::floor(value) || std::abs(value) > 9e15)
            return false;
        out = static_cast<std::int64_t>(value);
        return true;
    }

    void read_lines() {
        // A sample takes at least 14 bytes ("1 1 0 0 0 1 -1"), which bounds the reserve.
        const std::size_t guess = text_.size() / 24 + 1;
        s_.id.reserve(guess);
        s_.type.reserve(guess);
        s_.point.reserve(guess);
        s_.diameter.reserve(guess);
        s_.parent_id.reserve(guess);
        s_.line.reserve(guess);

        std::size_t pos = 0, line_number = 0;
        while (pos < text_.size()) {
            ++line_number;
            std::size_t end = text_.find('\n', pos);
            if (end == std::string_view::npos) end = text_.size();
            std::string_view line = text_.substr(pos, end - pos);
            pos = end + 1;
            if (const auto hash = line.find('#'); hash != std::string_view::npos)
                line = line.substr(0, hash);
            std::string_view f[7];
            const std::size_t count = split_fields(line, f, 7);
            if (count == 0) continue;
            if (count < 7)
                fail(line_number, "unparsable line: " + std::to_string(count) +
                                      " field(s), an SWC sample needs 7 (id type x y z radius "
                                      "parent)");
            if (line_number > std::numeric_limits<std::uint32_t>::max())
                fail(line_number, "too many lines");
            add_sample(f, line_number);
        }
    }

    void add_sample(const std::string_view* f, std::size_t line_number) {
        std::int64_t id = 0, type = 0, parent = 0;
        double x = 0, y = 0, z = 0, radius = 0;
        auto expect = [&](bool ok, const char* what, std::string_view token) {
            if (!ok)
                fail(line_number, "unparsable line: cannot read '" + std::string(token) +
                                      "' as the " + what);
        };
        expect(parse_id(f[0], id), "sample id", f[0]);
        expect(parse_id(f[1], type), "type", f[1]);
        expect(parse_number(f[2], x), "x coordinate", f[2]);
        expect(parse_number(f[3], y), "y coordinate", f[3]);
        expect(parse_number(f[4], z), "z coordinate", f[4]);
        expect(parse_number(f[5], radius), "radius", f[5]);
        expect(parse_id(f[6], parent), "parent id", f[6]);
        if (id < 0) fail(line_number, "negative sample id " + std::to_string(id));
        if (parent < -1)
            fail(line_number, "negative parent id " + std::to_string(parent) +
                                  " (only -1 marks a sample without parent)");
        if (parent == id) fail(line_number, "sample " + std::to_string(id) + " is its own parent");
        if (type < 0 || type > std::numeric_limits<std::int32_t>::max())
            fail(line_number, "invalid type " + std::to_string(type) +
                                  " (0 undefined, 1 soma, 2 axon, 3 basal, 4 apical, "
                                  ">= 5 custom)");
        // MorphIO's limits, refused unless lenient: ids that fit 32 bits, types 1-19.
        constexpr std::int64_t max_swc_id = std::numeric_limits<std::uint32_t>::max();
        if (id > max_swc_id || parent > max_swc_id)
            diag_.refuse(name_, line_number,
                         std::string(id > max_swc_id ? "sample id " : "parent id ") +
                             std::to_string(id > max_swc_id ? id : parent) + " is beyond 4294967295, the largest SWC id");
        if (type == 0 || type >= 20)
            diag_.refuse(name_, line_number,
                         "section type " + std::to_string(type) +
                             " is outside 1-19 (1 soma, 2 axon, 3 basal, 4 apical, 5-19 custom)");
        if (radius < 0) fail(line_number, "negative radius " + std::string(f[5]) + " µm");
        // Beyond 10 m a coordinate is a slip, and lengths summed over it would overflow.
        for (const auto& [value, token] : {std::pair{x, f[2]}, {y, f[3]}, {z, f[4]}, {radius, f[5]}})
            if (std::abs(value) > max_coordinate_um)
                fail(line_number, "coordinate or radius " + std::string(token) + " µm is beyond ±1e7 µm (10 m)");
        if (radius == 0 && zero_diameters_++ == 0) first_zero_diameter_line_ = line_number;
        s_.id.push_back(id);
        s_.type.push_back(static_cast<std::int32_t>(type));
        s_.point.push_back({x, y, z});
        s_.diameter.push_back(2.0 * radius);
        s_.parent_id.push_back(parent);
        s_.line.push_back(static_cast<std::uint32_t>(line_number));
    }

    void link_parents() {
        const std::size_t n = s_.size();
        std::unordered_map<std::int64_t, std::uint32_t> index;
        index.reserve(n);
        for (std::uint32_t i = 0; i < n; ++i) {
            const auto [it, inserted] = index.emplace(s_.id[i], i);
            if (!inserted)
                fail(s_.line[i], "repeated sample id " + std::to_string(s_.id[i]) +
                                     " (first defined at line " +
                                     std::to_string(s_.line[it->second]) + ")");
        }
        parent_.assign(n, none);
        for (std::uint32_t i = 0; i < n; ++i) {
            if (s_.parent_id[i] == -1) continue;
            const auto it = index.find(s_.parent_id[i]);
            if (it == index.end())
                fail(s_.line[i], "missing parent: sample " + std::to_string(s_.id[i]) +
                                     " names parent " + std::to_string(s_.parent_id[i]) +
                                     ", which is not in the file");
            parent_[i] = it->second;
            if (s_.is_soma(i) && !s_.is_soma(it->second))
                fail(s_.line[i], "soma sample " + std::to_string(s_.id[i]) +
                                     " has a neurite sample as parent: " +
                                     sample_at(it->second) + " of type " +
                                     std::to_string(s_.type[it->second]));
        }
    }

    // Children of every sample as compressed rows, each row ordered by id.
    void build_children() {
        const std::size_t n = s_.size();
        std::vector<std::uint32_t> by_id(n);
        for (std::uint32_t i = 0; i < n; ++i) by_id[i] = i;
        std::sort(by_id.begin(), by_id.end(),
                  [&](std::uint32_t a, std::uint32_t b) { return s_.id[a] < s_.id[b]; });
        child_offset_.assign(n + 1, 0);
        for (std::uint32_t i = 0; i < n; ++i)
            if (parent_[i] != none) ++child_offset_[parent_[i] + 1];
        for (std::size_t i = 0; i < n; ++i) child_offset_[i + 1] += child_offset_[i];
        children_.resize(child_offset_[n]);
        std::vector<std::uint32_t> fill(child_offset_.begin(), child_offset_.end() - 1);
        for (const std::uint32_t i : by_id) {
            if (parent_[i] == none) roots_.push_back(i);
            else children_[fill[parent_[i]]++] = i;
        }
        visited_.assign(n, false);
    }

    std::span<const std::uint32_t> children(std::uint32_t i) const {
        return std::span<const std::uint32_t>(children_).subspan(
            child_offset_[i], child_offset_[i + 1] - child_offset_[i]);
    }

    std::vector<std::uint32_t> soma_children(std::uint32_t i) const {
        std::vector<std::uint32_t> out;
        for (const auto c : children(i))
            if (s_.is_soma(c)) out.push_back(c);
        return out;
    }

    // The chain of soma samples that starts at `first` (soma samples never branch but at
    // the root).
    std::vector<std::uint32_t> soma_chain(std::uint32_t first) const {
        std::vector<std::uint32_t> chain{first};
        for (;;) {
            const auto next = soma_children(chain.back());
            if (next.empty()) return chain;
            if (next.size() > 1)
                fail(s_.line[chain.back()], "soma bifurcates: " + sample_at(chain.back()) +
                                                " has " + std::to_string(next.size()) +
                                                " soma children");
            chain.push_back(next.front());
            if (chain.size() > s_.size()) return chain;  // a cycle; reported later
        }
    }

    Soma read_soma() {
        std::vector<std::uint32_t> soma_roots;
        for (const auto r : roots_)
            if (s_.is_soma(r)) soma_roots.push_back(r);
        Soma soma;
        if (soma_roots.empty()) return soma;
        if (soma_roots.size() > 1)
            fail(s_.line[soma_roots[1]], "multiple somata: " + sample_at(soma_roots[0]) + " and " +
                                             sample_at(soma_roots[1]) +
                                             " are both soma samples without parent");
        const std::uint32_t root = soma_roots.front();
        const auto branches = soma_children(root);
        if (branches.size() > 2)
            fail(s_.line[root], "soma bifurcates: " + sample_at(root) + " has " +
                                    std::to_string(branches.size()) + " soma children");
        // Order the soma as one stack: second branch reversed, root, first branch.
        std::vector<std::uint32_t> order;
        if (branches.size() == 2) {
            auto back = soma_chain(branches[1]);
            order.assign(back.rbegin(), back.rend());
        }
        order.push_back(root);
        if (!branches.empty()) {
            const auto front = soma_chain(branches[0]);
            order.insert(order.end(), front.begin(), front.end());
        }
        for (const auto i : order) {
            visited_[i] = true;
            soma_samples_.push_back(i);
        }

        if (order.size() == 1) {
            soma.type = SomaType::single_point;
        } else if (branches.size() == 2 && order.size() == 3 && is_neuromorpho_soma(root, branches)) {
            soma.type = SomaType::three_point_cylinders;
            order = {root, branches[0], branches[1]};
        } else {
            soma.type = SomaType::cylinders;
            if (order.size() == 3 && branches.size() == 2)
                diag_.warn(WarningKind::soma_points_unusual, name_, s_.line[root],
                           "three soma points that do not follow NeuroMorpho's three-point "
                           "convention (centre, centre-r, centre+r along one axis, equal radii); "
                           "read as a stack of cylinders");
        }
        for (const auto i : order) {
            soma.points.push_back(s_.point[i]);
            soma.diameters.push_back(s_.diameter[i]);
        }
        return soma;
    }

    bool is_neuromorpho_soma(std::uint32_t root, const std::vector<std::uint32_t>& outer) const {
        const double r = s_.diameter[root] / 2.0;
        const double tolerance = 1e-3 * std::max(1.0, r);
        const Point3& c = s_.point[root];
        for (const auto i : outer)
            if (std::abs(s_.diameter[i] - s_.diameter[root]) > 2 * tolerance) return false;
        const Point3 &a = s_.point[outer[0]], &b = s_.point[outer[1]];
        // Two coordinates equal, the third at centre -r and centre +r (either order).
        const double ca[3] = {c.x, c.y, c.z}, aa[3] = {a.x, a.y, a.z}, ba[3] = {b.x, b.y, b.z};
        int equal = 0, offset_axis = -1;
        for (int k = 0; k < 3; ++k) {
            if (std::abs(aa[k] - ca[k]) <= tolerance && std::abs(ba[k] - ca[k]) <= tolerance) ++equal;
            else offset_axis = k;
        }
        if (equal != 2) return false;
        const double da = aa[offset_axis] - ca[offset_axis], db = ba[offset_axis] - ca[offset_axis];
        return std::abs(std::abs(da) - r) <= tolerance && std::abs(std::abs(db) - r) <= tolerance &&
               da * db < 0;
    }

    struct PendingSection {
        std::uint32_t first;                         // first sample of the section
        std::optional<MorphologyBuilder::Handle> parent;
        std::uint32_t parent_sample;                 // neurite sample it continues, or none
    };

    void read_neurites(MorphologyBuilder& builder) {
        // Root sections in id order: neurites hanging from soma samples, then those without
        // a parent. A stack keeps sections in depth-first order without recursion.
        std::vector<PendingSection> stack;
        std::vector<std::uint32_t> starts;
        for (const auto s : soma_samples_)
            for (const auto c : children(s))
                if (!s_.is_soma(c)) starts.push_back(c);
        for (const auto r : roots_) {
            if (s_.is_soma(r)) continue;
            if (!soma_samples_.empty())
                diag_.warn(WarningKind::disconnected_neurite, name_, s_.line[r],
                           "disconnected neurite: " + sample_at(r) +
                               " has no parent although the file has a soma");
            starts.push_back(r);
        }
        std::sort(starts.begin(), starts.end(),
                  [&](std::uint32_t a, std::uint32_t b) { return s_.id[a] < s_.id[b]; });
        for (auto it = starts.rbegin(); it != starts.rend(); ++it)
            stack.push_back({*it, std::nullopt, none});

        while (!stack.empty()) {
            const PendingSection pending = stack.back();
            stack.pop_back();
            if (pending.parent_sample == none && children(pending.first).empty()) {
                visited_[pending.first] = true;
                diag_.warn(WarningKind::ignored_data, name_, s_.line[pending.first],
                           "neurite of a single " + sample_at(pending.first) +
                               " has no length; ignored");
                continue;
            }
            const auto type = static_cast<SectionType>(s_.type[pending.first]);
            const auto section = builder.add_section(pending.parent, type);
            if (pending.parent_sample != none)
                builder.add_point(section, s_.point[pending.parent_sample],
                                  s_.diameter[pending.parent_sample]);
            std::uint32_t current = pending.first;
            for (;;) {
                visited_[current] = true;
                builder.add_point(section, s_.point[current], s_.diameter[current]);
                const auto next = children(current);
                if (next.size() == 1 && s_.type[next[0]] == s_.type[current]) {
                    current = next[0];
                    if (visited_[current]) break;  // cycle; reported by check_all_visited
                    continue;
                }
                if (next.size() == 1)  // MorphIO refuses it; lenient starts a new section
                    diag_.refuse(name_, s_.line[next[0]],
                                 "type changes from " + std::to_string(s_.type[current]) + " to " +
                                     std::to_string(s_.type[next[0]]) + " without a bifurcation",
                                 WarningKind::type_change_without_bifurcation);
                for (auto c = next.rbegin(); c != next.rend(); ++c)
                    if (!visited_[*c]) stack.push_back({*c, section, current});
                break;
            }
        }
    }

    void check_all_visited() const {
        // Every sample reachable from a root was visited; the rest hang off a cycle. Walk
        // up from the first of them until a sample repeats: that one is on the cycle.
        for (std::uint32_t i = 0; i < s_.size(); ++i) {
            if (visited_[i]) continue;
            std::vector<bool> seen(s_.size(), false);
            std::uint32_t at = i;
            while (!seen[at]) {
                seen[at] = true;
                if (parent_[at] == none) throw InternalError("SWC: unvisited sample under a root");
                at = parent_[at];
            }
            std::string members = std::to_string(s_.id[at]);
            for (std::uint32_t k = parent_[at], shown = 1; k != at; k = parent_[k], ++shown)
                members += shown < 6 ? " -> " + std::to_string(s_.id[k]) : std::string();
            fail(s_.line[at], "cycle: " + sample_at(at) +
                                  " is its own ancestor through its parent ids (" + members +
                                  " -> " + std::to_string(s_.id[at]) + ")");
        }
    }

    std::string_view text_;
    const std::string& name_;
    const DiagnosticOptions& diag_;
    Samples s_;
    std::vector<std::uint32_t> parent_;
    std::vector<std::uint32_t> child_offset_;
    std::vector<std::uint32_t> children_;
    std::vector<std::uint32_t> roots_;
    std::vector<std::uint32_t> soma_samples_;
    std::vector<bool> visited_;
    std::size_t zero_diameters_ = 0;
    std::size_t first_zero_diameter_line_ = 0;
};

}  // namespace

Morphology parse_swc(std::string_view text, const std::string& name,
                     const DiagnosticOptions& diagnostics) {
    return SwcParser(text, name, diagnostics).parse();
}

Morphology read_swc(const std::filesystem::path& path, const DiagnosticOptions& diagnostics) {
    const std::string text = read_file(path);
    return parse_swc(text, path.string(), diagnostics);
}

}  // namespace lamina::io
