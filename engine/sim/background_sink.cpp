#include "engine/sim/background_sink.h"

#include <algorithm>
#include <utility>

namespace lamina::sim {

BackgroundSink::BackgroundSink(std::shared_ptr<RecordingSink> inner, std::size_t max_pending)
    : inner_(std::move(inner)), max_pending_(std::max<std::size_t>(1, max_pending)) {}

BackgroundSink::~BackgroundSink() {
    {
        std::lock_guard lock(mutex_);
        closing_ = true;
        pending_.clear();
    }
    changed_.notify_all();
    if (worker_.joinable()) worker_.join();
}

void BackgroundSink::begin(std::size_t columns) {
    columns_ = columns;
    inner_->begin(columns);
    worker_ = std::thread([this] { work(); });
}

void BackgroundSink::rethrow() {
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

void BackgroundSink::append(const RowBlock& rows) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return pending_.size() < max_pending_ || error_; });
    rethrow();
    Block block;
    if (!spare_.empty()) {
        block = std::move(spare_.back());
        spare_.pop_back();
    }
    lock.unlock();
    block.rows = rows.rows;
    block.single = !rows.floats.empty();
    block.times.assign(rows.times.begin(), rows.times.end());
    // Take the recorder's vector and give it this block's spare one: no copy.
    const auto take = [](auto& mine, auto* theirs, auto values) {
        if (theirs && theirs->data() == values.data()) {
            mine.resize(theirs->size());
            std::swap(mine, *theirs);
        } else {
            mine.assign(values.begin(), values.end());
        }
    };
    if (block.single) take(block.floats, rows.float_storage, rows.floats);
    else take(block.values, rows.storage, rows.values);
    lock.lock();
    pending_.push_back(std::move(block));
    changed_.notify_all();
}

void BackgroundSink::work() {
    std::unique_lock lock(mutex_);
    for (;;) {
        changed_.wait(lock, [&] { return !pending_.empty() || closing_; });
        if (pending_.empty()) return;  // closing, and nothing left
        Block block = std::move(pending_.front());
        pending_.pop_front();
        busy_ = true;
        const bool failed = error_ != nullptr;
        lock.unlock();
        try {
            if (!failed) {
                RowBlock rows{block.rows, columns_, block.times, {}, {}, nullptr, nullptr};
                if (block.single) rows.floats = {block.floats.data(), block.rows * columns_};
                else rows.values = {block.values.data(), block.rows * columns_};
                inner_->append(rows);
            }
        } catch (...) {
            lock.lock();
            error_ = std::current_exception();
            lock.unlock();
        }
        lock.lock();
        busy_ = false;
        spare_.push_back(std::move(block));
        changed_.notify_all();
    }
}

std::size_t BackgroundSink::held_bytes() {
    std::lock_guard lock(mutex_);
    std::size_t bytes = 0;
    const auto count = [&](const Block& b) {
        bytes += (b.times.capacity() + b.values.capacity()) * sizeof(double) + b.floats.capacity() * sizeof(float);
    };
    for (const auto& b : pending_) count(b);
    for (const auto& b : spare_) count(b);
    return bytes;
}

void BackgroundSink::finish() {
    {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return (pending_.empty() && !busy_) || error_; });
        closing_ = true;
    }
    changed_.notify_all();
    if (worker_.joinable()) worker_.join();
    rethrow();
    inner_->finish();
}

}  // namespace lamina::sim
