/** SQL over JDBC (jdbi + mysql-connector-j) for MySQL and MariaDB servers, direct or through an SSH tunnel. */
package io.stepwise.transport.sql;
