-- The secondary's own settings, different from the primary's: resync must keep them.
UPDATE system_parms SET value = 'xop-b' WHERE name = 'node_name';
UPDATE system_parms SET value = 'standby' WHERE name = 'ha_role';
INSERT INTO system_parms VALUES ('standby_only', 'kept-by-resync');
