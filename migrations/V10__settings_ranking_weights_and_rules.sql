-- Two more tenant settings: the weights of the documented ranking score (until a learned ranker
-- serves the tenant) and the tenant's business rules (filter, boost, pin). Stored documents get
-- the defaults, which rank exactly as before.
UPDATE tenants SET settings = settings
  || jsonb_build_object('rankingWeights',
       jsonb_build_object('interest', 1.0, 'session', 0.5, 'coVisit', 1.0, 'popularity', 0.1))
  || jsonb_build_object('rules', jsonb_build_array())
WHERE NOT settings ? 'rankingWeights';
