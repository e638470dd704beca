package io.stepwise.run;

import io.stepwise.model.Action;
import io.stepwise.model.Expect;
import io.stepwise.model.Host;
import io.stepwise.model.Plan;
import io.stepwise.model.Ticker;
import io.stepwise.replication.Replication;
import io.stepwise.text.Durations;
import io.stepwise.text.Template;
import io.stepwise.transport.ConnectionLostException;
import io.stepwise.transport.Connector;
import io.stepwise.transport.ExecResult;
import io.stepwise.transport.HostConnection;
import io.stepwise.transport.HostKeyException;
import io.stepwise.transport.NotConnectedException;
import io.stepwise.transport.SqlResult;
import io.stepwise.transport.TransportException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs one attempt of an action (all kinds but manual) on one host and checks expect and capture. */
final class Actions {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    /**
     * A wait checks again after this, then after twice as long each time, up to its interval: a condition about
     * to hold (a replica applying a row or a table written a moment ago) costs tens of milliseconds, not 250 ms
     * or a whole interval; the first second costs 6 checks (at 0, 20, 60, 140, 300 and 620 ms).
     */
    static final Duration FIRST_PAUSE = Duration.ofMillis(20);
    static final Duration DEFAULT_REBOOT = Duration.ofMinutes(10);
    /** How long a check of a host's processes ({@link #processGroup}) may take. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    private final Plan plan;
    private final Connector connector;
    private final Clock clock;
    private final Ticker ticker;
    private final Copier copier;

    public Actions(Plan plan, Connector connector, Clock clock, Ticker ticker) {
        this.plan = plan;
        this.connector = connector;
        this.clock = clock;
        this.ticker = ticker;
        this.copier = new Copier(plan, connector);
    }

    /**
     * Runs {@code action} on {@code host}.
     *
     * @param role    the step's role (for copy paths without a role prefix)
     * @param capture variable → regex (shell) or column (sql, replication)
     */
    public StepResult run(Action action, String role, Host host, Function<String, String> values, Expect expect,
                          Map<String, String> capture, Duration timeout, StepOutput out) throws InterruptedException {
        // a copy shows its own progress, a manual step has nothing running
        StepOutput.Ticker ticking = action instanceof Action.Copy || action instanceof Action.Manual ? null : out.ticking();
        try {
            if (action instanceof Action.Wait w) {
                return waitFor(w, host, values, out);
            } else if (action instanceof Action.Copy c) {
                return copier.copy(c, role, host, values, out);
            } else if (action instanceof Action.Reboot r) {
                return reboot(r, host, timeout, out);
            } else if (action instanceof Action.Manual) {
                return StepResult.failure("a manual step cannot run as a command", Map.of());
            }
            return once(action, host, values, expect, capture, timeout, out);
        } catch (ConnectionLostException e) {
            return StepResult.doubt(e.getMessage());
        } catch (HostKeyException e) {
            return StepResult.refused(e.getMessage());
        } catch (NotConnectedException e) {
            return StepResult.notRun(e.getMessage());
        } catch (TransportException e) {
            return StepResult.failure(e.getMessage(), Map.of());
        } finally {
            if (ticking != null) {
                ticking.close();
            }
            out.flush();
        }
    }

    /**
     * Whether process group {@code pgid} still runs on {@code host} (zombies count as ended): null when it has
     * ended, otherwise its first process as {@code ps} shows it.
     */
    public String processGroup(Host host, long pgid) throws TransportException {
        StringBuilder out = new StringBuilder();
        ExecResult r = connector.connect(host).exec("ps -e -o pgid= -o stat= -o args= | awk -v g=" + pgid
                + " '$1 == g && $2 !~ /^Z/ { print; exit }'", PROBE_TIMEOUT, new io.stepwise.transport.OutputListener() {
                    @Override
                    public void stdout(String chunk) {
                        out.append(chunk);
                    }

                    @Override
                    public void stderr(String chunk) {
                        out.append(chunk);
                    }
                });
        if (r.exitCode() != 0) {
            throw new TransportException(host.name() + ": ps did not answer (exit " + r.exitCode() + "): "
                    + out.toString().strip());
        }
        String line = out.toString().strip();
        return line.isEmpty() ? null : line.replaceAll("\\s+", " ");
    }

    /** Whether an in-doubt copy already arrived intact (same SHA-256 on both ends). */
    public boolean copyArrived(Action.Copy copy, String role, Host host, Function<String, String> values)
            throws TransportException {
        return copier.arrived(copy, role, host, values);
    }

    private StepResult once(Action action, Host host, Function<String, String> values, Expect expect,
                            Map<String, String> capture, Duration timeout, StepOutput out) throws TransportException {
        HostConnection conn = connector.connect(host);
        Map<String, String> captures = capture == null ? Map.of() : capture;
        if (action instanceof Action.Shell s) {
            return shell(conn, s, values, expect, captures, timeout, out);
        } else if (action instanceof Action.Sql q) {
            Template.SqlStatement st = Template.sql(q.sql(), values);
            String db = q.database() != null ? Template.text(q.database(), values) : defaultDatabase(host);
            // a read-only query (a wait's probe, a check) is stopped by the server at the step's time limit
            return rows(conn.sql(db).execute(st.sql(), st.binds(), q.readOnly() ? timeout : null), expect, captures,
                    out);
        } else if (action instanceof Action.Replication r) {
            Map<String, String> args = new LinkedHashMap<>();
            if (r.args() != null) {
                r.args().forEach((k, v) -> args.put(k, v == null ? null : Template.text(v, values)));
            }
            return rows(Replication.run(conn.sql(defaultDatabase(host)), r.op(), args), expect, captures, out);
        }
        throw new IllegalArgumentException("cannot probe with " + action.getClass().getSimpleName());
    }

    private StepResult shell(HostConnection conn, Action.Shell s, Function<String, String> values, Expect expect,
                             Map<String, String> captures, Duration timeout, StepOutput out) throws TransportException {
        ExecResult r = conn.exec(Template.shell(s.command(), values), timeout, out);
        out.flush();
        Map<String, String> data = Map.of("exit", String.valueOf(r.exitCode()));
        if (r.timedOut()) {
            return StepResult.failure("timed out after " + Durations.format(timeout)
                    + "; the command and its child processes were stopped", data);
        }
        String problem = Expectations.checkShell(expect, r.exitCode(), out.stdoutText(), out.stderrText());
        if (problem != null) {
            return StepResult.failure(problem, data);
        }
        Map<String, String> got = new LinkedHashMap<>();
        for (var c : captures.entrySet()) {
            Matcher m = Pattern.compile(c.getValue(), Pattern.MULTILINE).matcher(out.stdoutText());
            if (!m.find()) {
                return StepResult.failure("capture " + c.getKey() + ": /" + c.getValue() + "/ not found in the output",
                        data);
            }
            got.put(c.getKey(), m.groupCount() >= 1 ? m.group(1) : m.group());
        }
        return StepResult.success(got, data);
    }

    private StepResult rows(SqlResult result, Expect expect, Map<String, String> captures, StepOutput out) {
        showRows(result, out);
        Map<String, String> data = Map.of("rows", String.valueOf(result.rows().size()));
        String problem = Expectations.checkSql(expect, result);
        if (problem != null) {
            return StepResult.failure(problem, data);
        }
        Map<String, String> got = new LinkedHashMap<>();
        for (var c : captures.entrySet()) {
            if (result.rows().isEmpty() || !result.firstRow().containsKey(c.getValue())) {
                return StepResult.failure("capture " + c.getKey() + ": no column " + c.getValue()
                        + " in the first row (columns: " + result.columns() + ")", data);
            }
            got.put(c.getKey(), String.valueOf(result.firstRow().get(c.getValue())));
        }
        return StepResult.success(got, data);
    }

    private static void showRows(SqlResult result, StepOutput out) {
        if (result.columns() == null || result.columns().isEmpty()) {
            out.note(result.updateCount() + " row(s) affected");
            return;
        }
        List<Map<String, String>> rows = result.rows();
        for (int i = 0; i < Math.min(rows.size(), 20); i++) {
            StringBuilder sb = new StringBuilder();
            for (String col : result.columns()) {
                sb.append(sb.length() == 0 ? "" : ", ").append(col).append('=').append(rows.get(i).get(col));
            }
            out.note(sb.toString());
        }
        if (rows.size() > 20) {
            out.note("... " + (rows.size() - 20) + " more row(s)");
        }
        if (rows.isEmpty()) {
            out.note("(no rows)");
        }
    }

    private StepResult waitFor(Action.Wait w, Host host, Function<String, String> values, StepOutput out)
            throws TransportException, InterruptedException {
        Instant deadline = w.timeout() == null ? null : clock.instant().plus(w.timeout());
        Duration interval = w.interval() == null ? DEFAULT_INTERVAL : w.interval();
        Duration pause = FIRST_PAUSE.compareTo(interval) < 0 ? FIRST_PAUSE : interval;
        for (int attempt = 1; ; attempt++) {
            // each probe gets the time left until the deadline, so a probe that hangs cannot outlast the wait
            Duration left = deadline == null ? null : Duration.between(clock.instant(), deadline);
            if (left != null && left.compareTo(Duration.ofSeconds(1)) < 0) {
                left = Duration.ofSeconds(1);
            }
            StepResult r;
            try {
                r = once(w.probe(), host, values, w.until(), Map.of(), left, out);
            } catch (ConnectionLostException | HostKeyException e) {
                throw e;
            } catch (TransportException e) {
                if (deadline == null || clock.instant().isBefore(deadline)) {
                    throw e;
                }
                r = StepResult.failure(e.getMessage(), Map.of()); // the probe was stopped at the deadline
            }
            if (r.ok()) {
                out.note("check " + attempt + ": condition holds");
                return r;
            }
            out.note("check " + attempt + ": not yet: " + r.reason());
            if (deadline == null || !clock.instant().plus(pause).isBefore(deadline.plusMillis(1))) {
                String why = deadline == null ? r.reason()
                        : "still not true after " + Durations.format(w.timeout()) + " (" + attempt + " checks): "
                          + r.reason();
                return StepResult.failure(why, Map.of("checks", String.valueOf(attempt)));
            }
            ticker.sleep(pause);
            // a condition that is about to hold costs a fraction of the interval, not all of it
            pause = pause.multipliedBy(2).compareTo(interval) < 0 ? pause.multipliedBy(2) : interval;
        }
    }

    private StepResult reboot(Action.Reboot r, Host host, Duration stepTimeout, StepOutput out)
            throws TransportException {
        Duration t = r.timeout() != null ? r.timeout() : stepTimeout != null ? stepTimeout : DEFAULT_REBOOT;
        out.note("rebooting; waiting up to " + Durations.format(t) + " for it to come back");
        connector.connect(host).reboot(t, io.stepwise.transport.OutputListener.stdout(line -> out.note(line.strip())));
        out.note("back up");
        return StepResult.success(Map.of(), Map.of());
    }

    /** Runs manual steps' evidence probes over the same connections. */
    EvidenceProbes evidence() {
        return new EvidenceProbes(plan, connector, this::defaultDatabase);
    }

    private String defaultDatabase(Host host) {
        return plan.inventory().defaultDatabase(host);
    }
}
