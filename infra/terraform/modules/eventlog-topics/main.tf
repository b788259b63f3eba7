# The topics of the scale-out design: events keyed by (tenant, user pseudonym) so one user's events
# stay in order on one partition; values are the sealed payloads, so crypto-shredding (destroying
# the user's key) erases them on an immutable log too. Events a projection cannot apply are parked in
# PostgreSQL (subscription_parked) with the consumer group's name, not on a dead-letter topic.
resource "kafka_topic" "events" {
  name               = "kindred.events"
  partitions         = var.event_partitions
  replication_factor = 3
  config = {
    "retention.ms"        = tostring(var.retention_days * 24 * 3600 * 1000)
    "min.insync.replicas" = "2"
    "compression.type"    = "zstd"
  }
}
