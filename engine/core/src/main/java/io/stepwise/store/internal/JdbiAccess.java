package io.stepwise.store.internal;

import io.stepwise.store.AccessStore;
import io.stepwise.store.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Operators and sessions in the run store's own tables, through the store's transactions. */
final class JdbiAccess implements AccessStore {
    private final JdbiRunStore store;

    JdbiAccess(JdbiRunStore store) {
        this.store = store;
    }

    @Override
    public void addOperator(OperatorRecord op) throws StoreException {
        store.inTransaction("add operator " + op.name(), h -> {
            if (h.createQuery("SELECT COUNT(*) FROM operators WHERE name = :n").bind("n", op.name())
                    .mapTo(Integer.class).one() > 0) {
                throw new StoreException("operator " + op.name() + " exists already; remove it first with"
                        + " stepwise operator remove " + op.name() + " to give them a new token");
            }
            h.createUpdate("INSERT INTO operators (name, token_hash, approver, created_at) VALUES (:n, :t, :a, :c)")
                    .bind("n", op.name()).bind("t", op.tokenHash()).bind("a", op.approver() ? 1 : 0)
                    .bind("c", Times.format(op.createdAt())).execute();
            return null;
        });
    }

    @Override
    public List<OperatorRecord> operators() throws StoreException {
        return store.read("list operators", h -> h.createQuery("SELECT * FROM operators ORDER BY name")
                .map((rs, ctx) -> operator(rs)).list());
    }

    @Override
    public boolean removeOperator(String name) throws StoreException {
        return store.inTransaction("remove operator " + name, h -> {
            h.createUpdate("DELETE FROM sessions WHERE operator = :n").bind("n", name).execute();
            return h.createUpdate("DELETE FROM operators WHERE name = :n").bind("n", name).execute() > 0;
        });
    }

    @Override
    public Optional<OperatorRecord> operatorByTokenHash(String tokenHash) throws StoreException {
        return store.read("find an operator", h -> h.createQuery("SELECT * FROM operators WHERE token_hash = :t")
                .bind("t", tokenHash).map((rs, ctx) -> operator(rs)).findOne());
    }

    @Override
    public void addSession(SessionRecord s) throws StoreException {
        store.inTransaction("record a session", h -> h.createUpdate("INSERT INTO sessions (id_hash, operator, csrf,"
                        + " address, created_at, expires_at) VALUES (:i, :o, :c, :a, :at, :ex)")
                .bind("i", s.idHash()).bind("o", s.operator()).bind("c", s.csrf()).bind("a", s.address())
                .bind("at", Times.format(s.createdAt())).bind("ex", Times.format(s.expiresAt())).execute());
    }

    @Override
    public Optional<SessionRecord> session(String idHash) throws StoreException {
        return store.read("read a session", h -> h.createQuery("SELECT * FROM sessions WHERE id_hash = :i")
                .bind("i", idHash).map((rs, ctx) -> new SessionRecord(rs.getString("id_hash"), rs.getString("operator"),
                        rs.getString("csrf"), rs.getString("address"), Times.parse(rs.getString("created_at")),
                        Times.parse(rs.getString("expires_at")))).findOne());
    }

    @Override
    public void removeSession(String idHash) throws StoreException {
        store.inTransaction("end a session", h -> h.createUpdate("DELETE FROM sessions WHERE id_hash = :i")
                .bind("i", idHash).execute());
    }

    @Override
    public void removeExpiredSessions(Instant now) throws StoreException {
        store.inTransaction("forget expired sessions", h -> h.createUpdate("DELETE FROM sessions WHERE expires_at < :n")
                .bind("n", Times.format(now)).execute());
    }

    private static OperatorRecord operator(ResultSet rs) throws SQLException {
        return new OperatorRecord(rs.getString("name"), rs.getString("token_hash"), rs.getInt("approver") != 0,
                Times.parse(rs.getString("created_at")));
    }
}
