package io.stepwise.run;

import io.stepwise.model.Action;
import io.stepwise.model.Expect;
import io.stepwise.model.Mark;
import io.stepwise.model.Step;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds model Steps for tests. */
final class StepBuilder {
    private final String id;
    private final Action action;
    private String on = "db";
    private String when;
    private boolean optional;
    private final Map<String, String> capture = new LinkedHashMap<>();
    private Expect expect;
    private Duration timeout;
    private int retries;
    private Duration retryDelay;
    private boolean idempotent;
    private int parallel = 1;
    private Action verify;

    private StepBuilder(String id, Action action) {
        this.id = id;
        this.action = action;
    }

    static StepBuilder shell(String id, String command) {
        return new StepBuilder(id, new Action.Shell(command, false));
    }

    static StepBuilder of(String id, Action action) {
        return new StepBuilder(id, action);
    }

    StepBuilder on(String role) {
        this.on = role;
        return this;
    }

    StepBuilder when(String w) {
        this.when = w;
        return this;
    }

    StepBuilder optional() {
        this.optional = true;
        return this;
    }

    StepBuilder capture(String name, String spec) {
        capture.put(name, spec);
        return this;
    }

    StepBuilder expect(Expect e) {
        this.expect = e;
        return this;
    }

    StepBuilder timeout(Duration d) {
        this.timeout = d;
        return this;
    }

    StepBuilder retries(int n, Duration delay) {
        this.retries = n;
        this.retryDelay = delay;
        return this;
    }

    StepBuilder idempotent() {
        this.idempotent = true;
        return this;
    }

    StepBuilder parallel(int n) {
        this.parallel = n;
        return this;
    }

    StepBuilder verify(Action v) {
        this.verify = v;
        return this;
    }

    Step build() {
        return new Step(id, id, on, List.of(), when, optional, capture, expect, timeout, retries, retryDelay,
                idempotent, parallel, verify, action, Mark.NONE);
    }

    static Expect output(String regex) {
        return new Expect(List.of(0), regex, null, Map.of(), null);
    }

    static Expect exits(Integer... codes) {
        return new Expect(List.of(codes), null, null, Map.of(), null);
    }
}
