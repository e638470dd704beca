package io.stepwise.web;

import io.stepwise.Engine;
import io.stepwise.StepwiseException;
import io.stepwise.run.RunException;
import io.stepwise.store.StoreException;
import io.stepwise.web.view.RunView;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * A run's report as HTML: the same content as {@code stepwise report} (state, sessions, parameters, every
 * step on every host, captured values, decisions with who, when, channel and note). As a file it is one
 * self-contained page with its CSS inline and no scripts, to attach to a change ticket.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    /** The self-contained report file of run {@code runId}. */
    public static String of(Engine engine, String runId) throws StepwiseException {
        return render(new RunViews(engine, Clock.systemUTC()).run(runId), true);
    }

    static String render(RunView run, boolean inlineCss) {
        Map<String, Object> params = new HashMap<>();
        params.put("run", run);
        params.put("css", inlineCss ? Templates.css() : "");
        return Templates.render("report.jte", params);
    }
}
