package io.stepwise.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A database the store contract runs against: where fresh stores go and how to look inside. */
interface StoreBackend {
    /** A location (file path or JDBC URL) where no store exists yet. */
    String freshLocation() throws Exception;

    /** A location where a test may create the tables itself through {@link #connect}. */
    String emptyLocation() throws Exception;

    /** The checked-in script that makes a store as schema version 1 left it. */
    String v1Fixture();

    /** A raw JDBC connection to the store at {@code location}. */
    Connection connect(String location) throws SQLException;

    /** Database-level consistency checks after a crash or migration. */
    default void assertConsistent(String location) throws Exception {
    }
}
