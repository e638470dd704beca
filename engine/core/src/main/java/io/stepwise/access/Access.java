package io.stepwise.access;

import io.stepwise.store.AccessStore.OperatorRecord;
import io.stepwise.store.AccessStore.SessionRecord;
import io.stepwise.store.AccessStore;
import io.stepwise.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Operators and sessions over a run store: {@code add} makes a random token and keeps only its SHA-256
 * (a 256-bit random token needs no slow hash: there is nothing to guess from it); {@code signIn} turns a
 * token into a session whose id, too, is stored only as a hash.
 */
public final class Access {
    /** How long a session lasts after sign-in unless told otherwise. */
    public static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(8);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccessStore store;
    private final Clock clock;
    private final Duration sessionTtl;

    public Access(AccessStore store, Clock clock, Duration sessionTtl) {
        this.store = store;
        this.clock = clock;
        this.sessionTtl = sessionTtl;
    }

    /** An operator as shown to people: no hash. */
    public record Operator(String name, boolean approver) {
    }

    /** A signed-in browser: {@code id} goes into the cookie, {@code csrf} into every form. */
    public record Session(String id, String csrf, Operator operator, java.time.Instant expiresAt) {
    }

    /** Adds an operator and returns their token: the only time it is shown. */
    public String add(String name, boolean approver) throws StoreException {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")) {
            throw new IllegalArgumentException("operator name " + name + ": use 1 to 64 letters, digits, '.', '_',"
                    + " '@' and '-', starting with a letter or digit");
        }
        String token = "sw_" + random();
        store.addOperator(new OperatorRecord(name, hash(token), approver, clock.instant()));
        return token;
    }

    public List<Operator> list() throws StoreException {
        return store.operators().stream().map(o -> new Operator(o.name(), o.approver())).toList();
    }

    public boolean remove(String name) throws StoreException {
        return store.removeOperator(name);
    }

    /** A new session for the operator whose token this is; empty when no operator has it. */
    public Optional<Session> signIn(String token, String address) throws StoreException {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        Optional<OperatorRecord> op = store.operatorByTokenHash(hash(token.strip()));
        if (op.isEmpty()) {
            return Optional.empty();
        }
        store.removeExpiredSessions(clock.instant());
        String id = random();
        String csrf = random();
        java.time.Instant expires = clock.instant().plus(sessionTtl);
        store.addSession(new SessionRecord(hash(id), op.get().name(), csrf, address, clock.instant(), expires));
        return Optional.of(new Session(id, csrf, new Operator(op.get().name(), op.get().approver()), expires));
    }

    /** The live session of this cookie value; empty when unknown, expired, or its operator was removed. */
    public Optional<Session> session(String id) throws StoreException {
        if (id == null || id.isBlank() || id.length() > 100) {
            return Optional.empty();
        }
        Optional<SessionRecord> s = store.session(hash(id));
        if (s.isEmpty() || !clock.instant().isBefore(s.get().expiresAt())) {
            return Optional.empty();
        }
        Optional<OperatorRecord> op = store.operators().stream()
                .filter(o -> o.name().equals(s.get().operator())).findFirst();
        return op.map(o -> new Session(id, s.get().csrf(), new Operator(o.name(), o.approver()), s.get().expiresAt()));
    }

    public void signOut(String id) throws StoreException {
        if (id != null && !id.isBlank()) {
            store.removeSession(hash(id));
        }
    }

    /** Compares two secrets in time independent of where they differ. */
    public static boolean same(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8),
                b.getBytes(StandardCharsets.UTF_8));
    }

    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
