#pragma once
// A sink that hands its rows to another sink on a thread of its own, so converting and
// writing a large report overlaps the next epochs instead of stopping the run. Rows are
// copied into at most `max_pending` blocks; when the writer falls that far behind, the
// run waits for it (memory stays bounded). An error of the inner sink is rethrown on
// the run's thread at the next append or at finish.

#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/sim/recording.h"

namespace lamina::sim {

class BackgroundSink final : public RecordingSink {
public:
    explicit BackgroundSink(std::shared_ptr<RecordingSink> inner, std::size_t max_pending = 2);
    ~BackgroundSink() override;  // without finish(): the pending rows are dropped
    void begin(std::size_t columns) override;
    void append(const RowBlock& rows) override;
    void finish() override;
    // [bytes] Rows it holds now, pending and spare (at most max_pending + 2 blocks).
    std::size_t held_bytes();

private:
    struct Block {
        std::size_t rows = 0;
        bool single = false;
        std::vector<double> times, values;
        std::vector<float> floats;
    };
    void work();
    void rethrow();

    std::shared_ptr<RecordingSink> inner_;
    std::size_t max_pending_;
    std::size_t columns_ = 0;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Block> pending_;
    std::vector<Block> spare_;  // emptied blocks, reused
    bool closing_ = false, busy_ = false;
    std::exception_ptr error_;
    std::thread worker_;
};

}  // namespace lamina::sim
