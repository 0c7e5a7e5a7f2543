package dev.vigil.training;

import dev.vigil.traffic.TrafficWindow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The traffic windows the local loop has judged, per model, newest last: what a retrain triggered by an alarm on
 * served traffic trains on (the windows the alarm judged). A model with no judged window is watched on labelled data
 * and retrains on it. Keeps the newest {@value #KEPT} per model. Thread-safe: the loop records, the retrain thread
 * reads.
 */
public final class JudgedTrafficWindows {
    /** Windows kept per model. */
    public static final int KEPT = 64;

    private final Map<String, Deque<TrafficWindow>> byModel = new HashMap<>();

    /** Records that {@code window} of {@code model}'s traffic was judged (a window judged again is not repeated). */
    public synchronized void record(String model, TrafficWindow window) {
        Deque<TrafficWindow> windows = byModel.computeIfAbsent(model, m -> new ArrayDeque<>());
        if (windows.contains(window)) {
            return;
        }
        windows.addLast(window);
        if (windows.size() > KEPT) {
            windows.removeFirst();
        }
    }

    /** Whether any window of {@code model}'s traffic has been judged. */
    public synchronized boolean watchesTraffic(String model) {
        Deque<TrafficWindow> windows = byModel.get(model);
        return windows != null && !windows.isEmpty();
    }

    /** The newest {@code count} judged windows of {@code model}, oldest first (fewer when fewer were judged). */
    public synchronized List<TrafficWindow> newest(String model, int count) {
        Deque<TrafficWindow> windows = byModel.get(model);
        if (windows == null) {
            return List.of();
        }
        List<TrafficWindow> all = new ArrayList<>(windows);
        return List.copyOf(all.subList(Math.max(0, all.size() - count), all.size()));
    }
}
