package io.stepwise;

import io.stepwise.load.NotifyLoader;
import io.stepwise.model.Notify;
import io.stepwise.model.Ticker;
import io.stepwise.notify.Notifier;
import io.stepwise.run.Ledger;
import io.stepwise.run.Notices;
import io.stepwise.store.RunEvent;
import io.stepwise.store.RunInfo;
import io.stepwise.store.StoreException;
import io.stepwise.text.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which notifications a run sends and the wiring of its {@link Notifier}: {@code --notify FILE} when given
 * (remembered in the run's RUN_STARTED event for resume and abandon), else the inventory's {@code notify:}.
 */
final class Notifications {
    /** How long an engine that is done waits for deliveries still under way before it exits. */
    static final Duration DRAIN = Duration.ofSeconds(10);
    static final String KEY = "notify";

    private Notifications() {
    }

    /** The settings for a run: {@code given}, else the file recorded at its start, else its inventory's block. */
    static Notify settings(Path given, RunInfo info, Iterable<RunEvent> events) {
        if (given != null) {
            return NotifyLoader.load(given);
        }
        for (RunEvent e : events) {
            if (e.type() == RunEvent.EventType.RUN_STARTED && e.data() != null && e.data().get(KEY) != null) {
                Path recorded = Path.of(e.data().get(KEY));
                if (Files.isRegularFile(recorded)) {
                    return NotifyLoader.load(recorded);
                }
            }
        }
        Path inventory = Path.of(info.inventoryFile());
        return Files.isRegularFile(inventory) ? NotifyLoader.ofInventory(inventory) : null;
    }

    /** A notifier recording each delivery in {@code ledger}; {@link Notices#NONE} when nobody is to be told. */
    static Notices start(Notify notify, RunInfo info, Ledger ledger, Map<String, String> env,
                         Map<String, String> secrets, Clock clock, Ticker ticker) {
        if (notify == null) {
            return Notices.NONE;
        }
        return Notifier.of(notify, new Notifier.Run(info.id(), info.procedure(), info.cluster()), env,
                text -> Template.mask(text, secrets), (event, target, delivered, attempts, detail) -> {
                    Map<String, String> data = new LinkedHashMap<>();
                    data.put("event", event);
                    data.put("target", target);
                    data.put("delivered", String.valueOf(delivered));
                    data.put("attempts", String.valueOf(attempts));
                    try {
                        ledger.event(RunEvent.EventType.NOTIFIED, null, detail, data);
                    } catch (StoreException e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                }, clock, ticker);
    }

    /** Waits (bounded) for deliveries under way. */
    static void finish(Notices notices) {
        if (notices instanceof Notifier n) {
            n.drain(DRAIN);
        }
    }
}
