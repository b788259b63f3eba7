-- A profile's vectors are stored once (issue 23). The worker rewrote, at every event, the profile's
-- jsonb document with the session vector inside it as base64, the packed copy of every centroid
-- (interest_profiles.centroids, V5) and the cluster rows holding the same centroids as pgvector
-- values: ~11 kB of TOAST and WAL per view event, where one centroid and the session vector moved.
-- The centroids now live only in interest_clusters (a row rewritten only when its cluster changed)
-- and the session vector only in session_vector; readers take both in binary (vector_send). Old
-- documents still carrying the session vector open as before (ProfileCodec).
ALTER TABLE interest_profiles DROP COLUMN centroids;
ALTER TABLE interest_profiles_build DROP COLUMN centroids;
