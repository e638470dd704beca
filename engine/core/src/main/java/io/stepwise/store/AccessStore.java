package io.stepwise.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Who may use the web console, kept in the run store so that a shared store shares its operators. Holds
 * only SHA-256 hashes of tokens and session ids, never the values themselves.
 */
public interface AccessStore {
    /** An operator: a name, the hash of their token, and whether they may confirm or reject steps. */
    record OperatorRecord(String name, String tokenHash, boolean approver, Instant createdAt) {
    }

    /** A signed-in browser: the hash of its cookie, its CSRF token, and when it stops being valid. */
    record SessionRecord(String idHash, String operator, String csrf, String address, Instant createdAt,
                         Instant expiresAt) {
    }

    /** Adds an operator; refused when the name exists. */
    void addOperator(OperatorRecord operator) throws StoreException;

    /** All operators, by name. */
    List<OperatorRecord> operators() throws StoreException;

    /** Removes an operator and their sessions; false when there was none of that name. */
    boolean removeOperator(String name) throws StoreException;

    Optional<OperatorRecord> operatorByTokenHash(String tokenHash) throws StoreException;

    void addSession(SessionRecord session) throws StoreException;

    Optional<SessionRecord> session(String idHash) throws StoreException;

    void removeSession(String idHash) throws StoreException;

    /** Forgets sessions that expired before {@code now}. */
    void removeExpiredSessions(Instant now) throws StoreException;
}
