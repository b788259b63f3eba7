-- Two more tenant settings for the dashboard's aggregates (differential privacy): the budget ε of
-- each count and the smallest group of users a count may describe. Stored documents get the
-- defaults.
UPDATE tenants SET settings = settings
  || jsonb_build_object('dashboardEpsilon', 1.0, 'dashboardMinUsers', 5)
WHERE NOT settings ? 'dashboardEpsilon';
